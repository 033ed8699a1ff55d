"""`changed_since` means a moment, whatever offset the client writes it with: compared in UTC,
so an offset the database cannot hold (ISO 8601 allows up to ±23:59) and the far edges of the
calendar are answered, never a server error (found by the fuzzer on PostgreSQL)."""

from urllib.parse import quote

import pytest


@pytest.mark.parametrize(
    "moment",
    ["0200-11-21T00:55:18.3406+18:30", "0001-01-01T00:00:00+23:59", "2019-01-01T00:00:00"],
)
def test_a_moment_long_ago_in_any_offset_lists_every_report(api, moment):
    client = api("dpi.coordinator")
    everything = client.get("/api/reporting/reports?limit=1").json()["count"]

    answer = client.get(f"/api/reporting/reports?limit=1&changed_since={quote(moment)}")

    assert answer.status_code == 200, answer.content
    assert answer.json()["count"] == everything > 0


def test_the_same_moment_in_two_offsets_lists_the_same_reports(api):
    client = api("dpi.coordinator")
    counts = {
        client.get(f"/api/reporting/reports?changed_since={quote(moment)}").json()["count"]
        for moment in ("2100-01-01T07:00:00+07:00", "2100-01-01T00:00:00Z")
    }
    assert counts == {0}
    late = client.get(f"/api/reporting/reports?changed_since={quote('9999-12-31T23:00:00-05:00')}")
    assert late.status_code == 200 and late.json()["count"] == 0
