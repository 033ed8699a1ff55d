"""A refused draft says where every problem is (issue 18, defect 2): each message under its
field (never a list inside a paragraph), a summary at the top linking to each field with the
item's label, the funds section opened when an amount is wrong, the first wrong field focused,
and messages written for people, in Vietnamese."""

from __future__ import annotations

import re

import pytest

from reporting.tests.conftest import form_data

BAD = {
    "progress": "150",
    "document_date": "31/02/2019",
    "fund_local_budget": "mười triệu",
    "fund_oda": "12abc",
    "fund_private": "-5.000",
    "fund_other": "1,5",
}


@pytest.fixture
def refused(rep, as_user):
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")
    data = form_data(report, **{f"item-{item.pk}-{name}": value for name, value in BAD.items()})
    response = as_user(rep.world.staff).post(
        f"/reporting/reports/{report.pk}/", data, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 200
    return item, response.content.decode()


def _field_block(html: str, field_id: str) -> str:
    """The field's own box: from its wrapper to the wrapper's end."""
    start = html.rindex('<div class="field', 0, html.index(f'id="{field_id}"'))
    return html[start : html.index("</div>", start)]


def test_every_message_is_under_its_own_field(refused):
    item, html = refused
    assert not re.search(r"<p>(?:(?!</p>).)*<ul", html, re.S)  # no list inside a paragraph
    p = f"id_item-{item.pk}-"
    assert "0 đến 100" in _field_block(html, p + "progress")
    assert "ngày" in _field_block(html, p + "document_date")
    for name in ("fund_local_budget", "fund_oda"):
        assert "bằng chữ số" in _field_block(html, p + name)
    assert "không được là số âm" in _field_block(html, p + "fund_private")
    assert "không có phần thập phân" in _field_block(html, p + "fund_other")


def test_the_summary_at_the_top_links_to_each_wrong_field_with_its_item(refused):
    item, html = refused
    summary = html[html.index('id="error-summary"') : html.index('id="report-form"')]
    for name in BAD:
        assert f'href="#id_item-{item.pk}-{name}"' in summary
    assert item.plan_item.label in summary
    assert "6" in summary  # how many problems


def test_the_funds_section_is_opened_and_the_first_wrong_field_focused(refused):
    item, html = refused
    at = html.index(f'id="funds-{item.pk}"')
    funds = html[html.rindex("<details", 0, at) : html.index(">", at)]
    assert "<details" in funds and "open" in funds
    assert re.search(
        rf'id="id_item-{item.pk}-progress"[^>]*autofocus|autofocus[^>]*'
        rf'id="id_item-{item.pk}-progress"',
        html,
    )


def test_the_stock_messages_that_read_badly_are_gone(refused):
    _item, html = refused
    assert "nhỏ hơn hoặc bằng với" not in html
    assert "chữ số thập phân" not in html
    assert " .<" not in html
