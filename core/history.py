"""Who made the next save of an object, and why, for django-simple-history."""

from __future__ import annotations

# simple_history keeps at most 100 characters of a reason.
REASON_LENGTH = 100


def stamp(obj, user, reason: str = "") -> None:
    """The next save (or delete) of `obj` is recorded as done by `user`, for `reason`."""
    obj._history_user = user
    if reason:
        obj._change_reason = reason[:REASON_LENGTH]
