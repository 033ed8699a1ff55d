"""Text is cleaned of the characters XML cannot hold where it enters (#12 item 5)."""

from core.text import strip_xml_illegal


def test_control_characters_are_dropped_and_words_line_breaks_kept():
    assert strip_xml_illegal("a\x00b\x01c\x1fd") == "abcd"
    assert strip_xml_illegal("dòng 1\x0bdòng 2\x0ctrang 2") == "dòng 1\ndòng 2\ntrang 2"
    assert strip_xml_illegal("tab\tline\nreturn\r") == "tab\tline\nreturn\r"
    assert strip_xml_illegal("\ud800\ufffe\uffffĐã xong") == "Đã xong"
    assert strip_xml_illegal("Kế hoạch 2021 - 2025") == "Kế hoạch 2021 - 2025"


def test_every_text_field_of_the_projects_models_is_cleaned_on_save(world):
    organisation = world.donre
    organisation.name = "Sở\x00 Tài nguyên\x0bvà Môi trường\x01"
    organisation.save()

    organisation.refresh_from_db()
    assert organisation.name == "Sở Tài nguyên\nvà Môi trường"
    assert organisation.history.first().name == "Sở Tài nguyên\nvà Môi trường"


def test_a_plan_imported_from_a_file_is_stored_clean(world):
    from plans import actions
    from plans.models import PlanItem
    from plans.tests.plan_files import ITEMS, csv_file

    items = [dict(row) for row in ITEMS]
    items[0]["Nội dung"] = "Thể chế\x0btăng trưởng\x01 xanh"

    actions.import_plan_file("ke-hoach.csv", csv_file(items=items), user=world.admin)

    assert PlanItem.objects.get(plan__number="12/KH-UBND", code="T1").title == (
        "Thể chế\ntăng trưởng xanh"
    )


def test_models_of_other_apps_are_left_alone(db):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="a\x0bb")
    group.refresh_from_db()
    assert group.name == "a\x0bb"


def test_the_project_apps_are_cleaned_and_the_others_are_not():
    from core.text import is_project_app

    assert all(is_project_app(label) for label in ["plans", "reporting", "restructuring", "core"])
    assert not any(is_project_app(label) for label in ["auth", "admin", "axes", "simple_history"])
