"""The system user: who acts when no person does (management commands, the demo loader).

Every action takes the acting user as a required keyword (`*, user: User`); a command or the
demo passes `system_user()` explicitly. It is an administrator that exists only in memory:
never saved, so nobody can log in as it and no token names it. The permission rules treat it
as any administrator (commands are run by whoever administers the server, who could do the
same in the admin), and the history records its changes with no user, which the audit trail
shows as the system (core.history.history_user).
"""

from __future__ import annotations

from accounts.models import Role, User

SYSTEM_USERNAME = "system"


def system_user() -> User:
    """A fresh, unsaved administrator standing for the system."""
    return User(username=SYSTEM_USERNAME, role=Role.ADMIN)
