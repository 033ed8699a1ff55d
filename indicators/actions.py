"""Every write to indicators goes through here, inside one transaction.

Derived values are recomputed here, explicitly, whenever what they are computed from
changes: a value accepted, an accepted value returned, a formula or unit changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from core.history import stamp
from indicators.formulas import FormulaError, check_units, evaluate, parse_formula
from indicators.models import (
    VALUE_TRANSITIONS,
    Baseline,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    Responsibility,
    Target,
    TargetKind,
    ValueStatus,
)
from indicators.units import Quantity, parse_unit
from orgs.lookup import OrganisationLookup, OrganisationReferenceError
from orgs.models import Organisation

if TYPE_CHECKING:
    from accounts.models import User

STORED_PLACES = Decimal("0.000001")  # the DecimalFields' 6 decimal places
MIN_YEAR, MAX_YEAR = 1990, 2100


# --- The catalogue -------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueEntry:
    """What formula checks need to know of an indicator."""

    kind: str
    unit: str
    formula: str


def catalogue_entries() -> dict[str, CatalogueEntry]:
    return {
        code: CatalogueEntry(kind, unit, formula)
        for code, kind, unit, formula in Indicator.objects.values_list(
            "code", "kind", "unit", "formula"
        )
    }


def _cycle_from(code: str, catalogue: Mapping[str, CatalogueEntry]) -> list[str] | None:
    """A chain of formula inputs leading from `code` back to itself, if there is one."""

    def inputs(c: str) -> set[str]:
        entry = catalogue.get(c)
        if entry is None or entry.kind != IndicatorKind.DERIVED or not entry.formula:
            return set()
        try:
            return parse_formula(entry.formula).codes
        except FormulaError:
            return set()

    stack: list[tuple[str, list[str]]] = [(c, [code, c]) for c in sorted(inputs(code))]
    seen: set[str] = set()
    while stack:
        current, chain = stack.pop()
        if current == code:
            return chain
        if current in seen:
            continue
        seen.add(current)
        stack.extend((c, [*chain, c]) for c in sorted(inputs(current)))
    return None


def check_indicator(code: str, catalogue: Mapping[str, CatalogueEntry]) -> dict[str, str]:
    """Problems with `code` in `catalogue`, by field name ("unit", "formula"); {} when none.

    Checks that the unit can be read and, for a derived indicator, that the formula parses,
    names only known codes that have units, does not use itself through other formulas,
    and yields the indicator's unit.
    """
    entry = catalogue[code]
    problems: dict[str, str] = {}
    if entry.unit:
        try:
            parse_unit(entry.unit)
        except ValueError:
            problems["unit"] = _(
                'The unit "%(unit)s" cannot be read; write it like "tCO2e/billion_VND", '
                '"percent" or "m²/person".'
            ) % {"unit": entry.unit}
    if entry.kind != IndicatorKind.DERIVED:
        if entry.formula:
            problems["formula"] = _("Only a derived indicator has a formula.")
        return problems
    if not entry.unit:
        problems.setdefault("unit", _("A derived indicator needs a unit."))
    try:
        formula = parse_formula(entry.formula)
    except FormulaError as exc:
        problems["formula"] = str(exc)
        return problems
    unknown = sorted(c for c in formula.codes if c not in catalogue)
    if unknown:
        problems["formula"] = _("Unknown indicator code(s): %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
        return problems
    cycle = _cycle_from(code, catalogue)
    if cycle:
        problems["formula"] = _("Circular formula: %(chain)s.") % {"chain": _(" uses ").join(cycle)}
        return problems
    unitless = sorted(c for c in formula.codes if not catalogue[c].unit)
    if unitless:
        problems["formula"] = _("Give these indicators a unit first: %(codes)s.") % {
            "codes": ", ".join(unitless)
        }
        return problems
    if "unit" not in problems:
        try:
            check_units(formula, {c: catalogue[c].unit for c in formula.codes}, entry.unit)
        except FormulaError as exc:
            problems["formula"] = str(exc)
    return problems


def check_catalogue(catalogue: Mapping[str, CatalogueEntry]) -> dict[str, dict[str, str]]:
    """Problems of every indicator of `catalogue`, by code; only codes with problems."""
    result = {code: check_indicator(code, catalogue) for code in catalogue}
    return {code: problems for code, problems in result.items() if problems}


INDICATOR_FIELDS = {
    "name",
    "name_en",
    "unit",
    "objective",
    "sector",
    "definition",
    "method",
    "data_source",
    "legal_basis",
    "frequency",
    "responsible_agency",
    "direction",
    "additive",
    "kind",
    "formula",
    "position",
}


def _sync_inputs(indicator: Indicator, by_code: Mapping[str, Indicator]) -> None:
    codes = parse_formula(indicator.formula).codes if indicator.is_derived else set()
    indicator.inputs.set([by_code[c] for c in codes])


@transaction.atomic
def save_indicators(rows: Iterable[Mapping], *, user: User) -> list[Indicator]:
    """Create or update indicators by code, all or nothing.

    Each row is a mapping with "code" and any of INDICATOR_FIELDS. The whole catalogue, with
    the rows applied, is checked first (so that a unit change cannot silently break another
    indicator's formula); ValidationError lists every problem, prefixed with its code, and
    nothing is saved. Derived values of changed derived indicators are recomputed.
    """
    if not permissions.can_manage_indicator_catalogue(user):
        raise PermissionDenied
    rows = list(rows)
    catalogue = catalogue_entries()
    existing = {i.code: i for i in Indicator.objects.filter(code__in=[r["code"] for r in rows])}
    for row in rows:
        old = catalogue.get(row["code"], CatalogueEntry(IndicatorKind.ENTERED, "", ""))
        catalogue[row["code"]] = CatalogueEntry(
            row.get("kind", old.kind),
            (row.get("unit", old.unit) or "").strip(),
            (row.get("formula", old.formula) or "").strip(),
        )
    problems = check_catalogue(catalogue)
    if problems:
        raise _rejection(problems, {r["code"] for r in rows})
    saved = []
    changed_formulas = []
    for row in rows:
        indicator = existing.get(row["code"]) or Indicator(code=row["code"])
        before = (indicator.kind, indicator.unit, indicator.formula)
        for name, value in row.items():
            if name in INDICATOR_FIELDS:
                if name in {"unit", "formula"}:
                    value = (value or "").strip()
                setattr(indicator, name, value)
        indicator.full_clean(validate_unique=False)
        stamp(indicator, user)
        indicator.save()
        if indicator.pk and before != (indicator.kind, indicator.unit, indicator.formula):
            changed_formulas.append(indicator)
        saved.append(indicator)
    by_code = {i.code: i for i in Indicator.objects.all()}
    for indicator in saved:
        _sync_inputs(indicator, by_code)
    for indicator in changed_formulas:
        if indicator.is_derived:
            recompute_indicator(indicator, user=user)
        else:
            _recompute_all_of(indicator, user=user)
    return saved


def _rejection(problems: dict[str, dict[str, str]], codes: set[str]) -> ValidationError:
    """One indicator's own problems by field; otherwise every message prefixed by its code."""
    if len(problems) == 1 and set(problems) <= codes and len(codes) == 1:
        return ValidationError(next(iter(problems.values())))
    by_field: dict[str, list[str]] = {}
    for code, fields in problems.items():
        for field, message in fields.items():
            by_field.setdefault(field, []).append(f"{code}: {message}")
    return ValidationError(by_field)


def save_indicator(code: str, *, user: User, **fields) -> Indicator:
    """Create or update one indicator; see save_indicators."""
    return save_indicators([{"code": code, **fields}], user=user)[0]


# --- Baselines and targets -----------------------------------------------------------------


def _check_year(year: int, field: str = "year") -> None:
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ValidationError(
            {
                field: _("Enter a year between %(min)s and %(max)s.")
                % {"min": MIN_YEAR, "max": MAX_YEAR}
            }
        )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def set_baseline(
    indicator: Indicator,
    territory: Organisation,
    *,
    year: int,
    value: Decimal,
    user: User,
    source: str = "",
) -> Baseline:
    """Set (or revise: the old one stays in the history) the baseline of a territory."""
    _require(permissions.can_set_indicator_targets(user, territory))
    _check_year(year)
    baseline = Baseline.objects.filter(indicator=indicator, territory=territory).first()
    baseline = baseline or Baseline(indicator=indicator, territory=territory)
    baseline.year, baseline.value, baseline.source = year, _stored(value), source
    stamp(baseline, user)
    baseline.save()
    return baseline


@transaction.atomic
def set_target(
    indicator: Indicator,
    territory: Organisation,
    *,
    year: int,
    value: Decimal,
    kind: str = TargetKind.ABSOLUTE,
    user: User,
    source: str = "",
) -> Target:
    """Set (or revise: the old one stays in the history) a milestone target.

    A relative target is a percent change against the baseline (-15 for "-15% vs 2014")
    and needs a baseline.
    """
    _require(permissions.can_set_indicator_targets(user, territory))
    _check_year(year)
    if kind not in TargetKind.values:
        raise ValidationError({"kind": _("Unknown kind of target.")})
    if kind == TargetKind.RELATIVE:
        baseline = Baseline.objects.filter(indicator=indicator, territory=territory).first()
        if baseline is None:
            raise ValidationError(
                {"kind": _("A target relative to the baseline needs a baseline first.")}
            )
        if year <= baseline.year:
            raise ValidationError({"year": _("The target year must come after the baseline.")})
    target = Target.objects.filter(indicator=indicator, territory=territory, year=year).first()
    target = target or Target(indicator=indicator, territory=territory, year=year)
    target.kind, target.value, target.source = kind, _stored(value), source
    stamp(target, user)
    target.save()
    return target


# --- Yearly values -------------------------------------------------------------------------


def _stored(value: Decimal) -> Decimal:
    return Decimal(value).quantize(STORED_PLACES, rounding=ROUND_HALF_UP)


def _move(value: IndicatorValue, to: str) -> None:
    if to not in VALUE_TRANSITIONS.get(value.status, set()):
        raise ValidationError(
            _("A value that is %(status)s cannot become %(to)s.")
            % {"status": value.get_status_display(), "to": ValueStatus(to).label}
        )
    value.status = to


@transaction.atomic
def enter_value(
    indicator: Indicator,
    territory: Organisation,
    *,
    year: int,
    value: Decimal,
    user: User,
    source: str = "",
    notes: str = "",
    submit: bool = True,
) -> IndicatorValue:
    """Enter or correct the value of a year, as a draft or submitted for review.

    An accepted value cannot be overwritten: the coordinator returns it first, so that
    every figure that counts is one somebody accepted.
    """
    _require(permissions.can_enter_indicator_value(user, indicator, territory))
    _check_year(year)
    record = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, territory=territory, year=year)
        .first()
    )
    if record is None:
        record = IndicatorValue(indicator=indicator, territory=territory, year=year)
    elif record.status == ValueStatus.ACCEPTED:
        raise ValidationError(
            {
                "year": _(
                    "The value of %(year)s is already accepted; ask the coordinator to "
                    "return it before correcting it."
                )
                % {"year": year}
            }
        )
    record.value, record.source, record.notes = _stored(value), source, notes
    record.entered_by = user
    if submit:
        if record.pk and record.status != ValueStatus.SUBMITTED:
            _move(record, ValueStatus.SUBMITTED)
        record.status = ValueStatus.SUBMITTED
        record.submitted_at = timezone.now()
    elif record.status == ValueStatus.SUBMITTED:
        record.status = ValueStatus.DRAFT  # taken back for more work
    record.reviewed_by, record.reviewed_at = None, None
    stamp(record, user)
    record.save()
    return record


@transaction.atomic
def accept_value(record: IndicatorValue, *, user: User) -> IndicatorValue:
    """Accept a submitted value; derived indicators that read it are recomputed."""
    _require(permissions.can_review_indicator_value(user, record))
    _move(record, ValueStatus.ACCEPTED)
    record.reviewed_by, record.reviewed_at = user, timezone.now()
    stamp(record, user)
    record.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    recompute_dependents(record.indicator, record.territory, record.year, user=user)
    return record


@transaction.atomic
def return_value(record: IndicatorValue, *, user: User, comment: str) -> IndicatorValue:
    """Return a submitted (or accepted) value to the agency with a comment saying why."""
    _require(permissions.can_review_indicator_value(user, record))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs correcting.")})
    was_accepted = record.status == ValueStatus.ACCEPTED
    _move(record, ValueStatus.RETURNED)
    record.reviewed_by, record.reviewed_at = user, timezone.now()
    record.review_comment = comment.strip()
    stamp(record, user)
    record.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    if was_accepted:
        recompute_dependents(record.indicator, record.territory, record.year, user=user)
    return record


# --- Derived values ------------------------------------------------------------------------


def _derived_in_order(changed: Indicator) -> list[Indicator]:
    """Derived indicators reading `changed`, directly or not, inputs before their users."""
    derived = list(Indicator.objects.filter(kind=IndicatorKind.DERIVED).prefetch_related("inputs"))
    inputs = {d.pk: {i.pk for i in d.inputs.all()} for d in derived}
    affected: set[int] = set()
    frontier = {changed.pk}
    while frontier:
        frontier = {d.pk for d in derived if inputs[d.pk] & frontier} - affected
        affected |= frontier
    ordered: list[Indicator] = []
    placed: set[int] = set()
    pending = [d for d in derived if d.pk in affected]
    while pending:  # formulas are acyclic (checked when saved), so this ends
        ready = [d for d in pending if not (inputs[d.pk] & affected) - placed]
        if not ready:
            break
        ordered.extend(ready)
        placed |= {d.pk for d in ready}
        pending = [d for d in pending if d.pk not in placed]
    return ordered


def compute_value(indicator: Indicator, territory: Organisation, year: int) -> Decimal | None:
    """The derived indicator's value from accepted inputs; None if an input has none."""
    formula = parse_formula(indicator.formula)
    inputs = {i.code: i for i in indicator.inputs.all()}
    accepted = {
        v.indicator_id: v.value
        for v in IndicatorValue.objects.accepted().filter(
            indicator__in=inputs.values(), territory=territory, year=year
        )
    }
    values = {
        code: Quantity(accepted[i.pk], parse_unit(i.unit)) if i.pk in accepted else None
        for code, i in inputs.items()
    }
    return evaluate(formula, values, indicator.unit)


def _store_computed(
    indicator: Indicator, territory: Organisation, year: int, value: Decimal | None, user
) -> None:
    record = IndicatorValue.objects.filter(
        indicator=indicator, territory=territory, year=year
    ).first()
    if value is None:
        if record is not None:
            stamp(record, user)
            record.delete()  # "no value", never a stale number or a zero
        return
    record = record or IndicatorValue(indicator=indicator, territory=territory, year=year)
    record.value = _stored(value)
    record.status = ValueStatus.ACCEPTED
    record.is_computed = True
    record.notes = _("Computed: %(formula)s") % {"formula": indicator.formula}
    record.entered_by = record.reviewed_by = None
    record.reviewed_at = timezone.now()
    stamp(record, user)
    record.save()


def recompute_dependents(
    indicator: Indicator, territory: Organisation, year: int, *, user: User
) -> None:
    """Recompute, for one territory and year, every derived indicator reading `indicator`."""
    for derived in _derived_in_order(indicator):
        _store_computed(derived, territory, year, compute_value(derived, territory, year), user)


def recompute_indicator(indicator: Indicator, *, user: User) -> None:
    """Recompute a derived indicator (and what reads it) wherever it has or may have a value."""
    places = set(
        IndicatorValue.objects.accepted()
        .filter(indicator__in=indicator.inputs.all())
        .values_list("territory_id", "year")
    ) | set(IndicatorValue.objects.filter(indicator=indicator).values_list("territory_id", "year"))
    territories = Organisation.objects.in_bulk({t for t, _y in places})
    for territory_id, year in sorted(places):
        territory = territories[territory_id]
        _store_computed(indicator, territory, year, compute_value(indicator, territory, year), user)
        recompute_dependents(indicator, territory, year, user=user)


def _recompute_all_of(indicator: Indicator, *, user: User) -> None:
    """An entered indicator's unit changed: what reads it is recomputed everywhere."""
    places = set(
        IndicatorValue.objects.accepted()
        .filter(indicator=indicator)
        .values_list("territory_id", "year")
    )
    territories = Organisation.objects.in_bulk({t for t, _y in places})
    for territory_id, year in sorted(places):
        recompute_dependents(indicator, territories[territory_id], year, user=user)


# --- Catalogue import ----------------------------------------------------------------------


@transaction.atomic
def import_catalogue_file(content: bytes, *, user: User) -> list[Indicator]:
    """Create or update the indicators of an Excel catalogue (indicators.catalogue_file),
    all or nothing. Raises ImportRejected listing every problem with its row and column."""
    from indicators.catalogue_file import ImportProblem, ImportRejected, parse_catalogue
    from indicators.models import Objective

    if not permissions.can_manage_indicator_catalogue(user):
        raise PermissionDenied
    rows, problems = parse_catalogue(content)
    rows = [r for r in rows if r.get("code")]  # a row without code is reported already
    flagged = {(p.row, p.column) for p in problems}
    objectives = {str(o.number): o for o in Objective.objects.all()}
    # The catalogue is every province's: its agencies are looked for among all organisations,
    # through the lookup every importer uses (a code, or a name that fits one agency only).
    agencies = OrganisationLookup(Organisation.objects.all())
    prepared = []
    for row in rows:
        fields = {
            k: v for k, v in row.items() if k in INDICATOR_FIELDS and (row["row"], k) not in flagged
        }
        if "objective" in fields:
            fields["objective"] = objectives.get(row["objective"]) if row["objective"] else None
            if row["objective"] and fields["objective"] is None:
                problems.append(
                    ImportProblem(
                        _("Unknown objective %(number)s.") % {"number": row["objective"]},
                        row=row["row"],
                        column="objective",
                    )
                )
        if "responsible_agency" in fields:
            ref = row["responsible_agency"]
            fields["responsible_agency"] = None
            if ref:
                try:
                    fields["responsible_agency"] = agencies.resolve(ref)
                except OrganisationReferenceError as exc:
                    problems.append(
                        ImportProblem(exc.message, row=row["row"], column="responsible_agency")
                    )
        for key in ("frequency", "direction", "kind"):
            if key in fields and not fields[key]:
                del fields[key]  # an empty cell keeps the current (or default) choice
        prepared.append({"code": row["code"], **fields})
        try:
            Indicator(code=row["code"], **fields).clean_fields(exclude=["objective"])
        except ValidationError as exc:
            for column, messages in exc.message_dict.items():
                problems.extend(ImportProblem(m, row=row["row"], column=column) for m in messages)
    # Formulas and units, across the whole catalogue with the file applied.
    catalogue = catalogue_entries()
    for row in prepared:
        old = catalogue.get(row["code"], CatalogueEntry(IndicatorKind.ENTERED, "", ""))
        catalogue[row["code"]] = CatalogueEntry(
            row.get("kind", old.kind), row.get("unit", old.unit), row.get("formula", old.formula)
        )
    row_of = {r["code"]: r["row"] for r in rows}
    for code, fields in check_catalogue(catalogue).items():
        for column, message in fields.items():
            problems.append(
                ImportProblem(
                    message if code in row_of else f"{code}: {message}",
                    row=row_of.get(code),
                    column=column,
                )
            )
    if not problems:
        try:
            return save_indicators(prepared, user=user)
        except ValidationError as exc:  # field checks of the model (code pattern, lengths)
            for column, messages in exc.message_dict.items():
                problems.extend(ImportProblem(m, column=column) for m in messages)
    raise ImportRejected(problems)


# --- Who answers for an indicator in a territory -----------------------------------------


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


@transaction.atomic
def set_responsibility(
    indicator: Indicator,
    territory: Organisation,
    organisation: Organisation,
    *,
    valid_from: datetime.date,
    user: User,
) -> Responsibility:
    """Name the agency answering for `indicator` in `territory` from `valid_from`: the row
    answering until then ends the day before (the earlier agency's values stay entered by it).
    The agency is one of the territory's (the same province) and exists on that day."""
    _require(permissions.can_set_indicator_targets(user, territory))
    if organisation.province_id != territory.province_id:
        raise ValidationError(
            {"organisation": _("Choose an agency of %(territory)s.") % {"territory": territory}}
        )
    if not organisation.is_valid_on(valid_from):
        raise ValidationError(
            {
                "organisation": _("%(org)s does not exist on %(day)s.")
                % {"org": organisation, "day": _day(valid_from)}
            }
        )
    rows = Responsibility.objects.select_for_update().filter(
        indicator=indicator, territory=territory
    )
    later = rows.filter(valid_from__gt=valid_from).order_by("valid_from").first()
    if later is not None:
        raise ValidationError(
            {
                "valid_from": _("%(org)s already answers for it from %(day)s: choose a later day.")
                % {"org": later.organisation, "day": _day(later.valid_from)}
            }
        )
    current = rows.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from), valid_from__lte=valid_from
    ).first()
    if current is not None and current.organisation_id == organisation.pk:
        return current
    if current is not None and current.valid_from == valid_from:
        current.organisation = organisation  # named again for the same day: a correction
        stamp(current, user)
        current.save(update_fields=["organisation", "updated_at"])
        return current
    if current is not None:
        current.valid_to = valid_from - datetime.timedelta(days=1)
        stamp(current, user)
        current.save(update_fields=["valid_to", "updated_at"])
    row = Responsibility(
        indicator=indicator, territory=territory, organisation=organisation, valid_from=valid_from
    )
    stamp(row, user)
    row.save()
    return row


def responsibilities_to_hand_over(
    source: Organisation, effective: datetime.date
) -> list[Responsibility]:
    """The territories' responsibilities a merger of `source` from `effective` hands over:
    those `source` holds as an agency, and those of `source` as a territory, still running
    on `effective`."""
    return list(
        Responsibility.objects.filter(Q(organisation=source) | Q(territory=source))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=effective))
        .select_related("indicator", "territory", "organisation")
        .order_by("indicator__position", "indicator__code", "territory__name")
    )


@dataclass
class IndicatorHandOver:
    """What a merger handed over: the catalogue's indicators `source` answered for, and the
    territories' responsibilities opened for the successor (agency or territory)."""

    indicators: list[Indicator] = dataclass_field(default_factory=list)
    responsibilities: list[Responsibility] = dataclass_field(default_factory=list)


def _continue(
    row: Responsibility,
    *,
    effective: datetime.date,
    user: User,
    reason: str,
    territory: Organisation | None = None,
    organisation: Organisation | None = None,
) -> Responsibility:
    """Close `row` on the day before `effective` and open its continuation (another territory
    or agency) from `effective`, to the same end; a row not yet begun is changed in place."""
    changes = {
        "territory": territory or row.territory,
        "organisation": organisation or row.organisation,
    }
    if row.valid_from >= effective:
        for name, value in changes.items():
            setattr(row, name, value)
        stamp(row, user, reason)
        row.save(update_fields=["territory", "organisation", "updated_at"])
        return row
    ends = row.valid_to
    row.valid_to = effective - datetime.timedelta(days=1)
    stamp(row, user, reason)
    row.save(update_fields=["valid_to", "updated_at"])
    opened = Responsibility(indicator=row.indicator, valid_from=effective, valid_to=ends, **changes)
    stamp(opened, user, reason)
    opened.save()
    return opened


def _close(row: Responsibility, *, effective: datetime.date, user: User, reason: str) -> None:
    stamp(row, user, reason)
    if row.valid_from >= effective:
        row.delete()  # it never began
        return
    row.valid_to = effective - datetime.timedelta(days=1)
    row.save(update_fields=["valid_to", "updated_at"])


def hand_over_indicators(
    source: Organisation,
    successor: Organisation,
    *,
    effective: datetime.date,
    user: User,
    reason: str,
) -> IndicatorHandOver:
    """On a merger from `effective`: the indicators `source` answers for in the catalogue are
    `successor`'s from now on; its responsibilities in territories end on the merger's last
    day and continue with `successor`. When `source` is a territory (a province merged into
    another), its responsibilities continue for the heir territory where the heir has none
    of its own for the indicator (its own agency answers otherwise). The values already
    entered stay entered by whoever entered them. The caller holds the transaction."""
    indicators = list(Indicator.objects.filter(responsible_agency=source))
    for indicator in indicators:
        indicator.responsible_agency = successor
        stamp(indicator, user, reason)
        indicator.save()
    running = Q(valid_to__isnull=True) | Q(valid_to__gte=effective)
    opened: list[Responsibility] = []
    for row in Responsibility.objects.filter(running, organisation=source).select_related(
        "indicator", "territory"
    ):
        opened.append(
            _continue(row, effective=effective, user=user, reason=reason, organisation=successor)
        )
    rows = list(
        Responsibility.objects.filter(running, territory=source).select_related(
            "indicator", "organisation"
        )
    )
    if rows:
        heirs_own = set(
            Responsibility.objects.filter(
                running, territory=successor, indicator__in=[r.indicator_id for r in rows]
            ).values_list("indicator_id", flat=True)
        )
        for row in rows:
            pk = row.pk
            if row.indicator_id in heirs_own:
                _close(row, effective=effective, user=user, reason=reason)
                opened = [o for o in opened if o.pk != pk]
            else:
                continued = _continue(
                    row, effective=effective, user=user, reason=reason, territory=successor
                )
                opened = [o for o in opened if o.pk != pk] + [continued]
    return IndicatorHandOver(indicators, opened)
