"""The worker's schedule: the look for dead builds every STALLED_BUILDS_EVERY seconds, the
day's reminders once a day from REMINDERS_HOUR (local time), caught up at a late start."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from greenplan.schedule import Schedule

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class Clock:
    def __init__(self, start: datetime.datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += datetime.timedelta(**delta)


@pytest.fixture
def clock(settings) -> Clock:
    settings.REMINDERS_HOUR = 7
    settings.STALLED_BUILDS_EVERY = 60
    return Clock(datetime.datetime(2026, 12, 1, 6, 59, 30, tzinfo=HANOI))


def test_dead_builds_are_looked_for_at_the_start_and_every_minute(clock):
    schedule = Schedule(now=clock)

    assert schedule.tick() == ["recover_stalled_builds", "recover_stalled_import_jobs"]
    clock.advance(seconds=20)
    assert schedule.tick() == []
    clock.advance(seconds=40)
    assert "recover_stalled_builds" in schedule.tick()


def test_reminders_once_a_day_from_the_hour_on(clock, mailoutbox):
    schedule = Schedule(now=clock)
    schedule.tick()  # 06:59:30: not yet

    clock.advance(seconds=30)  # 07:00:00
    assert "send_todays_reminders" in schedule.tick()
    clock.advance(hours=5)
    assert "send_todays_reminders" not in schedule.tick()
    clock.advance(hours=19)  # the next day at 07:00
    assert "send_todays_reminders" in schedule.tick()
    assert schedule.enqueued.count("send_todays_reminders") == 2


def test_a_worker_started_after_the_hour_sends_that_days_reminders_at_once(clock):
    clock.advance(hours=3)

    assert Schedule(now=clock).tick() == [
        "recover_stalled_builds",
        "recover_stalled_import_jobs",
        "send_todays_reminders",
    ]
