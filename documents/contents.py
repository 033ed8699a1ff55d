"""What a consolidated report contains: plain data, filled by `consolidate()`
(documents/consolidation.py) and rendered by the Word and Excel builders and the web page.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from documents.wording import STATUS_ORDER, STATUS_VI, TRACK_VI, unit_vi
from indicators.progress import TrackStatus
from reporting.board import Board
from reporting.models import ReportingRound


@dataclass(frozen=True)
class Source:
    """An accepted agency report a figure comes from."""

    report_id: int
    agency: str
    document_number: str = ""
    agency_short: str = ""  # the short name the appendix writes every agency with

    @property
    def citation(self) -> str:
        return self._cite(self.agency)

    @property
    def short_citation(self) -> str:
        return self._cite(self.agency_short or self.agency)

    def _cite(self, agency: str) -> str:
        if self.document_number:
            return f"BC số {self.document_number} của {agency}"
        return f"Báo cáo của {agency}"


@dataclass
class Coverage:
    expected: int
    received: int  # submitted at least once (submitted, returned or accepted)
    accepted: int
    lines_expected: int = 0
    lines_accepted: int = 0

    @property
    def accepted_share(self) -> int:
        return round(100 * self.accepted / self.expected) if self.expected else 0


@dataclass
class Highlight:
    agency: str
    item_label: str
    text: str
    source: Source
    position: int = 0


@dataclass
class AppendixRow:
    """One activity (or task) of the round, as its lead agency's accepted report says."""

    item_id: int
    theme_id: int | None
    number: str
    content: str
    kind: str
    lead: str
    coordinating: str
    status: str  # a key of STATUS_VI
    progress: int | None
    result: str
    notes: str
    sources: list[Source] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_VI[self.status]


@dataclass
class ThemeSummary:
    theme_id: int | None
    number: str
    title: str
    counts: dict[str, int]  # status key -> number of activities
    average_progress: int | None
    highlights: list[Highlight]
    more_highlights: int = 0

    @property
    def activities(self) -> int:
        return sum(self.counts.values())

    @property
    def heading(self) -> str:
        return f"Chủ đề {self.number}: {self.title}" if self.number else self.title


@dataclass
class PriorityRow:
    number: str
    title: str
    lead: str
    status: str
    progress: int | None
    result: str
    sources: list[Source]

    @property
    def status_label(self) -> str:
        return STATUS_VI[self.status]


@dataclass
class FundRow:
    source: str
    label: str
    amount: Decimal


@dataclass
class AgencyFunds:
    agency: str
    source: Source
    amounts: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass
class AgencyNotes:
    agency: str
    source: Source
    difficulties: list[str]
    proposals: list[str]


@dataclass
class IndicatorRow:
    """An indicator's latest accepted value up to the round's year, against its target path."""

    code: str
    name: str
    unit: str  # as the catalogue writes it ("tCO2e/billion_VND")
    value: Decimal
    source: str
    year: int  # the year of `value`: the round's year, or the latest before it
    computed: bool = False  # derived from other indicators by its formula
    target_year: int | None = None
    target: Decimal | None = None  # in the indicator's unit
    status: str = TrackStatus.NO_TARGET  # a TrackStatus value

    @property
    def unit_label(self) -> str:
        return unit_vi(self.unit)

    @property
    def status_label(self) -> str:
        return TRACK_VI.get(self.status, "")


@dataclass
class FundingRow:
    """Money of the plan's projects in the round's year, in VND."""

    label: str
    estimate: Decimal
    allocated: Decimal
    disbursed: Decimal
    detail: str = ""  # e.g. a project's lead agency and status

    @property
    def has_money(self) -> bool:
        return bool(self.estimate or self.allocated or self.disbursed)


@dataclass
class ProjectFunding:
    """The funding section: projects serving the plan (cancelled ones left out), the money
    of their budget lines for the round's year, by funding source, by theme (each project
    under the theme of its first activity) and by project; all three add up to `total`."""

    year: int
    total: FundingRow
    by_source: list[FundingRow]
    by_theme: list[FundingRow]
    projects: list[FundingRow]  # only projects with money in the year

    @property
    def disbursed_share(self) -> int | None:
        """Disbursed as a percentage of allocated."""
        if not self.total.allocated:
            return None
        return round(100 * self.total.disbursed / self.total.allocated)


@dataclass(frozen=True)
class IssuedAs:
    """The People's Committee's report an approved version is issued as (Decree 30): its
    number, the ministry it is addressed to, the signature block."""

    body: str  # "Ủy ban nhân dân tỉnh Bình Dương"
    number: str  # "125/BC-UBND"
    addressee: str  # "Bộ Kế hoạch và Đầu tư"
    authority: str  # "TM. ỦY BAN NHÂN DÂN" or "KT. CHỦ TỊCH"
    title: str  # "CHỦ TỊCH" or "PHÓ CHỦ TỊCH"
    signer: str
    drafting_unit: str  # DPI's abbreviation, for "Lưu: VT, SKHĐT."


@dataclass
class Consolidation:
    round: ReportingRound
    plan_number: str
    plan_title: str
    year: int
    superior_body: str  # "UBND tỉnh Bình Dương"
    issuing_body: str  # "Sở Kế hoạch và Đầu tư"
    issuing_abbreviation: str  # "SKHĐT"
    place: str  # "Bình Dương"
    issued_on: datetime.date
    coverage: Coverage
    board: Board
    themes: list[ThemeSummary]
    priorities: list[PriorityRow]
    funds: list[FundRow]
    funds_by_agency: list[AgencyFunds]
    agencies: list[AgencyNotes]
    appendix: list[AppendixRow]
    indicators: list[IndicatorRow]
    narrative: dict[str, str]
    accepted_reports: list[Source]
    project_funding: ProjectFunding | None = None
    # Set on an approved version: the files are the People's Committee's report.
    issued: IssuedAs | None = None

    @property
    def funds_total(self) -> Decimal:
        return sum((row.amount for row in self.funds), Decimal(0))

    @property
    def has_accepted(self) -> bool:
        return self.coverage.accepted > 0

    @property
    def subject(self) -> str:
        return f"Kết quả thực hiện {self.plan_title_lower} năm {self.year}"

    @property
    def plan_title_lower(self) -> str:
        title = self.plan_title.strip()
        return title[:1].lower() + title[1:] if title else f"Kế hoạch số {self.plan_number}"

    def status_totals(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for theme in self.themes:
            totals.update(theme.counts)
        return {key: totals.get(key, 0) for key in STATUS_ORDER}
