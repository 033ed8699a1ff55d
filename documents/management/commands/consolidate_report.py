"""python manage.py consolidate_report 1847/KH-UBND 2018 --out report.docx (or .xlsx).

On a national plan (403/QĐ-TTg 2019) it writes the ministry's national report, consolidated
from the provinces' accepted reports.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.national import NationalConsolidation
from documents.reading import excel_file, read_round, word_file
from reporting.models import ReportingRound

BUILDERS = {".docx": word_file, ".xlsx": excel_file}


class Command(BaseCommand):
    help = (
        "Write the consolidated report of a reporting round (accepted reports only) as a "
        "Word (.docx) or Excel (.xlsx) file, chosen by the extension of --out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", help='The plan number, e.g. "1847/KH-UBND".')
        parser.add_argument("year", type=int, help="The year of the reporting round.")
        parser.add_argument("--out", required=True, help="The file to write: .docx or .xlsx.")

    def handle(self, *args, plan: str, year: int, out: str, **options) -> None:
        path = Path(out)
        builder = BUILDERS.get(path.suffix.lower())
        if builder is None:
            raise CommandError(f"--out must end in .docx or .xlsx, not {path.name!r}.")
        round_ = ReportingRound.objects.filter(plan__number=plan, year=year).first()
        if round_ is None:
            raise CommandError(f"Plan {plan} has no reporting round for {year}.")
        consolidation = read_round(round_)
        if not consolidation.has_accepted:
            raise CommandError(
                f"The {year} round of plan {plan} has no accepted report yet: nothing to "
                f"consolidate ({consolidation.coverage.expected} expected, "
                f"{consolidation.coverage.received} received)."
            )
        try:
            path.write_bytes(builder(consolidation))
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        cov = consolidation.coverage
        if isinstance(consolidation, NationalConsolidation):
            self.stdout.write(
                f"{path}: national report of {consolidation.issuing_body}, "
                f"{len(consolidation.items)} national activities from {cov.accepted} accepted "
                f"provincial reports ({cov.expected} provinces expected, {cov.received} "
                "received)."
            )
            return
        self.stdout.write(
            f"{path}: {len(consolidation.appendix)} activities from {cov.accepted} accepted "
            f"reports ({cov.expected} expected, {cov.received} received)."
        )
