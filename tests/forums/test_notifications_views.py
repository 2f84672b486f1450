import pytest
from django.urls import reverse

from forums import notifications
from forums.models import MemberSettings, NotificationFrequency, Watch
from tests.forums.factories import CategoryFactory, TopicFactory
from tests.members.factories import MemberFactory
from tests.working_groups.factories import MembershipFactory, WorkingGroupFactory

pytestmark = [
    pytest.mark.django_db,
    # TEMPORARY: the forum pages' URLs (forums:topic) arrive with the other branch.
]

SETTINGS_URL = "/forums/notifications/"


@pytest.fixture
def private_category():
    return CategoryFactory(group=WorkingGroupFactory(), private=True, name="Africa (private)")


# --- The settings page ----------------------------------------------------------------------


def test_settings_page_shows_the_choice_and_what_the_member_watches(member_client, member):
    topic = TopicFactory(title="Own-source revenue in Kenya")
    category = CategoryFactory(name="Fiscal decentralization")
    Watch.objects.create(user=member, topic=topic)
    Watch.objects.create(user=member, category=category)
    Watch.objects.create(user=member, topic=TopicFactory(title="A muted topic"), muted=True)

    response = member_client.get(reverse("forums:notification_settings"))

    assert response.status_code == 200
    page = response.text
    assert "Own-source revenue in Kenya" in page
    assert "Fiscal decentralization" in page
    assert "A muted topic" not in page
    assert reverse("forums:unwatch_topic", kwargs={"pk": topic.pk}) in page
    assert reverse("forums:unwatch_category", kwargs={"slug": category.slug}) in page
    assert 'type="radio"' in page


def test_settings_page_never_lists_a_private_topic_the_member_may_no_longer_read(
    member_client, member, private_category
):
    topic = TopicFactory(category=private_category, title="Secret budget talk")
    Watch.objects.create(user=member, topic=topic)
    Watch.objects.create(user=member, category=private_category)
    page = member_client.get(SETTINGS_URL).text
    assert "Secret budget talk" not in page
    assert "Africa (private)" not in page


@pytest.mark.parametrize("watches", [1, 30])
def test_settings_page_queries_do_not_grow_with_watches(
    member_client, member, watches, django_assert_num_queries
):
    for _ in range(watches):
        Watch.objects.create(user=member, topic=TopicFactory())
        Watch.objects.create(user=member, category=CategoryFactory())
    member_client.get(SETTINGS_URL)  # the session and settings rows exist from here on
    # The same at both sizes; one reads the member's group roles for the forums' scopes.
    with django_assert_num_queries(6):
        response = member_client.get(SETTINGS_URL)
    assert response.status_code == 200


def test_saving_the_frequency(member_client, member):
    response = member_client.post(SETTINGS_URL, {"frequency": "daily"})
    assert response.status_code == 302
    assert MemberSettings.objects.get(user=member).frequency == NotificationFrequency.DAILY


def test_an_unknown_frequency_is_a_bad_request(member_client, member):
    response = member_client.post(SETTINGS_URL, {"frequency": "hourly"})
    assert response.status_code == 400
    assert MemberSettings.objects.get(user=member).frequency == NotificationFrequency.IMMEDIATE


def test_visitors_are_sent_to_log_in(client):
    response = client.get(SETTINGS_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Watch and unwatch ----------------------------------------------------------------------


def test_watching_and_unwatching_a_topic(member_client, member):
    topic = TopicFactory()
    response = member_client.post(reverse("forums:watch_topic", kwargs={"pk": topic.pk}))
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert Watch.objects.get(user=member, topic=topic).muted is False

    member_client.post(reverse("forums:unwatch_topic", kwargs={"pk": topic.pk}))
    assert Watch.objects.get(user=member, topic=topic).muted is True


def test_watching_and_unwatching_a_category(member_client, member):
    category = CategoryFactory()
    url = reverse("forums:watch_category", kwargs={"slug": category.slug})
    response = member_client.post(url)
    assert response["Location"] == category.get_absolute_url()
    assert Watch.objects.filter(user=member, category=category).exists()

    member_client.post(reverse("forums:unwatch_category", kwargs={"slug": category.slug}))
    assert not Watch.objects.filter(user=member, category=category).exists()


def test_watching_goes_back_to_a_local_page_only(member_client):
    topic = TopicFactory()
    url = reverse("forums:watch_topic", kwargs={"pk": topic.pk})
    assert member_client.post(url, {"next": SETTINGS_URL})["Location"] == SETTINGS_URL
    outside = member_client.post(url, {"next": "https://evil.example/"})
    assert outside["Location"] == topic.get_absolute_url()


def test_watch_buttons_answer_post_only(member_client):
    topic = TopicFactory()
    response = member_client.get(reverse("forums:watch_topic", kwargs={"pk": topic.pk}))
    assert response.status_code == 405
    assert not Watch.objects.exists()


def test_a_private_topic_or_category_cannot_be_watched_by_outsiders(
    member_client, member, private_category
):
    topic = TopicFactory(category=private_category)
    assert member_client.post(f"/forums/notifications/topics/{topic.pk}/watch/").status_code == 404
    url = reverse("forums:watch_category", kwargs={"slug": private_category.slug})
    assert member_client.post(url).status_code == 404
    assert not Watch.objects.exists()


def test_group_members_may_watch_their_private_category(client, private_category):
    insider = MemberFactory()
    MembershipFactory(group=private_category.group, user=insider)
    client.force_login(insider)
    url = reverse("forums:watch_category", kwargs={"slug": private_category.slug})
    assert client.post(url).status_code == 302
    assert Watch.objects.filter(user=insider, category=private_category).exists()


def test_a_hidden_topic_cannot_be_watched(member_client):
    topic = TopicFactory(hidden=True)
    url = reverse("forums:watch_topic", kwargs={"pk": topic.pk})
    assert member_client.post(url).status_code == 404


# --- Unsubscribe links ----------------------------------------------------------------------


def unsubscribe_path(**kwargs) -> str:
    return notifications.unsubscribe_url(**kwargs)


def test_opening_an_unsubscribe_link_asks_first_and_changes_nothing(client):
    watcher = MemberFactory()
    topic = TopicFactory(title="Property tax reform")
    Watch.objects.create(user=watcher, topic=topic)

    response = client.get(unsubscribe_path(user_id=watcher.pk, topic=topic))

    assert response.status_code == 200
    assert "Stop emails about the topic “Property tax reform”?" in response.text
    assert '<form method="post">' in response.text
    assert Watch.objects.get(user=watcher, topic=topic).muted is False


def test_confirming_mutes_the_topic_without_logging_in(client):
    watcher = MemberFactory()
    topic = TopicFactory()
    Watch.objects.create(user=watcher, topic=topic)
    response = client.post(unsubscribe_path(user_id=watcher.pk, topic=topic))
    assert response.status_code == 200
    assert "You will receive no more emails about the topic" in response.text
    assert Watch.objects.get(user=watcher, topic=topic).muted is True


def test_one_click_unsubscribe_from_a_mail_client_stops_forum_email(client):
    """RFC 8058: the client posts List-Unsubscribe=One-Click, with no cookie and no CSRF token."""
    from django.test import Client

    watcher = MemberFactory()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(unsubscribe_path(user_id=watcher.pk), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert MemberSettings.objects.get(user=watcher).frequency == NotificationFrequency.NONE


def test_unsubscribing_from_a_category_stops_its_new_topics(client):
    watcher = MemberFactory()
    category = CategoryFactory()
    Watch.objects.create(user=watcher, category=category)
    client.post(unsubscribe_path(user_id=watcher.pk, category=category))
    assert not Watch.objects.filter(user=watcher, category=category).exists()


def test_a_forged_unsubscribe_link_is_not_found(client):
    watcher = MemberFactory()
    path = unsubscribe_path(user_id=watcher.pk)
    forged = path.replace("/unsubscribe/", "/unsubscribe/x")
    assert client.get(forged).status_code == 404
    assert client.post(forged).status_code == 404
    assert client.get("/forums/notifications/unsubscribe/nonsense/").status_code == 404


def test_an_unsubscribe_page_names_no_topic_its_member_may_no_longer_read(client, private_category):
    former = MemberFactory()
    topic = TopicFactory(category=private_category, title="Secret budget talk")
    response = client.get(unsubscribe_path(user_id=former.pk, topic=topic))
    assert response.status_code == 200
    assert "Secret budget talk" not in response.text
    assert "Stop emails about this topic?" in response.text


# --- The buttons the forum pages include ----------------------------------------------------


def test_the_topic_button_offers_what_the_member_does_not_have_yet(rf, member):
    from django.template.loader import render_to_string

    topic = TopicFactory()
    request = rf.get(topic.get_absolute_url())
    request.user = member

    def button():
        watching = notifications.watches_topic(member, topic)
        return render_to_string(
            "forums/notifications/topic_watch_button.html",
            {"topic": topic, "watching": watching},
            request=request,
        )

    assert reverse("forums:watch_topic", kwargs={"pk": topic.pk}) in button()
    notifications.watch_topic(user=member, topic=topic)
    assert reverse("forums:unwatch_topic", kwargs={"pk": topic.pk}) in button()
    notifications.unwatch_topic(user=member, topic=topic)
    assert reverse("forums:watch_topic", kwargs={"pk": topic.pk}) in button()


def test_the_category_button_offers_what_the_member_does_not_have_yet(rf, member):
    from django.template.loader import render_to_string

    category = CategoryFactory()
    request = rf.get(category.get_absolute_url())
    request.user = member

    def button():
        watching = notifications.watches_category(member, category)
        return render_to_string(
            "forums/notifications/category_watch_button.html",
            {"category": category, "watching": watching},
            request=request,
        )

    assert reverse("forums:watch_category", kwargs={"slug": category.slug}) in button()
    notifications.watch_category(user=member, category=category)
    assert reverse("forums:unwatch_category", kwargs={"slug": category.slug}) in button()
