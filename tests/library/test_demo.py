"""The library's demo content: the Alliance's products, deterministic and idempotent."""

from library import demo
from library.models import Collection, CollectionItem, Resource
from working_groups import demo as groups_demo


def test_the_catalogue_is_seeded_once_with_files_covers_editions_and_collections():
    groups_demo.seed()
    summary = demo.seed(resources=len(demo.CATALOGUE))
    assert summary.startswith(f"{len(demo.CATALOGUE)} resources created")
    assert Resource.objects.count() == len(demo.CATALOGUE)

    with_files = Resource.objects.exclude(file="")
    assert with_files.count() == sum(1 for spec in demo.CATALOGUE if not spec.external_url)
    assert not with_files.filter(cover="").exists()
    assert Resource.objects.filter(access=Resource.Access.MEMBERS).exists()
    second = Resource.objects.get(slug="databook-second-edition")
    assert second.is_current_edition
    assert not Resource.objects.get(slug="databook-first-edition").is_current_edition
    french = Resource.objects.get(slug="introduction-a-la-decentralisation")
    assert french.original.slug == "primer-on-decentralization"
    assert Collection.objects.get(slug="logica").items.count() == len(demo.LOGICA_COLLECTION)
    assert Collection.objects.filter(working_group__isnull=False).count() == len(demo.GROUP_OUTPUTS)
    counts = (Resource.objects.count(), CollectionItem.objects.count())

    assert demo.seed(resources=len(demo.CATALOGUE)).startswith("0 resources created")
    assert (Resource.objects.count(), CollectionItem.objects.count()) == counts


def test_more_than_the_catalogue_adds_generated_resources_sharing_one_file():
    demo.seed(resources=len(demo.CATALOGUE) + 30)
    generated = Resource.objects.filter(slug__startswith=demo.BULK_PREFIX)
    assert generated.count() == 30
    shared = Resource.objects.get(slug=demo.SHARED_FILE_OF)
    assert set(generated.values_list("file", flat=True)) == {shared.file.name}
    first = generated.get(slug=f"{demo.BULK_PREFIX}0")
    assert first.topics.exists() and first.regions.exists() and first.countries.exists()
    assert first.author_names and first.authorships.exists()

    demo.seed(resources=len(demo.CATALOGUE) + 40)
    assert generated.count() == 40
    # The same resource n at every size.
    assert Resource.objects.get(slug=f"{demo.BULK_PREFIX}0").title == first.title


def test_fewer_than_the_catalogue_seeds_its_first_entries():
    demo.seed(resources=3)
    assert list(Resource.objects.order_by("created_at").values_list("slug", flat=True)) == [
        spec.slug for spec in demo.CATALOGUE[:3]
    ]
