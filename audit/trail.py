"""The audit trail: the history records of every audited model, newest first, in one list.

django-simple-history keeps one history table per model. A page is read by position (keyset),
never by number: one query takes from each filtered table its first records past the page's
position, newest first (or oldest first for the last page, read backwards), and merges them
with a UNION ALL; nothing counts the trail. Then the page's
full records and the records they follow, two queries per model present on the page, and
compares each record with the one before it (`diff_against`). A model whose history also
keeps many-to-many links (a project's plan activities, partners, development plans) costs one
more query per kind of link, read for the whole page with the linked objects' names. The
number of queries does not grow with the size of the history.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, cast

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    BooleanField,
    Field,
    FileField,
    ManyToManyField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}

# The fields that name an object well enough to find it, read from the history row itself (no
# query); the first one the model has is shown beside the object's id.
LABEL_FIELDS = ("code", "number", "username", "title", "name", "original_name", "year")


def audited_models() -> dict[str, Any]:
    """Every model with a history, keyed "app_label.model_name", in a stable order.

    Typed Any: their `history` manager is added by simple_history, which has no types."""
    found = {}
    for model in apps.get_models():
        history = getattr(model, "history", None)
        if history is None or not hasattr(history, "model"):
            continue
        if getattr(history.model, "instance_type", None) is not model:
            continue
        found[model._meta.label_lower] = model
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class Filters:
    model: str = ""  # "app_label.model_name", empty for all
    user_id: int | None = None
    action: str = ""  # "+", "~" or "-"
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None  # inclusive


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(history: QuerySet, filters: Filters) -> QuerySet:
    q = Q()
    if filters.user_id is not None:
        q &= Q(history_user_id=filters.user_id)
    if filters.action:
        q &= Q(history_type=filters.action)
    if filters.date_from:
        q &= Q(history_date__gte=_start_of(filters.date_from))
    if filters.date_to:
        q &= Q(history_date__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    return history.filter(q)


KEY_FIELDS = ("audit_model", "history_id", "history_date")
PAGE_SIZE = 50
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Position:
    """Where a page starts or ends in the trail's order: newest first, by date, then history
    id, then the model's label (records of two tables may share a date and an id)."""

    when: datetime.datetime
    history_id: int
    model: str

    def token(self) -> str:
        """The position as a URL parameter: microseconds since 1970, history id, model."""
        micros = (self.when - EPOCH) // datetime.timedelta(microseconds=1)
        return f"{micros}_{self.history_id}_{self.model}"

    @classmethod
    def parse(cls, token: str | None) -> Position | None:
        """A position read back from a URL; None when it is missing or malformed."""
        if not token:
            return None
        try:
            micros, history_id, model = token.split("_", 2)
            when = EPOCH + datetime.timedelta(microseconds=int(micros))
            return cls(when, int(history_id), model)
        except (ValueError, OverflowError):
            return None


def _beyond(history: QuerySet, label: str, position: Position, older: bool) -> QuerySet:
    """The records strictly older (or newer) than `position` in the trail's order.

    The label is the same for the whole table, so its comparison is decided here. A row
    comparison, so that the database reads from the position along its (history_date,
    history_id) index even where thousands of records share the position's date."""
    if older:
        operator = "<=" if label < position.model else "<"
    else:
        operator = ">=" if label > position.model else ">"
    when = connection.ops.adapt_datetimefield_value(position.when)
    return history.filter(
        RawSQL(  # noqa: S611 (the operator is one of four constants; values are parameters)
            f"(history_date, history_id) {operator} (%s, %s)",
            (when, position.history_id),
            output_field=BooleanField(),
        )
    )


def _keys(filters: Filters, position: Position | None, older: bool, size: int) -> list[dict]:
    """Up to `size` keys (model, history id) from `position` on, in one query and without
    counting: each history table gives its own first `size` (a short walk down its date
    index), and the database merges them. Newest first when `older`, else oldest first."""
    models = audited_models()
    labels = [filters.model] if filters.model else list(models)
    direction = "DESC" if older else "ASC"
    order = ("-history_date", "-history_id") if older else ("history_date", "history_id")
    parts, params = [], []
    for label in labels:
        if label not in models:
            continue
        history = _filtered(models[label].history.all(), filters)
        if position is not None:
            history = _beyond(history, label, position, older)
        rows = history.order_by(*order).values_list("history_id", "history_date")[:size]
        sql, part_params = rows.query.sql_with_params()
        # The SQL is the ORM's own; every value, the label included, is a parameter.
        parts.append(f"SELECT %s AS audit_model, k.* FROM ({sql}) k")  # noqa: S608
        params += [label, *part_params]
    if not parts:
        return []
    union = " UNION ALL ".join(parts)
    sql = (
        f"SELECT audit_model, history_id FROM ({union}) keys "  # noqa: S608 (the ORM's SQL)
        f"ORDER BY history_date {direction}, history_id {direction}, "
        f"audit_model {direction} LIMIT {int(size)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [{"audit_model": m, "history_id": pk} for m, pk in cursor.fetchall()]


@dataclass
class Page:
    entries: list[Entry]
    previous: Position | None  # the first entry, when newer records exist
    next: Position | None  # the last entry, when older records exist
    first: bool  # this is the newest page
    last: bool  # this is the oldest page


def _position(entry: Entry) -> Position:
    return Position(entry.when, entry.history_id, entry.model_label)


def page_of(
    filters: Filters,
    *,
    after: Position | None = None,
    before: Position | None = None,
    last: bool = False,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of the trail: the newest (by default), the one older than `after`, the one
    newer than `before`, or the oldest (`last`, read backwards). Each reads `size + 1` keys
    (the one more says whether the page has a neighbour) and never counts the trail."""
    if before is not None or last:
        keys = _keys(filters, before, False, size + 1)
        more_newer = len(keys) > size
        keys = list(reversed(keys[:size]))
        more_older = before is not None
    else:
        keys = _keys(filters, after, True, size + 1)
        more_older = len(keys) > size
        keys = keys[:size]
        more_newer = after is not None
    shown = entries(keys)
    return Page(
        entries=shown,
        previous=_position(shown[0]) if shown and more_newer else None,
        next=_position(shown[-1]) if shown and more_older else None,
        first=not more_newer,
        last=not more_older,
    )


@dataclass
class Change:
    field: str  # the field's verbose name
    old: str
    new: str
    # For links (many-to-many): the names of the objects linked and unlinked.
    # dataclasses.field: the name `field` is this class's first attribute here.
    added: list[str] = dataclasses.field(default_factory=list)
    removed: list[str] = dataclasses.field(default_factory=list)


@dataclass
class Entry:
    when: datetime.datetime
    who: object  # a User, or None for changes made outside a request (commands, imports)
    action: str
    action_label: str
    model_label: str  # "app_label.model_name"
    model_name: str  # verbose name
    object_id: object
    object_label: str
    changes: list[Change] = field(default_factory=list)
    history_id: int = 0


# Who a user is on the page: id -> full name (or username); read once for the page.
People = dict[object, str]


def _shown(model: type[Model], name: str, value: object, people: People | None = None) -> str:
    """A value as the rest of the site writes it: local time dd/mm/yyyy HH:MM, dates
    dd/mm/yyyy, amounts grouped, yes/no, a person's name, a file's name (not its path)."""
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - an m2m or removed field: show the raw value
        return str(value)
    if isinstance(model_field, Field) and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        if model_field.related_model is get_user_model() and people and value in people:
            return people[value]
        return f"#{value}"
    if isinstance(model_field, FileField):
        return PurePosixPath(str(value)).name
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        exponent = value.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return str(value)


def _label(model: type[Model], name: str) -> str:
    """A field's label in the user's language; fields declared without one ("version")
    get Django's automatic English name, which the catalogue translates."""
    try:
        verbose = cast(Field, model._meta.get_field(name)).verbose_name
    except Exception:  # noqa: BLE001
        return name
    return str(verbose) if isinstance(verbose, Promise) else gettext(str(verbose))


def _link_fields(history: type[Model]) -> list[ManyToManyField]:
    """The many-to-many fields whose links the history model keeps (m2m_fields)."""
    return list(getattr(history, "_history_m2m_fields", ()))


# (field name, history id) -> {linked object's pk: its name}
Links = dict[tuple[str, int], dict[object, str]]


def _links(history: type[Model], history_ids: list[int]) -> Links:
    """The objects each record was linked to, with their names: one query per link field.

    A linked object deleted since is named by its id."""
    found: Links = defaultdict(dict)
    if not history_ids:
        return found
    for m2m_field in _link_fields(history):
        rows = getattr(history, m2m_field.name).model  # simple_history's model of the links
        target = m2m_field.m2m_reverse_field_name()
        for row in rows.objects.filter(history_id__in=history_ids).select_related(target):
            pk = getattr(row, f"{target}_id")
            linked = getattr(row, target)
            found[m2m_field.name, row.history_id][pk] = str(linked) if linked else f"#{pk}"
    return found


def _link_changes(model: type[Model], record, previous, links: Links) -> list[Change]:
    changes = []
    for m2m_field in _link_fields(type(record)):
        before = links.get((m2m_field.name, previous.history_id), {})
        after = links.get((m2m_field.name, record.history_id), {})
        added = sorted(name for pk, name in after.items() if pk not in before)
        removed = sorted(name for pk, name in before.items() if pk not in after)
        if added or removed:
            changes.append(
                Change(
                    str(cast(Field, model._meta.get_field(m2m_field.name)).verbose_name),
                    "; ".join(sorted(before.values())) or "—",
                    "; ".join(sorted(after.values())) or "—",
                    added=added,
                    removed=removed,
                )
            )
    return changes


def _changes(
    model: type[Model], record, previous, links: Links, people: People | None = None
) -> list[Change]:
    if previous is None or record.history_type != "~":
        return []
    # Links are compared from `links`, read for the whole page: diff_against would read them
    # again with two queries per link field for every record.
    delta = record.diff_against(
        previous, excluded_fields=[f.name for f in _link_fields(type(record))]
    )
    changes = []
    for change in delta.changes:
        changes.append(
            Change(
                _label(model, change.field),
                _shown(model, change.field, change.old, people),
                _shown(model, change.field, change.new, people),
            )
        )
    return changes + _link_changes(model, record, previous, links)


def _object_label(model: type[Model], record) -> str:
    plain = {f.name for f in model._meta.concrete_fields if not f.is_relation}
    for name in LABEL_FIELDS:
        value = getattr(record, name, None) if name in plain else None
        if value not in (None, ""):
            return str(value)
    return ""


def _people(records: Any) -> People:
    """The names of the users the page's changes point to (submitted by, reviewed by ...):
    one query for the page, none when no change names a user."""
    user_model = get_user_model()
    ids: set[int] = set()
    for model, row, prior in records:
        if prior is None or row.history_type != "~":
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is user_model:
                ids.update(getattr(x, f.attname) for x in (row, prior))
    ids.discard(None)
    if not ids:
        return {}
    return {
        u.pk: u.get_full_name() or u.username
        for u in user_model.objects.filter(pk__in=ids).only(
            "id", "username", "first_name", "last_name"
        )
    }


def entries(keys: list[dict]) -> list[Entry]:
    """The page's entries, with what each change changed, in the order of `keys`."""
    models = audited_models()
    by_model: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        by_model[key["audit_model"]].append(key["history_id"])
    records = {}
    links: dict[str, Links] = {}
    for label, ids in by_model.items():
        model = models[label]
        history = model.history.model
        before = (
            history.objects.filter(id=OuterRef("id"))
            .filter(
                Q(history_date__lt=OuterRef("history_date"))
                | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        rows = list(
            history.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(previous_id=Subquery(before))
        )
        previous_ids = [r.previous_id for r in rows if r.previous_id and r.history_type == "~"]
        previous = history.objects.in_bulk(previous_ids)
        compared = [r.history_id for r in rows if r.previous_id in previous]
        links[label] = _links(history, compared + list(previous)) if compared else {}
        for row in rows:
            records[label, row.history_id] = (model, row, previous.get(row.previous_id))
    people = _people(records.values())
    result = []
    for key in keys:
        model, row, prior = records[key["audit_model"], key["history_id"]]
        result.append(
            Entry(
                when=row.history_date,
                who=row.history_user,
                action=row.history_type,
                action_label=str(ACTIONS.get(row.history_type, row.history_type)),
                model_label=key["audit_model"],
                model_name=str(model._meta.verbose_name),
                object_id=row.id,
                object_label=_object_label(model, row),
                changes=_changes(model, row, prior, links[key["audit_model"]], people),
                history_id=row.history_id,
            )
        )
    return result
