"""Organisations named in imported files: by code, short name, name or English name.

Every importer that turns a written reference ("bd-donre", "Sở TN&MT", "Department of Natural
Resources and Environment") into an organisation goes through `OrganisationLookup`, over the
organisations the reference may name (`reference_scope`). Short names repeat between provinces
(every province has its "Sở TN&MT"), so a reference is looked for only within the scope, and a
name that fits more than one organisation there is refused with the candidates named, never
settled by whichever comes first. A code is unique and always settles it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from orgs.models import Organisation


class OrganisationReferenceError(ValueError):
    """A reference that names no organisation in the scope, or more than one; the message
    (in the user's language) says which, and names the candidates."""

    def __init__(self, message: str, candidates: Iterable[Organisation] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = list(candidates)


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class OrganisationLookup:
    """Resolve references among `organisations` (one query, then in memory)."""

    def __init__(self, organisations: Iterable[Organisation]) -> None:
        self._by_code: dict[str, Organisation] = {}
        self._by_name: dict[str, list[Organisation]] = {}
        for org in organisations:
            self._by_code[_key(org.code)] = org
            for name in {_key(n) for n in (org.short_name, org.name, org.name_en) if n.strip()}:
                self._by_name.setdefault(name, []).append(org)

    def resolve(self, ref: str) -> Organisation:
        """The organisation `ref` names. Raises OrganisationReferenceError when it names none
        (the same answer whether or not it exists outside the scope) or several."""
        key = _key(ref)
        if key in self._by_code:
            return self._by_code[key]
        found = self._by_name.get(key, [])
        if len(found) == 1:
            return found[0]
        if not found:
            raise OrganisationReferenceError(_("Unknown agency %(ref)s.") % {"ref": ref.strip()})
        candidates = sorted(found, key=lambda org: org.code)
        raise OrganisationReferenceError(
            _(
                "%(ref)s may mean several agencies: %(candidates)s. Write the code of the one "
                "you mean."
            )
            % {
                "ref": ref.strip(),
                "candidates": "; ".join(f"{org.name} ({org.code})" for org in candidates),
            },
            candidates,
        )

    def get(self, ref: str) -> Organisation | None:
        """The organisation `ref` names, or None when it names none or several."""
        try:
            return self.resolve(ref)
        except OrganisationReferenceError:
            return None


def reference_scope(territory: Organisation) -> QuerySet[Organisation]:
    """The organisations a plan (or any record) of `territory` may name: those within the
    territory's province, and the central bodies (organisations outside every province, such as
    the ministries). For a central territory (the Government) that is every organisation."""
    if territory.province_id is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(province_id=territory.province_id) | Q(province_id__isnull=True)
    )
