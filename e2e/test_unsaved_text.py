"""Unsaved report text kept in the browser belongs to its writer: it is keyed by user,
cleared at logout, and not offered to the next person who logs in on the same browser."""

from e2e.conftest import login

DRAFT = "Văn bản chưa lưu của cán bộ"


def _report_url() -> str:
    from reporting.models import AgencyReport

    report = AgencyReport.objects.get(round__year=2019, organisation__code="bd-stnmt")
    return f"/reporting/reports/{report.pk}/"


def _user_id(username: str) -> int:
    from accounts.models import User

    return User.objects.get(username=username).pk


def _stored_keys(page) -> list[str]:
    return page.evaluate("() => Object.keys(localStorage)")


def _type_without_saving(page, url: str) -> None:
    page.goto(url)
    page.fill('[data-item-code="4"] textarea[name$="-results"]', DRAFT)


def test_the_kept_text_is_keyed_by_user_and_cleared_at_logout(page, demo_live):
    url = _report_url()
    login(page, "donre.staff")
    _type_without_saving(page, url)

    keys = [k for k in _stored_keys(page) if k.startswith("greenplan:")]
    assert keys and all(f":{_user_id('donre.staff')}:" in k for k in keys), keys

    page.click("header form[action='/logout/'] button")
    page.wait_for_url("**/login/")
    assert not [k for k in _stored_keys(page) if k.startswith("greenplan:")]

    # the next user of this browser is not offered the text
    login(page, "donre.leader")
    page.goto(url)
    assert page.locator("#restore-notice").is_hidden()
    assert DRAFT not in page.content()


def test_another_users_kept_text_is_dropped_when_someone_else_logs_in(page, demo_live):
    url = _report_url()
    login(page, "donre.staff")
    _type_without_saving(page, url)
    page.context.clear_cookies()  # the session ends without a logout (expired, closed tab)

    login(page, "donre.leader")
    page.goto(url)

    assert page.locator("#restore-notice").is_hidden()
    assert not [k for k in _stored_keys(page) if f":{_user_id('donre.staff')}:" in k]


def test_the_writer_gets_the_text_back_after_the_session_expired(page, demo_live):
    url = _report_url()
    login(page, "donre.staff")
    _type_without_saving(page, url)
    page.context.clear_cookies()  # the session expired before the text was saved

    login(page, "donre.staff")
    page.goto(url)

    assert page.locator("#restore-notice").is_visible()
