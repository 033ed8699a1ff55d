"""Property-based tests of the report editing input (hypothesis), bounded for CI.

Random status, percent, text, date and funding-amount input, through the report page (form
parsing, then save_draft) and straight into save_draft (as the API and the Excel upload call
it): either valid data is saved exactly, or it is refused with field errors and the database
is left as it was. Never a crash.

Each example runs in its own savepoint, rolled back at its end, on the `rep` world.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from core.money import FundingSource
from core.text import strip_xml_illegal
from reporting.actions import GENERAL_FIELDS, ITEM_FIELDS, ItemChanges, save_draft
from reporting.forms import ReportItemForm, fund_field
from reporting.models import AgencyReport, ItemFunding, ItemStatus, ReportEvent, ReportItem

BOUNDED = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    report_multiple_bugs=False,
)
VIETNAMESE = "Đã hoàn thành rà soát, tăng trưởng xanh; ưu tiên nguồn vốn ODA. ắặẫỡựỹ"


def snapshot(report: AgencyReport):
    """Everything save_draft may write, for before/after comparison."""
    report = AgencyReport.objects.get(pk=report.pk)
    items = list(ReportItem.objects.filter(report=report).order_by("pk").values(*ITEM_FIELDS))
    funds = sorted(
        ItemFunding.objects.filter(item__report=report).values_list("item_id", "source", "amount")
    )
    return (
        report.version,
        [getattr(report, name) for name in GENERAL_FIELDS],
        items,
        funds,
        ReportEvent.objects.filter(report=report).count(),
        ReportItem.history.count(),
        ItemFunding.history.count(),
        AgencyReport.history.count(),
    )


def rolled_back():
    """A savepoint undone at its end, so that each example starts from the same data."""

    class RolledBack:
        def __enter__(self):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def __exit__(self, *exc):
            transaction.set_rollback(True)
            return self.atomic.__exit__(*exc)

    return RolledBack()


# What people type -------------------------------------------------------------------------------

typed_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(VIETNAMESE + " \n"), max_size=200),
    st.sampled_from(["", "   ", "\x00", "<script>alert(1)</script>", "=1+1"]),
)
typed_status = st.one_of(
    st.sampled_from(ItemStatus.values), st.sampled_from(["", "done", "Completed", "COMPLETED"])
)
typed_percent = st.one_of(
    st.integers(-200, 300).map(str),
    st.sampled_from(["", " 40 ", "50.0", "1e2", "100%", "abc", "٥٠", "99999999999", "-0"]),
)
typed_amount = st.one_of(
    # SQLite reads decimals back through 15-digit floats: stay below 10^15 unless refused.
    st.integers(-(10**15), 10**15).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", ".")),  # 1.500.000
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),  # 1,500,000
    st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", " ")),
    st.sampled_from(
        ["", "0", "1.5", "1e5", "1e30", "9" * 19, "NaN", "Infinity", "１２３", "-0", "abc"]
    ),
)
typed_date = st.one_of(
    st.dates(min_value=datetime.date(1900, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["", "31/02/2018", "2018-12-31", "12/31/2018", "hôm qua"]),
)


@pytest.fixture
def staff_client(rep, client):
    client.force_login(rep.world.staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@BOUNDED
@given(
    status=typed_status,
    progress=typed_percent,
    texts=st.fixed_dictionaries(
        {name: typed_text for name in ("results", "outputs", "difficulties", "proposals")}
    ),
    document_number=typed_text,
    document_date=typed_date,
    amounts=st.fixed_dictionaries({source: typed_amount for source in FundingSource.values}),
    general=typed_text,
)
def test_the_report_page_saves_valid_input_exactly_and_refuses_the_rest_whole(
    rep, staff_client, status, progress, texts, document_number, document_date, amounts, general
):
    report = rep.donre_report
    item = report.items.get(plan_item=rep.a1)
    prefix = f"item-{item.pk}"
    others = {  # the report's other lines, posted unchanged
        f"item-{other.pk}-status": other.status for other in report.items.exclude(pk=item.pk)
    }
    data = {
        **others,
        "version": str(report.version),
        "general_results": general,
        "general_difficulties": "",
        "general_proposals": "",
        f"{prefix}-status": status,
        f"{prefix}-progress": progress,
        f"{prefix}-document_number": document_number,
        f"{prefix}-document_date": document_date,
        **{f"{prefix}-{name}": value for name, value in texts.items()},
        **{f"{prefix}-{fund_field(source)}": value for source, value in amounts.items()},
    }
    with rolled_back():
        before = snapshot(report)
        # The oracle of what valid input means: the form alone, outside the page.
        form = ReportItemForm(
            {k: v for k, v in data.items() if k.startswith(prefix)}, instance=item, prefix=prefix
        )
        form_valid = form.is_valid()

        response = staff_client.post(reverse("reporting:report", args=[report.pk]), data)

        after = snapshot(report)
        if response.status_code == 302:
            assert form_valid
            saved = ReportItem.objects.get(pk=item.pk)
            for name in ITEM_FIELDS:
                assert getattr(saved, name) == form.cleaned_data[name], name
            assert saved.progress is None or 0 <= saved.progress <= 100
            assert saved.status in ItemStatus.values
            if saved.status == ItemStatus.COMPLETED:
                assert saved.results.strip() and saved.progress in (None, 100)
            funds = dict(saved.funds.values_list("source", "amount"))
            expected = {
                source: form.cleaned_data[fund_field(source)]
                for source in FundingSource.values
                if form.cleaned_data[fund_field(source)] not in (None, 0)
            }
            assert funds == expected
            assert all(0 < amount < 10**18 and amount == int(amount) for amount in funds.values())
            assert after[0] == before[0] + 1  # the version moved on
            assert AgencyReport.objects.get(pk=report.pk).general_results == general.strip()
        else:
            assert response.status_code in (200, 400), response.status_code
            assert after == before  # refused: nothing written, not even an event
            item_form = dict(response.context["item_forms"])[item]
            general_form = response.context["general"]
            assert item_form.errors or general_form.errors
            assert not form_valid or item_form.errors  # the action's own refusals are shown


# What other callers pass straight to save_draft (the API after its forms, the Excel upload) ----

raw_amount = st.one_of(
    st.none(),
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, places=0),
    st.decimals(min_value=0, max_value=10**6, allow_nan=False, places=2),
    # Refused: 19 digits (the column holds 18; it used to crash the INSERT), and a fraction of
    # a đồng (it used to be rounded silently).
    st.sampled_from([Decimal("1e18"), Decimal(10**20), Decimal("0.5"), Decimal(0), Decimal(-1)]),
)
# Callers of save_draft pass text their forms (or openpyxl) have cleaned of NUL characters,
# which PostgreSQL cannot store; save_draft itself does not check for them.
no_nul_text = st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=50)
raw_values = st.fixed_dictionaries(
    {},
    optional={
        "status": st.one_of(st.sampled_from(ItemStatus.values), st.text(max_size=25)),
        "progress": st.one_of(st.none(), st.integers(-(2**31), 2**31)),
        "results": no_nul_text,
        "outputs": st.text(alphabet=st.sampled_from(VIETNAMESE), max_size=50),
        "document_number": st.text(alphabet=st.sampled_from(VIETNAMESE), max_size=90),
        "document_date": st.one_of(st.none(), st.dates()),
    },
)
raw_funds = st.dictionaries(
    st.one_of(st.sampled_from(FundingSource.values), st.sampled_from(["bank", ""])),
    raw_amount,
    max_size=4,
)


@BOUNDED
@given(values=raw_values, funds=raw_funds, general=st.dictionaries(
    st.sampled_from([*GENERAL_FIELDS, "version", "status"]), no_nul_text, max_size=3
))  # fmt: skip
@example(values={}, funds={"oda": Decimal("1e18")}, general={})  # crashed the INSERT
@example(values={}, funds={"oda": Decimal("0.5")}, general={})  # was rounded to 0 or 1
@example(values={"progress": 2**31}, funds={}, general={})
def test_save_draft_saves_valid_values_or_refuses_by_field_and_writes_nothing(
    rep, values, funds, general
):
    report = rep.donre_report
    item = report.items.get(plan_item=rep.a1)
    with rolled_back():
        before = snapshot(report)
        try:
            save_draft(
                report,
                user=rep.world.staff,
                version=before[0],
                general=general,
                items={item.pk: ItemChanges(dict(values), funds=dict(funds))},
            )
        except ValidationError as exc:
            assert snapshot(report) == before
            for key in exc.message_dict:
                assert key in GENERAL_FIELDS or key in general or key.startswith(f"{item.pk}-")
            return
        saved = ReportItem.objects.get(pk=item.pk)
        for name, value in values.items():
            if isinstance(value, str):  # text is stored without what XML cannot hold
                value = strip_xml_illegal(value)
            assert getattr(saved, name) == ("" if value is None else value) or (
                value is None and name in ("progress", "document_date")
            ), name
        stored = dict(saved.funds.values_list("source", "amount"))
        assert stored == {s: a for s, a in funds.items() if a not in (None, 0)}
        assert snapshot(report)[0] == before[0] + 1
