"""The library's demo content: the Alliance's own knowledge products (the primers, the LoGICA
framework with its guides and intergovernmental country profiles, InFER, MOOD, PROMOTE, the
databook in two editions, a French translation, working papers, a toolkit, a presentation), each
with a small PDF made here and its cover; the LoGICA collection and one collection per working
group. Asked for more than the catalogue holds (50,000 for the benchmark), it adds generated
resources in bulk, sharing one stored PDF.

Deterministic and idempotent: resource n has the same slug, title, authors and tags in every
database seeded with the same options, dated from a fixed anchor; a second run adds only what is
missing.
"""

import io
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from library.cache import LIBRARY
from library.files import PDF
from library.models import (
    Author,
    Authorship,
    Collection,
    CollectionItem,
    Resource,
    ResourceCountry,
)
from library.services import store_resource_file
from lpsa.seeding import timestamps_as_given
from members.demo import seeded_email
from members.models import User
from taxonomy.models import Language, Region, Topic
from working_groups.models import WorkingGroup

RANDOM_SEED = 2026
ANCHOR = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
BULK_PREFIX = "demo-resource-"
BULK_BATCH = 5000
LPSA = "Local Public Sector Alliance"

# (given names, family name, affiliation); an empty given name is an organisation.
PEOPLE = {
    "boex": ("Jamie", "Boex", LPSA),
    "yilmaz": ("Serdar", "Yilmaz", "World Bank"),
    "smoke": ("Paul", "Smoke", "New York University"),
    "edwards": ("Benjamin", "Edwards", "Local Public Sector Alliance"),
    "malik": ("Ammar", "Malik", "AidData"),
    "otieno": ("Achieng", "Otieno", "County Government of Kisumu"),
    "raman": ("Priya", "Raman", "National Institute of Public Finance and Policy"),
    "jebali": ("Karim", "Jebali", "Office of the Mayor of Fez"),
    "gomez": ("Ana Lucía", "Gómez", "Federación Colombiana de Municipios"),
    "lpsa": ("", LPSA, ""),
    "mensah": ("Kwame", "Mensah", "Institute of Local Government Studies, Ghana"),
    "sharma": ("Bishnu", "Sharma", "Tribhuvan University"),
    "lewis": ("Blane", "Lewis", "Australian National University"),
}
# Demo authors who are also seeded members (their profile is linked where it may be).
MEMBER_AUTHORS = {"edwards": 1, "otieno": 2, "mensah": 3}


@dataclass
class Spec:
    slug: str
    title: str
    kind: str
    year: int
    summary: str
    authors: tuple[str, ...] = ("boex",)
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    language: str = "en"
    access: str = Resource.Access.OPEN
    external_url: str = ""
    edition: str = ""
    edition_number: int = 1
    first_edition: str = ""
    original: str = ""
    licence: str = Resource.Licence.CC_BY
    pages: int = 3
    extra: dict = field(default_factory=dict)


def _profile(country: str, name: str, year: int, region: str, authors=("lpsa",)) -> Spec:
    return Spec(
        f"logica-profile-{country.lower()}",
        f"LoGICA Intergovernmental Profile: {name}",
        Resource.Kind.COUNTRY_PROFILE,
        year,
        f"How {name}'s local governments are organised, empowered and financed: the political, "
        "administrative and fiscal dimensions of decentralization scored with the LoGICA "
        "framework, with the intergovernmental transfer system, own-source revenues and the "
        "main reforms under way, and how the country compares with its neighbours.",
        authors=authors,
        topics=("decentralization-assessment-and-diagnostics", "multilevel-governance"),
        regions=(region,),
        countries=(country,),
    )


CATALOGUE: tuple[Spec, ...] = (
    Spec(
        "primer-on-decentralization",
        "A Primer on Decentralization",
        Resource.Kind.PRIMER,
        2023,
        "What decentralization is and is not: devolution, deconcentration and delegation; the "
        "political, administrative and fiscal dimensions; and why the same word describes very "
        "different reforms. An introduction for officials, practitioners and students, with "
        "examples from Africa, Asia and Latin America.",
        authors=("boex", "edwards"),
        topics=(
            "political-decentralization",
            "administrative-decentralization",
            "fiscal-decentralization",
        ),
        regions=("africa", "asia-pacific"),
    ),
    Spec(
        "primer-on-fiscal-decentralization",
        "A Primer on Fiscal Decentralization",
        Resource.Kind.PRIMER,
        2024,
        "Who spends, who taxes and how transfers close the gap: expenditure assignment, "
        "own-source revenue, intergovernmental fiscal transfers and subnational borrowing, "
        "explained step by step with the questions an assessment team should ask.",
        authors=("boex", "yilmaz"),
        topics=(
            "fiscal-decentralization",
            "intergovernmental-fiscal-transfers",
            "local-revenue-and-property-tax",
        ),
        regions=("africa",),
        pages=4,
    ),
    Spec(
        "introduction-a-la-decentralisation",
        "Introduction à la décentralisation",
        Resource.Kind.PRIMER,
        2024,
        "La traduction française du guide d'introduction : ce que la décentralisation recouvre "
        "(dévolution, déconcentration, délégation), ses dimensions politique, administrative "
        "et budgétaire, et les réformes qui portent ce nom.",
        authors=("boex", "edwards"),
        topics=("political-decentralization", "administrative-decentralization"),
        regions=("africa", "mena"),
        language="fr",
        original="primer-on-decentralization",
    ),
    Spec(
        "logica-framework",
        "Local Governance Institutions Comparative Assessment (LoGICA) Framework",
        Resource.Kind.FRAMEWORK,
        2022,
        "A framework for comparing local governance institutions across countries: how far "
        "local governments are empowered politically, administratively and fiscally, measured "
        "with a common set of indicators so a country can see itself beside its neighbours.",
        authors=("boex", "yilmaz", "lpsa"),
        topics=("decentralization-assessment-and-diagnostics", "multilevel-governance"),
        pages=5,
    ),
    Spec(
        "logica-user-guide",
        "LoGICA User Guide: Scoring Local Governance Institutions",
        Resource.Kind.METHODOLOGY,
        2022,
        "How to score each LoGICA indicator: the sources to read, the questions to ask "
        "ministries and local governments, worked examples and how reviewers check the scores.",
        authors=("edwards", "boex"),
        topics=("decentralization-assessment-and-diagnostics",),
    ),
    Spec(
        "logica-data-collection-guide",
        "LoGICA Data Collection Guide for Country Teams",
        Resource.Kind.METHODOLOGY,
        2023,
        "Planning a LoGICA country assessment: the team, the timeline, interview guides for "
        "central and local officials and templates for the fiscal data.",
        authors=("edwards",),
        topics=("decentralization-assessment-and-diagnostics", "public-financial-management"),
        access=Resource.Access.MEMBERS,
    ),
    _profile("KE", "Kenya", 2023, "africa", ("otieno", "boex")),
    _profile("UG", "Uganda", 2023, "africa"),
    _profile("GH", "Ghana", 2024, "africa", ("mensah",)),
    _profile("ID", "Indonesia", 2024, "asia-pacific", ("lewis",)),
    _profile("NP", "Nepal", 2024, "asia-pacific", ("sharma", "boex")),
    _profile("MA", "Morocco", 2025, "mena", ("jebali",)),
    Spec(
        "infer-framework",
        "Intergovernmental Fiscal and Expenditure Review (InFER) Framework",
        Resource.Kind.FRAMEWORK,
        2023,
        "A review of how money flows between levels of government: expenditure assignments, "
        "the transfer system, local revenue and borrowing, and whether resources reach the "
        "last mile of service delivery. Fiscal decentralization diagnosed function by function.",
        authors=("boex", "malik"),
        topics=(
            "fiscal-decentralization",
            "intergovernmental-fiscal-transfers",
            "public-financial-management",
        ),
        pages=4,
    ),
    Spec(
        "mood-assessment",
        "Multilevel Governance as an Opportunity or Obstacle to Development (MOOD) Assessment",
        Resource.Kind.FRAMEWORK,
        2024,
        "When does multilevel governance help development and when does it hold it back? MOOD "
        "assesses how responsibilities, resources and accountability line up across levels "
        "of government, sector by sector.",
        authors=("yilmaz", "boex"),
        topics=("multilevel-governance", "sectoral-decentralization"),
        access=Resource.Access.MEMBERS,
    ),
    Spec(
        "promote-guide",
        "PROMOTE: Promoting Results-Oriented Management for Local Transformation and Efficiency",
        Resource.Kind.TOOLKIT,
        2024,
        "A toolkit for local governments that want to manage for results: setting targets "
        "citizens understand, performance-based budgeting, and reporting what was delivered.",
        authors=("edwards", "gomez"),
        topics=(
            "performance-and-results-based-management",
            "local-public-administration-and-civil-service",
        ),
        regions=("latin-america",),
    ),
    Spec(
        "databook-first-edition",
        "Decentralization and Multilevel Governance Databook",
        Resource.Kind.DATABOOK,
        2021,
        "Indicators of decentralization and localization for over one hundred countries: "
        "subnational expenditure and revenue shares, transfers, elected local governments and "
        "their powers, for comparison across countries and regions.",
        authors=("lpsa",),
        topics=("fiscal-decentralization", "decentralization-assessment-and-diagnostics"),
        edition="First edition",
        pages=4,
    ),
    Spec(
        "databook-second-edition",
        "Decentralization and Multilevel Governance Databook",
        Resource.Kind.DATABOOK,
        2025,
        "The second edition of the databook: indicators of decentralization and localization "
        "for 135 countries, updated with the OECD/UCLG World Observatory's subnational finance "
        "figures, new indicators of local democracy and regional comparisons.",
        authors=("lpsa",),
        topics=("fiscal-decentralization", "decentralization-assessment-and-diagnostics"),
        edition="Second edition",
        edition_number=2,
        first_edition="databook-first-edition",
        pages=5,
    ),
    Spec(
        "property-tax-in-secondary-cities",
        "Property Tax in Secondary Cities: Lessons from Five Countries",
        Resource.Kind.WORKING_PAPER,
        2024,
        "Why property tax yields so little in most secondary cities, and what the cities that "
        "raised it did: cadastre updates, simple valuation, and spending the proceeds where "
        "taxpayers can see them.",
        authors=("mensah", "raman"),
        topics=("local-revenue-and-property-tax", "fiscal-decentralization"),
        regions=("africa", "asia-pacific"),
        countries=("GH", "IN", "KE"),
    ),
    Spec(
        "county-transfers-kenya",
        "Equitable Share Transfers and Service Delivery in Kenya's Counties",
        Resource.Kind.WORKING_PAPER,
        2023,
        "Ten years of Kenya's devolution seen through the equitable share: how the transfer "
        "formula has changed, what counties spend it on and where health services improved.",
        authors=("otieno", "boex"),
        topics=("intergovernmental-fiscal-transfers", "local-service-delivery-and-the-last-mile"),
        regions=("africa",),
        countries=("KE",),
    ),
    Spec(
        "village-funds-indonesia",
        "Village Funds and Local Accountability in Indonesia",
        Resource.Kind.WORKING_PAPER,
        2025,
        "Indonesia's village fund transfers reach 75,000 villages. This paper looks at how "
        "villages plan and report their spending and what citizens know about it.",
        authors=("lewis",),
        topics=("intergovernmental-fiscal-transfers", "local-elections-and-accountability"),
        regions=("asia-pacific",),
        countries=("ID",),
        access=Resource.Access.MEMBERS,
    ),
    Spec(
        "subnational-borrowing-rules",
        "Subnational Borrowing Rules That Held: A Comparative Note",
        Resource.Kind.WORKING_PAPER,
        2022,
        "Fiscal rules for subnational borrowing compared across middle-income countries, and "
        "the few features the rules that held through a downturn had in common.",
        authors=("malik", "yilmaz"),
        topics=("subnational-borrowing-and-debt", "fiscal-decentralization"),
        regions=("latin-america", "europe-central-asia"),
        countries=("CO", "TR"),
    ),
    Spec(
        "gender-responsive-budgeting-toolkit",
        "Gender-Responsive Budgeting in Municipalities: A Toolkit",
        Resource.Kind.TOOLKIT,
        2024,
        "Step-by-step tools for municipal budget officers to see how spending reaches women "
        "and girls, with templates and examples from Morocco, Nepal and Colombia.",
        authors=("gomez", "jebali", "sharma"),
        topics=("localizing-womens-empowerment", "public-financial-management"),
        regions=("mena", "asia-pacific", "latin-america"),
        countries=("MA", "NP", "CO"),
    ),
    Spec(
        "localizing-sdgs-presentation",
        "Localizing the SDGs: What Voluntary Local Reviews Show",
        Resource.Kind.PRESENTATION,
        2025,
        "Slides from the Alliance's webinar on voluntary local reviews: what cities reported, "
        "what they left out, and how national governments can use the reviews.",
        authors=("raman",),
        topics=("localization",),
        external_url="https://decentralization.net/webinars/localizing-the-sdgs-slides",
    ),
    Spec(
        "world-observatory-subnational-finance",
        "World Observatory on Subnational Government Finance and Investment",
        Resource.Kind.DATABOOK,
        2022,
        "The OECD/UCLG database of subnational expenditure, investment, revenue and debt in "
        "135 countries, which the Alliance's databook draws on.",
        authors=("lpsa",),
        topics=("fiscal-decentralization",),
        external_url="https://www.sng-wofi.org/",
        extra={"publisher": "OECD and UCLG"},
    ),
    Spec(
        "fragility-and-local-governance",
        "Local Governance in Fragile and Conflict-Affected Settings",
        Resource.Kind.WORKING_PAPER,
        2023,
        "What local governments can and cannot do where the state is contested: service "
        "delivery, social contracts and the risks of decentralizing in conflict.",
        authors=("yilmaz", "smoke"),
        topics=("fragility-conflict-and-violence", "local-service-delivery-and-the-last-mile"),
        regions=("africa", "mena"),
        access=Resource.Access.MEMBERS,
    ),
    Spec(
        "climate-finance-for-cities",
        "Climate Finance for Cities: Channels and Bottlenecks",
        Resource.Kind.WORKING_PAPER,
        2025,
        "How climate finance reaches local governments, if at all: transfers, green bonds, "
        "project funds, and the fiscal rules that stand in the way.",
        authors=("smoke", "malik"),
        topics=("fiscal-decentralization", "subnational-borrowing-and-debt"),
        regions=("asia-pacific", "africa"),
    ),
    Spec(
        "citizen-participation-recording",
        "Citizen Participation in Local Budgets (webinar recording)",
        Resource.Kind.RECORDING,
        2024,
        "The recording of the Alliance's webinar on participatory budgeting in Latin American "
        "and African municipalities.",
        authors=("gomez", "otieno"),
        topics=("citizen-participation",),
        regions=("latin-america", "africa"),
        external_url="https://video.decentralization.net/citizen-participation-local-budgets",
    ),
)

# More of the Alliance's products and members' papers: the demo's catalogue is about forty.
CATALOGUE += (
    Spec(
        "logica-fiscal-dimension-guide",
        "LoGICA Guide to the Fiscal Dimension",
        Resource.Kind.METHODOLOGY,
        2023,
        "Scoring the fiscal dimension of local governance: expenditure responsibilities, "
        "own-source revenue powers, the transfer system and borrowing, with the budget and "
        "accounts data each indicator needs.",
        authors=("boex", "malik"),
        topics=("fiscal-decentralization", "decentralization-assessment-and-diagnostics"),
    ),
    _profile("TZ", "Tanzania", 2025, "africa"),
    _profile("PH", "the Philippines", 2025, "asia-pacific", ("lewis", "raman")),
    _profile("CO", "Colombia", 2025, "latin-america", ("gomez",)),
    Spec(
        "infer-practitioners-guide",
        "InFER Practitioner's Guide: Following the Money to the Last Mile",
        Resource.Kind.METHODOLOGY,
        2024,
        "How to run an Intergovernmental Fiscal and Expenditure Review: mapping functions, "
        "tracing transfers from the treasury to facilities, and writing up the findings for "
        "a ministry of finance.",
        authors=("boex",),
        topics=("intergovernmental-fiscal-transfers", "public-financial-management"),
        access=Resource.Access.MEMBERS,
        pages=4,
    ),
    Spec(
        "mood-health-sector-note",
        "MOOD Sector Note: Health Services Across Levels of Government",
        Resource.Kind.WORKING_PAPER,
        2025,
        "The MOOD assessment applied to primary health care: who hires the nurses, who buys "
        "the medicines, who answers to patients, and where the arrangement breaks down.",
        authors=("yilmaz", "otieno"),
        topics=("sectoral-decentralization", "health"),
        regions=("africa",),
        countries=("KE", "UG"),
    ),
    Spec(
        "promote-facilitator-slides",
        "PROMOTE Workshop Slides for Local Government Managers",
        Resource.Kind.PRESENTATION,
        2024,
        "The slides of the two-day PROMOTE workshop: results chains, simple indicators, "
        "performance agreements and reporting to councils and citizens.",
        authors=("edwards",),
        topics=("performance-and-results-based-management",),
        pages=6,
    ),
    Spec(
        "who-runs-the-schools",
        "Who Runs the Schools? Decentralization and Education Outcomes",
        Resource.Kind.WORKING_PAPER,
        2022,
        "A review of the evidence on decentralizing school management, teacher hiring and "
        "financing, and on what it did to enrolment and learning.",
        authors=("smoke",),
        topics=("sectoral-decentralization", "education"),
        regions=("africa", "latin-america"),
    ),
    Spec(
        "water-sanitation-last-mile",
        "Water and Sanitation at the Last Mile",
        Resource.Kind.WORKING_PAPER,
        2023,
        "Why water and sanitation services stall between the district and the village, and "
        "how transfers tied to functioning systems changed that in three countries.",
        authors=("raman", "mensah"),
        topics=("local-service-delivery-and-the-last-mile", "water-and-sanitation"),
        regions=("africa", "asia-pacific"),
        countries=("GH", "NP", "BD"),
    ),
    Spec(
        "own-source-revenue-toolkit",
        "Own-Source Revenue Toolkit for Secondary Cities",
        Resource.Kind.TOOLKIT,
        2025,
        "Worksheets and guidance for raising local revenue fairly: a revenue potential "
        "estimate, a property register update plan, and a communication plan for taxpayers.",
        authors=("mensah", "lpsa"),
        topics=("local-revenue-and-property-tax", "urban-development"),
        regions=("africa",),
    ),
    Spec(
        "local-elections-federal-nepal",
        "Local Elections and Accountability in Federal Nepal",
        Resource.Kind.WORKING_PAPER,
        2024,
        "Nepal's 2017 and 2022 local elections and what they changed: who was elected, how "
        "ward committees work, and whether citizens see the difference.",
        authors=("sharma",),
        topics=("local-elections-and-accountability", "political-decentralization"),
        regions=("asia-pacific",),
        countries=("NP",),
    ),
    Spec(
        "introduccion-descentralizacion-fiscal",
        "Introducción a la descentralización fiscal",
        Resource.Kind.PRIMER,
        2025,
        "La traducción al español de la guía sobre descentralización fiscal: quién gasta, "
        "quién recauda y cómo las transferencias cierran la brecha.",
        authors=("boex", "yilmaz"),
        topics=("fiscal-decentralization", "intergovernmental-fiscal-transfers"),
        regions=("latin-america",),
        language="es",
        original="primer-on-fiscal-decentralization",
    ),
    Spec(
        "local-finance-mena",
        "Local Finance in the Maghreb: Morocco and Tunisia Compared",
        Resource.Kind.PRESENTATION,
        2025,
        "Slides from the MENA working group's meeting comparing municipal finance after "
        "Morocco's advanced regionalization and Tunisia's 2018 local government code.",
        authors=("jebali",),
        topics=("fiscal-decentralization", "local-revenue-and-property-tax"),
        regions=("mena",),
        countries=("MA", "TN"),
    ),
)

LOGICA_COLLECTION = (
    "logica-framework",
    "logica-user-guide",
    "logica-data-collection-guide",
    "logica-profile-ke",
    "logica-profile-ug",
    "logica-profile-gh",
    "logica-profile-id",
    "logica-profile-np",
    "logica-profile-ma",
    "logica-profile-tz",
    "logica-profile-ph",
    "logica-profile-co",
    "logica-fiscal-dimension-guide",
)
# A working group's outputs, by the group's slug (working_groups/demo.py).
GROUP_OUTPUTS = {
    "africa": ("county-transfers-kenya", "logica-profile-ke", "logica-profile-gh"),
    "asia": ("village-funds-indonesia", "logica-profile-np", "local-elections-federal-nepal"),
    "mena": ("logica-profile-ma", "local-finance-mena", "gender-responsive-budgeting-toolkit"),
    "latin-america-caribbean": ("promote-guide", "subnational-borrowing-rules"),
    "europe-central-asia": ("subnational-borrowing-rules",),
    "local-democracy": ("citizen-participation-recording", "primer-on-decentralization"),
    "subnational-finance": (
        "infer-framework",
        "databook-second-edition",
        "property-tax-in-secondary-cities",
    ),
    "localizing-the-sdgs": ("localizing-sdgs-presentation",),
    "gender-equity": ("gender-responsive-budgeting-toolkit",),
    "urban": ("property-tax-in-secondary-cities", "climate-finance-for-cities"),
    "climate": ("climate-finance-for-cities",),
}


def pdf_for(title: str, pages: int) -> bytes:
    """A small PDF whose pages show the title (Pillow draws one image per page)."""
    images = []
    for number in range(pages):
        page = Image.new("RGB", (420, 595), "white")
        draw = ImageDraw.Draw(page)
        if number == 0:
            draw.rectangle((0, 0, 420, 150), fill=(11, 85, 99))
            draw.text((24, 60), LPSA, fill="white")
        y = 190 if number == 0 else 40
        for line in _wrap(title, 52):
            draw.text((24, y), line, fill="black")
            y += 18
        draw.text((24, 560), f"{number + 1}", fill=(80, 80, 80))
        images.append(page)
    buffer = io.BytesIO()
    # Dated, so that the same title makes the same bytes (and the same stored name) every time.
    images[0].save(
        buffer,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=50,
        creationDate=ANCHOR.utctimetuple(),
        modDate=ANCHOR.utctimetuple(),
    )
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def seed(*, resources: int = len(CATALOGUE)) -> str:
    """The first `resources` demo resources that are missing (the catalogue first, then
    generated ones), the authors they need and the collections."""
    languages = {lang.code: lang for lang in Language.objects.all()}
    if "en" not in languages:
        raise RuntimeError("The taxonomy is missing: run `manage.py migrate` first.")
    topics = {t.slug: t for t in Topic.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    catalogue = CATALOGUE[: max(0, min(resources, len(CATALOGUE)))]
    existing = set(
        Resource.objects.filter(slug__in=[s.slug for s in CATALOGUE]).values_list("slug", flat=True)
    )
    created = 0
    with timestamps_as_given(Resource, Author, Collection):
        authors = _authors()
        for index, spec in enumerate(catalogue):
            if spec.slug not in existing:
                _create(spec, index, languages, topics, regions, authors)
                created += 1
        _collections()
    generated = _seed_generated(resources - len(CATALOGUE), languages, topics, regions, authors)
    LIBRARY.bump()  # bulk inserts send no signals
    return f"{created + generated:,} resources created, {Resource.objects.count():,} in all"


def _authors() -> dict[str, Author]:
    members = {
        key: User.objects.filter(email=seeded_email(number)).first()
        for key, number in MEMBER_AUTHORS.items()
    }
    authors = {}
    for key, (given, family, affiliation) in PEOPLE.items():
        author, _ = Author.objects.get_or_create(
            given_names=given,
            family_name=family,
            defaults={
                "affiliation": affiliation,
                "member": members.get(key),
                "created_at": ANCHOR,
                "updated_at": ANCHOR,
            },
        )
        authors[key] = author
    return authors


@transaction.atomic
def _create(spec: Spec, index: int, languages, topics, regions, authors) -> Resource:
    at = ANCHOR - timedelta(days=30 * (len(CATALOGUE) - index))
    resource = Resource(
        title=spec.title,
        slug=spec.slug,
        kind=spec.kind,
        summary=spec.summary,
        year=spec.year,
        language=languages.get(spec.language, languages["en"]),
        access=spec.access,
        licence=spec.licence,
        edition=spec.edition,
        edition_number=spec.edition_number,
        first_edition=Resource.objects.filter(slug=spec.first_edition).first()
        if spec.first_edition
        else None,
        original=Resource.objects.filter(slug=spec.original).first() if spec.original else None,
        external_url=spec.external_url,
        created_at=at,
        updated_at=at,
        **spec.extra,
    )
    if not spec.external_url:
        upload = ContentFile(pdf_for(spec.title, spec.pages), name=f"{spec.slug}.pdf")
        store_resource_file(resource=resource, upload=upload, kind=PDF)
    resource.save()
    resource.topics.set([topics[slug] for slug in spec.topics if slug in topics])
    resource.regions.set([regions[slug] for slug in spec.regions if slug in regions])
    ResourceCountry.objects.bulk_create(
        ResourceCountry(resource=resource, country=code) for code in spec.countries
    )
    for position, key in enumerate(spec.authors):
        Authorship.objects.create(resource=resource, author=authors[key], position=position)
    return resource


def _collections() -> None:
    by_slug = {r.slug: r for r in Resource.objects.filter(slug__in=[s.slug for s in CATALOGUE])}
    wanted = [
        (
            "logica",
            "The LoGICA framework",
            "The Local Governance Institutions Comparative Assessment framework, its guides and "
            "the intergovernmental country profiles made with it.",
            None,
            LOGICA_COLLECTION,
        )
    ]
    for group in WorkingGroup.objects.filter(slug__in=GROUP_OUTPUTS).order_by("slug"):
        wanted.append(
            (
                f"{group.slug}-outputs",
                f"{group.name} working group: outputs",
                f"Papers, profiles and tools the {group.name} working group produced or "
                "recommends.",
                group,
                GROUP_OUTPUTS[group.slug],
            )
        )
    for slug, title, description, group, members in wanted:
        collection, created = Collection.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "description": description,
                "working_group": group,
                "created_at": ANCHOR,
                "updated_at": ANCHOR,
            },
        )
        if created:
            CollectionItem.objects.bulk_create(
                CollectionItem(collection=collection, resource=by_slug[key], position=position)
                for position, key in enumerate(members)
                if key in by_slug
            )


# --- Generated resources, for the benchmark's sizes ------------------------------------------
SUBJECTS = (
    ("Fiscal transfers", "intergovernmental-fiscal-transfers"),
    ("Property tax", "local-revenue-and-property-tax"),
    ("Subnational borrowing", "subnational-borrowing-and-debt"),
    ("Local public financial management", "public-financial-management"),
    ("Service delivery at the last mile", "local-service-delivery-and-the-last-mile"),
    ("Local civil service reform", "local-public-administration-and-civil-service"),
    ("Local elections", "local-elections-and-accountability"),
    ("Participatory budgeting", "citizen-participation"),
    ("Women's empowerment in local government", "localizing-womens-empowerment"),
    ("Local governance in fragile settings", "fragility-conflict-and-violence"),
    ("Results-based management", "performance-and-results-based-management"),
    ("Decentralization diagnostics", "decentralization-assessment-and-diagnostics"),
)
PLACES = (
    ("KE", "Kenya", "africa"),
    ("UG", "Uganda", "africa"),
    ("GH", "Ghana", "africa"),
    ("NG", "Nigeria", "africa"),
    ("TZ", "Tanzania", "africa"),
    ("ID", "Indonesia", "asia-pacific"),
    ("NP", "Nepal", "asia-pacific"),
    ("PH", "the Philippines", "asia-pacific"),
    ("BD", "Bangladesh", "asia-pacific"),
    ("MA", "Morocco", "mena"),
    ("TN", "Tunisia", "mena"),
    ("CO", "Colombia", "latin-america"),
    ("PE", "Peru", "latin-america"),
    ("UA", "Ukraine", "europe-central-asia"),
)
GENERATED_KINDS = (
    Resource.Kind.WORKING_PAPER,
    Resource.Kind.WORKING_PAPER,
    Resource.Kind.COUNTRY_PROFILE,
    Resource.Kind.PRIMER,
    Resource.Kind.TOOLKIT,
    Resource.Kind.PRESENTATION,
    Resource.Kind.METHODOLOGY,
)
GENERATED_AUTHORS = 200
SHARED_FILE_OF = "property-tax-in-secondary-cities"


def _seed_generated(count: int, languages, topics, regions, authors) -> int:
    if count <= 0:
        return 0
    wanted = [f"{BULK_PREFIX}{n}" for n in range(count)]
    existing = set(
        Resource.objects.filter(slug__startswith=BULK_PREFIX).values_list("slug", flat=True)
    )
    missing = [n for n, slug in enumerate(wanted) if slug not in existing]
    if not missing:
        return 0
    shared = _shared_file()
    pool = _generated_authors()
    language_ids = [languages[c].pk for c in ("en", "fr", "es", "pt", "ar") if c in languages]
    with transaction.atomic(), timestamps_as_given(Resource):
        for start in range(0, len(missing), BULK_BATCH):
            batch = missing[start : start + BULK_BATCH]
            specs = [_generated(n, pool, language_ids) for n in batch]
            made = Resource.objects.bulk_create(
                [
                    Resource(
                        **spec["fields"],
                        file=shared.file.name,
                        file_size=shared.file_size,
                        content_type=shared.content_type,
                        file_sha256=shared.file_sha256,
                        cover=shared.cover.name,
                    )
                    for spec in specs
                ]
            )
            _generated_relations(made, specs, topics, regions)
    return len(missing)


def _shared_file() -> Resource:
    """The catalogue's working paper whose stored PDF (and cover) every generated resource
    points at: the file is stored once whatever the size."""
    return Resource.objects.get(slug=SHARED_FILE_OF)


def _generated_authors() -> list[tuple[Author, str]]:
    rng = random.Random(f"{RANDOM_SEED}-authors")
    given = ("Amina", "Tariq", "Lucía", "Wei", "Nadia", "Samuel", "Ioana", "Ravi", "Fatou", "João")
    family = (
        "Diallo",
        "Rahman",
        "Pérez",
        "Chen",
        "Haddad",
        "Okafor",
        "Popescu",
        "Iyer",
        "Ndiaye",
        "Silva",
    )
    people = []
    for n in range(GENERATED_AUTHORS):
        g, f = rng.choice(given), f"{rng.choice(family)}-{n}"
        people.append(
            Author(
                given_names=g, family_name=f, affiliation="", created_at=ANCHOR, updated_at=ANCHOR
            )
        )
    names = [p.family_name for p in people]
    existing = {a.family_name: a for a in Author.objects.filter(family_name__in=names)}
    with timestamps_as_given(Author):
        Author.objects.bulk_create([p for p in people if p.family_name not in existing])
    by_name = {a.family_name: a for a in Author.objects.filter(family_name__in=names)}
    return [(by_name[p.family_name], f"{p.given_names} {p.family_name}") for p in people]


def _generated(n: int, pool, language_ids) -> dict:
    rng = random.Random(f"{RANDOM_SEED}-resource-{n}")
    subject, topic = SUBJECTS[n % len(SUBJECTS)]
    code, place, region = PLACES[rng.randrange(len(PLACES))]
    kind = GENERATED_KINDS[n % len(GENERATED_KINDS)]
    fiscal = rng.random() < 0.3
    people = rng.sample(pool, rng.randint(1, 3))
    year = 2010 + rng.randrange(16)
    at = ANCHOR - timedelta(minutes=n)
    summary = (
        f"{subject} in {place}: what the reforms changed for local governments, what the "
        "evidence says about services and accountability, and what remains to be done."
    )
    if fiscal:
        summary += (
            " Fiscal decentralization and the intergovernmental transfer system are covered too."
        )
    return {
        "fields": {
            "title": f"{subject} in {place} ({n})",
            "slug": f"{BULK_PREFIX}{n}",
            "kind": kind,
            "summary": summary,
            "year": year,
            "language_id": language_ids[0] if rng.random() < 0.8 else rng.choice(language_ids),
            "access": Resource.Access.MEMBERS if rng.random() < 0.15 else Resource.Access.OPEN,
            "author_names": ", ".join(name for _, name in people),
            "download_count": rng.randrange(500),
            "created_at": at,
            "updated_at": at,
        },
        "topics": [topic, "fiscal-decentralization"] if fiscal else [topic],
        "region": region,
        "country": code,
        "authors": [author for author, _ in people],
    }


def _generated_relations(made, specs, topics, regions) -> None:
    topic_rows, region_rows, countries, authorships = [], [], [], []
    TopicThrough, RegionThrough = Resource.topics.through, Resource.regions.through
    for resource, spec in zip(made, specs, strict=True):
        for slug in spec["topics"]:
            if slug in topics:
                topic_rows.append(TopicThrough(resource_id=resource.pk, topic_id=topics[slug].pk))
        if spec["region"] in regions:
            region_rows.append(
                RegionThrough(resource_id=resource.pk, region_id=regions[spec["region"]].pk)
            )
        countries.append(ResourceCountry(resource_id=resource.pk, country=spec["country"]))
        authorships.extend(
            Authorship(resource_id=resource.pk, author=author, position=position)
            for position, author in enumerate(spec["authors"])
        )
    TopicThrough.objects.bulk_create(topic_rows)
    RegionThrough.objects.bulk_create(region_rows)
    ResourceCountry.objects.bulk_create(countries)
    Authorship.objects.bulk_create(authorships)
