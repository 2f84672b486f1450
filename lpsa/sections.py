"""The registry of the portal's sections: one entry per section drives the header and footer
navigation, the tiles of the member home and the landing page, and which section is highlighted.

A section is highlighted on every page whose URL namespace is the section's (so /members/12/
highlights Directory). Adding an app's section: set `url_name` and `namespace` on its entry.
"""

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: str | Promise
    summary: str | Promise
    # None while the section is not built yet: it links to its "coming soon" page.
    url_name: str | None = None
    # The URL namespace whose pages belong to this section.
    namespace: str | None = None
    # A section of pages in Wagtail's tree (the blog): its address, under which all its pages are.
    path: str | None = None

    @property
    def built(self) -> bool:
        return self.url_name is not None or self.path is not None

    @cached_property
    def url(self) -> str:
        # Reversed once per process: the header and footer ask for every section's URL.
        if self.path:
            return self.path
        if self.url_name:
            return reverse(self.url_name)
        return reverse("coming_soon", kwargs={"section": self.slug})


SECTIONS: tuple[Section, ...] = (
    Section(
        "blog",
        _("Decentralization.Net"),
        _("Analysis and news on decentralization and multilevel governance."),
        # The blog index's slug in the CMS is "blog" (blog/migrations/0002): Wagtail serves it.
        path="/blog/",
        namespace="blog",
    ),
    Section(
        "resources",
        _("Resources"),
        _("Primers, frameworks, the databook and the glossary."),
        url_name="library:list",
        namespace="library",
    ),
    Section(
        "calendar",
        _("Calendar"),
        _("Upcoming webinars, meetings and events."),
        url_name="events:list",
        namespace="events",
    ),
    Section(
        "directory",
        _("Directory"),
        _("Find members by country, region, expertise and language."),
        url_name="members:directory",
        namespace="members",
    ),
    Section(
        "working-groups",
        _("Working Groups"),
        _("Regional and thematic groups of practice."),
        url_name="working_groups:list",
        namespace="working_groups",
    ),
    Section(
        "forums",
        _("Forums"),
        _("Discussions with peers across the Alliance."),
        url_name="forums:index",
        namespace="forums",
    ),
    Section(
        "newsletter",
        _("Newsletter"),
        _("News from the Alliance and its working groups by email; past issues."),
        url_name="newsletter:subscribe",
        namespace="newsletter",
    ),
    Section("courses", _("Courses"), _("Training from fundamentals to advanced topics.")),
)

SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}
SECTIONS_BY_NAMESPACE = {section.namespace: section for section in SECTIONS if section.namespace}


def current_section(request) -> Section | None:
    """The section the requested page belongs to, by its URL namespace."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    for namespace in match.namespaces:
        if namespace in SECTIONS_BY_NAMESPACE:
            return SECTIONS_BY_NAMESPACE[namespace]
    if match.url_name == "wagtail_serve":
        return next(
            (each for each in SECTIONS if each.path and request.path.startswith(each.path)), None
        )
    if match.url_name == "coming_soon":
        return SECTIONS_BY_SLUG.get(match.kwargs.get("section"))
    return None
