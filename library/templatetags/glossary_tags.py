"""Glossary terms in a resource's summary link to their entries."""

from django import template
from django.utils.safestring import SafeString

from library.glossary import link_terms

register = template.Library()


@register.filter
def link_glossary_terms(text: str) -> SafeString:
    """The text as escaped paragraphs, the first occurrence of each glossary term linked to its
    entry (library.glossary.link_terms)."""
    return link_terms(text)
