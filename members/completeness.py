"""How complete a profile is, and what the member could add next."""

from dataclasses import dataclass

# (attribute, what to tell the member, weight). Weights favour what peers search by.
_CHECKS = (
    ("full_name", "your name", 2),
    ("photo_medium", "a photo", 1),
    ("job_title", "your job title", 1),
    ("organisation", "your organisation", 1),
    ("organisation_type", "your organisation type", 1),
    ("country", "your country", 2),
    ("expertise", "your areas of expertise", 2),
    ("languages", "the languages you speak", 1),
    ("bio", "a short bio", 1),
    ("time_zone", "your time zone", 1),
)


@dataclass(frozen=True)
class ProfileCompleteness:
    percent: int
    missing: tuple[str, ...]

    @classmethod
    def of(cls, profile) -> "ProfileCompleteness":
        total = sum(weight for _, _, weight in _CHECKS)
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
