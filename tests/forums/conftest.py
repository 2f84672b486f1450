import pytest

from forums import services
from tests.forums.factories import CategoryFactory
from tests.members.factories import MemberFactory
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory
from working_groups.models import WorkingGroup


@pytest.fixture
def category(db):
    return CategoryFactory(name="Fiscal decentralization", slug="fiscal")


@pytest.fixture
def private_group(db):
    return WorkingGroupFactory(
        name="Africa", slug="africa", visibility=WorkingGroup.Visibility.MEMBERS
    )


@pytest.fixture
def private_category(private_group):
    return services.create_group_category(group=private_group)


@pytest.fixture
def group_member(private_group):
    user = MemberFactory()
    MembershipFactory(group=private_group, user=user)
    return user


@pytest.fixture
def co_chair(private_group):
    user = MemberFactory()
    CoChairFactory(group=private_group, user=user)
    return user


@pytest.fixture
def topic(category, member):
    return services.start_topic(
        category=category, author=member, title="Property tax reform", source="Where to start?"
    )


@pytest.fixture
def private_topic(private_category, group_member):
    return services.start_topic(
        category=private_category,
        author=group_member,
        title="Our quarterly meeting",
        source="Agenda: the secret budget review.",
    )
