"""Which world region each country belongs to (World Bank grouping, MENA apart).

The keys are the slugs of the `Region` rows (taxonomy.data.REGIONS).
"""

AFRICA = "africa"
MENA = "mena"
ASIA_PACIFIC = "asia-pacific"
EUROPE_CENTRAL_ASIA = "europe-central-asia"
LATIN_AMERICA = "latin-america"
NORTH_AMERICA = "north-america"


_COUNTRIES_BY_REGION = {
    AFRICA: (
        "AO BF BI BJ BW CD CF CG CI CM CV ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ "
        "NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW"
    ),
    MENA: "AE BH DJ DZ EG EH IL IQ IR JO KW LB LY MA MT OM PS QA SA SY TN YE",
    ASIA_PACIFIC: (
        "AF AS AU BD BN BT CC CK CN CX FJ FM GU HK ID IN IO JP KH KI KP KR LA LK MH MM MN MO MP MV "
        "MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TK TL TO TV TW UM VN VU WF WS"
    ),
    EUROPE_CENTRAL_ASIA: (
        "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE IM "
        "IS IT JE KG KZ LI LT LU LV MC MD ME MK NL NO PL PT RO RS RU SE SI SJ SK SM TJ TM TR UA UZ "
        "VA"
    ),
    LATIN_AMERICA: (
        "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM "
        "KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    NORTH_AMERICA: "BM CA GL PM US",
}

REGION_BY_COUNTRY: dict[str, str] = {
    code: region for region, codes in _COUNTRIES_BY_REGION.items() for code in codes.split()
}


def region_for_country(country_code: str) -> str:
    """The region slug of an ISO 3166 code, or "" for places outside every region (Antarctica)."""
    return REGION_BY_COUNTRY.get(str(country_code).upper(), "")
