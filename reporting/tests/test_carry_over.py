from reporting.actions import ItemChanges, accept_report, open_round, save_draft, submit_report


def test_next_years_round_prefills_the_last_accepted_status(rep):
    w = rep.world
    # given DONRE's 2018 report accepted with activity 4 at 60 %, and DOIT's never submitted
    item = rep.donre_report.items.get(plan_item__code="4")
    save_draft(
        rep.donre_report,
        user=w.staff,
        version=1,
        items={
            item.pk: ItemChanges({"status": "in_progress", "progress": 60, "results": "Đang làm"})
        },
    )
    submit_report(rep.donre_report, user=w.leader)
    accept_report(rep.donre_report, user=w.coordinator)
    doit_item = rep.doit_report.items.get()
    save_draft(
        rep.doit_report,
        user=w.other_staff,
        version=1,
        items={doit_item.pk: ItemChanges({"status": "on_hold"})},
    )
    # when the 2019 round opens
    round_2019 = open_round(w.plan, 2019, user=w.coordinator)
    # then DONRE's activity 4 starts from 60 % in progress, with its text left to write
    new = round_2019.reports.get(organisation=w.donre).items.get(plan_item__code="4")
    assert (new.status, new.progress, new.carried_over, new.results) == (
        "in_progress",
        60,
        True,
        "",
    )
    # and DOIT's unaccepted draft is not carried over
    new_doit = round_2019.reports.get(organisation=doit_item.report.organisation).items.get()
    assert (new_doit.status, new_doit.carried_over) == ("not_started", False)
    # the 2019 priority task now appears, the 2018 one no longer
    codes = set(
        round_2019.reports.get(organisation=w.donre).items.values_list("plan_item__code", flat=True)
    )
    assert codes == {"4", "4.9"}
