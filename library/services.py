"""Writes to the library: a resource's file and cover, which edition of a work is current, the
authors' names kept for search. Downloads are counted in library.downloads."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Max

from library.covers import cover_from_image, cover_from_pdf
from library.files import PDF, FileKind, sha256_of
from library.models import Authorship, Resource


def file_name_for(resource: Resource, kind: FileKind, sha256: str) -> str:
    """The portal's name for a stored file: the slug for people who save it, the content's hash
    so a new upload never overwrites a file a download may be reading."""
    return f"{sha256[:2]}/{resource.slug[:80]}-{sha256[:12]}.{kind.extension}"


def store_resource_file(*, resource: Resource, upload, kind: FileKind) -> None:
    """Store an identified upload as the resource's file (and its cover, for a PDF without an
    uploaded one). The resource must be saved by the caller; the old file goes once this
    commits, and the new one is removed again if it does not."""
    sha256 = sha256_of(upload)
    old_file = resource.file.name if resource.file else ""
    stored = resource.file.storage.save(file_name_for(resource, kind, sha256), upload)
    _delete_if_the_save_fails(resource.file.storage, stored)
    resource.file.name = stored
    resource.file_size = upload.size
    resource.content_type = kind.content_type
    resource.file_sha256 = sha256
    resource.external_url = ""
    if kind is PDF and not resource.cover:
        cover = cover_from_pdf(upload, name=f"{sha256[:16]}.jpg")
        if cover is not None:
            _save_cover(resource, cover)
    if old_file and old_file != stored:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))


def set_resource_cover(*, resource: Resource, upload) -> None:
    """Raises ValidationError (from members.photos) for anything but a sane image."""
    cover = cover_from_image(upload, name=f"{resource.slug[:60]}-cover.jpg")
    _save_cover(resource, cover)


def _save_cover(resource: Resource, cover) -> None:
    old_cover = resource.cover.name if resource.cover else ""
    resource.cover.save(cover.name, cover, save=False)
    _delete_if_the_save_fails(resource.cover.storage, resource.cover.name)
    if old_cover and old_cover != resource.cover.name:
        storage = resource.cover.storage
        transaction.on_commit(lambda: storage.delete(old_cover))


def _delete_if_the_save_fails(storage, name: str) -> None:
    written = _written_files.get()
    if written is not None:
        written.append((storage, name))


# Files written inside `files_kept_only_if_saved()`, to remove if the save fails after all.
_written_files: ContextVar[list | None] = ContextVar("library_written_files", default=None)


@contextmanager
def files_kept_only_if_saved():
    """Files are written before the transaction commits; if anything fails after, the rows
    that would point at them are rolled back, so the files go too: nothing half-saved."""
    token = _written_files.set([])
    try:
        yield
    except BaseException:
        for storage, name in _written_files.get():
            storage.delete(name)
        raise
    finally:
        _written_files.reset(token)


@transaction.atomic
def mark_current_edition(*, resource: Resource) -> None:
    """Of a work's editions, the one with the highest edition number is current."""
    editions = Resource.objects.editions_of(resource).select_for_update()
    newest = editions.aggregate(newest=Max("edition_number"))["newest"]
    current = editions.filter(edition_number=newest).order_by("-pk").values("pk")[:1]
    current_pk = current[0]["pk"] if current else None
    Resource.objects.editions_of(resource).exclude(pk=current_pk).update(is_current_edition=False)
    Resource.objects.filter(pk=current_pk).update(is_current_edition=True)


def refresh_author_names(*, resource_ids) -> None:
    """Keep `Resource.author_names` (searched, weighted between title and summary) in step with
    the authorships."""
    names: dict[int, list[str]] = {pk: [] for pk in resource_ids}
    for resource_id, given, family in (
        Authorship.objects.filter(resource_id__in=names)
        .order_by("resource_id", "position", "pk")
        .values_list("resource_id", "author__given_names", "author__family_name")
    ):
        names[resource_id].append(f"{given} {family}".strip())
    for pk, authors in names.items():
        Resource.objects.filter(pk=pk).update(author_names=", ".join(authors))


# --- Kept by signals, so the admin, the demo and the tests' factories all keep them ----------


def on_resource_saved(sender, instance: Resource, raw=False, created=False, **kwargs) -> None:
    # A new first edition is current by default, and no edition can point at it yet.
    if not raw and not (created and instance.first_edition_id is None):
        mark_current_edition(resource=instance)


def on_authorship_changed(sender, instance: Authorship, raw=False, **kwargs) -> None:
    if not raw:
        refresh_author_names(resource_ids=[instance.resource_id])


def on_author_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        refresh_author_names(
            resource_ids=list(instance.authorships.values_list("resource_id", flat=True))
        )
