"""Who may do what in a working group: named predicates that the views and services ask.

Which groups a person may open at all is a lookup scope, WorkingGroup.objects.visible_to(user);
these say what they may do there."""

from working_groups.models import Membership, WorkingGroup

_ROLES_ATTRIBUTE = "_working_group_roles"


def group_roles(user) -> dict[int, str]:
    """The user's role in each group they belong to ({group id: "member" or "co-chair"}): one
    query, kept on the user object, which a request loads afresh; the forums ask it for every
    category and topic they show."""
    if not user.is_authenticated:
        return {}
    roles = getattr(user, _ROLES_ATTRIBUTE, None)
    if roles is None:
        roles = dict(Membership.objects.filter(user=user).values_list("group_id", "role"))
        setattr(user, _ROLES_ATTRIBUTE, roles)
    return roles


def can_view_group(user, group: WorkingGroup) -> bool:
    return group.visibility == WorkingGroup.Visibility.PUBLIC or user.is_authenticated


def is_co_chair(user, group: WorkingGroup) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.co_chairs().filter(group=group, user=user).exists()
    )


def can_manage_group(user, group: WorkingGroup) -> bool:
    """Co-chairs lead their group; staff may step in for any group."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or is_co_chair(user, group)


def can_join(user, group: WorkingGroup) -> bool:
    """One click for an open group; a by-request group takes a request instead."""
    return (
        user.is_authenticated
        and user.is_active
        and can_view_group(user, group)
        and group.join_policy == WorkingGroup.JoinPolicy.OPEN
        and not group.memberships.filter(user=user).exists()
    )


def can_request_to_join(user, group: WorkingGroup) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and can_view_group(user, group)
        and group.join_policy == WorkingGroup.JoinPolicy.REQUEST
        and not group.memberships.filter(user=user).exists()
    )
