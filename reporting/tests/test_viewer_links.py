"""Defect 10: the viewer (read-only) sees no link on the board it may not follow."""

from __future__ import annotations

from html.parser import HTMLParser

from django.urls import reverse

from reporting.actions import accept_report, return_report, submit_report


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return [h for h in parser.hrefs if h.startswith("/") and not h.startswith("/static/")]


def test_every_link_of_the_board_opens_for_the_viewer(rep, client):
    w = rep.world
    # given a round with an accepted, a returned, a submitted report and a draft
    submit_report(rep.dpi_report, user=w.coordinator)
    accept_report(rep.dpi_report, user=w.admin)
    submit_report(rep.donre_report, user=w.leader)
    submit_report(rep.doit_report, user=rep.doit_leader)
    return_report(rep.doit_report, user=w.coordinator, comment="Sửa")
    client.force_login(w.viewer)
    board = client.get(reverse("reporting:round", args=[rep.round.pk]))
    assert board.status_code == 200
    hrefs = links(board.content.decode())
    # the accepted report is linked; the others are listed without a link
    assert reverse("reporting:report", args=[rep.dpi_report.pk]) in hrefs
    assert reverse("reporting:report", args=[rep.donre_report.pk]) not in hrefs
    broken = {h: client.get(h).status_code for h in set(hrefs)}
    assert not {h: s for h, s in broken.items() if s in {403, 404}}, broken


def test_the_coordinator_follows_every_link_of_the_board_too(rep, client):
    w = rep.world
    submit_report(rep.donre_report, user=w.leader)
    client.force_login(w.coordinator)
    hrefs = links(client.get(reverse("reporting:round", args=[rep.round.pk])).content.decode())
    assert reverse("reporting:report", args=[rep.donre_report.pk]) in hrefs
    broken = {h: client.get(h).status_code for h in set(hrefs)}
    assert not {h: s for h, s in broken.items() if s in {403, 404}}, broken
