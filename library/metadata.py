"""A resource's metadata for machines: its record as JSON (`library:record`) and the schema.org
description in its page (JSON-LD); and the values its citations are built from."""

from django.conf import settings
from django.urls import reverse

from library.citations import CitedAuthor, CitedWork
from library.models import Resource

SCHEMA_TYPES = {
    Resource.Kind.WORKING_PAPER: "Report",
    Resource.Kind.COUNTRY_PROFILE: "Report",
    Resource.Kind.PRESENTATION: "PresentationDigitalDocument",
    Resource.Kind.RECORDING: "VideoObject",
}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def download_url(resource: Resource) -> str:
    if resource.file:
        return absolute(reverse("library:download", kwargs={"slug": resource.slug}))
    return resource.external_url


def cited_work(resource: Resource, authors) -> CitedWork:
    return CitedWork(
        title=resource.title,
        year=resource.year,
        kind=resource.kind,
        publisher=resource.publisher,
        authors=[CitedAuthor(a.given_names, a.family_name) for a in authors],
        edition_number=resource.edition_number,
        url=absolute(resource.get_absolute_url()),
    )


def record(resource: Resource, *, authors, topics, regions, countries) -> dict:
    """The resource's record: everything its page says about it, with its addresses. Public
    for a members-only resource too: only its file is refused to visitors."""
    return {
        "title": resource.title,
        "slug": resource.slug,
        "url": absolute(resource.get_absolute_url()),
        "type": resource.kind,
        "type_label": str(resource.get_kind_display()),
        "summary": resource.summary,
        "authors": [
            {
                "given_names": a.given_names,
                "family_name": a.family_name,
                "affiliation": a.affiliation,
            }
            for a in authors
        ],
        "publisher": resource.publisher,
        "year": resource.year,
        "edition": resource.edition,
        "edition_number": resource.edition_number,
        "is_current_edition": resource.is_current_edition,
        "language": resource.language.code,
        "topics": [t.slug for t in topics],
        "regions": [r.slug for r in regions],
        "countries": [str(c.country) for c in countries],
        "licence": resource.licence,
        "licence_url": resource.licence_url,
        "access": resource.access,
        "file": (
            {
                "url": download_url(resource),
                "format": resource.file_format,
                "content_type": resource.content_type,
                "size_bytes": resource.file_size,
            }
            if resource.file
            else None
        ),
        "external_url": resource.external_url or None,
        "created_at": resource.created_at.isoformat(),
        "updated_at": resource.updated_at.isoformat(),
    }


def schema_org(resource: Resource, *, authors, topics, countries) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(resource.kind, "Book"),
        "name": resource.title,
        "description": resource.summary,
        "url": absolute(resource.get_absolute_url()),
        "datePublished": str(resource.year),
        "inLanguage": resource.language.code,
        "publisher": {"@type": "Organization", "name": resource.publisher},
        "isAccessibleForFree": True,
        "author": [
            {"@type": "Organization", "name": a.family_name}
            if not a.given_names.strip()
            else {"@type": "Person", "givenName": a.given_names, "familyName": a.family_name}
            for a in authors
        ],
    }
    if resource.edition:
        data["bookEdition" if data["@type"] == "Book" else "version"] = resource.edition
    if resource.licence_url:
        data["license"] = resource.licence_url
    if topics:
        data["keywords"] = [t.name for t in topics]
    if countries:
        data["spatialCoverage"] = [
            {"@type": "Country", "name": str(c.country.name)} for c in countries
        ]
    if resource.file:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": download_url(resource),
            "encodingFormat": resource.content_type,
            "contentSize": f"{resource.file_size} B" if resource.file_size else None,
        }
    elif resource.external_url:
        data["sameAs"] = resource.external_url
    return data
