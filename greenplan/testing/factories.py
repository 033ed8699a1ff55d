"""factory_boy factories for test data, shared by every app's tests."""

import factory

from accounts.models import Role, User
from orgs.models import Organisation, OrganisationKind
from plans.models import Assignment, ItemKind, Plan, PlanItem, PlanLevel


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    kind = OrganisationKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
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


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    number = factory.Sequence(lambda n: f"{n}/KH-UBND")
    title = factory.Sequence(lambda n: f"Kế hoạch {n}")
    level = PlanLevel.PROVINCIAL
    territory = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PROVINCE)
    period_start = 2018
    period_end = 2020


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(PlanFactory)
    kind = ItemKind.ACTIVITY
    code = factory.Sequence(lambda n: f"A{n}")
    number = factory.LazyAttribute(lambda o: o.code)
    title = factory.Sequence(lambda n: f"Hoạt động {n}")
    position = factory.Sequence(lambda n: n)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    item = factory.SubFactory(PlanItemFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Assignment.Role.LEAD
