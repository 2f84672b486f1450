"""The URL-by-role matrix: what each role gets from every URL of the portal, for GET and for POST.

`tests/lpsa/test_url_matrix.py` walks every URL pattern through Django's resolver and checks
each against its row here; a pattern without a row fails the suite, and so does a row that names
no pattern. Adding a page means adding its row. A POST sends an empty form (no CSRF check in the
test client), so its outcome is what an empty submission should get.

Outcomes: OK (200), LOGIN (302 to allauth's log-in page with ?next=), redirect("url name")
(a 302 whose Location resolves to that URL name),
BAD_REQUEST, FORBIDDEN, NOT_FOUND, NOT_ALLOWED (405: the view answers GET only).

Roles: a row gives (GET, POST) per role; a role it does not name expects what its `like` role
does (staff are members, group members are members, co-chairs are group members, unless a row
says otherwise). Adding a role: a user for it in `MatrixWorld` and `build_world`, an entry in
ROLES with its `like`, and the role named only in the rows where it differs.

Parameters: a row whose URL takes arguments gives `kwargs`, a function of the MatrixWorld (real
objects: another member's profile, a real email-confirmation key, a real password-reset key).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from events.calendar_feeds import personal_feed_for
from events.services import confirmation_token
from forums import services as forum_services
from forums.notifications import unsubscribe_token
from members.models import Visibility
from newsletter import tokens as newsletter_tokens
from tests.forums.factories import CategoryFactory, TopicFactory
from tests.members.factories import (
    MemberFactory,
    ProfileFactory,
    StaffFactory,
    UserFactory,
    activate_totp,
)
from tests.working_groups.factories import (
    CoChairFactory,
    JoinRequestFactory,
    MembershipFactory,
    WorkingGroupFactory,
)
from working_groups.models import WorkingGroup


@dataclass(frozen=True)
class Outcome:
    status: int
    # For a redirect: the URL name its Location resolves to.
    to: str | None = None
    # For a redirect to log in: it carries ?next= back to the page asked for.
    with_next: bool = False

    def __str__(self) -> str:
        return f"{self.status} to {self.to}" if self.to else str(self.status)


OK = Outcome(200)
LOGIN = Outcome(302, "account_login", with_next=True)
BAD_REQUEST = Outcome(400)
FORBIDDEN = Outcome(403)
NOT_FOUND = Outcome(404)
NOT_ALLOWED = Outcome(405)


def redirect(url_name: str) -> Outcome:
    return Outcome(302, url_name)


@dataclass(frozen=True)
class Role:
    name: str
    # The MatrixWorld attribute holding the user this role logs in as; None stays anonymous.
    login_as: str | None
    # Rows that do not name this role expect what they expect of this other role.
    like: str | None = None


ROLES = (
    Role("visitor", login_as=None),
    Role("member", login_as="member"),
    Role("staff", login_as="staff", like="member"),
    # Staff who have not set up two-factor login yet: the admin sends them to do so.
    Role("staff_without_2fa", login_as="staff_without_2fa", like="staff"),
    # The blog's CMS groups (blog/migrations/0002), both with two factors: editors publish,
    # contributors write and submit for an editor's approval. Otherwise members.
    Role("cms_editor", login_as="cms_editor", like="member"),
    Role("cms_contributor", login_as="cms_contributor", like="cms_editor"),
    # A member of `world.group` and of `world.private_group`; rows name it where it differs.
    Role("group_member", login_as="group_member", like="member"),
    # A co-chair of both groups: a group member who also leads them.
    Role("co_chair", login_as="co_chair", like="group_member"),
)
ROLES_BY_NAME = {role.name: role for role in ROLES}
# The roles whose pages the accessibility, weight and hostile-input guards open.
PUBLIC_AND_MEMBER_ROLES = ("visitor", "member")


@dataclass
class MatrixWorld:
    """Real rows the URLs' parameters point at, built afresh for every test."""

    member: object
    staff: object
    staff_without_2fa: object
    other_member: object  # listed, profile visible to members only
    public_member: object  # profile visible to everyone
    unconfirmed_email: EmailAddress
    password_reset_user: object
    media_path: str
    # An open group listed publicly, and a by-request group listed to members only; the
    # group_member and co_chair roles belong to both.
    group: object
    private_group: object
    group_member: object
    co_chair: object
    # Forums: a general category whose topic another member started (post 1) and replied to
    # (post 2, `forum_post`), with an open flag on that reply; and the private group's category
    # with a topic and a reply of its own, which only its members may read.
    forum_category: object = None
    forum_topic: object = None
    forum_post: object = None
    forum_flag: object = None
    private_forum_category: object = None
    private_forum_topic: object = None
    private_forum_post: object = None
    # Forum notifications: a topic in a general category, and a private category (of a group
    # of their own, which group_member and co_chair belong to) with a topic.
    notify_topic: object = None
    notify_private_category: object = None
    notify_private_topic: object = None
    # A member's pending request to join `private_group`, for the co-chairs to decide.
    join_request: object = None
    # Events: an upcoming public webinar that `member` registered for, a members-only meeting,
    # and a visitor's registration waiting for its email confirmation.
    event: object = None
    members_event: object = None
    pending_registration: object = None
    calendar_feed: object = None
    meeting_registration: object = None
    # The library: a glossary term.
    glossary_term: object = None
    # The library's downloads: an open resource with a real PDF stored.
    library_download_resource: object = None
    # Library browsing: a members-only resource with a stored PDF, and a collection holding it.
    library_resource: object = None
    library_collection: object = None
    # The blog: its CMS's editor and contributor, a live post, a topic and a stored document.
    cms_editor: object = None
    cms_contributor: object = None
    blog_post: object = None
    blog_topic: object = None
    blog_document: object = None
    # The newsletter: an address waiting for its confirmation (with the newsletter list
    # pending), and a sent issue in the public archive.
    newsletter_subscriber: object = None
    newsletter_issue: object = None

    def user(self, role: Role):
        return getattr(self, role.login_as) if role.login_as else None


def staff_with_totp():
    staff = StaffFactory()
    activate_totp(staff)
    return staff


def build_world() -> MatrixWorld:
    unconfirmed = UserFactory(verified=False)
    ProfileFactory(user=unconfirmed)
    email = EmailAddress.objects.create(
        user=unconfirmed, email=unconfirmed.email, verified=False, primary=True
    )
    group = WorkingGroupFactory(slug="matrix-open")
    private_group = WorkingGroupFactory(
        slug="matrix-private",
        join_policy=WorkingGroup.JoinPolicy.REQUEST,
        visibility=WorkingGroup.Visibility.MEMBERS,
    )
    group_member, co_chair = MemberFactory(), MemberFactory()
    for each in (group, private_group):
        MembershipFactory(group=each, user=group_member)
        CoChairFactory(group=each, user=co_chair)
    world = MatrixWorld(
        join_request=JoinRequestFactory(group=private_group),
        group=group,
        private_group=private_group,
        group_member=group_member,
        co_chair=co_chair,
        member=MemberFactory(),
        staff=staff_with_totp(),
        staff_without_2fa=StaffFactory(),
        other_member=MemberFactory(),
        public_member=ProfileFactory(profile_visibility=Visibility.PUBLIC).user,
        unconfirmed_email=email,
        password_reset_user=MemberFactory(),
        media_path=default_storage.save("photos/matrix.txt", ContentFile(b"a stored file")),
    )
    build_forums(world)
    build_notification_world(world)
    build_events(world)
    build_library(world)
    build_library_downloads(world)
    build_library_browse(world)
    build_blog(world)
    build_newsletter(world)
    return world


def build_newsletter(world: MatrixWorld) -> None:
    from newsletter.models import Subscription
    from tests.newsletter.factories import (
        PendingSubscriberFactory,
        SentIssueFactory,
        newsletter_list,
        subscribe,
    )

    world.newsletter_subscriber = PendingSubscriberFactory(email="matrix.reader@example.org")
    subscribe(world.newsletter_subscriber, newsletter_list(), status=Subscription.Status.PENDING)
    world.newsletter_issue = SentIssueFactory(slug="matrix-issue")


def build_blog(world: MatrixWorld) -> None:
    from wagtail.documents.models import Document

    from taxonomy.models import Topic
    from tests.blog.factories import BlogPageFactory, cms_user

    world.cms_editor = cms_user("Editors")
    world.cms_contributor = cms_user("Contributors")
    world.blog_topic = Topic.objects.order_by("pk").first()
    world.blog_post = BlogPageFactory(slug="matrix-post", topics=[world.blog_topic])
    world.blog_document = Document.objects.create(
        title="Matrix brief", file=ContentFile(b"a brief", name="matrix-brief.txt")
    )


def build_library(world: MatrixWorld) -> None:
    from tests.library.factories import GlossaryTermFactory

    world.glossary_term = GlossaryTermFactory(term="Fiscal decentralization", slug="matrix-term")


def build_library_browse(world: MatrixWorld) -> None:
    from library.models import CollectionItem, Resource
    from tests.library.factories import CollectionFactory, ResourceFactory

    world.library_resource = ResourceFactory(
        slug="matrix-primer", access=Resource.Access.MEMBERS, with_pdf=True
    )
    world.library_collection = CollectionFactory(slug="matrix-collection")
    CollectionItem.objects.create(
        collection=world.library_collection, resource=world.library_resource
    )


def build_events(world: MatrixWorld) -> None:
    from events.models import Event, Registration
    from tests.events.factories import EventFactory, RegistrationFactory

    world.event = EventFactory(slug="matrix-webinar", capacity=50)
    world.members_event = EventFactory(
        slug="matrix-meeting",
        kind=Event.Kind.MEETING,
        working_group=world.private_group,
        visibility=Event.Visibility.MEMBERS,
    )
    RegistrationFactory(event=world.event, user=world.member, email=world.member.email.lower())
    world.pending_registration = RegistrationFactory(
        event=world.event, status=Registration.Status.PENDING, confirmed_at=None
    )
    # The open group's meeting, for its public feed; the member's personal feed.
    EventFactory(working_group=world.group)
    world.calendar_feed = personal_feed_for(world.member)
    world.meeting_registration = RegistrationFactory(event=world.members_event)


def build_library_downloads(world: MatrixWorld) -> None:
    from tests.library.factories import ResourceFactory

    world.library_download_resource = ResourceFactory(slug="matrix-download", with_pdf=True)


def build_forums(world: MatrixWorld) -> None:
    from tests.forums.factories import CategoryFactory

    world.forum_category = CategoryFactory(name="General", slug="matrix-general")
    world.forum_topic = forum_services.start_topic(
        category=world.forum_category,
        author=world.other_member,
        title="Property tax reform",
        source="Where to start?",
    )
    world.forum_post = forum_services.reply_to_topic(
        topic=world.forum_topic, author=world.other_member, source="With valuation."
    )
    world.forum_flag = forum_services.flag_post(
        post=world.forum_post, reporter=world.public_member, reason="Off topic"
    )
    world.private_forum_category = forum_services.create_group_category(group=world.private_group)
    private_author = MemberFactory()
    MembershipFactory(group=world.private_group, user=private_author)
    world.private_forum_topic = forum_services.start_topic(
        category=world.private_forum_category,
        author=private_author,
        title="Our quarterly meeting",
        source="The agenda, for the group only.",
    )
    world.private_forum_post = forum_services.reply_to_topic(
        topic=world.private_forum_topic, author=private_author, source="Minutes attached."
    )


def build_notification_world(world: MatrixWorld) -> None:
    group = WorkingGroupFactory(slug="matrix-notify-private")
    MembershipFactory(group=group, user=world.group_member)
    CoChairFactory(group=group, user=world.co_chair)
    world.notify_private_category = CategoryFactory(
        slug="matrix-notify-private", group=group, private=True
    )
    world.notify_private_topic = TopicFactory(
        category=world.notify_private_category, author=world.co_chair
    )
    world.notify_topic = TopicFactory(category=CategoryFactory(slug="matrix-notify-general"))


Kwargs = Callable[[MatrixWorld], dict[str, str | int]]


@dataclass(frozen=True)
class Row:
    url_name: str
    outcomes: dict[str, tuple[Outcome, Outcome]]
    kwargs: Kwargs | None = None

    def expected(self, role: str) -> tuple[Outcome, Outcome]:
        while role not in self.outcomes:
            like = ROLES_BY_NAME[role].like
            if like is None:
                raise KeyError(f"The row for {self.url_name} says nothing about {role}")
            role = like
        return self.outcomes[role]


def row(url_name: str, *, kwargs: Kwargs | None = None, **outcomes: tuple[Outcome, Outcome]):
    return Row(url_name, outcomes, kwargs)


@dataclass(frozen=True)
class Prefix(Row):
    """Every pattern in a URL namespace, or under a route such as "cms/", that has no row of its
    own: the admin, later Wagtail's (whose URL names are mostly not namespaced).

    `url_name` is the sample, whose outcomes are as given for every role. The `everywhere` roles
    get the same outcomes on every other pattern it covers too; the rest only no server error
    there. `kwargs` fills any pattern's arguments by name.
    """

    namespace: str = ""
    route: str = ""
    everywhere: tuple[str, ...] = field(default=())

    def covers(self, namespace: str, route: str) -> bool:
        if self.namespace:
            return namespace.split(":")[0] == self.namespace
        return bool(self.route) and route.startswith(self.route)


def profile_of(user) -> dict[str, int]:
    return {"pk": user.profile.pk}


MATRIX: list[Row] = [
    # --- lpsa ---------------------------------------------------------------------------------
    row("home", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    # Only sections announced but not built have a page; the courses are one of them.
    row(
        "coming_soon",
        kwargs=lambda w: {"section": "courses"},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    row("healthz", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    # Photos are public renditions, served to anyone holding their unguessable path.
    row(
        "media",
        kwargs=lambda w: {"path": w.media_path},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # --- members ------------------------------------------------------------------------------
    row("members:directory", visitor=(LOGIN, LOGIN), member=(OK, NOT_ALLOWED)),
    # Staff only: a member gets the portal's 403 page, never the admin's log-in.
    row(
        "members:directory_export",
        visitor=(LOGIN, NOT_ALLOWED),
        member=(FORBIDDEN, NOT_ALLOWED),
        staff=(OK, NOT_ALLOWED),
        # It holds every listed member's address: like the admin, it asks for two factors.
        staff_without_2fa=(FORBIDDEN, NOT_ALLOWED),
    ),
    row(
        "members:my_profile",
        visitor=(LOGIN, LOGIN),
        member=(redirect("members:profile"), NOT_ALLOWED),
    ),
    # The empty POST re-renders the form with its errors.
    row("members:edit_profile", visitor=(LOGIN, LOGIN), member=(OK, OK)),
    row(
        "members:profile",
        kwargs=lambda w: profile_of(w.other_member),
        visitor=(LOGIN, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # An empty message is a bad request (400) re-rendering the form.
    row(
        "members:contact",
        kwargs=lambda w: profile_of(w.other_member),
        visitor=(LOGIN, LOGIN),
        member=(OK, BAD_REQUEST),
    ),
    # --- forums ---------------------------------------------------------------------------------
    # Rows point at the general category's topic and at another member's reply in it; the private
    # group's category, topic and posts are walked for every forums URL by
    # tests/forums/test_private_leaks.py (a member outside the group: 404; its members: as here).
    # Anyone reads the general categories; posting, liking and flagging take an account.
    row("forums:index", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row("forums:search", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row(
        "forums:category",
        kwargs=lambda w: {"slug": w.forum_category.slug},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # An empty form is a bad request, re-rendered with its errors.
    row(
        "forums:new_topic",
        kwargs=lambda w: {"slug": w.forum_category.slug},
        visitor=(LOGIN, LOGIN),
        member=(OK, BAD_REQUEST),
    ),
    row(
        "forums:topic",
        kwargs=lambda w: {"pk": w.forum_topic.pk},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    row(
        "forums:reply",
        kwargs=lambda w: {"pk": w.forum_topic.pk},
        visitor=(LOGIN, LOGIN),
        member=(OK, BAD_REQUEST),
    ),
    # Moderation of a general category is for staff (co-chairs moderate their groups' only);
    # a POST naming no action is a bad request.
    row(
        "forums:moderate_topic",
        kwargs=lambda w: {"pk": w.forum_topic.pk},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, FORBIDDEN),
        staff=(NOT_ALLOWED, BAD_REQUEST),
    ),
    row(
        "forums:move_topic",
        kwargs=lambda w: {"pk": w.forum_topic.pk},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, FORBIDDEN),
        staff=(OK, BAD_REQUEST),
    ),
    # A post's permanent address sends to the page of its topic that holds it.
    row(
        "forums:post",
        kwargs=lambda w: {"pk": w.forum_post.pk},
        visitor=(redirect("forums:topic"), NOT_ALLOWED),
        member=(redirect("forums:topic"), NOT_ALLOWED),
    ),
    # Only the author edits or deletes a post; it is another member's here.
    row(
        "forums:edit_post",
        kwargs=lambda w: {"pk": w.forum_post.pk},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, FORBIDDEN),
    ),
    row(
        "forums:delete_post",
        kwargs=lambda w: {"pk": w.forum_post.pk},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, FORBIDDEN),
    ),
    row(
        "forums:like_post",
        kwargs=lambda w: {"pk": w.forum_post.pk},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, redirect("forums:topic")),
    ),
    row(
        "forums:unlike_post",
        kwargs=lambda w: {"pk": w.forum_post.pk},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, redirect("forums:topic")),
    ),
    row(
        "forums:flag_post",
        kwargs=lambda w: {"pk": w.forum_post.pk},
        visitor=(LOGIN, LOGIN),
        member=(OK, BAD_REQUEST),
    ),
    row(
        "forums:moderate_post",
        kwargs=lambda w: {"pk": w.forum_post.pk},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, FORBIDDEN),
        staff=(NOT_ALLOWED, BAD_REQUEST),
    ),
    # The queue and the log: staff, and co-chairs (who see their groups' categories only).
    row(
        "forums:moderation_queue",
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, NOT_ALLOWED),
        staff=(OK, NOT_ALLOWED),
        co_chair=(OK, NOT_ALLOWED),
    ),
    row(
        "forums:moderation_log",
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, NOT_ALLOWED),
        staff=(OK, NOT_ALLOWED),
        co_chair=(OK, NOT_ALLOWED),
    ),
    # The flag is on a post in a general category: outside a co-chair's reach, as unknown.
    row(
        "forums:resolve_flag",
        kwargs=lambda w: {"pk": w.forum_flag.pk},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, NOT_FOUND),
        staff=(NOT_ALLOWED, BAD_REQUEST),
    ),
    # --- library: glossary -------------------------------------------------------------------
    row("library:glossary", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row(
        "library:glossary_term",
        kwargs=lambda w: {"slug": w.glossary_term.slug},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # --- events -------------------------------------------------------------------------------
    row("events:list", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row("events:month", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row("events:past", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    # A members-only event sends visitors to log in, whether or not it exists.
    row(
        "events:detail",
        kwargs=lambda w: {"slug": w.members_event.slug},
        visitor=(LOGIN, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    row(
        "events:register",
        kwargs=lambda w: {"slug": w.event.slug},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, redirect("events:detail")),
    ),
    # An empty visitor's form is refused with its errors; members register in one click.
    row(
        "events:register_visitor",
        kwargs=lambda w: {"slug": w.event.slug},
        visitor=(NOT_ALLOWED, BAD_REQUEST),
        member=(NOT_ALLOWED, redirect("events:detail")),
    ),
    # The emailed link opens a page with a button (mail scanners open links); the button
    # confirms and goes to the event.
    row(
        "events:confirm_registration",
        kwargs=lambda w: {"token": confirmation_token(w.pending_registration)},
        visitor=(OK, redirect("events:detail")),
        member=(OK, redirect("events:detail")),
    ),
    # A members-only event's file sends visitors to log in, as its page does.
    row(
        "events:event_ics",
        kwargs=lambda w: {"slug": w.members_event.slug},
        visitor=(LOGIN, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    row("events:public_feed", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row(
        "events:group_feed",
        kwargs=lambda w: {"slug": w.group.slug},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # Calendar apps fetch the personal feed without a session: the secret address is the key.
    row(
        "events:personal_feed",
        kwargs=lambda w: {"token": w.calendar_feed.token},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    row(
        "events:reset_personal_feed",
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, redirect("home")),
    ),
    # The meeting planner is the organisers': the group's co-chairs and staff.
    row(
        "events:plan_meeting",
        kwargs=lambda w: {"slug": w.private_group.slug},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, NOT_ALLOWED),
        co_chair=(OK, NOT_ALLOWED),
        staff=(OK, NOT_ALLOWED),
    ),
    # Co-chairs schedule their group's meetings; an empty form is refused with its errors.
    row(
        "events:schedule_meeting",
        kwargs=lambda w: {"slug": w.private_group.slug},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, FORBIDDEN),
        co_chair=(OK, BAD_REQUEST),
        staff=(OK, BAD_REQUEST),
    ),
    # The year's figures: staff see all events, co-chairs their groups' events.
    row(
        "events:figures",
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, NOT_ALLOWED),
        co_chair=(OK, NOT_ALLOWED),
        staff=(OK, NOT_ALLOWED),
    ),
    # The organisers' pages: staff, and the co-chairs of the organising group (the private
    # group's meeting here). An empty import is refused with its form.
    row(
        "events:attendance",
        kwargs=lambda w: {"slug": w.members_event.slug},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, FORBIDDEN),
        co_chair=(OK, BAD_REQUEST),
        staff=(OK, BAD_REQUEST),
    ),
    row(
        "events:mark_attendance",
        kwargs=lambda w: {"slug": w.members_event.slug, "pk": w.meeting_registration.pk},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, FORBIDDEN),
        co_chair=(NOT_ALLOWED, redirect("events:attendance")),
        staff=(NOT_ALLOWED, redirect("events:attendance")),
    ),
    row(
        "events:export_registrants",
        kwargs=lambda w: {"slug": w.members_event.slug},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, NOT_ALLOWED),
        co_chair=(OK, NOT_ALLOWED),
        staff=(OK, NOT_ALLOWED),
    ),
    # Only `member` registered: the others have nothing to cancel.
    row(
        "events:cancel",
        kwargs=lambda w: {"slug": w.event.slug},
        visitor=(NOT_ALLOWED, NOT_FOUND),
        member=(NOT_ALLOWED, redirect("events:detail")),
        staff=(NOT_ALLOWED, NOT_FOUND),
        group_member=(NOT_ALLOWED, NOT_FOUND),
        cms_editor=(NOT_ALLOWED, NOT_FOUND),
    ),
    # --- library --------------------------------------------------------------------------------
    # Everything a reader browses is public, members-only resources included: only their file
    # is refused, by the download view.
    row("library:list", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row(
        "library:resource",
        kwargs=lambda w: {"slug": w.library_resource.slug},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    row(
        "library:record",
        kwargs=lambda w: {"slug": w.library_resource.slug},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    row(
        "library:collection",
        kwargs=lambda w: {"slug": w.library_collection.slug},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # --- working groups -----------------------------------------------------------------------
    row("working_groups:list", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    # The private group (listed to members only) is a 404 to visitors, not a log-in: its slug
    # would otherwise tell that it exists. Any member sees its page (listed members, never their
    # addresses); the open, public group is open to visitors too (tests/working_groups).
    row(
        "working_groups:detail",
        kwargs=lambda w: {"slug": w.private_group.slug},
        visitor=(NOT_FOUND, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # One click (POST) joins the open group; its members are told they are already in.
    row(
        "working_groups:join",
        kwargs=lambda w: {"slug": w.group.slug},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, redirect("working_groups:detail")),
    ),
    # A member who is not in the group, and its last co-chair, get a message on the group page.
    row(
        "working_groups:leave",
        kwargs=lambda w: {"slug": w.group.slug},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, redirect("working_groups:detail")),
    ),
    # The message is optional, so an empty POST is a request; members are sent to the group.
    row(
        "working_groups:request_to_join",
        kwargs=lambda w: {"slug": w.private_group.slug},
        visitor=(LOGIN, LOGIN),
        member=(OK, redirect("working_groups:detail")),
        group_member=(redirect("working_groups:detail"),) * 2,
    ),
    # Co-chairs' pages; staff may step in for any group.
    row(
        "working_groups:manage",
        kwargs=lambda w: {"slug": w.private_group.slug},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, NOT_ALLOWED),
        co_chair=(OK, NOT_ALLOWED),
        staff=(OK, NOT_ALLOWED),
    ),
    row(
        "working_groups:requests",
        kwargs=lambda w: {"slug": w.private_group.slug},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, NOT_ALLOWED),
        co_chair=(OK, NOT_ALLOWED),
        staff=(OK, NOT_ALLOWED),
    ),
    # A POST naming no decision is a bad request.
    row(
        "working_groups:decide",
        kwargs=lambda w: {"slug": w.private_group.slug, "pk": w.join_request.pk},
        visitor=(LOGIN, LOGIN),
        member=(NOT_ALLOWED, FORBIDDEN),
        co_chair=(NOT_ALLOWED, BAD_REQUEST),
        staff=(NOT_ALLOWED, BAD_REQUEST),
    ),
    # An empty announcement re-renders the form with its errors (400).
    row(
        "working_groups:announce",
        kwargs=lambda w: {"slug": w.private_group.slug},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, FORBIDDEN),
        co_chair=(OK, BAD_REQUEST),
        staff=(OK, BAD_REQUEST),
    ),
    row(
        "working_groups:roster_export",
        kwargs=lambda w: {"slug": w.private_group.slug},
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, NOT_ALLOWED),
        co_chair=(OK, NOT_ALLOWED),
        staff=(OK, NOT_ALLOWED),
    ),
    # --- accounts (allauth) -------------------------------------------------------------------
    # Signed-in people asking for log-in or sign-up are sent home.
    row("account_login", visitor=(OK, OK), member=(redirect("home"), redirect("home"))),
    row("account_signup", visitor=(OK, OK), member=(redirect("home"), redirect("home"))),
    # GET asks to confirm; the POST logs out (a visitor is simply sent home).
    row(
        "account_logout",
        visitor=(redirect("home"), redirect("home")),
        member=(OK, redirect("home")),
    ),
    # Pages that only inform answer GET alone.
    row("account_inactive", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row("account_reauthenticate", visitor=(LOGIN, LOGIN), member=(OK, OK)),
    # A POST naming no action (add, remove, make primary) is sent back to the page.
    row("account_email", visitor=(LOGIN, LOGIN), member=(OK, redirect("account_email"))),
    row("account_email_verification_sent", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row(
        "account_confirm_email",
        kwargs=lambda w: {"key": EmailConfirmationHMAC(w.unconfirmed_email).key},
        # Opening another account's confirmation logs a member out (allauth's rule). Confirming
        # logs in only in the browser that signed up; anyone else is then asked to log in.
        visitor=(OK, redirect("account_login")),
        member=(OK, redirect("account_login")),
    ),
    row("account_change_password", visitor=(LOGIN, LOGIN), member=(OK, OK)),
    # Everyone who signed up has a password, so setting one sends them to change it.
    row(
        "account_set_password",
        visitor=(LOGIN, LOGIN),
        member=(redirect("account_change_password"), redirect("account_change_password")),
    ),
    row("account_reset_password", visitor=(OK, OK), member=(OK, OK)),
    row("account_reset_password_done", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    # A valid key is moved into the session and the browser sent to a URL without it, for
    # GET and POST alike.
    row(
        "account_reset_password_from_key",
        kwargs=lambda w: {
            "uidb36": user_pk_to_url_str(w.password_reset_user),
            "key": default_token_generator.make_token(w.password_reset_user),
        },
        visitor=(redirect("account_reset_password_from_key"),) * 2,
        member=(redirect("account_reset_password_from_key"),) * 2,
    ),
    row(
        "account_reset_password_from_key_done",
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # Log-in by code is off: with no code pending the page sends people to log in.
    row(
        "account_confirm_login_code",
        visitor=(redirect("account_login"), redirect("account_login")),
        member=(redirect("home"), redirect("home")),
    ),
    # --- two-factor login (allauth.mfa) ---------------------------------------------------------
    row("mfa_index", visitor=(LOGIN, LOGIN), member=(OK, NOT_ALLOWED)),
    # Every change to the second factor asks for the password again first.
    row(
        "mfa_activate_totp",
        visitor=(LOGIN, LOGIN),
        member=(redirect("account_reauthenticate"),) * 2,
    ),
    # Nothing to turn off without an authenticator.
    row(
        "mfa_deactivate_totp",
        visitor=(LOGIN, LOGIN),
        member=(NOT_FOUND, NOT_FOUND),
        staff=(redirect("account_reauthenticate"),) * 2,
        staff_without_2fa=(NOT_FOUND, NOT_FOUND),
        cms_editor=(redirect("account_reauthenticate"),) * 2,
    ),
    # Only mid-login, after the password; anyone signed in is sent home.
    row(
        "mfa_authenticate",
        visitor=(redirect("account_login"),) * 2,
        member=(redirect("home"),) * 2,
    ),
    # With an authenticator, re-authentication asks for a code; without, for the password.
    row(
        "mfa_reauthenticate",
        visitor=(LOGIN, LOGIN),
        member=(redirect("account_reauthenticate"),) * 2,
        staff=(OK, OK),
        staff_without_2fa=(redirect("account_reauthenticate"),) * 2,
        cms_editor=(OK, OK),
    ),
    # No recovery codes were made for anyone here: there are none to show or download.
    row("mfa_view_recovery_codes", visitor=(LOGIN, LOGIN), member=(NOT_FOUND, NOT_ALLOWED)),
    row("mfa_download_recovery_codes", visitor=(LOGIN, LOGIN), member=(NOT_FOUND, NOT_FOUND)),
    row(
        "mfa_generate_recovery_codes",
        visitor=(LOGIN, LOGIN),
        member=(redirect("account_reauthenticate"),) * 2,
    ),
    # --- the language switch (Django's set_language): back to where the person came from ----
    row("set_language", visitor=(redirect("home"),) * 2, member=(redirect("home"),) * 2),
    # --- the Django admin -----------------------------------------------------------------------
    # Its log-in is allauth's (rate limits, two factors); members get the portal's 403 page.
    row(
        "admin:login",
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, FORBIDDEN),
        # The index then sends them on to set up two-factor login.
        staff=(redirect("admin:index"), redirect("admin:index")),
    ),
    row(
        "admin:logout",
        visitor=(redirect("admin:index"),) * 2,
        member=(FORBIDDEN, FORBIDDEN),
        staff=(NOT_ALLOWED, OK),
        staff_without_2fa=(NOT_ALLOWED, OK),
    ),
    Prefix(
        "admin:index",
        {
            "visitor": (redirect("admin:login"), redirect("admin:login")),
            "member": (FORBIDDEN, FORBIDDEN),
            "staff": (OK, OK),
            "staff_without_2fa": (redirect("mfa_activate_totp"),) * 2,
        },
        kwargs=lambda w: {
            "object_id": w.member.pk,
            "id": w.member.pk,
            "content_type_id": 1,
            "app_label": "members",
            "url": "no-such-page/",
        },
        namespace="admin",
        everywhere=("visitor", "member", "staff_without_2fa"),
    ),
]


# --- forums: notifications ---------------------------------------------------------------------
NOTIFICATION_ROWS: list[Row] = [
    # An empty POST names no frequency: the form comes back with its error.
    row("forums:notification_settings", visitor=(LOGIN, LOGIN), member=(OK, BAD_REQUEST)),
    # Watch buttons answer POST only. A private group's topic or category is a 404 to those who
    # may not read it (its existence is not told); its readers are sent back to it.
    *(
        row(
            name,
            kwargs=lambda w: {"pk": w.notify_private_topic.pk},
            visitor=(LOGIN, LOGIN),
            member=(NOT_ALLOWED, NOT_FOUND),
            staff=(NOT_ALLOWED, redirect("forums:topic")),
            group_member=(NOT_ALLOWED, redirect("forums:topic")),
        )
        for name in ("forums:watch_topic", "forums:unwatch_topic")
    ),
    *(
        row(
            name,
            kwargs=lambda w: {"slug": w.notify_private_category.slug},
            visitor=(LOGIN, LOGIN),
            member=(NOT_ALLOWED, NOT_FOUND),
            staff=(NOT_ALLOWED, redirect("forums:category")),
            group_member=(NOT_ALLOWED, redirect("forums:category")),
        )
        for name in ("forums:watch_category", "forums:unwatch_category")
    ),
    # The link in an email works without logging in: GET asks, POST (the button, or a mail
    # client's one-click unsubscribe) mutes the topic.
    row(
        "forums:unsubscribe",
        kwargs=lambda w: {"token": unsubscribe_token(user_id=w.member.pk, topic=w.notify_topic)},
        visitor=(OK, OK),
        member=(OK, OK),
    ),
]
MATRIX += NOTIFICATION_ROWS


# --- library: downloads ------------------------------------------------------------------------
LIBRARY_DOWNLOAD_ROWS: list[Row] = [
    # The file itself (an open one: a members-only file answers visitors 403 with how to join).
    row(
        "library:download",
        kwargs=lambda w: {"slug": w.library_download_resource.slug},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # Download figures: staff only.
    *(
        row(
            name,
            visitor=(LOGIN, LOGIN),
            member=(FORBIDDEN, NOT_ALLOWED),
            staff=(OK, NOT_ALLOWED),
        )
        for name in ("library:figures", "library:figures_csv")
    ),
]
MATRIX += LIBRARY_DOWNLOAD_ROWS


# --- blog (Wagtail) and the site's files for crawlers ---------------------------------------
def _post_kwargs(world: MatrixWorld) -> dict[str, int]:
    return {"page_id": world.blog_post.pk}


BLOG_ROWS: list[Row] = [
    # The pages: Wagtail's catch-all, here a post (the front page is "home"); read-only.
    row(
        "wagtail_serve",
        kwargs=lambda w: {"_0": "blog/matrix-post/"},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    row("blog:rss", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row("blog:atom", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    *(
        row(
            name,
            kwargs=lambda w: {"slug": w.blog_topic.slug},
            visitor=(OK, NOT_ALLOWED),
            member=(OK, NOT_ALLOWED),
        )
        for name in ("blog:topic_rss", "blog:topic_atom")
    ),
    row("robots_txt", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row("sitemap", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row(
        "wagtaildocs_serve",
        kwargs=lambda w: {
            "document_id": w.blog_document.pk,
            "document_filename": w.blog_document.filename,
        },
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    # The CMS's own log-in is allauth's: its address only leads there (Wagtail's log-in view,
    # under the same address, is never reached).
    *(
        row(name, visitor=(LOGIN, NOT_ALLOWED), member=(LOGIN, NOT_ALLOWED))
        for name in ("cms_login", "wagtailadmin_login")
    ),
    # Only editors may unpublish (Wagtail's publish permission): contributors get Wagtail's
    # permission-denied redirect to the CMS home, members the portal's 403.
    row(
        "wagtailadmin_pages:unpublish",
        kwargs=_post_kwargs,
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, FORBIDDEN),
        cms_editor=(OK, redirect("wagtailadmin_explore")),
        cms_contributor=(redirect("wagtailadmin_home"), redirect("wagtailadmin_home")),
    ),
    # An empty form lacks the fields Wagtail's editor reads: a 400 saying which (blog/cms.py).
    row(
        "wagtailadmin_pages:edit",
        kwargs=_post_kwargs,
        visitor=(LOGIN, LOGIN),
        member=(FORBIDDEN, FORBIDDEN),
        cms_editor=(OK, BAD_REQUEST),
    ),
    # Wagtail's page for trying out its error page raises on purpose: closed.
    *(
        row(name, visitor=(NOT_FOUND, NOT_FOUND), member=(NOT_FOUND, NOT_FOUND))
        for name in ("cms_error_test", "wagtailadmin_error_test")
    ),
    # Everything else under /cms/ (Wagtail's URL names are mostly not namespaced): closed to
    # members and to staff outside the CMS groups; open to editors and contributors.
    Prefix(
        "wagtailadmin_home",
        {
            "visitor": (LOGIN, LOGIN),
            "member": (FORBIDDEN, FORBIDDEN),
            "cms_editor": (OK, NOT_ALLOWED),
            "cms_contributor": (OK, NOT_ALLOWED),
        },
        kwargs=lambda w: {
            "page_id": w.blog_post.pk,
            "parent_page_id": w.blog_post.get_parent().pk,
            "pk": w.blog_post.pk,
            "id": w.blog_post.pk,
            "image_id": 1,
            "document_id": w.blog_document.pk,
            "app_label": "blog",
            "model_name": "author",
            "content_type_app_name": "blog",
            "content_type_model_name": "blogpage",
            "revision_id": 1,
            "task_state_id": 1,
            "action_name": "approve",
            "workflow_state_id": 1,
            "action": "publish",
            "user_id": w.member.pk,
            "uidb64": "MQ",
            "token": "set-password",
            "app_name": "blog",
            "collection_id": 1,
            "page_pk": w.blog_post.pk,
            "workflow_pk": 1,
            "task_id": 1,
            "page_to_move_id": w.blog_post.pk,
            "destination_id": w.blog_post.get_parent().pk,
            "revision_id_a": 1,
            "revision_id_b": 1,
            "object_id": w.blog_post.pk,
            "session_id": 1,
            "redirect_id": 1,
            "doc_id": w.blog_document.pk,
            "uploaded_file_id": 1,
            "filter_spec": "original",
        },
        route="cms/",
        everywhere=("member", "staff", "staff_without_2fa"),
    ),
]
MATRIX += BLOG_ROWS


# --- newsletter ----------------------------------------------------------------------------------
def _subscriber_token(make) -> Kwargs:
    return lambda w: {"token": make(subscriber_id=w.newsletter_subscriber.pk)}


NEWSLETTER_ROWS: list[Row] = [
    # An empty form is refused with its errors; a member's one-click form too.
    row("newsletter:subscribe", visitor=(OK, BAD_REQUEST), member=(OK, BAD_REQUEST)),
    row("newsletter:check_inbox", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    # The mailed links need no login: GET asks (mail scanners open links), POST acts; the
    # confirmation and the one-click unsubscribe answer 200 with a page, never a redirect.
    row(
        "newsletter:confirm",
        kwargs=_subscriber_token(newsletter_tokens.confirmation_token),
        visitor=(OK, OK),
        member=(OK, OK),
    ),
    row(
        "newsletter:unsubscribe",
        kwargs=lambda w: {
            "token": newsletter_tokens.unsubscribe_token(
                subscriber_id=w.newsletter_subscriber.pk, list_id=0
            )
        },
        visitor=(OK, OK),
        member=(OK, OK),
    ),
    # Saving the signed link's form (empty: every list unticked) comes back to it.
    row(
        "newsletter:manage",
        kwargs=_subscriber_token(newsletter_tokens.manage_token),
        visitor=(OK, redirect("newsletter:manage")),
        member=(OK, redirect("newsletter:manage")),
    ),
    row(
        "newsletter:preferences",
        visitor=(LOGIN, LOGIN),
        member=(OK, redirect("newsletter:preferences")),
    ),
    row("newsletter:archive", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row(
        "newsletter:issue",
        kwargs=lambda w: {"slug": w.newsletter_issue.slug},
        visitor=(OK, NOT_ALLOWED),
        member=(OK, NOT_ALLOWED),
    ),
    row("newsletter:archive_rss", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
    row("newsletter:archive_atom", visitor=(OK, NOT_ALLOWED), member=(OK, NOT_ALLOWED)),
]
MATRIX += NEWSLETTER_ROWS
