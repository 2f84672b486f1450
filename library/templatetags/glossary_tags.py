"""Glossary terms in a resource's summary link to their entries."""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def link_glossary_terms(text: str) -> SafeString:
    """The text as escaped paragraphs. TODO(glossary): terms linked to their entries."""
    return linebreaks_filter(text, autoescape=True)
