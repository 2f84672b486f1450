"""A member's way into a working group, in a real browser: the list, the group, join, and the
group on their profile."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from taxonomy.models import Region, Topic
from tests.members.factories import PASSWORD, MemberFactory
from tests.working_groups.factories import (
    CoChairFactory,
    JoinRequestFactory,
    MembershipFactory,
    WorkingGroupFactory,
)
from working_groups.models import WorkingGroup

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "Wanjiru Kamau"


@pytest.fixture
def member(transactional_db):
    # Made before `page`, so before Playwright starts (see tests/browser/conftest.py).
    finance = WorkingGroupFactory(
        name="Subnational finance",
        slug="subnational-finance",
        summary="Transfers, own-source revenue, property tax and borrowing.",
        description="Intergovernmental fiscal transfer design and property tax reform.",
    )
    finance.topics.set(Topic.objects.filter(slug__in=["fiscal-decentralization"]))
    africa = WorkingGroupFactory(
        name="Africa",
        slug="africa",
        kind=WorkingGroup.Kind.REGIONAL,
        summary="Devolution and local service delivery across Sub-Saharan Africa.",
    )
    africa.regions.set(Region.objects.filter(slug="africa"))
    WorkingGroupFactory(
        name="Middle East and North Africa",
        slug="mena",
        kind=WorkingGroup.Kind.REGIONAL,
        join_policy=WorkingGroup.JoinPolicy.REQUEST,
        visibility=WorkingGroup.Visibility.MEMBERS,
        summary="Decentralization reforms in fragile and transition settings.",
    )
    for name in ("Achieng Otieno", "Rafael Gómez"):
        CoChairFactory(group=finance, user__profile__full_name=name)
    for name in ("Bilal Haddad", "Nguyen Thi Lan", "Fatou Sow"):
        MembershipFactory(group=finance, user__profile__full_name=name)
    return MemberFactory(profile__full_name=NAME)


def log_in(page: Page, member) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_member_finds_a_group_joins_it_and_sees_it_on_their_profile(
    member, page: Page, screenshots
):
    log_in(page, member)
    # The home suggests the group of the region the member lives in (Kenya).
    page.goto("/")
    suggestions = page.get_by_role("region", name="Working groups for you")
    expect(suggestions.get_by_role("link", name="Africa")).to_be_visible()
    expect(suggestions.get_by_role("button", name="Join Africa")).to_be_visible()
    screenshots(page, "wg-home")

    page.goto("/working-groups/")
    expect(page.get_by_role("heading", name="Working groups", level=1)).to_be_visible()
    screenshots(page, "wg-list")

    page.get_by_role("link", name="Subnational finance").click()
    expect(page.get_by_role("heading", name="Subnational finance", level=1)).to_be_visible()
    expect(page.get_by_text("Achieng Otieno")).to_be_visible()
    page.get_by_role("button", name="Join the group").click()

    expect(page.get_by_text("You have joined Subnational finance.")).to_be_visible()
    expect(page.get_by_text("You are a member of this group.")).to_be_visible()
    members = page.get_by_role("region", name="Members")
    expect(members.get_by_role("link", name=NAME)).to_be_visible()
    screenshots(page, "wg-group")

    page.goto("/members/me/")
    expect(page).to_have_url(re.compile(r"/members/\d+/$"))
    groups = page.get_by_role("region", name="Working groups")
    expect(groups.get_by_role("link", name="Subnational finance")).to_be_visible()

    assert not screenshots.overflowing, screenshots.overflowing


@pytest.fixture
def co_chair(transactional_db):
    group = WorkingGroupFactory(
        name="Gender equity and women's empowerment",
        slug="gender-equity",
        join_policy=WorkingGroup.JoinPolicy.REQUEST,
    )
    chair = CoChairFactory(group=group, user__profile__full_name="Achieng Otieno").user
    for name in ("Bilal Haddad", "Nguyen Thi Lan"):
        MembershipFactory(group=group, user__profile__full_name=name)
    JoinRequestFactory(
        group=group,
        user__profile__full_name="Fatou Sow",
        message="I lead gender-responsive budgeting in Dakar's municipalities.",
    )
    return chair


def test_a_co_chair_approves_a_request_and_emails_an_announcement(
    co_chair, page: Page, screenshots
):
    log_in(page, co_chair)
    page.goto("/working-groups/gender-equity/")
    page.get_by_role("link", name="Manage the group").click()
    page.get_by_role("link", name="1 request to join").click()
    expect(page.get_by_text("gender-responsive budgeting in Dakar")).to_be_visible()
    screenshots(page, "wg-requests")
    # Refusing is the quieter button: the secondary style holds on a <button> too.
    refuse = page.get_by_role("button", name="Refuse Fatou Sow")
    approve = page.get_by_role("button", name="Approve Fatou Sow")
    background = "el => getComputedStyle(el).backgroundColor"
    assert refuse.evaluate(background) != approve.evaluate(background)
    page.get_by_role("button", name="Approve Fatou Sow").click()
    expect(page.get_by_text("Fatou Sow is now a member; we have emailed them.")).to_be_visible()
    assert any("You are now a member" in message.subject for message in mail.outbox)

    page.goto("/working-groups/gender-equity/announce/")
    page.get_by_label("Subject").fill("Our September meeting")
    page.get_by_label("Message").fill("We meet on 18 September to compare gender budgets.")
    page.get_by_role("button", name="Send to all members").click()
    expect(page.get_by_text("Your announcement is on its way")).to_be_visible()
    # The test runs tasks eagerly after commit: the past announcements list says it went.
    page.reload()
    expect(page.get_by_role("cell", name="to 4 members")).to_be_visible()
    screenshots(page, "wg-manage")
    announced = [m for m in mail.outbox if "Our September meeting" in m.subject]
    assert len(announced) == 4

    assert not screenshots.overflowing, screenshots.overflowing
