"""The shapes the API answers with. Dates are ISO 8601 (YYYY-MM-DD).

Related organisations and plans are referred to by their codes and numbers, the identifiers
people and agency systems already use; `*_id` fields are there for following links within
the API.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

from orgs.models import Organisation, OrganisationKind
from plans.coverage import Coverage, ThemeCoverage
from plans.models import ItemKind, LegalDocument, Plan, PlanItem, PlanLevel


def _without_nul(text: str) -> str:
    # Django's form fields refuse NUL too (PostgreSQL cannot store it in text).
    if "\x00" in text:
        # Django's own message, translated in our catalogue (Django's Vietnamese lacks it).
        raise ValueError(gettext("Null characters are not allowed."))
    return text


# Free text sent to the API: any string the database can store. The pattern puts the rule in
# the OpenAPI document too, so that clients (and the schemathesis fuzzer) know it.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$"), AfterValidator(_without_nul)]


class FieldErrorOut(Schema):
    """One refused value: where it is (`loc`: "body", "query" or "path", then the field's
    path, list positions as numbers), what is wrong in the caller's language (`msg`) and a
    stable code for programs (`type`, e.g. "missing", "int_parsing", "invalid")."""

    loc: list[str | int] = Field(examples=[["body", "items", 0, "progress"]])
    msg: str = Field(examples=["Tối đa 100."])
    type: str = Field(examples=["less_than_equal"])


class ErrorOut(Schema):
    """Every error answer of the API: `detail` says what happened in the caller's language
    (Accept-Language, else the user's language). 401, 403 and 404 answer this alone; 422 (a
    value of the wrong shape, or content the rules refuse: nothing was saved) and 409 (a
    stale `version`: read again) add `errors`, the refused values (ProblemOut)."""

    detail: str = Field(examples=["Không tìm thấy."])


class ProblemOut(ErrorOut):
    """`detail` and the refused values, each with its path (`loc`)."""

    errors: list[FieldErrorOut]


class ShapeErrorOut(ProblemOut):
    """422: values of the wrong shape (or refused by the rules); nothing was saved."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "detail": "Yêu cầu có giá trị không đúng dạng: xem errors.",
                    "errors": [
                        {"loc": ["query", "limit"], "msg": "Tối đa 500.", "type": "less_than_equal"}
                    ],
                }
            ]
        }
    }


class OrganisationRefOut(Schema):
    id: int
    code: str
    name: str
    short_name: str


class OrganisationOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    short_name: str
    kind: OrganisationKind
    parent_code: str | None
    province_code: str | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successor_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Organisation) -> str | None:
        return obj.parent.code if obj.parent is not None else None

    @staticmethod
    def resolve_province_code(obj: Organisation) -> str | None:
        return obj.province.code if obj.province is not None else None

    @staticmethod
    def resolve_successor_code(obj: Organisation) -> str | None:
        return obj.successor.code if obj.successor is not None else None


class OrganisationDetailOut(OrganisationOut):
    email: str
    phone: str
    contact_person: str


class LegalDocumentOut(Schema):
    number: str
    kind: LegalDocument.Kind
    issued_on: datetime.date | None
    issuer_code: str | None
    issuer_name: str
    title: str

    @staticmethod
    def resolve_issuer_code(obj: LegalDocument) -> str | None:
        return obj.issuer.code if obj.issuer is not None else None

    @staticmethod
    def resolve_issuer_name(obj: LegalDocument) -> str:
        return obj.issuer_name or (obj.issuer.name if obj.issuer is not None else "")


class PlanOut(Schema):
    id: int
    number: str
    title: str
    title_en: str
    level: PlanLevel
    territory_code: str
    period_start: int
    period_end: int
    issued_on: datetime.date | None
    parent_id: int | None
    parent_number: str | None

    @staticmethod
    def resolve_territory_code(obj: Plan) -> str:
        return obj.territory.code

    @staticmethod
    def resolve_parent_number(obj: Plan) -> str | None:
        return obj.parent.number if obj.parent is not None else None


class PlanDetailOut(PlanOut):
    description: str
    issuer: OrganisationRefOut | None
    focal_point: OrganisationRefOut | None
    legal_documents: list[LegalDocumentOut]


class ImplementsOut(Schema):
    """The item of the parent (e.g. national) plan that an item implements."""

    plan_number: str
    code: str


class PlanItemOut(Schema):
    id: int
    parent_id: int | None
    kind: ItemKind
    code: str
    number: str
    title: str
    title_en: str
    is_placeholder: bool
    timeframe: str
    on_request: bool
    priority_year: int | None
    due_date: datetime.date | None
    deliverable: str
    implements: ImplementsOut | None
    lead_codes: list[str]
    coordinating_codes: list[str]

    @staticmethod
    def resolve_implements(obj: PlanItem) -> dict[str, str] | None:
        if obj.implements is None:
            return None
        return {"plan_number": obj.implements.plan.number, "code": obj.implements.code}

    # The items' agencies as plans.tree.with_agencies reads them (plain values).
    @staticmethod
    def resolve_lead_codes(obj: PlanItem) -> list[str]:
        return [org.code for org in obj.agencies.lead]

    @staticmethod
    def resolve_coordinating_codes(obj: PlanItem) -> list[str]:
        return [org.code for org in obj.agencies.coordinating]


class ThemeCoverageOut(Schema):
    code: str
    number: str
    title: str
    adopted: int
    national: int
    percent: float
    not_adopted: list[str]

    @staticmethod
    def resolve_code(obj: ThemeCoverage) -> str:
        return obj.theme.code

    @staticmethod
    def resolve_number(obj: ThemeCoverage) -> str:
        return obj.theme.number

    @staticmethod
    def resolve_title(obj: ThemeCoverage) -> str:
        return obj.theme.title

    @staticmethod
    def resolve_percent(obj: ThemeCoverage) -> float:
        return round(obj.percent, 1)

    @staticmethod
    def resolve_not_adopted(obj: ThemeCoverage) -> list[str]:
        return [item.code for item in obj.not_adopted]


class CoverageOut(Schema):
    """How many activities of the parent plan the plan adopts, per theme of the parent plan."""

    plan_number: str
    parent_number: str
    adopted: int
    national: int
    percent: float
    not_adopted: list[str]
    themes: list[ThemeCoverageOut]

    @staticmethod
    def resolve_plan_number(obj: Coverage) -> str:
        return obj.plan.number

    @staticmethod
    def resolve_parent_number(obj: Coverage) -> str:
        return obj.parent.number

    @staticmethod
    def resolve_percent(obj: Coverage) -> float:
        return round(obj.percent, 1)

    @staticmethod
    def resolve_not_adopted(obj: Coverage) -> list[str]:
        return [item.code for item in obj.not_adopted]
