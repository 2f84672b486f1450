import factory
from django.core.files.base import ContentFile

from library.files import PDF
from library.models import Author, Authorship, Collection, GlossaryTerm, Resource
from library.services import store_resource_file
from taxonomy.models import Language
from tests.library.samples import pdf_bytes


def english():
    return Language.objects.get(code="en")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    given_names = factory.Sequence(lambda n: f"Jamie{n}")
    family_name = factory.Sequence(lambda n: f"Boex{n}")
    affiliation = "Local Public Sector Alliance"


class ResourceFactory(factory.django.DjangoModelFactory):
    """An open primer in English with an external link; `with_pdf=True` stores a real PDF
    instead (and its cover), `authors=[...]` adds authorships in order."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Primer {n} on fiscal decentralization")
    slug = factory.Sequence(lambda n: f"primer-{n}")
    kind = Resource.Kind.PRIMER
    summary = "How revenue and spending responsibilities are shared between levels of government."
    year = 2024
    language = factory.LazyFunction(english)
    external_url = factory.Sequence(lambda n: f"https://example.org/resources/{n}.pdf")

    @factory.post_generation
    def with_pdf(resource, create, extracted, **kwargs):
        if create and extracted:
            # One PDF for all (made once): drawing one per title cost the URL matrix a minute.
            upload = ContentFile(pdf_bytes(), name="upload.pdf")
            store_resource_file(resource=resource, upload=upload, kind=PDF)
            resource.save()

    @factory.post_generation
    def authors(resource, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                Authorship.objects.create(resource=resource, author=author, position=position)
            resource.refresh_from_db()


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    title = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.Sequence(lambda n: f"collection-{n}")
    description = "Resources that belong together."


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.Sequence(lambda n: f"term-{n}")
    definition = "A definition."
