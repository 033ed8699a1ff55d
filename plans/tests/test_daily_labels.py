"""Plan pages in daily use: the coverage chart follows the language, the item filter says
"All" and takes whole years only, and lists of coordinating agencies end without a ";"."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from plans.models import Assignment, Plan, PlanItem


@pytest.fixture
def coordinator(demo):
    return User.objects.get(username="dpi.coordinator")


@pytest.fixture
def plan(demo):
    return Plan.objects.get(number="1847/KH-UBND")


def test_the_coverage_chart_is_in_english_in_the_english_ui(plan, coordinator, as_user):
    theme = PlanItem.objects.filter(plan=plan, kind="theme").exclude(title_en="").first()
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("plans:coverage", args=[plan.pk])).content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert theme.title_en.split()[0] in texts
    assert theme.title.split()[0] not in texts.split()


def test_the_filter_offers_all_instead_of_dashes(plan, coordinator, as_user):
    html = as_user(coordinator).get(reverse("plans:items", args=[plan.pk])).content.decode()

    assert "---------" not in html
    assert ">Tất cả<" in html


def test_the_priority_year_takes_whole_years_only(plan, coordinator, as_user):
    client = as_user(coordinator)

    page = client.get(reverse("plans:items", args=[plan.pk])).content.decode()
    field = re.search(r'<input[^>]*name="priority_year"[^>]*>', page).group(0)
    assert 'step="any"' not in field  # a number input steps by 1 by default

    refused = client.get(reverse("plans:items", args=[plan.pk]), {"priority_year": "2018.5"})
    assert "số nguyên" in refused.content.decode()  # "Nhập một số nguyên." or the like


def test_coordinating_agencies_are_joined_without_a_stray_semicolon(plan, coordinator, as_user):
    html = as_user(coordinator).get(reverse("plans:items", args=[plan.pk])).content.decode()
    detail_item = (
        PlanItem.objects.filter(plan=plan, assignments__role=Assignment.Role.COORDINATING)
        .distinct()
        .first()
    )
    detail = as_user(coordinator).get(reverse("plans:item", args=[detail_item.pk]))

    cells = re.findall(r'<td class="hide-sm">([^<]*)</td>', html)
    assert cells and not [c for c in cells if c.rstrip().endswith(";")]
    dd = re.search(r"Coordinating agencies|Cơ quan phối hợp", detail.content.decode())
    assert dd
    after = detail.content.decode()[dd.end() :]
    after = after[after.index("<dd>") : after.index("</dd>")]
    assert not re.sub(r"<[^>]+>", "", after).rstrip().endswith(";")
