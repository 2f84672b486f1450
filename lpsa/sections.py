"""The portal's sections, as the header, the footer and the member home show them."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    summary: str
    # None while the section is not built yet: it links to its "coming soon" page.
    url_name: str | None = None

    @property
    def built(self) -> bool:
        return self.url_name is not None

    @property
    def url(self) -> str:
        if self.url_name:
            return reverse(self.url_name)
        return reverse("coming_soon", kwargs={"section": self.slug})


SECTIONS: tuple[Section, ...] = (
    Section(
        "blog",
        "Decentralization.Net",
        "Analysis and news on decentralization and multilevel governance.",
    ),
    Section("resources", "Resources", "Primers, frameworks, the databook and the glossary."),
    Section("calendar", "Calendar", "Upcoming webinars, meetings and events."),
    Section(
        "directory",
        "Directory",
        "Find members by country, region, expertise and language.",
        "members:directory",
    ),
    Section("working-groups", "Working Groups", "Regional and thematic groups of practice."),
    Section("forums", "Forums", "Discussions with peers across the Alliance."),
    Section("courses", "Courses", "Training from fundamentals to advanced topics."),
)

SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}
