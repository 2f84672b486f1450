from collections import Counter

import pytest
from django_countries import countries

from taxonomy import data, regions
from taxonomy.models import Language, Region, Topic

# Uninhabited territories with no sensible World Bank region.
UNMAPPED_TERRITORIES = {"AQ", "HM", "TF"}


def test_every_country_code_maps_to_a_region_except_uninhabited_territories():
    all_codes = {country.code for country in countries}
    unmapped = {code for code in all_codes if not regions.region_for_country(code)}
    assert unmapped == UNMAPPED_TERRITORIES


def test_no_country_code_is_listed_under_two_regions():
    listed = [code for codes in regions._COUNTRIES_BY_REGION.values() for code in codes.split()]
    duplicates = [code for code, times in Counter(listed).items() if times > 1]
    assert duplicates == []
    assert len(listed) == len(regions.REGION_BY_COUNTRY)


@pytest.mark.django_db
def test_region_table_only_holds_real_country_codes_and_known_regions():
    assert set(regions.REGION_BY_COUNTRY) <= {country.code for country in countries}
    assert set(regions.REGION_BY_COUNTRY.values()) == set(
        Region.objects.values_list("slug", flat=True)
    )


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("KE", regions.AFRICA),
        ("EG", regions.MENA),
        ("MA", regions.MENA),
        ("IN", regions.ASIA_PACIFIC),
        ("FR", regions.EUROPE_CENTRAL_ASIA),
        ("KG", regions.EUROPE_CENTRAL_ASIA),
        ("BR", regions.LATIN_AMERICA),
        ("US", regions.NORTH_AMERICA),
        ("ca", regions.NORTH_AMERICA),
        ("AQ", ""),
        ("", ""),
    ],
)
def test_region_for_country_maps_codes_case_insensitively(code, region):
    assert regions.region_for_country(code) == region


@pytest.mark.django_db
def test_migrations_load_the_regions_topics_and_languages_of_the_data_module():
    assert list(Region.objects.values_list("slug", "name")) == list(data.REGIONS)
    assert Topic.objects.count() == len(data.DIMENSIONS + data.SECTORS + data.THEMES)
    assert set(Topic.objects.values_list("kind", flat=True)) == set(Topic.Kind.values)
    assert Language.objects.count() == len(data.LANGUAGES)
