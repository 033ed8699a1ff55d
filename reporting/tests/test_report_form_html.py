"""The report page writes its line fields in Python (core.form_renderer), for speed: the HTML
must be exactly what Django's widget templates and reporting/_field.html wrote, so that the
form posts the same names and values and keeps its labels, help and error links."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string

from reporting.forms import ReportItemForm
from reporting.models import ItemFunding

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
