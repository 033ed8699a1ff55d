"""The pages: the draft form, saving, stale saves, submit and review through HTTP."""

from reporting.models import ReportStatus
from reporting.tests.conftest import form_data


def test_staff_sees_and_saves_the_draft_form(rep, as_user):
    client = as_user(rep.world.staff)
    report = rep.donre_report
    page = client.get(f"/reporting/reports/{report.pk}/")
    assert 'id="report-form"' in page.content.decode()
    item = report.items.get(plan_item__code="4")
    response = client.post(
        f"/reporting/reports/{report.pk}/",
        form_data(
            report,
            **{
                f"item-{item.pk}-status": "in_progress",
                f"item-{item.pk}-progress": "30",
                f"item-{item.pk}-results": "Đã xây dựng dự thảo",
                f"item-{item.pk}-fund_local_budget": "1.500.000",
                "general_results": "Kết quả chung",
            },
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.progress, item.results) == ("in_progress", 30, "Đã xây dựng dự thảo")
    assert item.funds.get().amount == 1500000
    page = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "Đã xây dựng dự thảo" in page and "Kết quả chung" in page


def test_bad_input_shows_field_messages_in_vietnamese_and_saves_nothing(rep, as_user):
    client = as_user(rep.world.staff)
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")
    response = client.post(
        f"/reporting/reports/{report.pk}/",
        form_data(
            report,
            **{
                f"item-{item.pk}-status": "completed",
                f"item-{item.pk}-progress": "140",
                "general_results": "không được lưu",
            },
        ),
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errors"' in html
    report.refresh_from_db()
    item.refresh_from_db()
    assert report.general_results == "" and item.status == "not_started"
    assert report.version == 1


def test_a_stale_save_keeps_both_texts(rep, as_user):
    report = rep.donre_report
    # the leader saves first, from version 1
    as_user(rep.world.leader).post(
        f"/reporting/reports/{report.pk}/",
        form_data(report, general_results="Văn bản của lãnh đạo"),
    )
    # the staff member, also from version 1, saves later
    client = as_user(rep.world.staff)
    response = client.post(
        f"/reporting/reports/{report.pk}/",
        form_data(report, version=1, general_results="Văn bản của chuyên viên"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="stale-current"' in html
    assert "Văn bản của lãnh đạo" in html and "Văn bản của chuyên viên" in html
    report.refresh_from_db()
    assert report.general_results == "Văn bản của lãnh đạo"


def test_leader_submits_and_coordinator_returns_then_accepts(rep, as_user, client):
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")
    as_user(rep.world.leader).post(
        f"/reporting/reports/{report.pk}/submit/",
        {"document_number": "55/STNMT-KH", "signer": "Lê Quốc Hùng", "confirm": "1"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.document_number == "55/STNMT-KH"
    # read-only for the agency now
    page = as_user(rep.world.staff).get(f"/reporting/reports/{report.pk}/").content.decode()
    assert 'id="report-form"' not in page and 'id="report-items"' in page
    coordinator = as_user(rep.world.coordinator)
    coordinator.post(
        f"/reporting/reports/{report.pk}/review/",
        {
            "decision": "return",
            "comment": "Bổ sung",
            f"comment_{item.pk}": "Thiếu số liệu",
            "confirm": "1",
        },
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    page = as_user(rep.world.staff).get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "Thiếu số liệu" in page and "Bổ sung" in page and 'id="report-form"' in page
    as_user(rep.world.leader).post(
        f"/reporting/reports/{report.pk}/submit/",
        {"document_number": "56/STNMT-KH", "signer": "Lê Quốc Hùng", "confirm": "1"},
    )
    as_user(rep.world.coordinator).post(
        f"/reporting/reports/{report.pk}/review/", {"decision": "accept", "confirm": "1"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    page = as_user(rep.world.coordinator).get(f"/reporting/reports/{report.pk}/").content.decode()
    assert 'data-action="returned"' in page and 'data-action="accepted"' in page
    assert 'id="history"' in page


def test_coordinator_opens_a_round_from_the_page(world, as_user):
    client = as_user(world.coordinator)
    response = client.post(
        f"/reporting/plans/{world.plan.pk}/", {"year": "2020", "deadline": "30/10/2020"}
    )
    round_ = world.plan.rounds.get(year=2020)
    assert response.status_code == 302
    assert round_.deadline.strftime("%d/%m/%Y") == "30/10/2020"
    page = client.get(f"/reporting/plans/{world.plan.pk}/").content.decode()
    assert 'data-round-year="2020"' in page


def test_a_second_submit_says_it_was_already_submitted_and_changes_nothing(rep, as_user):
    report = rep.donre_report
    leader = as_user(rep.world.leader)
    leader.post(
        f"/reporting/reports/{report.pk}/submit/",
        {"document_number": "55/STNMT", "signer": "Lê Quốc Hùng", "confirm": "1"},
    )
    report.refresh_from_db()
    version = report.version

    response = leader.post(
        f"/reporting/reports/{report.pk}/submit/",
        {"document_number": "99/KHÁC", "signer": "Lê Quốc Hùng", "confirm": "1"},
        follow=True,
    )

    assert response.status_code == 200
    assert "đã được gửi lúc" in response.content.decode()
    report.refresh_from_db()
    assert (report.version, report.document_number) == (version, "55/STNMT")
    # another agency still gets no answer but a refusal
    other = as_user(rep.world.other_staff).post(f"/reporting/reports/{report.pk}/submit/", {})
    assert other.status_code in (403, 404)


def test_text_pasted_from_word_is_saved_without_its_control_characters(rep, as_user):
    # Word's manual line break (\x0b) and page break (\x0c) come with copy-paste; stored as
    # they were, they made the consolidated Word build fail (#12 item 5).
    client = as_user(rep.world.staff)
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")

    response = client.post(
        f"/reporting/reports/{report.pk}/",
        form_data(
            report,
            **{
                f"item-{item.pk}-status": "in_progress",
                f"item-{item.pk}-results": "Dòng một\x0bdòng hai\x0ctrang hai\x01",
                "general_difficulties": "Khó\x07 khăn",
            },
        ),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    report.refresh_from_db()
    assert item.results == "Dòng một\ndòng hai\ntrang hai"
    assert report.general_difficulties == "Khó khăn"


def test_unsaved_text_is_kept_under_the_users_key_and_logout_clears_it(rep, as_user):
    # (the behaviour itself is driven in a browser: e2e/test_unsaved_text.py)
    staff = rep.world.staff
    url = f"/reporting/reports/{rep.donre_report.pk}/"

    html = as_user(staff).get(url).content.decode()

    assert f'id="report-form" data-user="{staff.pk}"' in html
    assert '"greenplan:report:" + form.dataset.user + ":"' in html
    assert f'data-user="{staff.pk}"' in html.split("<body", 1)[1].split(">", 1)[0]
    assert "data-clear-drafts" in html and "greenplan/drafts.js" in html


def test_a_nul_pasted_into_report_text_is_refused_on_its_field_and_the_text_kept(rep, as_user):
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")
    url = f"/reporting/reports/{report.pk}/"

    response = as_user(rep.world.staff).post(
        url, form_data(report, **{f"item-{item.pk}-results": "Đã rà soát\x00 thể chế"})
    )

    assert response.status_code == 200  # the form again, with its messages
    html = response.content.decode()
    assert "Văn bản không được chứa ký tự NUL" in html
    assert "Đã rà soát" in html  # what was typed is still in the form
    item.refresh_from_db()
    assert item.results == ""


def test_accepting_returning_and_locking_ask_first_and_change_nothing_until_confirmed(rep, as_user):
    from reporting.actions import submit_report

    submit_report(rep.donre_report, user=rep.world.leader)
    coordinator = as_user(rep.world.coordinator)
    report_url = f"/reporting/reports/{rep.donre_report.pk}/review/"
    for decision in ("accept", "return"):
        page = coordinator.post(report_url, {"decision": decision, "comment": "Bổ sung"})
        assert page.status_code == 200
        text = page.content.decode()
        assert 'id="confirm-step"' in text and str(rep.donre_report.organisation) in text
        # the decision and the comment travel again, hidden, with the confirmation
        assert f'name="decision" value="{decision}"' in text and 'value="Bổ sung"' in text
        rep.donre_report.refresh_from_db()
        assert rep.donre_report.status == ReportStatus.SUBMITTED

    lock_url = f"/reporting/rounds/{rep.round.pk}/lock/"
    page = coordinator.post(lock_url)
    assert page.status_code == 200 and 'id="confirm-step"' in page.content.decode()
    rep.round.refresh_from_db()
    assert not rep.round.locked
    assert coordinator.post(lock_url, {"confirm": "1"}).status_code == 302
    rep.round.refresh_from_db()
    assert rep.round.locked
