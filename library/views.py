"""The library's reading pages: the list with its facets, a resource, a collection, a record.

Everything here is public, members-only resources included (their files are refused by the
download view, not their descriptions). The list and a resource's page are kept rendered under
the library's version (library/cache.py) for visitors and for members; a resource's page also
under the directory's, since whose profile an author's name links to is the directory's rule.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from library import citations, metadata
from library.cache import FRAGMENT_SECONDS, LIBRARY
from library.filters import ResourceFilter
from library.models import Authorship, Collection, CollectionItem, Resource
from lpsa.page_cache import fragment_key
from lpsa.pagination import page_or_404
from members.directory_cache import DIRECTORY
from members.models import Profile

RESOURCES_PER_PAGE = 20
COLLECTION_PER_PAGE = 50
RELATED_SHOWN = 4
RELATED_CANDIDATES = 500


def _is_member(request: HttpRequest) -> bool:
    return request.user.is_authenticated


def _listed(queryset):
    return queryset.select_related("language")


@require_safe
def resource_list(request: HttpRequest) -> HttpResponse:
    """The current editions with their facets, per query string, for visitors or members."""
    key = fragment_key(
        "library-list", LIBRARY.current(request), _is_member(request), sorted(request.GET.lists())
    )
    listing = cache.get(key)
    if listing is None:
        resource_filter = ResourceFilter(request.GET or None)
        paginator, page = page_or_404(
            request, _listed(resource_filter.ordered()), RESOURCES_PER_PAGE
        )
        listing = render_to_string(
            "library/includes/resource_listing.html",
            {
                "filter": resource_filter,
                "facets": _facets(request, resource_filter),
                "searching": resource_filter.searching,
                "sort_choices": resource_filter.sort_choices(),
                "sort": resource_filter.selected_sort(),
                "resources": page.object_list,
                "page_obj": page,
                "paginator": paginator,
            },
            request=request,
        )
        cache.set(key, listing, FRAGMENT_SECONDS)
    return render(
        request,
        "library/resource_list.html",
        {"listing": mark_safe(listing)},  # rendered, so escaped, above
    )


def _facets(request: HttpRequest, resource_filter: ResourceFilter) -> list:
    """The facet counts, kept apart from the results: every page and sort of one search and set
    of filters shares them."""
    asked = sorted((k, v) for k, v in request.GET.lists() if k not in ("page", "sort"))
    key = fragment_key("library-facets", LIBRARY.current(request), asked)
    facets = cache.get(key)
    if facets is None:
        facets = resource_filter.facets()
        cache.set(key, facets, FRAGMENT_SECONDS)
    return facets


def _linkable_profiles(is_member: bool):
    """Whose profile an author's name may link to: for members the listed profiles (a member's
    own unlisted profile is left out, as the page is kept for every member), for visitors the
    public ones."""
    if is_member:
        return Profile.objects.listed()
    return Profile.objects.visible_to(AnonymousUser())


def _resource(slug: str) -> Resource:
    return get_object_or_404(Resource.objects.select_related("language"), slug=slug)


def _authorships(resource: Resource, *, is_member: bool) -> list[Authorship]:
    profiles = _linkable_profiles(is_member).filter(user_id=OuterRef("author__member_id"))
    return list(
        Authorship.objects.filter(resource=resource)
        .select_related("author")
        .annotate(profile_pk=Subquery(profiles.values("pk")[:1]))
        .order_by("position", "pk")
    )


def _related(resource: Resource) -> list[Resource]:
    """Current editions sharing the most topics with it (its own work and translations apart),
    in one query. Only the latest RELATED_CANDIDATES resources sharing a topic are weighed, so a
    topic that 15,000 resources carry costs what a rare one does."""
    through = Resource.topics.through
    topics = through.objects.filter(resource=resource).values("topic_id")
    candidates = (
        through.objects.filter(topic_id__in=topics)
        .order_by("-resource_id")
        .values("resource_id")[:RELATED_CANDIDATES]
    )
    return list(
        Resource.objects.current_editions()
        .filter(pk__in=candidates, topics__in=topics)
        .exclude(pk=resource.work_id)
        .exclude(first_edition_id=resource.work_id)
        .exclude(pk=resource.original_id or resource.pk)
        .exclude(original_id=resource.original_id or resource.pk)
        .annotate(overlap=Count("topics"))
        .order_by("-overlap", "-year", "pk")[:RELATED_SHOWN]
    )


def _resource_context(request: HttpRequest, resource: Resource) -> dict:
    is_member = _is_member(request)
    authorships = _authorships(resource, is_member=is_member)
    authors = [a.author for a in authorships]
    topics = list(resource.topics.all())
    regions = list(resource.regions.all())
    countries = list(resource.countries.all())
    editions = list(
        Resource.objects.editions_of(resource).only(
            "slug", "title", "edition", "edition_number", "year", "is_current_edition"
        )
    )
    work = metadata.cited_work(resource, authors)
    return {
        "resource": resource,
        "authorships": authorships,
        "topics": topics,
        "regions": regions,
        "countries": countries,
        "editions": editions if len(editions) > 1 else [],
        "newer_edition": next((e for e in editions if e.is_current_edition), None)
        if not resource.is_current_edition
        else None,
        "translations": list(Resource.objects.translations_of(resource).select_related("language")),
        "related": _related(resource),
        "collections": list(
            Collection.objects.visible_to(request.user).filter(items__resource=resource)
        ),
        "apa": citations.apa(work),
        "bibtex": citations.bibtex(work),
        "schema_org": metadata.schema_org(
            resource, authors=authors, topics=topics, countries=countries
        ),
    }


@require_safe
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    is_member = _is_member(request)
    key = fragment_key(
        "library-resource",
        LIBRARY.current(request),
        DIRECTORY.current(request),
        is_member,
        slug,
    )
    kept = cache.get(key)
    if kept is None:
        resource = _resource(slug)
        kept = {
            "title": resource.title,
            "summary": resource.summary,
            "html": render_to_string(
                "library/includes/resource_body.html",
                _resource_context(request, resource),
                request=request,
            ),
        }
        cache.set(key, kept, FRAGMENT_SECONDS)
    return render(
        request,
        "library/resource_detail.html",
        {
            "title": kept["title"],
            "summary": kept["summary"],
            "body": mark_safe(kept["html"]),  # rendered, so escaped, above
        },
    )


@require_safe
def resource_record(request: HttpRequest, slug: str) -> JsonResponse:
    resource = _resource(slug)
    authors = [
        a.author for a in Authorship.objects.filter(resource=resource).select_related("author")
    ]
    data = metadata.record(
        resource,
        authors=authors,
        topics=resource.topics.all(),
        regions=resource.regions.all(),
        countries=resource.countries.all(),
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # public metadata, for other sites' tools
    return response


@require_safe
def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    collection = get_object_or_404(
        Collection.objects.visible_to(request.user).select_related("working_group"), slug=slug
    )
    items = (
        CollectionItem.objects.filter(collection=collection)
        .select_related("resource", "resource__language")
        .order_by("position", "pk")
    )
    paginator, page = page_or_404(request, items, COLLECTION_PER_PAGE)
    return render(
        request,
        "library/collection_detail.html",
        {
            "collection": collection,
            "resources": [item.resource for item in page.object_list],
            "page_obj": page,
            "paginator": paginator,
        },
    )
