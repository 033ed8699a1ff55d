"""The one entry point that reads a round and renders it, provincial or national.

A round on a provincial plan consolidates its agencies (documents.consolidation); a round on
a national plan consolidates the provinces (documents.national). The actions, the page, the
command and the benchmarks call these and never choose themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from documents.consolidation import consolidate
from documents.contents import Consolidation
from documents.docx_report import build_docx
from documents.national import NationalConsolidation, consolidate_national, is_national
from documents.national_docx import build_national_docx
from documents.national_xlsx import build_national_xlsx
from documents.xlsx_report import build_xlsx
from reporting.models import ReportingRound

AnyConsolidation = Consolidation | NationalConsolidation


def read_round(
    round_: ReportingRound,
    *,
    narrative: dict[str, str] | None = None,
    today: datetime.date | None = None,
) -> AnyConsolidation:
    """The consolidation of `round_`: of the provinces for a national round, else of the
    province's agencies."""
    if is_national(round_):
        return consolidate_national(round_, narrative=narrative, today=today)
    return consolidate(round_, narrative=narrative, today=today)


def word_file(data: AnyConsolidation, progress: Callable[[int], None] | None = None) -> bytes:
    if isinstance(data, NationalConsolidation):
        return build_national_docx(data, progress)
    return build_docx(data, progress)


def excel_file(data: AnyConsolidation) -> bytes:
    if isinstance(data, NationalConsolidation):
        return build_national_xlsx(data)
    return build_xlsx(data)
