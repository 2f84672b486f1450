"""The shared vocabulary every section tags its content with: topics, world regions, languages.

Any app may read these rows and point foreign keys at them; only staff change them (admin).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind)


class Topic(models.Model):
    """A term of the Alliance's taxonomy: a dimension of decentralization, a sector or a theme."""

    class Kind(models.TextChoices):
        DIMENSION = "dimension", _("Dimension of decentralization")
        SECTOR = "sector", _("Sector")
        THEME = "theme", _("Theme")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=120, unique=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="topic_unique_name_per_kind")
        ]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A world region. Members, groups, events and resources in a country belong to its region
    (taxonomy.regions maps ISO country codes to these slugs)."""

    slug = models.SlugField(max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0, help_text=_("Order in lists."))

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("world region")
        verbose_name_plural = _("world regions")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    code = models.CharField(max_length=8, unique=True, help_text=_("ISO 639-1 code"))
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name
