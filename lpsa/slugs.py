"""Slugs made from text, unique in their model's `slug` column."""

from django.utils.text import slugify


def unique_slug(model, text: str, *, fallback: str, max_length: int = 140) -> str:
    """`text` slugified (`fallback` when nothing is left of it), numbered "-2", "-3"… while
    another row of `model` has it."""
    base = slugify(text)[:max_length] or fallback
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
