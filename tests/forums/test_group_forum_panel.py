from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from forums import services


def render_panel(group, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load forums_tags %}{% group_forum_topics group %}")
    return template.render(Context({"group": group, "request": request}))


def test_the_panel_lists_the_groups_five_latest_topics(private_category, group_member):
    for n in range(7):
        services.start_topic(
            category=private_category, author=group_member, title=f"Topic {n}", source="x"
        )
    html = render_panel(private_category.group, group_member)
    assert [f"Topic {n}" in html for n in range(7)] == [False, False] + [True] * 5
    assert private_category.get_absolute_url() in html


def test_the_panel_shows_nothing_of_a_private_forum_to_outsiders(private_topic, member):
    group = private_topic.category.group
    assert "Our quarterly meeting" not in render_panel(group, member)
    assert "Our quarterly meeting" not in render_panel(group, AnonymousUser())
