"""Pages of a list: `limit` / `offset` query parameters and an answer that says the total.

Every list of the API answers `{"count": <rows matching the filters>, "limit", "offset",
"next": <the URL of the next page or null>, "items": [...]}`, in a stable order that ends
with the row's id (so that two rows never swap between pages). A nightly sync asks with
`changed_since=<the largest updated_at it saw last time>`: the lists that take it are ordered
by `updated_at` then id, so that it reads, page after page, only what changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema
from pydantic import create_model, field_validator

MAX_LIMIT = 500
DEFAULT_LIMIT = 100

Row = TypeVar("Row")
Rows = TypeVar("Rows", bound=QuerySet[Any])


class PageIn(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page (1 to 500).")
    offset: int = Field(0, ge=0, le=10**9, description="Rows to skip.")


class ChangedSinceIn(Schema):
    changed_since: datetime.datetime | None = Field(
        None,
        description=(
            "Only rows changed at or after this moment (ISO 8601 with its time zone), "
            "for a sync that reads what changed since its last run"
            ", e.g. 2026-11-30T17:00:00+07:00."
        ),
    )

    @field_validator("changed_since")
    @classmethod
    def _in_utc(cls, value: datetime.datetime | None) -> datetime.datetime | None:
        """Compared in UTC: any offset a client sends (ISO 8601 allows up to ±23:59, a
        database ±15:59) means the same moment; a moment without a zone is Vietnam's time."""
        if value is None:
            return None
        if value.tzinfo is None:
            value = timezone.make_aware(value)
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:  # before year 1 or after year 9999 in UTC
            ahead = (value.utcoffset() or datetime.timedelta()) > datetime.timedelta()
            if ahead:
                return datetime.datetime.min.replace(tzinfo=datetime.UTC)
            return datetime.datetime.max.replace(tzinfo=datetime.UTC)


def in_sync_order(rows: Rows, changed_since: datetime.datetime | None, *default_order: str) -> Rows:
    """A list's rows in its usual order, or, with `changed_since`, only those changed since
    then, by updated_at then id (a sync reads them page after page without missing one)."""
    if changed_since is None:
        return rows.order_by(*default_order)
    return rows.filter(updated_at__gte=changed_since).order_by("updated_at", "pk")


_PAGES: dict[type, type[Schema]] = {}


def page_of(schema: type[Schema]) -> type[Schema]:
    """The page schema of a list of `schema` (one class per item schema, for OpenAPI)."""
    if schema not in _PAGES:
        _PAGES[schema] = create_model(
            f"{schema.__name__.removesuffix('Out')}PageOut",
            __base__=Schema,
            count=(int, Field(description="Rows matching the filters, on every page.")),
            limit=(int, ...),
            offset=(int, ...),
            next=(str | None, Field(description="The next page's URL, null on the last.")),
            items=(list[schema], ...),  # type: ignore[valid-type]
        )
    return _PAGES[schema]


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    page: PageIn,
    convert: Callable[[Any], Any] = lambda row: row,
) -> dict[str, Any]:
    """One page of `rows` (already filtered and in their stable order)."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    items = [convert(row) for row in rows[page.offset : page.offset + page.limit]]
    following = None
    if page.offset + page.limit < count:
        query = request.GET.copy()
        query["offset"] = str(page.offset + page.limit)
        query["limit"] = str(page.limit)
        following = f"{request.path}?{query.urlencode()}"
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "next": following,
        "items": items,
    }
