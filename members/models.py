from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lpsa.models import TimestampedModel
from members.completeness import ProfileCompleteness
from members.search import TEXT_SEARCH_CONFIG, search_words, tsquery
from taxonomy.models import Language, Region, Topic
from taxonomy.regions import region_for_country


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account: authentication only. Everything a member shows others lives on Profile."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        profile = getattr(self, "profile", None)
        return profile.full_name if profile and profile.full_name else self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class Visibility(models.TextChoices):
    HIDDEN = "hidden", _("Only me")
    MEMBERS = "members", _("Members of LPSA")
    PUBLIC = "public", _("Anyone")


class OrganisationType(models.TextChoices):
    CENTRAL_GOVERNMENT = "central-government", _("Central government")
    LOCAL_GOVERNMENT = "local-government", _("Local government")
    CIVIL_SOCIETY = "civil-society", _("Civil society")
    ACADEMIA = "academia", _("Academia and research")
    DEVELOPMENT_PARTNER = "development-partner", _("Development partner")
    PRIVATE_SECTOR = "private-sector", _("Private sector")
    OTHER = "other", _("Other")


def _has_verified_email() -> Exists:
    # The address the portal would write to (User.email) must be one its owner confirmed:
    # otherwise anyone could sign up with a stranger's address and have the relay mail it.
    return Exists(
        EmailAddress.objects.filter(
            Exact(Lower("email"), Lower(OuterRef("user__email"))),
            user=OuterRef("user"),
            verified=True,
        )
    )


# How search results are listed when no sort is chosen: name and organisation matches first.
SEARCH_RELEVANCE_ORDER = ("-search_name_match", "full_name", "pk")


class ProfileQuerySet(models.QuerySet):
    # The words of a full-text search, kept so that slicing can take a page cheaply.
    _search_words: list[str] | None = None
    # On such a page: the search it was cut from and where, for count().
    _search_page_of: tuple | None = None

    def _clone(self):
        clone = super()._clone()
        clone._search_words = self._search_words
        return clone

    def listed(self):
        """Profiles of active members with a confirmed address who chose to be in the directory."""
        return self.filter(_has_verified_email(), listed_in_directory=True, user__is_active=True)

    def visible_to(self, user):
        """The profiles `user` may open: members see listed ones, anyone sees public ones;
        owners always see their own."""
        if user.is_authenticated:
            return self.filter(
                Q(user=user)
                | Q(_has_verified_email(), listed_in_directory=True, user__is_active=True)
            )
        return self.listed().filter(profile_visibility=Visibility.PUBLIC)

    def with_access(self):
        """Whether members may open each profile (listed, active, confirmed), in the same query:
        with its visibility and owner, who may open it without a second look."""
        return self.annotate(
            open_to_members=ExpressionWrapper(
                Q(_has_verified_email(), listed_in_directory=True, user__is_active=True),
                output_field=models.BooleanField(),
            )
        )

    def with_lists_filled(self):
        """Whether each profile has expertise and languages, for its completeness, in the same
        query as the profile rather than two more."""
        return self.annotate(
            has_expertise=Exists(Profile.expertise.through.objects.filter(profile=OuterRef("pk"))),
            has_languages=Exists(Profile.languages.through.objects.filter(profile=OuterRef("pk"))),
        )

    def for_directory(self):
        return (
            self.listed()
            .select_related("user")
            .prefetch_related(Prefetch("expertise", queryset=Topic.objects.only("id", "name")))
        )

    def search(self, text: str):
        """Profiles matching every word, those matching on a name or organisation first.

        Full-text on PostgreSQL (accents folded, the last word a prefix); a plain substring
        match elsewhere, for the embedded SQLite default.
        """
        words = search_words(text)
        if not words:
            # Nothing searchable ("&&&"): the same as an empty box, in the directory's order.
            return self.order_by("full_name", "pk")
        if connections[self.db].vendor == "postgresql":
            queryset = self._full_text_search(words)
        else:
            queryset = self._substring_search(words)
        return queryset.order_by(*SEARCH_RELEVANCE_ORDER)

    def _full_text_match(self, column: str, words: list[str]) -> RawSQL:
        # The search columns are generated by migration 0008; the model does not declare them.
        return RawSQL(
            f'"{self.model._meta.db_table}"."{column}" @@ to_tsquery(\'{TEXT_SEARCH_CONFIG}\', %s)',
            (tsquery(words),),
            output_field=models.BooleanField(),
        )

    def _full_text_search(self, words: list[str]):
        queryset = self.filter(self._full_text_match("search_document", words)).annotate(
            search_name_match=self._full_text_match("search_names", words)
        )
        queryset._search_words = words
        return queryset

    def __getitem__(self, k):
        if (
            isinstance(k, slice)
            and k.stop is not None
            and k.stop > (k.start or 0)  # an empty slice needs no query
            and self._search_words
            and self._result_cache is None
            and self._iterable_class is ModelIterable
            and self.query.standard_ordering
            and tuple(self.query.order_by[:3]) == SEARCH_RELEVANCE_ORDER
        ):
            return self._search_page(k.start or 0, k.stop)
        return super().__getitem__(k)

    def _search_page(self, start: int, stop: int):
        """Rows start..stop of a full-text search in relevance order, at a bounded cost.

        Sorting every match by relevance reads all of them: for a word in 30,000 bios, most of
        the table. Instead each group (name or organisation matches, then the rest) is
        ordered by name and cut at `stop` on its own, so PostgreSQL can walk the name index
        for a common word and stop early, or use the GIN index for a rare one; the one query
        then sorts at most twice `stop` rows.
        """
        document = self._full_text_match("search_document", self._search_words)
        names = self._full_text_match("search_names", self._search_words)
        by_name = self.order_by("full_name", "pk")
        by_name._search_words = None
        names_first = by_name._chain()
        # A name or organisation match is always a document match, so the document condition
        # is swapped for the names one rather than joined by it: with both, PostgreSQL reads
        # both indexes and, taking them as independent, badly underestimates the rows.
        names_first.query.where = names_first.query.where.replace_expressions({document: names})
        page = (
            names_first[:stop]
            .union(by_name.exclude(names)[:stop], all=True)
            .order_by(*SEARCH_RELEVANCE_ORDER)
        )
        page = page[start:stop]
        page._search_page_of = (self, start, stop)
        return page

    def count(self) -> int:
        if self._search_page_of is not None and self._result_cache is None:
            # Django cannot count a sliced, ordered UNION; the rows of a slice are as many
            # as the search has between its ends (a paginator may count with a LIMIT).
            search, start, stop = self._search_page_of
            return max(0, search.order_by()[:stop].count() - start)
        return super().count()

    def _substring_search(self, words: list[str]):
        matches, name_matches = Q(), Q()
        for word in words:
            in_name = Q(full_name__icontains=word) | Q(organisation__icontains=word)
            matches &= in_name | Q(job_title__icontains=word) | Q(bio__icontains=word)
            name_matches &= in_name
        return self.filter(matches).annotate(
            search_name_match=Case(
                When(name_matches, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def region_totals(self) -> dict:
        """Every world region with how many of these profiles are in it (zero included), and
        the total, from one pass over these profiles (the landing page's figures: at 100,000
        members one scan, not one per region and one more)."""
        per_region = dict(self.order_by().values_list("world_region").annotate(total=Count("pk")))
        return {
            "regions": [
                {
                    "region": region.name,
                    "value": region.slug,
                    "count": per_region.get(region.slug, 0),
                }
                for region in Region.objects.all()
            ],
            # Listed members without a country (so no region) count in the total too.
            "total": sum(per_region.values()),
        }


orcid_validator = RegexValidator(
    r"^https://orcid\.org/\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
    _("Enter your ORCID iD as https://orcid.org/0000-0000-0000-0000."),
)


def validate_linkedin_url(value: str) -> None:
    """Only LinkedIn's own https pages (linkedin.com or a subdomain such as www. or uk.), with
    no user name or password in the address: the page labels the link "Profile on LinkedIn"."""
    parts = urlsplit(value)
    host = (parts.hostname or "").rstrip(".")
    on_linkedin = host == "linkedin.com" or host.endswith(".linkedin.com")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme != "https"
        or not on_linkedin
        or "@" in parts.netloc
        or port is not None
        or parts.path in ("", "/")
    ):
        raise ValidationError(
            _(
                "Enter the address of your LinkedIn page, such as https://www.linkedin.com/in/your-name."
            ),
            code="not_linkedin",
        )


class Profile(TimestampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    full_name = models.CharField(max_length=150, blank=True)
    photo_small = models.ImageField(upload_to="photos/small/", blank=True)
    photo_medium = models.ImageField(upload_to="photos/medium/", blank=True)
    photo_large = models.ImageField(upload_to="photos/large/", blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    organisation_type = models.CharField(
        max_length=32, choices=OrganisationType.choices, blank=True
    )
    country = CountryField(blank=True)
    # Derived from country on save; stored so the directory can filter and count by it. The
    # column holds the region's slug, so the value reads the same in a URL and in the table.
    world_region = models.ForeignKey(
        Region,
        verbose_name=_("world region"),
        to_field="slug",
        db_column="world_region",
        on_delete=models.PROTECT,
        related_name="residents",
        null=True,
        blank=True,
        editable=False,
    )
    expertise = models.ManyToManyField(
        Topic, verbose_name=_("areas of expertise"), blank=True, related_name="experts"
    )
    interests = models.ManyToManyField(
        Topic, verbose_name=_("interests"), blank=True, related_name="interested_profiles"
    )
    regions_of_interest = models.ManyToManyField(
        Region,
        verbose_name=_("regions of interest"),
        blank=True,
        related_name="interested_profiles",
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="speakers"
    )
    bio = models.TextField(max_length=2000, blank=True)
    website = models.URLField(blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True, validators=[validate_linkedin_url])
    orcid = models.URLField(_("ORCID iD"), blank=True, validators=[orcid_validator])
    phone = models.CharField(max_length=40, blank=True)
    # An IANA name; the form offers this machine's zoneinfo list (choices here would put that
    # list, which differs between machines, into the migrations).
    time_zone = models.CharField(max_length=64, blank=True)
    # The language the portal's emails to this member are written in (members.languages);
    # blank: the site's default. Set at sign-up and by the site's language switch.
    language = models.CharField(
        _("language of your emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Changing the site's language while signed in changes this too. "
            "Left empty, emails are in the site's default language."
        ),
    )

    listed_in_directory = models.BooleanField(
        _("List me in the member directory"),
        default=False,
        help_text=_("Only members who choose to be listed appear in the directory."),
    )
    profile_visibility = models.CharField(
        _("Who can see my profile"),
        max_length=16,
        choices=[c for c in Visibility.choices if c[0] != Visibility.HIDDEN],
        default=Visibility.MEMBERS,
    )
    email_visibility = models.CharField(
        _("Who can see my email address"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.HIDDEN,
    )
    phone_visibility = models.CharField(
        _("Who can see my phone number"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.HIDDEN,
    )
    links_visibility = models.CharField(
        _("Who can see my links"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        indexes = [
            models.Index(fields=["listed_in_directory", "full_name"]),
            # @mentions look members up by name in any case (forums.mentions): exactly this
            # expression, or PostgreSQL reads the whole table (tests/forums hold it).
            models.Index(Lower("full_name"), name="members_profile_lower_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(profile_visibility=Visibility.HIDDEN),
                name="profile_visibility_not_hidden",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("members:profile", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        region = region_for_country(self.country.code) if self.country else ""
        self.world_region_id = region or None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "country" in update_fields:
            kwargs["update_fields"] = {*update_fields, "world_region"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.full_name or gettext("LPSA member")

    @property
    def time_zone_label(self) -> str:
        return self.time_zone.replace("_", " ")

    @property
    def initials(self) -> str:
        parts = [p for p in self.full_name.split() if p[:1].isalpha()]
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    def field_visible_to(self, visibility: str, viewer) -> bool:
        """Whether a contact field with `visibility` may be shown to `viewer`."""
        if viewer.is_authenticated and viewer.pk == self.user_id:
            return True
        if visibility == Visibility.PUBLIC:
            return True
        return visibility == Visibility.MEMBERS and viewer.is_authenticated

    @cached_property
    def completeness(self) -> ProfileCompleteness:
        return ProfileCompleteness.of(self)


class ContactMessage(TimestampedModel):
    """A message relayed from one member to another; kept for rate limits and abuse review."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_messages_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_messages_received",
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    share_email = models.BooleanField(
        _("Let them reply to my email address"),
        default=False,
        help_text=_(
            "If unticked, they cannot reply by email; your address is never shown either way "
            "unless you tick this."
        ),
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender=models.F("recipient")), name="contact_not_to_self"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}: {self.subject}"


class RegionFigures(models.Model):
    """The landing page's figures (listed members per region), counted by a periodic task: at
    100,000 members counting takes a few hundred milliseconds, too long to make a visitor wait.
    One row, replaced at each count."""

    figures = models.JSONField()
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("region figures")
        verbose_name_plural = _("region figures")

    def __str__(self) -> str:
        return f"Listed members per region, counted {self.counted_at:%Y-%m-%d %H:%M}"
