"""The open-access knowledge library: resources (primers, frameworks, country profiles, the
databook...), their authors, editions and translations, collections, download counts, and the
Decentralization and Multilevel Governance Glossary.

A resource's file is stored under a name the portal chooses, in a storage of its own that no
URL serves: every download goes through `library.downloads`, which counts it and refuses
members-only files to visitors.
"""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lpsa.models import TimestampedModel
from taxonomy.models import Language, Region, Topic
from working_groups.models import WorkingGroup

# The library's own addresses under /library/: a resource with one of these slugs would be hidden.
RESERVED_SLUGS = frozenset({"collections", "glossary", "figures", "search", "feed"})


def validate_resource_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is one of the library's own addresses: choose another slug."),
            params={"slug": value},
            code="reserved",
        )


def library_storage():
    """Resource files live apart from the public media: only the download view reads them."""
    from django.core.files.storage import storages

    return storages["library"]


class Author(TimestampedModel):
    """Someone who wrote a resource: a member (the page links to their profile) or an outside
    person or organisation (family name only)."""

    given_names = models.CharField(_("given names"), max_length=120, blank=True)
    family_name = models.CharField(
        _("family name"),
        max_length=200,
        help_text=_("Or the organisation's name, for a corporate author."),
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_authorships",
    )

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class ResourceQuerySet(models.QuerySet):
    def current_editions(self):
        """One row per work: a superseded edition stays reachable from its successor's page."""
        return self.filter(is_current_edition=True)

    def open_access(self):
        return self.filter(access=Resource.Access.OPEN)

    def editions_of(self, resource: "Resource"):
        root = resource.first_edition_id or resource.pk
        return self.filter(Q(pk=root) | Q(first_edition_id=root)).order_by("-edition_number")

    def translations_of(self, resource: "Resource"):
        root = resource.original_id or resource.pk
        return self.filter(Q(pk=root) | Q(original_id=root)).exclude(pk=resource.pk)


class Resource(TimestampedModel):
    class Kind(models.TextChoices):
        PRIMER = "primer", _("Primer")
        FRAMEWORK = "framework", _("Assessment framework")
        METHODOLOGY = "methodology", _("Methodology guide")
        COUNTRY_PROFILE = "country-profile", _("Country profile")
        DATABOOK = "databook", _("Databook")
        WORKING_PAPER = "working-paper", _("Working paper")
        TOOLKIT = "toolkit", _("Toolkit")
        PRESENTATION = "presentation", _("Presentation")
        RECORDING = "recording", _("Recording")

    class Licence(models.TextChoices):
        CC_BY = "cc-by-4.0", "CC BY 4.0"
        CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
        CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
        CC_BY_NC_SA = "cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0"
        CC_BY_ND = "cc-by-nd-4.0", "CC BY-ND 4.0"
        CC0 = "cc0-1.0", "CC0 1.0"
        ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")

    class Access(models.TextChoices):
        OPEN = "open", _("Open to all")
        MEMBERS = "members", _("Members only")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        max_length=200, unique=True, validators=[validate_resource_slug], allow_unicode=False
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices, db_index=True)
    summary = models.TextField(_("summary"))
    authors = models.ManyToManyField(
        Author, through="Authorship", blank=True, related_name="resources"
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, default="Local Public Sector Alliance"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)], db_index=True
    )
    edition = models.CharField(
        _("edition"), max_length=80, blank=True, help_text=_("As printed: “Second edition”.")
    )
    edition_number = models.PositiveSmallIntegerField(_("edition number"), default=1)
    # Editions of one work point at its first edition, which points at nothing.
    first_edition = models.ForeignKey(
        "self",
        verbose_name=_("a later edition of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_editions",
        help_text=_("For a new edition: the work's first edition."),
    )
    # Kept by library.services.mark_current_edition: the highest edition number of its work.
    is_current_edition = models.BooleanField(default=True, editable=False, db_index=True)
    # Translations point at the original, which points at nothing.
    original = models.ForeignKey(
        "self",
        verbose_name=_("a translation of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
    )
    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="resources"
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="resources"
    )
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY
    )
    access = models.CharField(
        _("access"), max_length=16, choices=Access.choices, default=Access.OPEN
    )
    # Either a file the portal stores and counts, or a link elsewhere.
    file = models.FileField(_("file"), storage=library_storage, blank=True, max_length=300)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    content_type = models.CharField(_("file type"), max_length=120, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    external_url = models.URLField(_("external link"), max_length=500, blank=True)
    # The portal's own JPEG: from the PDF's first page or an uploaded image; empty for the
    # placeholder of its type.
    cover = models.ImageField(_("cover"), upload_to="library/covers/", blank=True)
    # Authors' names in order, kept by library.services for search and lists.
    author_names = models.TextField(blank=True, editable=False)
    # Unique downloads since the resource was added (see library.downloads).
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-created_at", "-pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(external_url="")) | (~Q(file="") & Q(external_url="")),
                name="resource_file_or_link",
                violation_error_message=_("A resource has either a file or a link, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(first_edition=models.F("pk")), name="resource_not_its_own_edition"
            ),
        ]
        indexes = [
            models.Index(fields=["is_current_edition", "-year"], name="library_current"),
            # The library page's facet counts: type, year and language grouped, and the ids the
            # topic, region and country counts join to, read from the index alone.
            # (The id as a key column: SQLite has no INCLUDE.)
            models.Index(
                fields=["is_current_edition", "kind", "year", "language", "id"],
                name="library_facets",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:resource", kwargs={"slug": self.slug})

    @property
    def is_members_only(self) -> bool:
        return self.access == self.Access.MEMBERS

    @property
    def work_id(self) -> int:
        return self.first_edition_id or self.pk

    @property
    def file_format(self) -> str:
        """The short name a reader knows (PDF, Word, CSV), shown beside the download."""
        from library.files import label_for

        return label_for(self.content_type)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")


LICENCE_URLS = {
    Resource.Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Resource.Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Resource.Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Resource.Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    Resource.Licence.CC_BY_ND: "https://creativecommons.org/licenses/by-nd/4.0/",
    Resource.Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Authorship(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(fields=["resource", "author"], name="authorship_once")
        ]

    def __str__(self) -> str:
        return str(self.author)


class ResourceCountry(models.Model):
    """A country a resource is about (a LoGICA country profile, a case study)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("country"), db_index=True)

    class Meta:
        ordering = ["country"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(fields=["resource", "country"], name="resource_country_once")
        ]

    def __str__(self) -> str:
        return str(self.country.name)


class CollectionQuerySet(models.QuerySet):
    def for_group(self, group):
        return self.filter(working_group=group)

    def visible_to(self, user):
        """The Alliance's collections, and those of the working groups `user` may see: a group
        listed to members only keeps its name from visitors."""
        return self.filter(
            Q(working_group__isnull=True)
            | Q(working_group__in=WorkingGroup.objects.visible_to(user))
        )


class Collection(TimestampedModel):
    """Resources that belong together: a framework with its guides and country profiles, or a
    working group's outputs (one per group, shown on its page)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    working_group = models.OneToOneField(
        WorkingGroup,
        verbose_name=_("outputs of the working group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_collection",
    )
    resources = models.ManyToManyField(
        Resource, through="CollectionItem", blank=True, related_name="collections"
    )

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:collection", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("resource in the collection")
        verbose_name_plural = _("resources in the collection")
        constraints = [
            models.UniqueConstraint(fields=["collection", "resource"], name="collection_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.collection} · {self.resource}"


class DownloadTally(models.Model):
    """Downloads of one resource on one day (UTC) from one world region ("" when unknown):
    every counted request (raw) and the first from each visitor in 24 hours (unique)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="tallies")
    day = models.DateField()
    region = models.CharField(max_length=32, blank=True)
    raw = models.PositiveIntegerField(default=0)
    unique = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "day", "region"], name="download_tally_once"
            )
        ]
        indexes = [models.Index(fields=["day"], name="library_tally_day")]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.day} {self.region or '-'}: {self.unique}/{self.raw}"


class DownloadSalt(models.Model):
    """A random salt per UTC day. Visitors are recognised by a hash under it, never by their
    address; once the salts of the past two days are deleted, no hash leads back to anyone."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class RecentDownload(models.Model):
    """That a visitor (by salted hash) downloaded a resource: kept 24 hours, so the same
    visitor is counted once a day per file."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["resource", "visitor", "at"], name="library_recent_download")
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.at:%Y-%m-%d %H:%M}"


def initial_letter(text: str) -> str:
    """A term's place in the A-Z: its first letter without accents ("É" files under E), or "#"."""
    for char in unicodedata.normalize("NFKD", text):
        if char.isalpha() and char.isascii():
            return char.upper()
        if char.isalnum():
            return "#"
    return "#"


class GlossaryTermQuerySet(models.QuerySet):
    def starting_with(self, letter: str):
        return self.filter(letter=letter)

    def letters(self) -> set[str]:
        """The letters of the A-Z that have terms (one query over the letter index)."""
        return set(self.order_by().values_list("letter", flat=True).distinct())

    def for_index(self):
        """What a list of terms shows: the term, its letter and the start of its definition."""
        return self.only("term", "slug", "letter", "definition").order_by("letter", "term", "pk")

    def for_entry(self):
        """A term's page: its translations with their languages, and its related terms."""
        return self.prefetch_related(
            models.Prefetch(
                "translations",
                queryset=GlossaryTranslation.objects.select_related("language").order_by(
                    "language__name"
                ),
            ),
            models.Prefetch("related", queryset=GlossaryTerm.objects.only("term", "slug")),
        )

    def search(self, text: str):
        """Terms matching every word of `text`, a match in the term itself first."""
        from library.glossary import search_terms

        return search_terms(self, text)


class GlossaryTerm(TimestampedModel):
    """An entry of the Decentralization and Multilevel Governance Glossary."""

    term = models.CharField(_("term"), max_length=160, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    letter = models.CharField(max_length=1, editable=False, db_index=True)
    definition = models.TextField(_("definition"))
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("One per line: a citation, or a citation and a link.")
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("related terms"), blank=True, symmetrical=True
    )

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs):
        self.letter = initial_letter(self.term)
        if kwargs.get("update_fields") is not None and "term" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "letter"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("library:glossary_term", kwargs={"slug": self.slug})

    def source_lines(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class GlossaryTranslation(models.Model):
    """The term in another language (“décentralisation budgétaire”)."""

    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="translations")
    language = models.ForeignKey(Language, verbose_name=_("language"), on_delete=models.PROTECT)
    text = models.CharField(_("translation"), max_length=160)

    class Meta:
        ordering = ["language__name"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["term", "language"], name="glossary_translation_once")
        ]

    def __str__(self) -> str:
        return self.text
