"""What documents does when reporting tells it something (reporting.signals): a national round
that opens receives the provinces' versions their People's Committees approved before."""

from __future__ import annotations

from typing import Any

from reporting.signals import national_round_opened


def _deliver_on_opening(sender: Any, *, round: Any, user: Any, **kwargs: Any) -> None:  # noqa: A002
    from documents.actions import deliver_approved_versions

    deliver_approved_versions(round, user=user)


def connect() -> None:
    national_round_opened.connect(_deliver_on_opening, dispatch_uid="documents.deliver_approved")
