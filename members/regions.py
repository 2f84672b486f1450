"""World regions, and which region each country belongs to (World Bank grouping, MENA apart)."""

from django.db import models


class WorldRegion(models.TextChoices):
    AFRICA = "africa", "Sub-Saharan Africa"
    MENA = "mena", "Middle East and North Africa"
    ASIA_PACIFIC = "asia-pacific", "Asia and the Pacific"
    EUROPE_CENTRAL_ASIA = "europe-central-asia", "Europe and Central Asia"
    LATIN_AMERICA = "latin-america", "Latin America and the Caribbean"
    NORTH_AMERICA = "north-america", "North America"


_COUNTRIES_BY_REGION = {
    WorldRegion.AFRICA: (
        "AO BF BI BJ BW CD CF CG CI CM CV ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ "
        "NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW"
    ),
    WorldRegion.MENA: "AE BH DJ DZ EG EH IL IQ IR JO KW LB LY MA MT OM PS QA SA SY TN YE",
    WorldRegion.ASIA_PACIFIC: (
        "AF AS AU BD BN BT CC CK CN CX FJ FM GU HK ID IN IO JP KH KI KP KR LA LK MH MM MN MO MP MV "
        "MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TK TL TO TV TW UM VN VU WF WS"
    ),
    WorldRegion.EUROPE_CENTRAL_ASIA: (
        "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE IM "
        "IS IT JE KG KZ LI LT LU LV MC MD ME MK NL NO PL PT RO RS RU SE SI SJ SK SM TJ TM TR UA UZ "
        "VA"
    ),
    WorldRegion.LATIN_AMERICA: (
        "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM "
        "KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    WorldRegion.NORTH_AMERICA: "BM CA GL PM US",
}

REGION_BY_COUNTRY: dict[str, str] = {
    code: region.value for region, codes in _COUNTRIES_BY_REGION.items() for code in codes.split()
}


def region_for_country(country_code: str) -> str:
    """The world region of an ISO 3166 code, or "" for places outside every region (Antarctica)."""
    return REGION_BY_COUNTRY.get(str(country_code).upper(), "")
