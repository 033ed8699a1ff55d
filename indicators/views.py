"""Indicator pages: catalogue, scorecard, indicator page, value entry and review, Excel.

Views stay thin: accounts.permissions decides, indicators.actions writes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from core.charts import to_svg
from indicators import actions
from indicators.catalogue_file import ImportRejected, catalogue_workbook, scorecard_workbook
from indicators.charts import merged_series_figure, progress_figure
from indicators.forms import (
    BaselineForm,
    CatalogueFileForm,
    ObjectiveFilterForm,
    ResponsibilityForm,
    ReturnForm,
    TargetForm,
    ValueForm,
)
from indicators.models import (
    EDITABLE_STATUSES,
    Baseline,
    Indicator,
    IndicatorValue,
    Target,
    UrbanClass,
    UrbanClassification,
    ValueStatus,
)
from indicators.responsibility import responsible_agencies, responsible_agency
from indicators.scorecard import build_scorecard, standing
from indicators.series import merged_series
from orgs.models import Organisation, OrganisationKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _territory(request: AuthenticatedHttpRequest, code: str) -> Organisation:
    """The territory, or 404 when it does not exist or lies outside the user's scope."""
    territory = get_object_or_404(Organisation, code=code)
    if not permissions.can_view_indicator_territory(request.user, territory):
        raise Http404
    return territory


def _own_province(request: AuthenticatedHttpRequest) -> Organisation | None:
    province_id = request.user.province_id
    return Organisation.objects.filter(pk=province_id).first() if province_id else None


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ObjectiveFilterForm(request.GET or None)
    chosen = Indicator.objects.select_related("objective", "responsible_agency")
    if form.is_valid() and form.cleaned_data["objective"]:
        chosen = chosen.filter(objective=form.cleaned_data["objective"])
    province = _own_province(request)
    indicators = list(chosen)
    # The agency answering in the user's province (the catalogue's own elsewhere).
    agencies = (
        responsible_agencies(indicators, province)
        if province is not None
        else {i.pk: i.responsible_agency for i in indicators}
    )
    for indicator in indicators:
        indicator.agency = agencies[indicator.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "indicators/catalogue.html",
        {
            "form": form,
            "indicators": indicators,
            "province": province,
            "can_manage": permissions.can_manage_indicator_catalogue(request.user),
        },
    )


@login_required
def catalogue_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    indicators = Indicator.objects.select_related("objective", "responsible_agency")
    return _xlsx(catalogue_workbook(indicators), "danh-muc-chi-tieu.xlsx")


@login_required
def catalogue_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_indicator_catalogue(request.user):
        raise PermissionDenied
    problems = []
    form = CatalogueFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.import_catalogue_file(
                form.cleaned_data["file"].read(), user=request.user
            )
        except ImportRejected as exc:
            problems = exc.problems
        else:
            messages.success(request, _("%(count)d indicators imported.") % {"count": len(saved)})
            return redirect("indicators:catalogue")
    return render(
        request,
        "indicators/import.html",
        {"form": form, "problems": problems, "max_bytes": settings.UPLOAD_MAX_BYTES},
    )


@login_required
def my_scorecard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's province's scorecard, or the provinces to choose from (central users)."""
    province = _own_province(request)
    if province is not None:
        return redirect("indicators:scorecard", province.code)
    provinces = Organisation.objects.visible_to(request.user).filter(kind=OrganisationKind.PROVINCE)
    return render(request, "indicators/choose_territory.html", {"provinces": provinces})


@login_required
def scorecard(request: AuthenticatedHttpRequest, territory: str) -> HttpResponse:
    place = _territory(request, territory)
    form = ObjectiveFilterForm(request.GET or None)
    objective = None
    if form.is_valid() and form.cleaned_data["objective"]:
        objective = form.cleaned_data["objective"].number
    card = build_scorecard(place, objective)
    pending = [v for v in pending_values(request.user) if v.territory_id == place.pk]
    return render(
        request,
        "indicators/scorecard.html",
        {"card": card, "territory": place, "form": form, "pending": pending},
    )


@login_required
def scorecard_export(request: AuthenticatedHttpRequest, territory: str) -> HttpResponse:
    place = _territory(request, territory)
    return _xlsx(
        scorecard_workbook(build_scorecard(place)), f"tinh-hinh-chi-tieu-{place.code}.xlsx"
    )


def _indicator_context(
    request: AuthenticatedHttpRequest, place: Organisation, indicator: Indicator, **forms
) -> dict:
    user = request.user
    row = standing(indicator, place)
    values = IndicatorValue.objects.filter(indicator=indicator, territory=place).select_related(
        "entered_by", "reviewed_by"
    )
    if not permissions.can_see_unaccepted_indicator_values(user, indicator, place):
        values = values.filter(status=ValueStatus.ACCEPTED)
    can_review = permissions.can_set_indicator_targets(user, place)
    can_enter = permissions.can_enter_indicator_value(user, indicator, place)
    revisions = sorted(
        [
            *Baseline.history.filter(indicator=indicator, territory=place).select_related(
                "history_user"
            ),
            *Target.history.filter(indicator=indicator, territory=place).select_related(
                "history_user"
            ),
        ],
        key=lambda h: h.history_date,
        reverse=True,
    )
    classification = UrbanClassification.objects.filter(organisation=place).first()
    series = merged_series(indicator, place)
    return {
        "territory": place,
        "indicator": indicator,
        "agency": responsible_agency(indicator, place),
        "series": series,
        "series_chart": mark_safe(to_svg(merged_series_figure(series))) if series else "",  # noqa: S308
        "row": row,
        "chart": mark_safe(to_svg(progress_figure(row))),  # noqa: S308 - our own SVG
        "values": values,
        "inputs": indicator.inputs.all(),
        "revisions": revisions,
        "standards": sorted(
            indicator.standards.all(),
            key=lambda s: (s.name, UrbanClass.values.index(s.urban_class)),
        ),
        "urban_class": classification.urban_class if classification else None,
        "can_enter": can_enter,
        "can_review": can_review,
        "value_form": forms.get("value_form")
        or (_value_form(request, values) if can_enter else None),
        "baseline_form": forms.get("baseline_form") or (BaselineForm() if can_review else None),
        "target_form": forms.get("target_form") or (TargetForm() if can_review else None),
        "responsibility_form": forms.get("responsibility_form")
        or (
            ResponsibilityForm(territory=place) if can_review and not indicator.is_derived else None
        ),
        "return_form": ReturnForm(),
    }


def _value_form(request: AuthenticatedHttpRequest, values) -> ValueForm:
    """An empty form, or one filled with the value of ?year= to correct it."""
    year = request.GET.get("year", "")
    record = (
        values.filter(year=int(year), status__in=EDITABLE_STATUSES).first()
        if year.isdigit()
        else None
    )
    if record is None:
        return ValueForm()
    return ValueForm(
        initial={
            "year": record.year,
            "value": record.value.normalize(),
            "source": record.source,
            "notes": record.notes,
            "submit": True,
        }
    )


def _get_indicator(code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("objective", "responsible_agency"), code=code
    )


@login_required
def indicator_detail(request: AuthenticatedHttpRequest, territory: str, code: str) -> HttpResponse:
    place = _territory(request, territory)
    indicator = _get_indicator(code)
    return render(
        request, "indicators/indicator.html", _indicator_context(request, place, indicator)
    )


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def enter_value(request: AuthenticatedHttpRequest, territory: str, code: str) -> HttpResponse:
    place = _territory(request, territory)
    indicator = _get_indicator(code)
    if not permissions.can_enter_indicator_value(request.user, indicator, place):
        raise PermissionDenied
    form = ValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.enter_value(
                indicator,
                place,
                year=data["year"],
                value=data["value"],
                source=data["source"],
                notes=data["notes"],
                submit=data["submit"],
                user=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The value of %(year)s is saved.") % {"year": data["year"]})
            return redirect("indicators:indicator", place.code, indicator.code)
    context = _indicator_context(request, place, indicator, value_form=form)
    return render(request, "indicators/indicator.html", context, status=400 if form.errors else 200)


@login_required
def set_baseline_or_target(request: AuthenticatedHttpRequest, territory: str, code: str, what: str):
    place = _territory(request, territory)
    indicator = _get_indicator(code)
    if not permissions.can_set_indicator_targets(request.user, place):
        raise PermissionDenied
    form_class = BaselineForm if what == "baseline" else TargetForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if what == "baseline":
                actions.set_baseline(indicator, place, user=request.user, **data)
            else:
                actions.set_target(indicator, place, user=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("indicators:indicator", place.code, indicator.code)
    key = "baseline_form" if what == "baseline" else "target_form"
    context = _indicator_context(request, place, indicator, **{key: form})
    return render(request, "indicators/indicator.html", context, status=400 if form.errors else 200)


@login_required
def set_responsibility(request: AuthenticatedHttpRequest, territory: str, code: str):
    """Name the agency answering for the indicator in the territory (its coordinator)."""
    place = _territory(request, territory)
    indicator = _get_indicator(code)
    if not permissions.can_set_indicator_targets(request.user, place):
        raise PermissionDenied
    form = ResponsibilityForm(request.POST or None, territory=place)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_responsibility(
                indicator,
                place,
                data["organisation"],
                valid_from=data["valid_from"],
                user=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(org)s answers for %(code)s from %(day)s.")
                % {
                    "org": data["organisation"],
                    "code": indicator.code,
                    "day": data["valid_from"].strftime("%d/%m/%Y"),
                },
            )
            return redirect("indicators:indicator", place.code, indicator.code)
    context = _indicator_context(request, place, indicator, responsibility_form=form)
    return render(request, "indicators/indicator.html", context, status=400 if form.errors else 200)


def _reviewable(request: AuthenticatedHttpRequest, pk: int) -> IndicatorValue:
    record = get_object_or_404(
        IndicatorValue.objects.select_related("indicator", "territory"), pk=pk
    )
    _territory(request, record.territory.code)  # 404 outside the user's scope
    if not permissions.can_review_indicator_value(request.user, record):
        raise PermissionDenied
    return record


@login_required
@require_POST
def accept_value(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = _reviewable(request, pk)
    try:
        actions.accept_value(record, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The value of %(year)s is accepted.") % {"year": record.year})
    return redirect("indicators:indicator", record.territory.code, record.indicator.code)


@login_required
@require_POST
def return_value(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = _reviewable(request, pk)
    form = ReturnForm(request.POST)
    comment = form.data.get("comment", "")
    try:
        actions.return_value(record, user=request.user, comment=comment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The value of %(year)s is returned.") % {"year": record.year})
    return redirect("indicators:indicator", record.territory.code, record.indicator.code)


def pending_values(user) -> list[IndicatorValue]:
    """Submitted values the user may review (for a coordinator's to-do list)."""
    if not permissions.is_active_user(user):
        return []
    scope = permissions.province_q(user, "territory__province_id")
    return [
        v
        for v in IndicatorValue.objects.filter(scope, status=ValueStatus.SUBMITTED).select_related(
            "indicator", "territory"
        )
        if permissions.can_review_indicator_value(user, v)
    ]
