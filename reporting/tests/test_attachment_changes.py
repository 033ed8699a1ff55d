"""Evidence files can be removed and replaced while the draft is editable, by whoever may edit
it, with a trace; the picker and the list name the item in words (issue 18, defect 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting import actions
from reporting.models import Attachment, ReportEvent, ReportStatus


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(name: str = "bien-ban.pdf", body: bytes = b"%PDF-1.7\n...") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body)


@pytest.fixture
def attached(rep):
    item = rep.donre_report.items.get(plan_item__code="4")
    return actions.add_attachment(rep.donre_report, user=rep.world.staff, upload=_pdf(), item=item)


def test_staff_remove_a_file_its_stored_file_goes_and_the_step_is_recorded(
    rep, attached, django_capture_on_commit_callbacks
):
    path = Path(attached.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_attachment(attached, user=rep.world.staff)
    assert not Attachment.objects.filter(pk=attached.pk).exists()
    assert not path.exists()
    event = rep.donre_report.events.get(action=ReportEvent.Action.FILE_REMOVED)
    assert event.actor == rep.world.staff and event.comment == "bien-ban.pdf"
    assert Attachment.history.filter(id=attached.pk, history_type="-").get().history_user == (
        rep.world.staff
    )


def test_staff_replace_a_file_keeping_its_item(rep, attached, django_capture_on_commit_callbacks):
    old_path = Path(attached.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        actions.replace_attachment(
            attached, user=rep.world.staff, upload=_pdf("bien-ban-ky.pdf", b"%PDF-1.7\nsigned")
        )
    attached.refresh_from_db()
    assert attached.original_name == "bien-ban-ky.pdf"
    assert attached.item.plan_item.code == "4"
    assert attached.file.read() == b"%PDF-1.7\nsigned"
    assert not old_path.exists()
    assert rep.donre_report.events.filter(action=ReportEvent.Action.FILE_REPLACED).exists()


def test_a_replacement_of_a_refused_type_changes_nothing(rep, attached):
    with pytest.raises(actions.ValidationError):
        actions.replace_attachment(
            attached, user=rep.world.staff, upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00")
        )
    attached.refresh_from_db()
    assert attached.original_name == "bien-ban.pdf" and Path(attached.file.path).exists()


def test_others_and_a_submitted_report_may_not(rep, attached):
    with pytest.raises(PermissionDenied):
        actions.remove_attachment(attached, user=rep.world.other_staff)
    rep.donre_report.status = ReportStatus.SUBMITTED
    rep.donre_report.save()
    attached.report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.remove_attachment(attached, user=rep.world.staff)
    with pytest.raises(PermissionDenied):
        actions.replace_attachment(attached, user=rep.world.staff, upload=_pdf())
    assert Attachment.objects.filter(pk=attached.pk).exists()


def test_the_page_removes_and_replaces_and_names_the_item_in_words(rep, attached, as_user):
    client = as_user(rep.world.staff)
    page = client.get(f"/reporting/reports/{rep.donre_report.pk}/").content.decode()
    title = attached.item.plan_item.title
    # the list says which item the file is about, in words
    listed = page[page.index('id="attachments"') :]
    listed = listed[: listed.index("</ul>")]
    assert title in listed
    # the picker names each item by its code and title
    picker = page[page.index('name="item"') :]
    assert f"4 · {title}" in picker[: picker.index("</select>")]
    assert f'action="/reporting/attachments/{attached.pk}/remove/"' in page
    assert f'action="/reporting/attachments/{attached.pk}/replace/"' in page

    response = client.post(
        f"/reporting/attachments/{attached.pk}/replace/", {"file": _pdf("moi.pdf")}
    )
    assert response.status_code == 302
    attached.refresh_from_db()
    assert attached.original_name == "moi.pdf"
    response = client.post(f"/reporting/attachments/{attached.pk}/remove/")
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    # another agency's staff cannot even see it
    other = as_user(rep.world.other_staff)
    assert other.post(f"/reporting/attachments/{attached.pk}/remove/").status_code == 404
