"""How complete a profile is, and what the member could add next."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# (attribute, what to tell the member, weight). Weights favour what peers search by. The labels
# stay lazy so a completeness computed once reads in each viewer's language; join works on them.
_CHECKS = (
    ("full_name", _("your name"), 2),
    ("photo_medium", _("a photo"), 1),
    ("job_title", _("your job title"), 1),
    ("organisation", _("your organisation"), 1),
    ("organisation_type", _("your organisation type"), 1),
    ("country", _("your country"), 2),
    ("expertise", _("your areas of expertise"), 2),
    ("languages", _("the languages you speak"), 1),
    ("bio", _("a short bio"), 1),
    ("time_zone", _("your time zone"), 1),
)


@dataclass(frozen=True)
class ProfileCompleteness:
    percent: int
    missing: tuple[str, ...]

    @classmethod
    def of(cls, profile) -> "ProfileCompleteness":
        total = sum(weight for *_unused, weight in _CHECKS)
        done = 0
        missing = []
        for attribute, label, weight in _CHECKS:
            value = getattr(profile, attribute)
            if hasattr(value, "exists"):
                # A list's answer may come annotated on the row (Profile.objects.with_lists_filled).
                known = getattr(profile, f"has_{attribute}", None)
                has_value = known if known is not None else value.exists()
            else:
                has_value = bool(value)
            if has_value:
                done += weight
            else:
                missing.append(label)
        return cls(percent=round(100 * done / total), missing=tuple(missing))

    @property
    def is_complete(self) -> bool:
        return not self.missing
