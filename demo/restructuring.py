"""The 2025 restructuring of the demo, applied through the restructuring file action.

`restructuring_2025.csv` lists the changes (facts: Resolutions 176/2025/QH15 and
202/2025/QH15, Decree 45/2025/NĐ-CP; the communes are marked as examples): on 01/03/2025 the
ministries and each province's departments merge (Planning and Investment into Finance; Natural
Resources and Environment with Agriculture into the new Agriculture and Environment; Transport
into Construction; Information and Communications into Science and Technology); on 01/07/2025
the district level ends, a few wards are created under Hồ Chí Minh City, and Bình Dương and Bà
Rịa - Vũng Tàu merge into the city, their departments into the city's.

Rows naming an organisation the demo does not have (Bà Rịa - Vũng Tàu and the city come with
their own demo) are left out, and so are rows already applied (the loader runs again). The
rounds of plans that ended before 2025 are locked first (by 2025 nobody still reports on
2018-2020): a merger leaves no report unsubmitted in an open round.
"""

from __future__ import annotations

from pathlib import Path

from accounts.system import system_user
from orgs.models import Organisation
from reporting.actions import lock_round
from reporting.models import ReportingRound
from restructuring.plans import apply_restructuring
from restructuring.restructuring_file import (
    CLOSE,
    CREATE,
    MERGE,
    MOVE,
    RENAME,
    Change,
    parse_restructuring_file,
)

FILE = Path(__file__).with_name("restructuring_2025.csv")
FIRST_DAY = "2025-03-01"


def _applicable(change: Change, codes: set[str], known: dict[str, Organisation]) -> bool:
    needed = [change.target] if change.target else []
    if change.change != CREATE:
        needed.append(change.code)
    if any(code not in codes for code in needed):
        return False
    org = known.get(change.code)
    if change.change == CREATE:
        return org is None
    if org is None:
        return True  # created by an earlier row of the file, in this same pass
    if change.change in {MERGE, CLOSE}:
        return org.valid_to is None
    if change.change == RENAME:
        return org.name != change.name
    if change.change == MOVE:
        return org.parent is None or org.parent.code != change.target
    return True


def applicable_changes() -> tuple[list[Change], list[Change]]:
    """The changes of the file that apply to this database, in the order they are applied,
    and all of the file's."""
    changes = parse_restructuring_file(FILE.name, FILE.read_bytes())
    codes = set(Organisation.objects.values_list("code", flat=True))
    known = {o.code: o for o in Organisation.objects.select_related("parent")}
    todo = []
    for change in sorted(changes, key=lambda c: (c.effective, c.row)):  # as applied
        if _applicable(change, codes, known):
            todo.append(change)
            codes.add(change.code)  # a created organisation, named by the rows after it
    return todo, changes


def applicable_file() -> bytes:
    """The file reduced to its heading and the rows that apply to this database (the demo's
    seed data already has the ministry's and the districts' 2025 end dates, and not every
    organisation the file names): what an administrator would upload on the demo."""
    todo, _changes = applicable_changes()
    rows = {change.row for change in todo}
    lines = FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for n, line in enumerate(lines, start=1) if n == 1 or n in rows).encode()


def load_demo_restructuring() -> list[str]:
    todo, changes = applicable_changes()
    if not todo:
        return ["restructuring 2025: already applied"]
    user = system_user()
    # The rounds of the years before the reform are over (their late drafts will never come):
    # locked, so that the mergers hand over nothing left open.
    for round_ in ReportingRound.objects.filter(
        locked=False, year__lt=int(FIRST_DAY[:4])
    ).select_related("plan"):
        lock_round(round_, user=user)
    done = apply_restructuring(todo, user=user)
    return [f"restructuring 2025: {len(done.outcomes)} changes ({len(changes)} in the file)"]
