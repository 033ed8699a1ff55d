"""The report's line forms share their class's 14 fields (core.forms.SharedFields) instead of
deep-copying them per form: that holds only while nothing changes one form's field in place.
Given every path of the page (a read, a refused save with the error summary, a save), the
class's fields are as they were, and what a refused save marks stays on that save's forms."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from reporting.forms import ReportItemForm
from reporting.tests.conftest import form_data

FIELD_STATE = ("required", "initial", "disabled", "localize", "label", "label_suffix")


def _state() -> dict[str, Any]:
    """Everything of the class's fields that a form could change in place."""
    state = {}
    for name, field in ReportItemForm.base_fields.items():
        widget = field.widget
        state[name] = copy.deepcopy(
            {
                "field": {k: getattr(field, k) for k in FIELD_STATE},
                "messages": {k: str(v) for k, v in field.error_messages.items()},
                "validators": list(field.validators),
                "widget": {k: v for k, v in vars(widget).items() if k != "choices"},
                "choices": [(v, str(label)) for v, label in getattr(widget, "choices", [])],
            }
        )
    return state


@pytest.mark.django_db
def test_forms_of_two_lines_share_one_field_each(rep):
    first, second = rep.donre_report.items.all()

    a = ReportItemForm(instance=first, prefix=f"item-{first.pk}")
    b = ReportItemForm(instance=second, prefix=f"item-{second.pk}")

    for name, field in ReportItemForm.base_fields.items():
        assert a.fields[name] is field is b.fields[name]
    assert a.fields is not b.fields  # each form may still add or drop fields of its own


@pytest.mark.django_db
def test_no_path_of_the_page_changes_the_shared_fields(rep, as_user):
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")
    p = f"item-{item.pk}-"
    client = as_user(rep.world.staff)
    url = f"/reporting/reports/{report.pk}/"
    before = _state()

    client.get(url)
    refused = client.post(
        url, form_data(report, **{p + "progress": "150", p + "fund_oda": "12abc"})
    )
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.content.decode()
    saved = client.post(url, form_data(report, **{p + "results": "Đã xong"}))
    assert saved.status_code == 302

    assert _state() == before


@pytest.mark.django_db
def test_what_a_refused_save_marks_is_not_on_the_next_read(rep, as_user):
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")
    p = f"item-{item.pk}-"
    client = as_user(rep.world.staff)
    url = f"/reporting/reports/{report.pk}/"

    refused = client.post(url, form_data(report, **{p + "progress": "150"})).content.decode()
    page = client.get(url).content.decode()

    assert f'aria-describedby="id_{p}progress_errors"' in refused
    assert "autofocus" in refused
    line = page[page.index(f'id="item-{item.pk}"') : page.index('id="general"')]
    assert 'name="item-' in line
    assert "aria-invalid" not in line
    assert "aria-describedby" not in line
    assert "autofocus" not in page
