import factory

from tests.members.factories import MemberFactory
from working_groups.models import JoinRequest, Membership, WorkingGroup


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")
    kind = WorkingGroup.Kind.THEMATIC
    summary = "Practitioners comparing notes on subnational finance."
    description = "We meet about quarterly to compare reforms."
    welcome_message = "Welcome to the group."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(MemberFactory)
    role = Membership.Role.MEMBER


class CoChairFactory(MembershipFactory):
    role = Membership.Role.CO_CHAIR


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    group = factory.SubFactory(WorkingGroupFactory, join_policy=WorkingGroup.JoinPolicy.REQUEST)
    user = factory.SubFactory(MemberFactory)
    message = "I work on fiscal transfers in Kenya."
