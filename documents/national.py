"""The consolidation of a NATIONAL round: every province's accepted report, read once.

A national round is a reporting round on a national plan (403/QĐ-TTg); its expected reports
are one AgencyReport per provincial People's Committee whose provincial plan (parent = the
national plan) covers the year, and their lines are the national items the province's plan
implements. `consolidate_national(round_)` reads it with a fixed number of queries, whatever
the number of provinces, and returns a `NationalConsolidation` that the Word report
(documents/national_docx.py), the Excel workbook (documents/national_xlsx.py) and the
consolidation page render.

The rules are those of the provincial consolidation (documents/consolidation.py): only
ACCEPTED reports feed the figures, the status of an item in a province is what its lead line
says (reporting.activity_status), coverage is plans.coverage's. Every figure keeps the
province's report it comes from (`ProvinceReport`: province, report number, version).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation

from core.money import FundingSource
from documents.consolidation import add_unique
from documents.contents import Coverage, FundRow
from documents.models import ConsolidatedReport
from documents.wording import (
    FUNDING_VI,
    NO_REPORT,
    STATUS_ORDER,
    STATUS_VI,
    abbreviation,
    default_national_narrative,
    unit_vi,
)
from indicators.models import IndicatorValue
from orgs.models import NamesOn, Organisation
from orgs.provinces import ProvincesOfYear, provinces_on
from plans.coverage import plans_coverage
from plans.models import ItemKind, Plan, PlanItem, PlanLevel
from reporting.activity_status import activity_status
from reporting.models import AgencyReport, ItemFunding, ReportingRound, ReportItem, ReportStatus

# Where the ministries sit: the place in the header of the ministry's report.
MINISTRY_PLACE = "Hà Nội"
# Whom the ministry reports the national plan to.
NATIONAL_RECIPIENT = "Thủ tướng Chính phủ"
# What "not started" counts in the national tables: an item waiting or suspended.
NOT_STARTED = ("not_started", "on_hold")


def is_national(round_: ReportingRound) -> bool:
    """A national round: its plan is a national plan, its reporters are the provinces."""
    return round_.plan.level == PlanLevel.NATIONAL


def delivered_versions(round_: ReportingRound) -> dict[int, int]:
    """The version of the province's consolidated report each national report of `round_`
    was delivered from (the latest approved one), by national report id: one query."""
    return dict(
        ConsolidatedReport.objects.filter(
            delivered_as__round=round_, status=ConsolidatedReport.Status.APPROVED
        )
        .order_by("version")
        .values_list("delivered_as_id", "version")
    )


def report_reference(report: AgencyReport, delivered: dict[int, int]) -> tuple[str, int]:
    """The number and version a national figure cites for a province's report: its issued
    number and the version of the province's approved consolidated report it was delivered
    from (a report with no delivery, e.g. entered by an administrator, cites its own
    revision number)."""
    return report.document_number, delivered.get(report.pk, report.version)


# --- What the consolidation contains -----------------------------------------------------------


@dataclass(frozen=True)
class ProvinceReport:
    """A province's accepted report to the ministry: what a national figure cites."""

    report_id: int
    province_id: int
    province: str  # "UBND tỉnh Bình Dương"
    document_number: str
    version: int
    submitted_on: datetime.date | None = None
    signer: str = ""

    @property
    def citation(self) -> str:
        number = f"BC số {self.document_number}" if self.document_number else "Báo cáo"
        return f"{number} (phiên bản {self.version}) của {self.province}"


@dataclass
class ProvinceLine:
    """One expected province in the national round, with where its report stands."""

    province_id: int
    province: str
    plan_numbers: str  # its provincial plan(s) implementing the national plan
    status: str  # a ReportStatus value, or "" when no report was expected of it yet
    source: ProvinceReport | None  # its accepted report
    # the former provinces it took in before the round's deadline ("tỉnh Bình Dương")
    formerly: tuple[str, ...] = ()

    @property
    def status_label(self) -> str:
        return REPORT_STATUS_VI.get(self.status, "Chưa có báo cáo")

    @property
    def formerly_vi(self) -> str:
        return formerly_vi(self.formerly)

    @property
    def label(self) -> str:
        """The province with what it took in: "UBND TP.HCM (gồm cả tỉnh Bình Dương, … trước
        đây)"."""
        return f"{self.province} ({self.formerly_vi})" if self.formerly else self.province


def formerly_vi(former: tuple[str, ...]) -> str:
    """The former provinces a province took in, in the documents' Vietnamese."""
    return f"gồm cả {', '.join(former)} trước đây" if former else ""


REPORT_STATUS_VI: dict[str, str] = {
    ReportStatus.DRAFT: "Chưa gửi",
    ReportStatus.SUBMITTED: "Đã gửi, chờ xem xét",
    ReportStatus.RETURNED: "Trả lại để hoàn thiện",
    ReportStatus.ACCEPTED: "Đã chấp nhận",
}


@dataclass
class ProvinceResult:
    """What one province's accepted report says of one national item."""

    source: ProvinceReport
    status: str  # a key of STATUS_VI
    progress: int | None
    result: str

    @property
    def status_label(self) -> str:
        return STATUS_VI[self.status]


@dataclass
class NationalItemRow:
    """A national activity or task: adoption, status over the provinces, funds."""

    item_id: int
    theme_id: int | None
    number: str
    content: str
    kind: str
    adopted: int  # provinces whose plan implements it, whether or not they reported
    counts: dict[str, int]  # status key -> provinces; NO_REPORT: adopted, no accepted line
    results: list[ProvinceResult] = field(default_factory=list)
    funds: dict[str, Decimal] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.counts.get("completed", 0)

    @property
    def in_progress(self) -> int:
        return self.counts.get("in_progress", 0)

    @property
    def not_started(self) -> int:
        return sum(self.counts.get(key, 0) for key in NOT_STARTED)

    @property
    def no_report(self) -> int:
        return self.counts.get(NO_REPORT, 0)

    @property
    def funds_total(self) -> Decimal:
        return sum(self.funds.values(), Decimal(0))

    def provinces_by_status(self) -> list[tuple[str, list[str]]]:
        """(status label, province names) in the order of STATUS_ORDER."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for result in self.results:
            grouped[result.status].append(result.source.province)
        return [(STATUS_VI[key], grouped[key]) for key in STATUS_ORDER if grouped.get(key)]


@dataclass
class NationalTheme:
    theme_id: int | None
    number: str
    title: str
    items: int  # national activities and tasks under it
    counts: dict[str, int]  # status key -> (item, province) pairs

    @property
    def heading(self) -> str:
        return f"Chủ đề {self.number}: {self.title}" if self.number else self.title

    @property
    def short_heading(self) -> str:
        return f"Chủ đề {self.number}" if self.number else self.title


@dataclass
class CoverageCell:
    adopted: int
    national: int

    @property
    def percent(self) -> int:
        return round(100 * self.adopted / self.national) if self.national else 0


@dataclass
class CoverageRow:
    """A province's plan against the national plan, theme by theme (plans.coverage)."""

    province: str
    plan_numbers: str
    cells: list[CoverageCell]  # in the order of NationalConsolidation.coverage_themes

    @property
    def total(self) -> CoverageCell:
        return CoverageCell(sum(c.adopted for c in self.cells), sum(c.national for c in self.cells))


@dataclass
class ProvinceFunds:
    source: ProvinceReport
    amounts: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass
class ProvinceNotes:
    source: ProvinceReport
    difficulties: list[str]
    proposals: list[str]


@dataclass(frozen=True)
class IndicatorColumn:
    indicator_id: int
    code: str
    name: str
    unit: str

    @property
    def unit_label(self) -> str:
        return unit_vi(self.unit)


@dataclass
class IndicatorValueCell:
    value: Decimal
    source: str


@dataclass
class IndicatorProvinceRow:
    """The accepted values of the year one province has, by indicator id."""

    province_id: int
    province: str
    values: dict[int, IndicatorValueCell]
    cells: list[IndicatorValueCell | None] = field(default_factory=list)  # by column


@dataclass
class NationalConsolidation:
    round: ReportingRound
    plan_number: str
    plan_title: str
    year: int
    issuing_body: str  # the national plan's focal point valid on the report's date
    issuing_abbreviation: str  # "BTC"
    place: str  # "Hà Nội"
    recipient: str  # "Thủ tướng Chính phủ"
    issued_on: datetime.date
    coverage: Coverage  # provinces expected, received, accepted
    provinces: list[ProvinceLine]
    themes: list[NationalTheme]
    items: list[NationalItemRow]
    coverage_themes: list[NationalTheme]
    coverage_rows: list[CoverageRow]
    funds: list[FundRow]
    funds_by_province: list[ProvinceFunds]
    notes: list[ProvinceNotes]
    indicators: list[IndicatorColumn]
    indicator_rows: list[IndicatorProvinceRow]
    accepted_reports: list[ProvinceReport]
    narrative: dict[str, str]
    # The provinces on the round's deadline (how many the country had, the mapping after the
    # 2025 reform), named as they were then: orgs.provinces.
    provinces_of_year: ProvincesOfYear | None = None
    is_national: bool = True

    @property
    def province_count_line(self) -> str:
        """How many provinces the country had on the round's deadline (the legal count) and
        how many of them the system holds: "Năm 2025 (tại hạn báo cáo 25/10/2025) cả nước có
        34 tỉnh, thành phố trực thuộc trung ương; hệ thống có dữ liệu của 2 …"."""
        year_provinces = self.provinces_of_year
        if year_provinces is None:
            return ""
        return (
            f"Năm {self.year} (tại hạn báo cáo {year_provinces.day:%d/%m/%Y}) cả nước có "
            f"{year_provinces.official_count} tỉnh, thành phố trực thuộc trung ương; hệ thống "
            f"có dữ liệu của {year_provinces.count} tỉnh, thành phố, ghi theo tên tại thời điểm đó."
        )

    @property
    def funds_total(self) -> Decimal:
        return sum((row.amount for row in self.funds), Decimal(0))

    @property
    def has_accepted(self) -> bool:
        return self.coverage.accepted > 0

    @property
    def subject(self) -> str:
        title = self.plan_title.strip()
        title = title[:1].lower() + title[1:] if title else f"Kế hoạch số {self.plan_number}"
        return f"Tình hình thực hiện {title} năm {self.year}"

    def status_totals(self) -> dict[str, int]:
        """(item, province) pairs by status over every theme."""
        totals = dict.fromkeys(STATUS_ORDER, 0)
        for theme in self.themes:
            for key, count in theme.counts.items():
                totals[key] = totals.get(key, 0) + count
        return totals


# --- The reading ------------------------------------------------------------------------------

LINE_FIELDS = (
    *("id", "report_id", "plan_item_id", "role", "status", "progress"),
    *("results", "difficulties", "proposals"),
)


@dataclass(frozen=True)
class Line:
    """An accepted report line as the national reading needs it: 34 provinces × 66
    activities are read as tuples, not model instances (reporting.activity_status.Line)."""

    id: int
    report_id: int
    plan_item_id: int
    role: str
    status: str
    progress: int | None
    results: str
    difficulties: str
    proposals: str
    funds: tuple[tuple[str, Decimal], ...] = ()  # (source, amount)


def focal_point_on(organisation: Organisation | None, day: datetime.date) -> Organisation | None:
    """The body doing `organisation`'s work on `day`: itself, or its successor (and the
    successor's) once it was closed (Bộ Kế hoạch và Đầu tư until 28/02/2025, then Bộ Tài
    chính). Reads the successors already selected with it."""
    seen: set[int] = set()
    while (
        organisation is not None
        and organisation.valid_to is not None
        and organisation.valid_to < day
        and organisation.successor_id is not None
        and organisation.pk not in seen
    ):
        seen.add(organisation.pk)
        organisation = organisation.successor
    return organisation


def consolidate_national(
    round_: ReportingRound,
    *,
    narrative: dict[str, str] | None = None,
    today: datetime.date | None = None,
) -> NationalConsolidation:
    """Read a national round into a NationalConsolidation.

    Queries, whatever the number of provinces: the round with its plan and focal point (1),
    the national plan's items (1), the provincial plans implementing it in the year (1),
    their coverage (2), the round's reports (1), the accepted lines and their funds (2), the
    provinces' accepted indicator values of the year (1), and the provinces of the year with
    the earlier names of organisations (2).

    Provinces are counted and named as they were on the round's deadline (issue 15): a 2019
    round lists Bình Dương under its own name, a 2025 round counts it once under Hồ Chí Minh
    City, whose row says it took Bình Dương in.
    """
    today = today or timezone.localdate()
    round_ = ReportingRound.objects.select_related(
        "plan__territory", "plan__focal_point__successor__successor"
    ).get(pk=round_.pk)
    names_then = NamesOn(round_.deadline)
    with translation.override("vi"):  # the documents' language
        year_provinces = provinces_on(round_.deadline, names_then)

    def province_of(territory: Organisation) -> int:
        """The province doing the territory's work on the deadline (itself, or the province
        it was merged into before)."""
        carrier = year_provinces.carrier_id(territory.pk)
        return carrier if carrier is not None else (territory.province_id or territory.pk)

    def province_name(pk: int, organisation: Organisation) -> str:
        then = year_provinces.of(pk)
        return then.short if then is not None else names_then.short(organisation)

    plan = round_.plan
    year = round_.year
    items = list(
        PlanItem.objects.filter(plan=plan)
        .only("id", "parent_id", "kind", "code", "number", "title", "position")
        .order_by("position")
    )
    by_id = {item.pk: item for item in items}
    theme_of = _theme_resolver(by_id)

    provincial_plans = list(
        Plan.objects.filter(
            parent=plan,
            level=PlanLevel.PROVINCIAL,
            period_start__lte=year,
            period_end__gte=year,
        )
        .select_related("territory")
        .order_by("territory__name", "number")
    )
    coverages = plans_coverage(plan, provincial_plans)
    reports = list(
        AgencyReport.objects.filter(round=round_)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    delivered = delivered_versions(round_)
    sources = {
        r.pk: _source(r, delivered, names_then)
        for r in reports
        if r.status == ReportStatus.ACCEPTED
    }
    accepted_lines = ReportItem.objects.filter(
        report__round=round_, report__status=ReportStatus.ACCEPTED
    )
    funds_of: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for item_id, source, amount in ItemFunding.objects.filter(
        item__in=accepted_lines.values("pk")
    ).values_list("item_id", "source", "amount"):
        funds_of[item_id].append((source, amount))
    lines = [
        Line(
            id=pk,
            report_id=report_id,
            plan_item_id=item_id,
            role=role,
            status=status,
            progress=progress,
            results=results,
            difficulties=difficulties,
            proposals=proposals,
            funds=tuple(funds_of.get(pk, ())),
        )
        for (
            pk,
            report_id,
            item_id,
            role,
            status,
            progress,
            results,
            difficulties,
            proposals,
        ) in accepted_lines.order_by("position", "report_id").values_list(*LINE_FIELDS)
    ]

    # Provinces: those with a plan covering the year and those asked for a report.
    names: dict[int, str] = {}
    plans_of: dict[int, list[Plan]] = defaultdict(list)
    adopted_by: dict[int, set[int]] = defaultdict(set)
    for provincial in provincial_plans:
        province_id = province_of(provincial.territory)
        names.setdefault(province_id, province_name(province_id, provincial.territory))
        plans_of[province_id].append(provincial)
        for theme in coverages[provincial.pk].themes:
            adopted_by[province_id] |= theme.adopted_ids
    report_of: dict[int, AgencyReport] = {}
    for report in reports:
        names[report.organisation_id] = province_name(report.organisation_id, report.organisation)
        report_of.setdefault(report.organisation_id, report)
    province_ids = sorted(names, key=lambda pk: names[pk])

    provinces = [
        ProvinceLine(
            province_id=pk,
            province=names[pk],
            plan_numbers=", ".join(p.number for p in plans_of.get(pk, [])),
            status=report_of[pk].status if pk in report_of else "",
            source=sources.get(report_of[pk].pk) if pk in report_of else None,
            formerly=then.formerly if (then := year_provinces.of(pk)) is not None else (),
        )
        for pk in province_ids
    ]
    received = sum(1 for r in reports if r.first_submitted_at or r.status != ReportStatus.DRAFT)
    coverage = Coverage(
        expected=len(province_ids),
        received=received,
        accepted=len(sources),
        lines_expected=sum(len(adopted_by[pk]) for pk in province_ids),
        lines_accepted=len(lines),
    )

    rows = _item_rows(items, theme_of, lines, sources, adopted_by, province_ids)
    themes = _themes(items, rows)
    coverage_themes, coverage_rows = _coverage_matrix(
        provincial_plans, coverages, names, province_of
    )
    funds, funds_by_province = _funds(lines, sources)
    indicators, indicator_rows = _indicators(province_ids, names, year)
    issued_by = focal_point_on(plan.focal_point, today)
    issuing = issued_by.name if issued_by is not None else plan.territory.name
    consolidation = NationalConsolidation(
        round=round_,
        plan_number=plan.number,
        plan_title=plan.title,
        year=year,
        issuing_body=issuing,
        issuing_abbreviation=abbreviation(issuing),
        place=MINISTRY_PLACE,
        recipient=NATIONAL_RECIPIENT,
        issued_on=today,
        coverage=coverage,
        provinces=provinces,
        themes=themes,
        items=rows,
        coverage_themes=coverage_themes,
        coverage_rows=coverage_rows,
        funds=funds,
        funds_by_province=funds_by_province,
        notes=_notes(reports, lines, by_id, sources),
        indicators=indicators,
        indicator_rows=indicator_rows,
        accepted_reports=sorted(sources.values(), key=lambda s: s.province),
        narrative={},
        provinces_of_year=year_provinces,
    )
    defaults = default_national_narrative(consolidation)
    overrides = {k: v for k, v in (narrative or {}).items() if k in defaults and v is not None}
    consolidation.narrative = {**defaults, **overrides}
    return consolidation


def _source(report: AgencyReport, delivered: dict[int, int], names: NamesOn) -> ProvinceReport:
    number, version = report_reference(report, delivered)
    submitted = report.submitted_at
    return ProvinceReport(
        report_id=report.pk,
        province_id=report.organisation_id,
        province=names.short(report.organisation),
        document_number=number,
        version=version,
        submitted_on=timezone.localdate(submitted) if submitted else None,
        signer=report.signer,
    )


def _theme_resolver(by_id: dict[int, PlanItem]):
    cache: dict[int, int | None] = {}

    def theme_of(item_id: int) -> int | None:
        if item_id not in cache:
            item = by_id.get(item_id)
            # The top theme: a sub-theme's activities count under the theme above it.
            top = None
            while item is not None:
                if item.kind == ItemKind.THEME:
                    top = item
                item = by_id.get(item.parent_id) if item.parent_id else None
            cache[item_id] = top.pk if top is not None else None
        return cache[item_id]

    return theme_of


def _item_rows(
    items: list[PlanItem],
    theme_of,
    lines: list[Line],
    sources: dict[int, ProvinceReport],
    adopted_by: dict[int, set[int]],
    province_ids: list[int],
) -> list[NationalItemRow]:
    lines_of: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for line in lines:
        lines_of[(line.plan_item_id, line.report_id)].append(line)
    reports_of_item: dict[int, list[int]] = defaultdict(list)
    for item_id, report_id in lines_of:
        reports_of_item[item_id].append(report_id)
    rows = []
    for item in items:
        if item.kind not in (ItemKind.ACTIVITY, ItemKind.TASK):
            continue
        adopters = {pk for pk in province_ids if item.pk in adopted_by.get(pk, ())}
        counts: dict[str, int] = defaultdict(int)
        results: list[ProvinceResult] = []
        funds: dict[str, Decimal] = defaultdict(Decimal)
        reported: set[int] = set()
        for report_id in sorted(
            reports_of_item.get(item.pk, []), key=lambda pk: sources[pk].province
        ):
            item_lines = lines_of[(item.pk, report_id)]
            decided = activity_status(item_lines)
            source = sources[report_id]
            for line in item_lines:
                for fund_source, amount in line.funds:
                    funds[fund_source] += amount
            if decided.line is None:
                continue
            reported.add(source.province_id)
            counts[decided.status] += 1
            results.append(
                ProvinceResult(
                    source, decided.status, decided.progress, decided.line.results.strip()
                )
            )
        missing = len(adopters - reported)
        if missing:
            counts[NO_REPORT] = missing
        rows.append(
            NationalItemRow(
                item_id=item.pk,
                theme_id=theme_of(item.pk),
                number=item.number or item.code,
                content=item.title,
                kind=item.kind,
                adopted=len(adopters | reported),
                counts=dict(counts),
                results=results,
                funds=dict(funds),
            )
        )
    return rows


def _themes(items: list[PlanItem], rows: list[NationalItemRow]) -> list[NationalTheme]:
    themes: dict[int | None, NationalTheme] = {}
    for item in items:
        if item.kind == ItemKind.THEME and item.parent_id is None:
            themes[item.pk] = NationalTheme(item.pk, item.number or item.code, item.title, 0, {})
    for row in rows:
        theme = themes.get(row.theme_id)
        if theme is None:
            theme = themes.setdefault(None, NationalTheme(None, "", "Nội dung khác", 0, {}))
        theme.items += 1
        for key, count in row.counts.items():
            theme.counts[key] = theme.counts.get(key, 0) + count
    return [t for t in themes.values() if t.items]


def _coverage_matrix(
    provincial_plans: list[Plan],
    coverages: dict,
    names: dict[int, str],
    province_of: Callable[[Organisation], int],
) -> tuple[list[NationalTheme], list[CoverageRow]]:
    """Province × theme of the national plan: activities adopted / national activities."""
    if not provincial_plans:
        return [], []
    first = coverages[provincial_plans[0].pk]
    themes = [
        NationalTheme(t.theme.pk, t.theme.number or t.theme.code, t.theme.title, t.national, {})
        for t in first.themes
    ]
    by_province: dict[int, list] = defaultdict(list)
    for provincial in provincial_plans:
        by_province[province_of(provincial.territory)].append(provincial)
    rows = []
    for province_id in sorted(by_province, key=lambda pk: names[pk]):
        plans = by_province[province_id]
        cells = []
        for index, theme in enumerate(themes):
            adopted: set[int] = set()
            for provincial in plans:
                theme_coverage = coverages[provincial.pk].themes[index]
                adopted |= {a.pk for a in theme_coverage.activities} & theme_coverage.adopted_ids
            cells.append(CoverageCell(len(adopted), theme.items))
        rows.append(CoverageRow(names[province_id], ", ".join(p.number for p in plans), cells))
    return themes, rows


def _funds(
    lines: list[Line], sources: dict[int, ProvinceReport]
) -> tuple[list[FundRow], list[ProvinceFunds]]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    per_report: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        for source, amount in line.funds:
            totals[source] += amount
            per_report[line.report_id][source] += amount
    rows = [
        FundRow(source, FUNDING_VI.get(source, str(label)), totals[source])
        for source, label in FundingSource.choices
        if totals.get(source)
    ]
    by_province = sorted(
        (ProvinceFunds(sources[pk], dict(amounts)) for pk, amounts in per_report.items()),
        key=lambda f: f.source.province,
    )
    return rows, by_province


def _notes(
    reports: list[AgencyReport],
    lines: list[Line],
    by_id: dict[int, PlanItem],
    sources: dict[int, ProvinceReport],
) -> list[ProvinceNotes]:
    notes: dict[int, ProvinceNotes] = {}
    for report in reports:
        if report.pk not in sources:
            continue
        entry = notes[report.pk] = ProvinceNotes(sources[report.pk], [], [])
        add_unique(entry.difficulties, report.general_difficulties)
        add_unique(entry.proposals, report.general_proposals)
    for line in lines:
        entry = notes[line.report_id]
        item = by_id.get(line.plan_item_id)
        label = (item.number or item.code) if item is not None else ""
        add_unique(entry.difficulties, line.difficulties, f"Hoạt động {label}: ")
        add_unique(entry.proposals, line.proposals, f"Hoạt động {label}: ")
    return sorted(
        (n for n in notes.values() if n.difficulties or n.proposals),
        key=lambda n: n.source.province,
    )


def _indicators(
    province_ids: list[int], names: dict[int, str], year: int
) -> tuple[list[IndicatorColumn], list[IndicatorProvinceRow]]:
    """The accepted indicator values of the year each province has, side by side."""
    columns: dict[int, IndicatorColumn] = {}
    rows = {pk: IndicatorProvinceRow(pk, names[pk], {}) for pk in province_ids}
    values = (
        IndicatorValue.objects.accepted()
        .filter(territory_id__in=province_ids, year=year)
        .select_related("indicator")
        .order_by("indicator__position", "indicator__code")
    )
    for value in values:
        indicator = value.indicator
        columns.setdefault(
            indicator.pk,
            IndicatorColumn(indicator.pk, indicator.code, indicator.name, indicator.unit),
        )
        rows[value.territory_id].values[indicator.pk] = IndicatorValueCell(
            value.value, value.source
        )
    kept = [row for row in rows.values() if row.values]
    for row in kept:
        row.cells = [row.values.get(pk) for pk in columns]
    return list(columns.values()), kept
