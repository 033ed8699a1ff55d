"""Green growth indicators: the shared catalogue, a territory's scorecard and yearly values;
the responsible agency's system enters a value as JSON. Same permissions and actions as the
indicator pages (accounts.permissions decides, indicators.actions writes)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Path, Query, Router, Schema, Status

from accounts import permissions
from accounts.models import User
from api.auth import ApiRequest
from api.errors import content_refused, not_saved
from api.pagination import ChangedSinceIn, PageIn, in_sync_order, page_of, paginate
from api.schemas import ErrorOut, ProblemOut, ShapeErrorOut, Text
from indicators import actions
from indicators.models import Indicator, IndicatorValue, ValueStatus
from indicators.scorecard import IndicatorStanding, build_scorecard
from indicators.units import unit_label
from orgs.models import Organisation

router = Router(tags=["indicators"])

# Codes as stored: organisation codes are slugs, indicator codes capitals, digits and "_".
TerritoryCode = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]{1,40}$")]
IndicatorCode = Annotated[str, Path(pattern=r"^[A-Za-z0-9_]{1,40}$")]

# The stored precision of statistics (indicators.models.VALUE_DIGITS: 24 digits, 6 decimals).
INTEGER_DIGITS, DECIMAL_PLACES = 18, 6


class IndicatorOut(Schema):
    code: str
    name: str
    name_en: str
    unit: str  # as pint reads it ("tCO2e/billion_VND")
    unit_label: str  # in the asked language ("tCO2e/billion VND", "tấn CO2tđ/tỷ đồng")
    objective: int | None
    sector: str
    definition: str
    method: str
    data_source: str
    frequency: str
    direction: str
    kind: str
    formula: str
    responsible_agency_code: str | None

    @staticmethod
    def resolve_unit_label(obj: Indicator) -> str:
        return unit_label(obj.unit)

    @staticmethod
    def resolve_objective(obj: Indicator) -> int | None:
        return obj.objective.number if obj.objective is not None else None

    @staticmethod
    def resolve_responsible_agency_code(obj: Indicator) -> str | None:
        return obj.responsible_agency.code if obj.responsible_agency is not None else None


class YearValueOut(Schema):
    year: int
    value: Decimal


class TargetOut(Schema):
    year: int
    kind: str  # "absolute", or "relative": a percent change against the baseline
    value: Decimal
    resolved_value: Decimal | None  # in the indicator's unit; null without a baseline
    source: str


class ScorecardRowOut(Schema):
    code: str
    name: str
    name_en: str
    unit: str
    unit_label: str
    direction: str
    kind: str
    baseline: YearValueOut | None
    targets: list[TargetOut]
    target: YearValueOut | None  # the milestone the gap is measured to
    latest: YearValueOut | None  # the latest accepted value
    path_value: Decimal | None  # where the target path stands in the latest value's year
    gap: Decimal | None  # still to go (positive), or the margin beyond the target
    status: str  # on_track, off_track, no_data, no_target
    status_label: str


class ScorecardOut(Schema):
    territory_code: str
    territory: str
    counts: dict[str, int]
    rows: list[ScorecardRowOut]


class ScorecardFilters(Schema):
    objective: int | None = Field(None, ge=1, le=32767)  # the objective's number


class ValueOut(Schema):
    id: int
    indicator_code: str
    territory_code: str
    year: int
    value: Decimal
    status: str
    is_computed: bool
    source: str
    notes: str
    entered_by: str | None
    submitted_at: datetime.datetime | None
    reviewed_by: str | None  # who accepted (or returned) it
    reviewed_at: datetime.datetime | None
    review_comment: str


class ValueIn(Schema):
    year: int = Field(..., ge=actions.MIN_YEAR, le=actions.MAX_YEAR)
    # A number, or a string with a dot as decimal separator ("3.5"): never localised.
    value: Decimal | Text
    source: Annotated[Text, Field(max_length=255)] = ""
    notes: Text = ""
    submit: bool = True  # submit for review now; false keeps a draft


def _person(user: User | None) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username


def _territory(user: User, code: str) -> Organisation:
    """The territory, or 404 when it does not exist or lies outside the user's scope."""
    territory = get_object_or_404(Organisation, code=code)
    if not permissions.can_view_indicator_territory(user, territory):
        raise Http404
    return territory


def _indicator(code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("objective", "responsible_agency"), code=code
    )


def _point(point) -> dict | None:
    return {"year": point.year, "value": point.value} if point is not None else None


def _row(row: IndicatorStanding) -> dict:
    progress = row.progress
    indicator = row.indicator
    return {
        "code": indicator.code,
        "name": indicator.name,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "unit_label": unit_label(indicator.unit),
        "direction": indicator.direction,
        "kind": indicator.kind,
        "baseline": (
            {"year": row.baseline.year, "value": row.baseline.value} if row.baseline else None
        ),
        "targets": [
            {
                "year": t.target.year,
                "kind": t.target.kind,
                "value": t.target.value,
                "resolved_value": t.value,
                "source": t.target.source,
            }
            for t in row.targets
        ],
        "target": _point(progress.target) if progress else None,
        "latest": _point(progress.actual) if progress else None,
        "path_value": progress.path_value if progress else None,
        "gap": progress.gap if progress else None,
        "status": progress.status.value if progress else "no_data",
        "status_label": str(progress.status.label) if progress else "",
    }


def _value_out(record: IndicatorValue, indicator: Indicator, territory: Organisation) -> dict:
    return {
        "id": record.pk,
        "indicator_code": indicator.code,
        "territory_code": territory.code,
        "year": record.year,
        "value": record.value,
        "status": record.status,
        "is_computed": record.is_computed,
        "source": record.source,
        "notes": record.notes,
        "entered_by": _person(record.entered_by),
        "submitted_at": record.submitted_at,
        "reviewed_by": _person(record.reviewed_by),
        "reviewed_at": record.reviewed_at,
        "review_comment": record.review_comment,
    }


def parse_statistic(raw: Decimal | str) -> Decimal:
    """The value as the database can hold it; ValidationError with a message saying why not."""
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError(
            gettext('Enter a number, with a dot before any decimals (e.g. "1234.5").')
        ) from None
    if not value.is_finite():
        raise ValidationError(gettext("Enter a finite number."))
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    decimals = max(0, -exponent)
    if decimals > DECIMAL_PLACES:
        raise ValidationError(
            gettext("Enter at most %(places)d decimal places.") % {"places": DECIMAL_PLACES}
        )
    if len(digits) + max(0, exponent) - decimals > INTEGER_DIGITS:
        raise ValidationError(
            gettext("Enter at most %(digits)d digits before the decimal point.")
            % {"digits": INTEGER_DIGITS}
        )
    return value


ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ShapeErrorOut}


@router.get(
    "",
    response={200: page_of(IndicatorOut), 401: ErrorOut, 422: ShapeErrorOut},
    summary="The indicator catalogue",
    description="In catalogue order (position, code, id); with `changed_since`, by `updated_at`.",
)
def list_indicators(
    request: ApiRequest, filters: Query[ChangedSinceIn], page: Query[PageIn]
) -> dict[str, Any]:
    indicators = Indicator.objects.select_related("objective", "responsible_agency")
    indicators = in_sync_order(indicators, filters.changed_since, "position", "code", "pk")
    return paginate(request, indicators, page)


@router.get(
    "/territories/{territory_code}/scorecard",
    response={200: ScorecardOut, **ERRORS},
    summary="Where a territory stands on each indicator",
    description=(
        "One row per indicator: baseline, targets, the latest accepted value, the target "
        "path's value in that year, the gap to the next milestone target and whether the "
        "indicator is on track (a straight path from the baseline to each target). Only "
        "accepted values count."
    ),
)
def get_scorecard(
    request: ApiRequest, territory_code: TerritoryCode, filters: Query[ScorecardFilters]
):
    territory = _territory(request.auth, territory_code)
    card = build_scorecard(territory, filters.objective)
    return {
        "territory_code": territory.code,
        "territory": territory.name,
        "counts": card.counts,
        "rows": [_row(row) for row in card.rows],
    }


@router.get(
    "/territories/{territory_code}/{indicator_code}/values",
    response={200: list[ValueOut], **ERRORS},
    summary="An indicator's yearly values for a territory",
    description=(
        "Accepted values, with who entered and who accepted each. The responsible agency and "
        "the province's coordinator also see drafts, submitted and returned values."
    ),
)
def list_values(request: ApiRequest, territory_code: TerritoryCode, indicator_code: IndicatorCode):
    user = request.auth
    territory = _territory(user, territory_code)
    indicator = _indicator(indicator_code)
    values = IndicatorValue.objects.filter(indicator=indicator, territory=territory).select_related(
        "entered_by", "reviewed_by"
    )
    if not permissions.can_see_unaccepted_indicator_values(user, indicator, territory):
        values = values.filter(status=ValueStatus.ACCEPTED)
    return [_value_out(v, indicator, territory) for v in values.order_by("year")]


@router.post(
    "/territories/{territory_code}/{indicator_code}/values",
    response={
        200: ValueOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ProblemOut,
        422: ShapeErrorOut,
    },
    summary="Enter or correct a yearly value (the responsible agency)",
    description=(
        "Enters the value of `year`, submitted for review (or kept as a draft with "
        "`submit: false`), as on the indicator page. Only the indicator's responsible agency "
        "in its own province may (403 otherwise; derived indicators are computed, never "
        "entered). A value that is not a number, or one already accepted (the coordinator "
        "returns it first), answers 422 with `errors` by field, and nothing is saved."
    ),
)
def enter_value(
    request: ApiRequest,
    territory_code: TerritoryCode,
    indicator_code: IndicatorCode,
    payload: ValueIn,
):
    user = request.auth
    territory = _territory(user, territory_code)
    indicator = _indicator(indicator_code)
    if indicator.is_derived:
        return Status(
            403,
            {
                "detail": gettext(
                    "This indicator is computed from its formula: enter the values it is "
                    "computed from instead."
                )
            },
        )
    if not permissions.can_enter_indicator_value(user, indicator, territory):
        return Status(
            403, {"detail": gettext("Only the indicator's responsible agency enters its values.")}
        )
    invalid = gettext("The value was not saved: correct the fields listed in errors.")
    try:
        value = parse_statistic(payload.value)
    except ValidationError as exc:
        return content_refused(invalid, {"value": exc.messages})
    try:
        record = actions.enter_value(
            indicator,
            territory,
            year=payload.year,
            value=value,
            source=payload.source,
            notes=payload.notes,
            submit=payload.submit,
            user=user,
        )
    except PermissionDenied:
        return Status(
            403, {"detail": gettext("Only the indicator's responsible agency enters its values.")}
        )
    except ValidationError as exc:
        return not_saved(exc, invalid)
    record = IndicatorValue.objects.select_related("entered_by", "reviewed_by").get(pk=record.pk)
    return _value_out(record, indicator, territory)
