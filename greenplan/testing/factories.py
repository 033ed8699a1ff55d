"""factory_boy factories for test data, shared by every app's tests."""

from typing import TYPE_CHECKING, Any, TypeVar

import factory

from accounts.models import Role, User
from orgs.models import Organisation, OrganisationKind
from plans.models import Assignment, ItemKind, Plan, PlanItem, PlanLevel

M = TypeVar("M")


class ModelFactory(factory.django.DjangoModelFactory[M]):
    """A DjangoModelFactory whose call, `OrganisationFactory(...)`, is typed as the model it
    creates (factory_boy types `create()` but leaves `__new__`, which calls it, untyped)."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # mypy insists that __new__ return an instance of its class; factory_boy's returns
        # the model instance instead, which is exactly what this declares.
        def __new__(cls, *args: Any, **kwargs: Any) -> M: ...  # type: ignore[misc]


class OrganisationFactory(ModelFactory[Organisation]):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    kind = OrganisationKind.DEPARTMENT


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.AGENCY_STAFF
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class PlanFactory(ModelFactory[Plan]):
    class Meta:
        model = Plan

    number = factory.Sequence(lambda n: f"{n}/KH-UBND")
    title = factory.Sequence(lambda n: f"Kế hoạch {n}")
    level = PlanLevel.PROVINCIAL
    territory = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PROVINCE)
    period_start = 2018
    period_end = 2020


class PlanItemFactory(ModelFactory[PlanItem]):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(PlanFactory)
    kind = ItemKind.ACTIVITY
    code = factory.Sequence(lambda n: f"A{n}")
    number = factory.LazyAttribute(lambda o: o.code)
    title = factory.Sequence(lambda n: f"Hoạt động {n}")
    position = factory.Sequence(lambda n: n)


class AssignmentFactory(ModelFactory[Assignment]):
    class Meta:
        model = Assignment

    item = factory.SubFactory(PlanItemFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Assignment.Role.LEAD
