"""The audit trail: the history records of every audited model, newest first, in one list.

django-simple-history keeps one history table per model. The page reads them together with a
UNION of the filtered tables (one query for a page, one to count), then fetches the page's
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
from typing import Any, cast

from django.apps import apps
from django.db.models import (
    CharField,
    Field,
    ManyToManyField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone
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


def entry_keys(filters: Filters) -> QuerySet:
    """(model, history id, date) of every matching record, newest first: a lazy UNION that
    a paginator counts and slices in the database."""
    models = audited_models()
    labels = [filters.model] if filters.model else list(models)
    parts = [
        _filtered(models[label].history.all(), filters)
        .annotate(audit_model=Value(label, output_field=CharField()))
        .order_by()
        .values(*KEY_FIELDS)
        for label in labels
        if label in models
    ]
    if not parts:
        return models[next(iter(models))].history.none().values("history_id")
    first, *rest = parts
    keys = first.union(*rest, all=True) if rest else first
    return keys.order_by("-history_date", "-history_id", "audit_model")


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


def _shown(model: type[Model], name: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - an m2m or removed field: show the raw value
        return str(value)
    if isinstance(model_field, Field) and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return f"#{value}"
    return str(value)


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


def _changes(model: type[Model], record, previous, links: Links) -> list[Change]:
    if previous is None or record.history_type != "~":
        return []
    # Links are compared from `links`, read for the whole page: diff_against would read them
    # again with two queries per link field for every record.
    delta = record.diff_against(
        previous, excluded_fields=[f.name for f in _link_fields(type(record))]
    )
    changes = []
    for change in delta.changes:
        try:
            label = str(cast(Field, model._meta.get_field(change.field)).verbose_name)
        except Exception:  # noqa: BLE001
            label = change.field
        changes.append(
            Change(
                label,
                _shown(model, change.field, change.old),
                _shown(model, change.field, change.new),
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
                changes=_changes(model, row, prior, links[key["audit_model"]]),
            )
        )
    return result
