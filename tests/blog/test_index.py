"""The blog index (filters, search, pages), what a post page offers next (related posts, the
author's other posts, the author's profile) and the front page."""

import pytest
from django.conf import settings

from blog.views import POSTS_PER_PAGE
from events.models import Event
from taxonomy.models import Region
from tests.blog.conftest import card_titles, section
from tests.blog.factories import AuthorFactory, BlogPageFactory, body
from tests.events.factories import EventFactory
from tests.library.factories import ResourceFactory
from tests.members.factories import topic

pytestmark = pytest.mark.django_db


def index_titles(client, query: str = "") -> list[str]:
    response = client.get("/blog/" + query)
    assert response.status_code == 200
    return card_titles(response.content.decode())


# --- Filters -------------------------------------------------------------------------------------
def test_the_index_lists_live_posts_newest_first(client, dated_posts):
    older = dated_posts(days_ago=2)
    newer = dated_posts(days_ago=1)
    BlogPageFactory(live=False)
    assert index_titles(client) == [newer.title, older.title]


def test_the_topic_filter_narrows_to_that_topics_posts(client, dated_posts):
    both = dated_posts(days_ago=1, topics=[topic("health"), topic("education")])
    health = dated_posts(days_ago=2, topics=[topic("health")])
    dated_posts(days_ago=3, topics=[topic("education")])
    dated_posts(days_ago=4)
    assert index_titles(client, "?topic=health") == [both.title, health.title]


def test_the_region_filter_narrows_to_that_regions_posts(client, dated_posts):
    africa, mena = Region.objects.get(slug="africa"), Region.objects.get(slug="mena")
    both = dated_posts(days_ago=1, regions=[africa, mena])
    dated_posts(days_ago=2, regions=[mena])
    african = dated_posts(days_ago=3, regions=[africa])
    assert index_titles(client, "?region=africa") == [both.title, african.title]


def test_the_country_filter_matches_whole_country_codes(client, dated_posts):
    kenya = dated_posts(days_ago=1, countries=["KE", "UG"])
    dated_posts(days_ago=2, countries=["UG"])
    # "KEN" would be no code; "EK" inside nothing: only the code "KE" itself counts.
    dated_posts(days_ago=3, countries=["GB"])
    assert index_titles(client, "?country=KE") == [kenya.title]
    assert index_titles(client, "?country=ke") == []  # a code is upper case: an invalid choice


def test_the_author_filter_narrows_to_that_authors_posts(client, dated_posts):
    amina, jamie = AuthorFactory(name="Amina Diallo"), AuthorFactory(name="Jamie Boex")
    together = dated_posts(days_ago=1, authors=[amina, jamie])
    dated_posts(days_ago=2, authors=[jamie])
    alone = dated_posts(days_ago=3, authors=[amina])
    assert index_titles(client, f"?author={amina.slug}") == [together.title, alone.title]


def test_filters_combine(client, dated_posts):
    amina = AuthorFactory()
    match = dated_posts(days_ago=1, authors=[amina], topics=[topic("health")], countries=["KE"])
    dated_posts(days_ago=2, authors=[amina], topics=[topic("health")], countries=["GH"])
    dated_posts(days_ago=3, topics=[topic("health")], countries=["KE"])
    assert index_titles(client, f"?topic=health&country=KE&author={amina.slug}") == [match.title]


@pytest.mark.parametrize(
    "query",
    [
        "?topic=no-such-topic",
        "?region=atlantis",
        "?country=XX",
        "?author=nobody",
        "?q=" + "x" * 201,
    ],
)
def test_an_invalid_filter_answers_200_with_the_error_and_lists_nothing(client, query):
    BlogPageFactory(topics=[topic("health")], countries=["KE"])
    response = client.get("/blog/" + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="message message-error error-summary"' in html
    assert "Please correct the following:" in html
    assert ("Select a valid choice" in html) or ("Ensure this value has at most 200" in html)
    assert card_titles(html) == []
    assert "No posts match these filters." in html


# --- Search --------------------------------------------------------------------------------------
def test_search_finds_a_word_that_is_only_in_a_posts_body(client):
    found = BlogPageFactory(
        title="Property tax",
        summary="Revenue.",
        body=[{"type": "paragraph", "value": "<p>The municipality of Kampala reformed it.</p>"}],
    )
    BlogPageFactory(title="Transfers", summary="Grants.")
    BlogPageFactory(
        title="Draft",
        live=False,
        body=[{"type": "paragraph", "value": "<p>Kampala again.</p>"}],
    )
    assert index_titles(client, "?q=Kampala") == [found.title]
    assert index_titles(client, "?q=kampala") == [found.title]
    assert index_titles(client, "?q=Nairobi") == []


def test_search_ranks_by_relevance_and_keeps_the_other_filters(client):
    in_title = BlogPageFactory(title="Property tax in Kampala", topics=[topic("health")])
    in_body = BlogPageFactory(
        title="Local revenue",
        body=[{"type": "paragraph", "value": "<p>Kampala and property tax.</p>"}],
        topics=[topic("health")],
    )
    BlogPageFactory(title="Kampala, elsewhere", topics=[topic("education")])
    assert index_titles(client, "?q=Kampala&topic=health")[0] == in_title.title
    assert set(index_titles(client, "?q=Kampala&topic=health")) == {in_title.title, in_body.title}


def test_search_results_are_paged_too(client):
    for number in range(POSTS_PER_PAGE + 1):
        BlogPageFactory(title=f"Kampala report {number}")
    assert len(index_titles(client, "?q=Kampala")) == POSTS_PER_PAGE
    assert len(index_titles(client, "?q=Kampala&page=2")) == 1


# --- Pages ---------------------------------------------------------------------------------------
def test_the_index_shows_twelve_posts_a_page_and_a_page_past_the_end_is_404(client, dated_posts):
    posts = [dated_posts(days_ago=day) for day in range(2 * POSTS_PER_PAGE + 1)]
    titles = [post.title for post in posts]
    first = client.get("/blog/").content.decode()
    assert card_titles(first) == titles[:POSTS_PER_PAGE]
    assert 'rel="next"' in first and "?page=2" in first
    assert index_titles(client, "?page=2") == titles[POSTS_PER_PAGE : 2 * POSTS_PER_PAGE]
    assert index_titles(client, "?page=3") == titles[2 * POSTS_PER_PAGE :]
    assert client.get("/blog/?page=4").status_code == 404
    assert client.get("/blog/?page=0").status_code == 404
    assert client.get("/blog/?page=two").status_code == 404


def test_paging_keeps_the_filters(client):
    for _ in range(POSTS_PER_PAGE + 1):
        BlogPageFactory(topics=[topic("health")])
    html = client.get("/blog/?topic=health").content.decode()
    assert "?topic=health&amp;page=2" in html


# --- A post page ---------------------------------------------------------------------------------
def test_related_posts_share_a_topic_most_shared_first_never_the_post_itself_nor_drafts(
    client, dated_posts
):
    health, education, water = topic("health"), topic("education"), topic("water-and-sanitation")
    post = dated_posts(days_ago=5, topics=[health, education, water])
    shares_two_older = dated_posts(days_ago=4, topics=[health, education])
    shares_one_newer = dated_posts(days_ago=1, topics=[water])
    shares_one_older = dated_posts(days_ago=3, topics=[health])
    dated_posts(days_ago=2, topics=[topic("localization")])
    BlogPageFactory(topics=[health, education, water], live=False)
    html = client.get(post.url).content.decode()
    assert card_titles(section(html, "related-title")) == [
        shares_two_older.title,
        shares_one_newer.title,
        shares_one_older.title,
    ]


def test_a_post_without_topics_has_no_related_posts(client):
    post = BlogPageFactory()
    BlogPageFactory()
    assert section(client.get(post.url).content.decode(), "related-title") == ""


def test_a_post_page_lists_the_authors_other_live_posts_newest_first(client, dated_posts):
    amina = AuthorFactory()
    post = dated_posts(days_ago=1, authors=[amina])
    older = dated_posts(days_ago=3, authors=[amina, AuthorFactory()])
    newer = dated_posts(days_ago=2, authors=[amina])
    dated_posts(days_ago=0)
    BlogPageFactory(authors=[amina], live=False)
    html = client.get(post.url).content.decode()
    assert card_titles(section(html, "author-posts-title")) == [newer.title, older.title]
    assert "More by this author" in html


def test_an_author_who_is_a_member_links_to_their_profile(client, member):
    profiled = AuthorFactory(name="Amina Diallo", profile=member.profile)
    other = AuthorFactory(name="Jamie Boex")
    post = BlogPageFactory(authors=[profiled, other])
    html = client.get(post.url).content.decode()
    assert f'<a href="/members/{member.profile.pk}/">Amina Diallo</a>' in html
    assert "Jamie Boex</a>" not in html


# --- The front page ------------------------------------------------------------------------------
def test_the_front_page_shows_the_latest_posts_public_events_and_new_resources(client, dated_posts):
    posts = [dated_posts(days_ago=day) for day in range(4)]
    BlogPageFactory(title="A draft", live=False)
    public = EventFactory(title="Public webinar on transfers")
    members_only = EventFactory(title="Members-only clinic", visibility=Event.Visibility.MEMBERS)
    resource = ResourceFactory(title="Primer on property tax")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert card_titles(section(html, "latest-posts-title")) == [post.title for post in posts[:3]]
    events = section(html, "upcoming-events-title")
    assert public.title in events and members_only.title not in html
    assert resource.title in section(html, "new-resources-title")


def test_a_signed_in_member_gets_the_portal_home_at_the_root(client, member):
    BlogPageFactory(title="Property tax in secondary cities")
    client.force_login(member)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Portal home" in html
    assert "Property tax in secondary cities" not in html
    assert response.templates[0].name == "lpsa/home.html"


def test_a_post_links_back_to_the_index_and_its_topics(client):
    post = BlogPageFactory(topics=[topic("health")], countries=["KE"], body=body(20))
    html = client.get(post.url).content.decode()
    assert '<a class="badge" href="/blog/?topic=health">' in html
    assert '<a class="badge" href="/blog/?country=KE">' in html
    assert settings.SITE_URL + post.url in html  # its canonical address
