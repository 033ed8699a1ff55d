import datetime

from django.core import mail
from django.core.management import call_command

from reporting.actions import submit_report
from reporting.models import ReminderSent


def run(day: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", "--date", day, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_reminders_go_to_agencies_that_have_not_submitted_once_per_offset(rep, settings):
    w = rep.world
    w.donre.email = "stnmt@binhduong.gov.vn"
    w.donre.save()
    w.staff.email = "staff@stnmt.example"
    w.staff.save()
    # given DOIT has submitted and DONRE and DPI have not
    submit_report(rep.doit_report, user=rep.doit_leader)
    # when the command runs 7 days before the 25/10/2018 deadline
    assert run("2018-10-18") == "reminders sent: 2"
    # then DONRE's address and its staff receive it, DOIT nothing
    donre_mail = next(m for m in mail.outbox if "stnmt@binhduong.gov.vn" in m.to)
    assert "staff@stnmt.example" in donre_mail.to
    assert "25/10/2018" in donre_mail.body
    assert ReminderSent.objects.filter(offset=7).count() == 2
    # run again the same day: nothing more
    assert run("2018-10-18") == "reminders sent: 0"
    assert len([m for m in mail.outbox if m.to]) == 1  # DPI has no address: recorded, not mailed


def test_no_reminder_on_a_day_without_an_offset_and_after_the_deadline_on_its_days(rep):
    assert run("2018-10-20") == "reminders sent: 0"
    assert run("2018-10-26") == "reminders sent: 3"  # 1 day after
    assert run("2018-10-26") == "reminders sent: 0"
    assert set(ReminderSent.objects.values_list("offset", flat=True)) == {-1}


def test_offsets_come_from_settings(rep, settings):
    settings.REMINDER_DAYS_BEFORE = [3]
    assert run("2018-10-18") == "reminders sent: 0"
    assert run("2018-10-22") == "reminders sent: 3"


def test_an_exception_moves_the_reminders_and_a_locked_round_stops_them(rep):
    from reporting.actions import grant_exception, lock_round

    lock_round(rep.round, user=rep.world.coordinator)
    grant_exception(rep.donre_report, user=rep.world.coordinator, until=datetime.date(2018, 11, 30))
    assert run("2018-11-29") == "reminders sent: 1"  # DONRE, 1 day before its own deadline
    assert ReminderSent.objects.get().report == rep.donre_report


def test_the_home_page_shows_the_pending_report_notice(rep, as_user):
    html = as_user(rep.world.staff).get("/").content.decode()
    assert 'id="pending-reports"' in html
    assert f"/reporting/reports/{rep.donre_report.pk}/" in html
    html = as_user(rep.world.viewer).get("/").content.decode()
    assert 'id="pending-reports"' not in html
