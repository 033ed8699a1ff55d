"""manage.py consolidate_report: a file for scripts and cron, clear failures."""

from __future__ import annotations

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook


def test_writes_the_word_report(round_2018, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"

    call_command("consolidate_report", "1847/KH-UBND", "2018", "--out", str(out))

    doc = Document(out)
    assert any(p.text == "BÁO CÁO" for p in doc.paragraphs)
    assert "64 activities from 4 accepted reports" in capsys.readouterr().out


def test_writes_the_excel_workbook_by_extension(round_2018, tmp_path):
    out = tmp_path / "tong-hop.xlsx"

    call_command("consolidate_report", "1847/KH-UBND", "2018", "--out", str(out))

    assert load_workbook(out).sheetnames[0] == "Tổng hợp"


def test_a_round_that_does_not_exist_is_an_error(round_2018, tmp_path):
    with pytest.raises(CommandError, match="has no reporting round for 2017"):
        call_command(
            "consolidate_report", "1847/KH-UBND", "2017", "--out", str(tmp_path / "x.docx")
        )
    assert not (tmp_path / "x.docx").exists()


def test_a_round_with_nothing_accepted_is_an_error(round_2018, tmp_path):
    round_2018.reports.filter(status="accepted").update(status="submitted")

    with pytest.raises(CommandError, match="no accepted report yet"):
        call_command(
            "consolidate_report", "1847/KH-UBND", "2018", "--out", str(tmp_path / "x.docx")
        )


def test_an_unknown_extension_is_an_error(round_2018, tmp_path):
    with pytest.raises(CommandError, match=r"\.docx or \.xlsx"):
        call_command("consolidate_report", "1847/KH-UBND", "2018", "--out", str(tmp_path / "x.pdf"))


def test_the_process_exits_non_zero_with_the_message(round_2018, tmp_path, capsys):
    # As cron runs it: through manage.py's argument handling, not call_command.
    argv = ["manage.py", "consolidate_report", "9/KH-UBND", "2018", "--out", "x.xlsx"]
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(argv).execute()
    assert exit_.value.code == 1
    assert "CommandError: Plan 9/KH-UBND has no reporting round for 2018." in (
        capsys.readouterr().err
    )
