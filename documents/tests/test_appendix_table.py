"""The consolidation page's appendix rows written in Python (documents.appendix_table)
against the template loop they replace."""

import dataclasses

from django.template import Context, Template

from documents.appendix_table import appendix_rows
from documents.contents import Source

# documents/consolidation.html's loop as it was.
TEMPLATE_LOOP = (
    "{% for row in data.appendix %}\n"
    '    <tr data-item="{{ row.item_id }}"><td>{{ row.number }}</td>'
    "<td>{{ row.content|truncatewords:30 }}</td><td>{{ row.lead }}</td>"
    "<td>{{ row.status_label }}{% if row.progress is not None %} ({{ row.progress }}%)"
    "{% endif %}</td>\n"
    '      <td style="white-space:pre-line">{{ row.result|truncatewords:40 }}</td>\n'
    "      <td>{% for source in row.sources %}<a href=\"{% url 'reporting:report' "
    'source.report_id %}">{{ source.agency }}</a>{% if not forloop.last %}; {% endif %}'
    "{% empty %}—{% endfor %}</td></tr>\n  {% endfor %}"
)


def test_the_rows_are_the_template_loops_byte_for_byte(consolidation):
    # Given the demo's 2018 round, and rows with what needs escaping, two sources, long text
    rows = consolidation.appendix
    assert any(r.sources for r in rows) and any(not r.sources for r in rows)
    assert any(r.progress is not None for r in rows)
    first = rows[0]
    source = Source(first.item_id, "Sở <A> & B", "1/BC", 'Sở "A"')
    odd = dataclasses.replace(
        first,
        number="1<2>",
        content="Nội dung & " + " ".join(f"từ{n}" for n in range(50)),
        lead="Sở 'Tài chính'",
        result="Dòng một\nDòng <hai> " * 30,
        sources=[source, source],
    )
    data = dataclasses.replace(consolidation, appendix=[*rows, odd])

    # When both write them
    expected = Template(TEMPLATE_LOOP).render(Context({"data": data}))
    written = appendix_rows(data.appendix)

    # Then they are the same bytes
    assert written == expected
    assert "Sở &quot;A&quot;" not in written and "Sở &lt;A&gt; &amp; B</a>; <a" in written
    assert " …</td>" in written  # long texts are cut as the filter cuts them
