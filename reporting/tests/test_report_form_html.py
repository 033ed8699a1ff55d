"""The report page writes its line fields in Python (core.form_renderer), for speed: the HTML
must be exactly what Django's widget templates and reporting/_field.html wrote, so that the
form posts the same names and values and keeps its labels, help and error links; and each
line (reporting.report_lines) what the page template's loop wrote."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator

from reporting.forms import ReportItemForm, _at_most
from reporting.models import ItemFunding
from reporting.report_lines import lines_html

TEMPLATES = DjangoTemplates()


def _lines(rep):
    item = rep.donre_report.items.select_related("plan_item").first()
    item.status, item.progress = "in_progress", 40
    item.results = 'Đã làm <b>"một"</b> & hai'
    item.document_number, item.document_date = "12/QĐ", datetime.date(2018, 5, 3)
    item.save()
    ItemFunding.objects.create(item=item, source="local_budget", amount=Decimal(1500000))
    return item


def _both(form: ReportItemForm) -> list[tuple[str, str]]:
    """Each field as the lean path writes it, and as Django's templates write it."""
    django_form = type(form)(
        form.data if form.is_bound else None,
        instance=form.instance,
        prefix=form.prefix,
        renderer=TEMPLATES,
    )
    fields = [*form.short_fields(), *form.text_fields(), *form.fund_fields()]
    lean = "".join(str(html) for html in (form.short_html(), form.text_html(), form.fund_html()))
    template = "".join(
        render_to_string("reporting/_field.html", {"field": f})
        for f in [
            *django_form.short_fields(),
            *django_form.text_fields(),
            *django_form.fund_fields(),
        ]
    )
    assert len(fields) == 14
    return [(lean, template)]


@pytest.mark.django_db
def test_a_saved_line_is_written_as_django_wrote_it(rep):
    item = _lines(rep)
    form = ReportItemForm(instance=item, prefix=f"item-{item.pk}")

    for lean, template in _both(form):
        assert lean == template
    html = form.short_html()
    assert f'name="item-{item.pk}-status"' in html
    assert '<option value="in_progress" selected>' in html
    assert f'<label for="id_item-{item.pk}-progress">' in html
    assert "&lt;b&gt;&quot;một&quot;&lt;/b&gt; &amp; hai" in form.text_html()


@pytest.mark.django_db
def test_a_line_posted_with_errors_is_written_as_django_wrote_it(rep):
    item = _lines(rep)
    p = f"item-{item.pk}-"
    data = {
        p + "status": "completed",
        p + "progress": "140",
        p + "document_date": "31/02/2018",
        p + "fund_central_budget": "1.5",
        p + "results": "<script>x</script>",
    }
    form = ReportItemForm(data, instance=item, prefix=f"item-{item.pk}")
    assert not form.is_valid()

    for lean, template in _both(form):
        assert lean == template
    html = form.short_html()
    assert 'aria-invalid="true"' in html
    assert f'id="id_{p}progress_errors"' in html
    assert "&lt;script&gt;" in form.text_html()


# The whole line (reporting.report_lines.lines_html) against the template loop it replaced,
# reporting/_report_line.html with every field through reporting/_field.html.


def _varied_lines(rep):
    """The agency's two lines, one of each kind: money saved, text to escape; carried over
    with a coordinator's comment, no progress, an English title."""
    first, second = rep.donre_report.items.select_related("plan_item").order_by("position")
    first.status, first.progress = "in_progress", 40
    first.results, first.outputs = 'Đã làm <b>"một"</b> & hai', "Quyết định\nsố 2"
    first.document_number, first.document_date = "12/QĐ", datetime.date(2018, 5, 3)
    first.save()
    ItemFunding.objects.create(item=first, source="local_budget", amount=Decimal(1500000))
    ItemFunding.objects.create(item=first, source="oda", amount=Decimal(20))
    second.status, second.progress, second.carried_over = "completed", None, True
    second.review_comment = "Bổ sung <số liệu> & nguồn"
    second.results = "Xong"
    second.save()
    second.plan_item.title_en = "Task <4.1> & more"
    second.plan_item.save()
    return [first, second]


def _line_forms(items, data=None):
    return [(item, ReportItemForm(data, instance=item, prefix=f"item-{item.pk}")) for item in items]


def _template_lines(item_forms, line_errors=None) -> str:
    """Django's own rendering of the same lines: the forms rebuilt on its template renderer,
    `line_errors` (item -> message) added to them as the page adds the action's refusals."""
    out = []
    for item, form in item_forms:
        django_form = ReportItemForm(
            form.data if form.is_bound else None,
            instance=item,
            prefix=form.prefix,
            renderer=TEMPLATES,
        )
        if line_errors and item in line_errors:
            django_form.add_error(None, line_errors[item])
        out.append(
            render_to_string("reporting/_report_line.html", {"item": item, "form": django_form})
        )
    return "".join(out)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_saved_lines_are_written_as_the_template_wrote_them(rep, language):
    items = _varied_lines(rep)
    with translation.override(language):
        item_forms = _line_forms(items)
        lines = lines_html(item_forms)

        assert lines == _template_lines(_line_forms(items))
    assert lines.count('<fieldset class="card report-item"') == 2
    assert f'<details id="funds-{items[0].pk}" open>' in lines  # money saved: shown open
    assert f'<details id="funds-{items[1].pk}">' in lines
    assert "Bổ sung &lt;số liệu&gt; &amp; nguồn" in lines
    assert '<option value="completed" selected>' in lines
    if language == "en":
        assert "Task &lt;4.1&gt; &amp; more" in lines


@pytest.mark.django_db
def test_lines_posted_with_errors_are_written_as_the_template_wrote_them(rep):
    items = _varied_lines(rep)
    p = f"item-{items[1].pk}-"
    data = {
        f"item-{items[0].pk}-status": "in_progress",
        p + "status": "completed",
        p + "progress": "50",  # a completed item is 100 % done: a line's own error
        p + "results": "",
        p + "fund_oda": "12abc",
    }
    item_forms = _line_forms(items, data)
    assert not item_forms[1][1].is_valid()
    item_forms[1][1].add_error(None, "Một lỗi <của cả dòng>")

    lines = lines_html(item_forms)

    assert lines == _template_lines(item_forms, {items[1]: "Một lỗi <của cả dòng>"})
    assert '<ul class="errors"><li>Một lỗi &lt;của cả dòng&gt;</li></ul>' in lines
    assert f'<details id="funds-{items[1].pk}" open>' in lines  # a wrong amount: open


@pytest.mark.django_db
def test_the_page_shows_the_lines_as_the_template_wrote_them(rep, as_user):
    items = _varied_lines(rep)
    page = as_user(rep.world.staff).get(
        f"/reporting/reports/{rep.donre_report.pk}/", HTTP_ACCEPT_LANGUAGE="vi"
    )
    with translation.override("vi"):
        expected = _template_lines(_line_forms(items))

    assert expected in page.content.decode()


@pytest.mark.parametrize(
    "text",
    [
        "Ngắn",
        "x" * 90,
        "x" * 91,
        "Tăng trưởng xanh " * 6,
        unicodedata.normalize("NFD", "Tăng trưởng xanh " * 6),  # combining marks
        "e\u0301" * 90,
        "",
    ],
)
def test_the_evidence_forms_item_titles_are_cut_as_truncator_cuts_them(text):
    assert _at_most(text, 90) == Truncator(text).chars(90)
