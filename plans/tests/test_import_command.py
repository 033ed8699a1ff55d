"""`manage.py import_plan FILE [--replace]`."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from plans.management.commands.import_plan import Command
from plans.models import Assignment, Plan, PlanItem
from plans.tests.plan_files import csv_file, items_with, plan_with, workbook


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):
    # run_from_argv closes every database connection when it ends, which on PostgreSQL
    # would close the one holding the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


@pytest.fixture
def plan_path(tmp_path):
    """Write `content` to a file in a fresh directory and return its path."""

    def write(content: bytes, name: str = "ke-hoach.xlsx"):
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> tuple[int, int, int]:
    return Plan.objects.count(), PlanItem.objects.count(), Assignment.objects.count()


def test_imports_a_workbook_and_says_what_it_imported(world, plan_path):
    out, _err = run(str(plan_path(workbook())))

    assert "12/KH-UBND" in out and "3 items" in out
    plan = Plan.objects.get(number="12/KH-UBND")
    assert plan.territory == world.province and plan.parent == world.national_plan
    task = plan.items.get(code="1.1")
    assert task.parent.code == "1" and task.on_request
    assert task.assignments.get().organisation == world.donre
    activity = plan.items.get(code="1")
    assert sorted(a.organisation.code for a in activity.assignments.all()) == [
        "bd-doit",
        "bd-donre",
        "bd-dpi",
    ]
    assert plan.history.get().history_user is None  # run as no particular user


def test_imports_a_csv_file(world, plan_path):
    out, _err = run(str(plan_path(csv_file(), "ke-hoach.csv")))

    assert "3 items" in out
    assert Plan.objects.get(number="12/KH-UBND").items.count() == 3


def test_a_plan_already_imported_is_refused_without_replace(world, plan_path):
    run(str(plan_path(workbook())))
    changed = plan_path(workbook(plan_with(**{"Tên kế hoạch": "Tên mới"}), items_with(2)))
    before = counts()
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_plan", str(changed), stdout=io.StringIO(), stderr=err)

    assert counts() == before
    assert Plan.objects.get(number="12/KH-UBND").title != "Tên mới"
    assert "Kế hoạch / 1 / Số hiệu: Plan 12/KH-UBND already exists" in err.getvalue()


def test_replace_updates_the_plan_already_imported(world, plan_path):
    run(str(plan_path(workbook())))
    first_ids = dict(PlanItem.objects.filter(plan__number="12/KH-UBND").values_list("code", "pk"))
    items = items_with(3, **{"Nội dung": "Nội dung mới"})[:2]  # item 1.1 removed

    run(str(plan_path(workbook(plan_with(**{"Tên kế hoạch": "Tên mới"}), items))), "--replace")

    plan = Plan.objects.get(number="12/KH-UBND")
    assert plan.title == "Tên mới"
    assert dict(plan.items.values_list("code", "pk")) == {c: first_ids[c] for c in ("T1", "1")}
    assert plan.items.get(code="1").title == "Nội dung mới"


def test_a_rejected_file_prints_every_problem_and_saves_nothing(world, plan_path):
    items = items_with(3, **{"Cơ quan chủ trì": "so-khong-co"})
    items[2]["Mã cha"] = "99"
    path = plan_path(workbook(plan_with(**{"Địa bàn": "tinh-khong-co"}), items))
    before = counts()

    with pytest.raises(CommandError) as caught:
        run(str(path))

    assert counts() == before
    assert "3 problems" in str(caught.value)


def test_problems_go_to_stderr_one_line_each_naming_sheet_row_and_column(world, plan_path, capsys):
    items = items_with(3, **{"Cơ quan chủ trì": "so-khong-co"})
    path = plan_path(workbook(plan_with(**{"Địa bàn": "tinh-khong-co"}), items))

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "import_plan", str(path)])

    assert exit_.value.code != 0
    lines = capsys.readouterr().err.splitlines()
    # The plan's fields are checked against the database after parsing; the lines still name
    # the file's own rows and headings.
    assert "Kế hoạch / 4 / Địa bàn: Unknown agency tinh-khong-co." in lines
    assert "Hoạt động / 3 / Cơ quan chủ trì: Unknown agency so-khong-co." in lines
    assert not Plan.objects.filter(number="12/KH-UBND").exists()


def test_a_file_that_cannot_be_parsed_exits_non_zero(world, plan_path, capsys):
    path = plan_path(b"not a workbook")

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "import_plan", str(path)])

    assert exit_.value.code == 1
    assert "not a valid Excel workbook" in capsys.readouterr().err


def test_a_missing_file_is_an_error(world, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "khong-co.xlsx"))


def test_csv_problems_name_the_plan_row_or_the_item_heading(world, plan_path, capsys):
    # In a CSV file the plan and its items share one "sheet"; the rows still tell them apart.
    header = ["Mã", "Loại", "Nội dung", "Căn cứ pháp lý"]
    items = [{"Mã": "T1", "Loại": "chủ đề", "Nội dung": "Chủ đề", "Căn cứ pháp lý": "2/QĐ"}]
    content = csv_file(plan_with(**{"Căn cứ pháp lý": "1/QĐ"}), items, header=header)

    with pytest.raises(SystemExit):
        Command().run_from_argv(["manage.py", "import_plan", str(plan_path(content, "kh.csv"))])

    lines = capsys.readouterr().err.splitlines()
    assert "kh.csv / 9 / Căn cứ pháp lý: Unknown legal document 1/QĐ." in lines
    assert "kh.csv / 12 / Căn cứ pháp lý: Unknown legal document 2/QĐ." in lines
