"""The blog's demo content: a handful of Decentralization.Net posts on the Alliance's subjects
(fiscal decentralization, local revenue, transfers, the SDGs, LoGICA, municipal finance in MENA,
subnational borrowing, participatory budgeting), each written in the post body's blocks, with a
featured image and a chart drawn here, authors (one of them the demo member) and taxonomy, and
published the way an editor publishes (a revision, then live). Asked for more than the handful
(5,000 for the benchmark), it adds generated posts in bulk, sharing the handful's images.

Deterministic and idempotent: post n has the same slug, title, body and dates in every database
seeded with the same options, dated from a fixed anchor; a second run adds only what is missing.
"""

import io
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.utils.file import hash_filelike

from blog.cache import BLOG
from blog.models import (
    Author,
    BlogImage,
    BlogIndexPage,
    BlogPage,
    BlogPageAuthor,
    reading_minutes,
)
from library.demo import pdf_for
from lpsa.demo_logins import DEMO_MEMBER
from members.demo import seeded_email
from members.models import Profile
from taxonomy.models import Region, Topic

RANDOM_SEED = 2026
# The newest post's date; the others go back from it (the library's demo uses the same anchor).
ANCHOR = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
DAYS_BETWEEN_POSTS = 9
HOURS_BETWEEN_GENERATED_POSTS = 13
BULK_BATCH = 1000
# Block ids and translation keys are UUIDs made from names in this namespace: the same everywhere.
NAMESPACE = uuid.UUID("5b0c8f3e-7a1d-4c55-9e2b-0d6f4a8c1e77")

# The portal's palette (static/css/portal.css).
TEAL = (11, 85, 99)
DEEP = (7, 58, 68)
RUST = (184, 71, 11)
MIST = (243, 246, 247)
PALETTE = (TEAL, DEEP, RUST, MIST)
IMAGE_SIZE = (1600, 900)
IMAGE_CREDIT = "Illustration: Local Public Sector Alliance"
CHART_CREDIT = "Chart: Local Public Sector Alliance (illustrative figures)"
LPSA = "Local Public Sector Alliance"


# --- Authors ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuthorSpec:
    slug: str
    name: str
    role: str
    bio: str
    # The member whose profile the byline links to: an email, or "" for none.
    member_email: str = ""


DEMO_AUTHOR = "demo-member"
# The first seeded member writes too, under their own name (read from their profile).
SEEDED_AUTHOR = "seeded-member-1"
AUTHORS: tuple[AuthorSpec, ...] = (
    AuthorSpec(
        DEMO_AUTHOR,
        "Demo Member",
        f"Decentralization specialist, {LPSA}",
        "Works on fiscal decentralization and intergovernmental fiscal transfers in East "
        "Africa, and on the last mile of local service delivery.",
        DEMO_MEMBER.email,
    ),
    AuthorSpec(
        "kwame-mensah",
        "Kwame Mensah",
        "Senior lecturer, Institute of Local Government Studies, Ghana",
        "Teaches local government finance to district officials and has advised Ghana's "
        "district assemblies on property rates for fifteen years.",
    ),
    AuthorSpec(
        "priya-raman",
        "Priya Raman",
        "Fellow, National Institute of Public Finance and Policy",
        "Researches intergovernmental transfers and state finance commissions in South Asia.",
    ),
    AuthorSpec(
        "ana-lucia-gomez",
        "Ana Lucía Gómez",
        "Director of local finance, Federación Colombiana de Municipios",
        "Supports Colombia's municipalities on planning, budgeting and reporting on the SDGs.",
    ),
    AuthorSpec(
        "karim-jebali",
        "Karim Jebali",
        "Municipal finance adviser, Fez",
        "Advises North African cities on own-source revenue and capital investment planning.",
    ),
    AuthorSpec(
        "nadia-haddad",
        "Nadia Haddad",
        "Researcher in local governance, Tunis",
        "Studies the municipal reforms that followed Tunisia's 2018 local elections.",
    ),
    AuthorSpec(
        "lpsa-secretariat",
        "LPSA Secretariat",
        LPSA,
        "The Alliance's small team, who run the LoGICA assessments and this blog.",
    ),
    AuthorSpec(
        SEEDED_AUTHOR,
        "",
        "Alliance member",
        "Writes on subnational borrowing and debt management.",
        seeded_email(1),
    ),
)


# --- The handful of posts ---------------------------------------------------------------------
@dataclass(frozen=True)
class Chart:
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str
    caption: str


@dataclass(frozen=True)
class PostSpec:
    slug: str
    title: str
    summary: str
    authors: tuple[str, ...]
    topics: tuple[str, ...]
    regions: tuple[str, ...]
    countries: tuple[str, ...]
    # The body in short form (see _block): ("p", html), ("h2", text), ("h3", text),
    # ("quote", text, attribution), ("call_out", kind, title, html), ("table", caption, rows),
    # ("chart",), ("document", link text).
    body: tuple[tuple, ...]
    chart: Chart | None = None


def table(caption: str, *rows: tuple[str, ...]) -> tuple:
    return ("table", caption, rows)


POSTS: tuple[PostSpec, ...] = (
    PostSpec(
        "fiscal-decentralization-is-not-a-budget-line",
        "Fiscal decentralization is not a budget line: five lessons from a decade of reform",
        "Moving money to local governments is the easy part. What a decade of reforms in East "
        "Africa teaches about assigning functions, funding them and holding councils to account.",
        (DEMO_AUTHOR, "kwame-mensah"),
        ("fiscal-decentralization", "intergovernmental-fiscal-transfers"),
        ("africa",),
        ("KE", "UG", "TZ"),
        (
            (
                "p",
                "When Kenya's 2010 constitution created forty-seven counties, the headline "
                "was the money: at least fifteen percent of national revenue would go to the "
                "new governments every year. Ten years on, the share has been met and often "
                "exceeded, yet county residents still ask why clinics lack medicines and why "
                "roads wait for years. The money moved; the results did not always follow.",
            ),
            (
                "p",
                "That gap is familiar across the region. Uganda, Tanzania and Kenya have each "
                "decentralized in their own way, and each has learned that fiscal "
                "decentralization is a system, not a line in the national budget. Five lessons "
                "stand out.",
            ),
            ("h2", "1. Functions first, then finance"),
            (
                "p",
                "Money should follow functions, not the other way round. Where the law is "
                "vague about who runs primary health care or maintains feeder roads, transfers "
                "end up funding overlapping mandates, and each level blames the other when a "
                "service fails. A clear <b>expenditure assignment</b>, function by function, is "
                "the foundation everything else rests on.",
            ),
            ("h2", "2. Predictability matters as much as size"),
            (
                "p",
                "A county that does not know in July what it will receive in March cannot plan. "
                "Late and uneven releases force councils to stop works mid-season and to pay "
                "suppliers months late, which raises prices for everyone. A smaller transfer "
                "that arrives on a published schedule often buys more than a larger one that "
                "arrives when the treasury has cash.",
            ),
            ("chart",),
            ("h2", "3. Own revenue buys accountability"),
            (
                "p",
                "Residents watch more closely how their own taxes are spent than how a "
                "transfer is spent. Even where property rates and business permits raise a "
                "modest share of a county's budget, they tie the council to its taxpayers in a "
                "way no grant can.",
            ),
            (
                "quote",
                "When people pay the market fee, they come to the budget hearing. When the "
                "money comes from Nairobi, they come to ask for a job.",
                "A county finance officer, western Kenya",
            ),
            ("h2", "4. Build the systems before the money arrives"),
            (
                "p",
                "Financial management systems, procurement units and internal audit take years "
                "to build. Reforms that transfer funds before these are in place tend to "
                "produce audit queries rather than services, and then a backlash against "
                "decentralization itself.",
            ),
            ("h2", "5. Measure what reaches the last mile"),
            (
                "p",
                "Finally, count what arrives at the facility, not what leaves the treasury. "
                "Expenditure tracking surveys in Uganda found that a large share of non-salary "
                "grants for schools never reached them in the early 1990s; publishing the "
                "amounts each school should receive changed that within a few years.",
            ),
            (
                "call_out",
                "key-point",
                "In short",
                "<p>Assign functions clearly, fund them predictably, let councils raise some "
                "of their own revenue, build their systems, and follow the money to the "
                "frontline.</p>",
            ),
        ),
        Chart(
            "Transfers released on schedule, by quarter",
            ("Q1", "Q2", "Q3", "Q4"),
            (92, 74, 61, 48),
            "%",
            "Share of the year's transfers released in the quarter they were planned for, "
            "in an illustrative county.",
        ),
    ),
    PostSpec(
        "property-tax-in-secondary-cities",
        "Property tax in secondary cities: small towns, big gaps",
        "Secondary cities are growing fastest but collect the least. Why property tax lags "
        "outside the capital, and three practical steps that have raised it in Ghana and "
        "Rwanda.",
        ("kwame-mensah",),
        ("local-revenue-and-property-tax", "urban-development"),
        ("africa",),
        ("GH", "RW"),
        (
            (
                "p",
                "Most of Africa's urban growth over the next twenty years will happen not in "
                "the capitals but in secondary cities of one hundred thousand to one million "
                "people. These towns need roads, drainage and markets now, and the tax that "
                "grows with the city is the one on its land and buildings. Yet in many "
                "secondary cities property tax raises less than a dollar per resident a year.",
            ),
            ("h2", "Why collection lags"),
            (
                "p",
                "The reasons are rarely mysterious. Valuation rolls are decades old or "
                "missing; many properties were never registered; bills are delivered by hand, "
                "if at all; and councils hesitate to enforce against voters and neighbours. "
                "Capital cities can afford a valuation office and a billing system. A town of "
                "two hundred thousand often has two revenue officers and a ledger.",
            ),
            (
                table(
                    "What a secondary city's revenue office often has to work with",
                    ("Task", "Typical capital city", "Typical secondary city"),
                    ("Valuation roll", "Updated within 5 years", "Over 15 years old or none"),
                    ("Property register", "Digital, linked to land records", "Paper ledger"),
                    ("Billing", "Printed and sent by SMS", "Hand-delivered, irregular"),
                    ("Enforcement", "Dedicated unit", "Rarely used"),
                )
            ),
            ("h2", "Three steps that work"),
            (
                "p",
                "First, <b>simplify the valuation</b>. Area-based or banded assessments, "
                "built from satellite imagery and a street survey, can cover a whole town in "
                "months. They are less precise than market valuation but far better than a "
                "roll from 1998.",
            ),
            (
                "p",
                "Second, <b>make paying easy</b>. Mobile money has done more for collection in "
                "Rwanda's districts than any enforcement campaign: a taxpayer who can pay in "
                "two minutes from a phone usually does.",
            ),
            (
                "p",
                "Third, <b>show what the tax buys</b>. Several Ghanaian municipal assemblies "
                "now publish a short list of works funded from property rates each year, "
                "street by street. Compliance rose where residents could see the results.",
            ),
            ("chart",),
            (
                "call_out",
                "note",
                "A note on fairness",
                "<p>Simple valuation methods must still be progressive: a flat charge per "
                "plot falls hardest on the poorest households. Bands by location and building "
                "type keep the tax simple and fair.</p>",
            ),
            (
                "p",
                "None of these steps needs a new law. They need a council willing to try, a "
                "modest budget for a survey, and patience: revenue built this way grows for "
                "years.",
            ),
        ),
        Chart(
            "Property tax collected per resident",
            ("Year 1", "Year 2", "Year 3", "Year 4"),
            (0.8, 1.3, 2.1, 2.9),
            "USD",
            "Property tax per resident in an illustrative secondary city after a banded "
            "valuation and mobile payments.",
        ),
    ),
    PostSpec(
        "formula-or-favour-intergovernmental-transfers",
        "Formula or favour? Making intergovernmental transfers predictable",
        "Transfer formulas promise fairness and predictability, but only if they are simple, "
        "published and followed. Lessons from Indonesia, Nepal and the Philippines.",
        ("priya-raman",),
        ("intergovernmental-fiscal-transfers", "fiscal-decentralization"),
        ("asia-pacific",),
        ("ID", "NP", "PH"),
        (
            (
                "p",
                "Every system of intergovernmental transfers must answer two questions: how "
                "much goes to local governments in total, and how that total is shared among "
                "them. When either answer is decided year by year in negotiation, transfers "
                "follow political favour. When both are set by a rule, local governments can "
                "plan, and citizens can check.",
            ),
            ("h2", "The size of the pool"),
            (
                "p",
                "Indonesia ties its general allocation fund to a share of net domestic "
                "revenue; the Philippines sets the internal revenue allotment as a share of "
                "national taxes, a share its Supreme Court widened in 2018. A fixed share "
                "makes the pool predictable, though it also passes national revenue shocks "
                "straight to local budgets.",
            ),
            ("h2", "Sharing the pool"),
            (
                "p",
                "The sharing formula is where most systems go wrong. Formulas with a dozen "
                "weighted indicators look fair on paper, but few councillors can check them, "
                "and the data behind some indicators are years out of date. Nepal's fiscal "
                "equalization grant, set by its Natural Resources and Fiscal Commission, uses "
                "a handful of indicators: population, area, the human development index and "
                "a measure of revenue capacity.",
            ),
            (
                table(
                    "Four common indicators in sharing formulas, and what they reward",
                    ("Indicator", "What it measures", "Risk"),
                    ("Population", "Need for services", "Out-of-date census"),
                    ("Area", "Cost of reaching people", "Favours sparse places"),
                    ("Poverty or HDI", "Greater need", "Weak local data"),
                    ("Revenue capacity", "Ability to pay for services", "Penalises effort"),
                )
            ),
            (
                "quote",
                "A formula nobody can recompute is a negotiation with extra steps.",
                "A budget director in a provincial government",
            ),
            ("h2", "Conditional or not"),
            (
                "p",
                "Conditional grants protect national priorities such as teachers' salaries "
                "or immunisation, but too many of them leave councils with no room to decide "
                "anything. A useful test: can a local council change at least a fifth of its "
                "budget? If not, local elections choose managers, not governments.",
            ),
            (
                "call_out",
                "key-point",
                "Three checks for any transfer system",
                "<ul><li>Is the pool set by a rule?</li><li>Can a council recompute its own "
                "allocation from published data?</li><li>Are the amounts announced before "
                "local budgets are drafted?</li></ul>",
            ),
            (
                "p",
                "Where the answer to all three is yes, transfers stop being a favour and "
                "become a right local governments can plan around.",
            ),
        ),
    ),
    PostSpec(
        "localizing-the-sdgs-starts-with-local-budgets",
        "Localizing the SDGs starts with local budgets",
        "Two thirds of the Sustainable Development Goals' targets depend on local governments. "
        "Colombia's municipalities show how to tie them to the budget instead of a report.",
        ("ana-lucia-gomez", DEMO_AUTHOR),
        ("localization", "multilevel-governance"),
        ("latin-america", "africa"),
        ("CO", "KE"),
        (
            (
                "p",
                "Water, sanitation, primary schooling, local roads, waste collection: many of "
                "the services behind the Sustainable Development Goals are delivered by local "
                "governments. It is often said that two thirds of the 169 targets cannot be "
                "met without them. Yet for many municipalities the SDGs remain a chapter in "
                "the development plan, written for donors and read by no one.",
            ),
            ("h2", "From plan to budget"),
            (
                "p",
                "Colombia's municipalities took a different route. Since 2016, municipal "
                "development plans have mapped their programmes to the goals, and several "
                "cities then tagged each budget line to the targets it serves. The tagging is "
                "simple: a code in the budget classification. What it makes possible is not.",
            ),
            (
                "p",
                "With tagged budgets, a council can see how much it spends on each goal, "
                "compare it with the gaps in its own indicators, and explain to residents why "
                "a new water connection programme matters more this year than a new plaza.",
            ),
            (
                "p",
                "Medellín and Bogotá went further and published dashboards that set each "
                "goal's spending beside the indicators it should move. Smaller municipalities, "
                "with a planning office of three people, started with a spreadsheet. Both "
                "found that the exercise changed the budget conversation: councillors began "
                "asking what a programme achieved, not only what it cost.",
            ),
            ("chart",),
            (
                "quote",
                "We stopped writing a separate SDG report. The budget is the report.",
                "A municipal planning secretary, Colombia",
            ),
            ("h2", "What national governments can do"),
            (
                "p",
                "Municipalities cannot do this alone. National statistical offices must "
                "publish indicators at the local level, finance ministries must allow a "
                "programme classification in local budgets, and transfer systems should not "
                "punish councils that report honestly on gaps. Kenya's counties, which "
                "already prepare programme-based budgets, are well placed to follow.",
            ),
            (
                "call_out",
                "note",
                "Voluntary local reviews",
                "<p>Over two hundred cities and regions have published a voluntary local "
                "review of their progress on the goals. The most useful ones start from the "
                "budget, not from a list of projects.</p>",
            ),
            (
                "p",
                "Localizing the SDGs, in the end, is ordinary local government done well: "
                "knowing where the gaps are, spending to close them, and telling residents "
                "what changed.",
            ),
        ),
        Chart(
            "Budget tagged to the SDGs, by goal",
            ("Water", "Education", "Health", "Roads", "Waste"),
            (18, 27, 21, 22, 7),
            "%",
            "Share of an illustrative municipality's investment budget tagged to five goals.",
        ),
    ),
    PostSpec(
        "what-a-logica-assessment-tells-a-finance-ministry",
        "What a LoGICA assessment tells a finance ministry",
        "The LoGICA framework scores how far local governments are empowered politically, "
        "administratively and fiscally. Here is what the scores mean for the people who "
        "design transfers and budgets.",
        ("lpsa-secretariat", DEMO_AUTHOR),
        ("decentralization-assessment-and-diagnostics", "multilevel-governance"),
        ("africa", "asia-pacific"),
        ("UG", "NP"),
        (
            (
                "p",
                "The Local Governance Institutions Comparative Assessment, LoGICA for short, "
                "asks a simple question of every country it covers: how much room do local "
                "governments really have to decide, to manage and to pay for local services? "
                "The answer comes as scores on three dimensions, political, administrative "
                "and fiscal, built from the same indicators in every country.",
            ),
            ("h2", "Why a finance ministry should care"),
            (
                "p",
                "Finance ministries often see decentralization as a spending pressure. A "
                "LoGICA assessment shows something more useful: where the system is out of "
                "balance. A country may score high on political decentralization, with "
                "elected councils everywhere, and low on administrative decentralization, "
                "with every local civil servant hired and posted by the centre. Councils that "
                "cannot manage their staff cannot be held responsible for results.",
            ),
            (
                table(
                    "Reading the three dimensions together (illustrative scores out of 100)",
                    ("Dimension", "Country A", "Country B"),
                    ("Political", "78", "45"),
                    ("Administrative", "31", "52"),
                    ("Fiscal", "40", "48"),
                )
            ),
            (
                "p",
                "In the table above, country A's councils are elected and visible but have "
                "little control over staff or money: citizens expect more than councils can "
                "deliver. Country B is more balanced, if less ambitious. The reforms each "
                "needs are different, and neither is a matter of simply transferring more.",
            ),
            ("h2", "From scores to reforms"),
            (
                "p",
                "The assessment's value lies in the conversation it starts. In Uganda and "
                "Nepal, country teams have used the scores to agree with ministries which "
                "bottleneck to tackle first: the release of conditional grants in one case, "
                "the posting of local staff in the other.",
            ),
            ("document", "Read the LoGICA note for finance ministries (PDF)"),
            (
                "call_out",
                "note",
                "Run an assessment",
                "<p>Country teams follow the LoGICA user guide and data collection guide in "
                "the library. The Alliance's working groups review the scores before they are "
                "published.</p>",
            ),
            (
                "p",
                "A score is not a verdict. It is a map of where local governments are asked "
                "to do more than they are equipped to do, and that is exactly what a finance "
                "ministry needs to see before the next budget.",
            ),
        ),
    ),
    PostSpec(
        "municipal-finance-in-mena",
        "Municipal finance in the Middle East and North Africa: between central control and "
        "local demand",
        "Cities in the region collect little of their own revenue and depend on transfers "
        "decided in the capital. Morocco, Tunisia and Jordan show three paths out.",
        ("karim-jebali", "nadia-haddad"),
        ("fiscal-decentralization", "local-revenue-and-property-tax"),
        ("mena",),
        ("MA", "TN", "JO"),
        (
            (
                "p",
                "Local governments in the Middle East and North Africa spend a smaller share "
                "of public money than those of almost any other region: by most estimates "
                "well under a tenth. At the same time, the region's cities are growing fast, "
                "and residents expect municipalities to deliver waste collection, street "
                "lighting, markets and local roads.",
            ),
            ("h2", "Three reforms, three paths"),
            ("h3", "Morocco: regions first"),
            (
                "p",
                "Morocco's advanced regionalization gave the twelve regions new powers and a "
                "growing share of income and corporate tax. Municipalities gained less, but "
                "the largest cities have used the new framework to plan investment over "
                "several years rather than project by project.",
            ),
            ("h3", "Tunisia: elected councils, thin budgets"),
            (
                "p",
                "Tunisia's 2018 local government code and its first free municipal elections "
                "created councils with real legitimacy. Their budgets did not follow: most "
                "still depend on a common fund whose allocations arrive late. Participatory "
                "budgeting, tried in several municipalities, showed how much residents wanted "
                "a say.",
            ),
            ("h3", "Jordan: deconcentration and local development"),
            (
                "p",
                "Jordan's decentralization law of 2015 added elected governorate councils to "
                "the municipal ones, with a say over capital projects. The result is a layered "
                "system in which who decides what is still being worked out.",
            ),
            ("chart",),
            (
                "quote",
                "Residents judge the municipality by the rubbish in the street, not by the "
                "transfer formula.",
                "A municipal councillor, Sfax",
            ),
            ("h2", "What would help"),
            (
                "p",
                "Three things recur across the region: a predictable transfer released on a "
                "published calendar; the power to set and collect local fees and the "
                "property-related tax, with the data to do it; and support for the "
                "municipalities' own financial management, so that borrowing for investment "
                "becomes possible in time.",
            ),
            (
                "p",
                "Above all, reform needs a clear division of labour. Where ministries, "
                "governorates and municipalities each claim a role in the same service, "
                "residents cannot tell whom to hold to account, and councils cannot plan. "
                "Settling who does what, and funding it accordingly, is the region's "
                "unfinished business.",
            ),
        ),
        Chart(
            "Own-source revenue in municipal budgets",
            ("Morocco", "Tunisia", "Jordan"),
            (38, 29, 44),
            "%",
            "Own-source revenue as a share of municipal budgets in three illustrative cities.",
        ),
    ),
    PostSpec(
        "when-should-cities-borrow",
        "When should cities borrow? Subnational debt without the crisis",
        "Borrowing lets a city build today what its residents will pay for over twenty years. "
        "The rules that keep it from ending in a bailout, with examples from Colombia and South "
        "Africa.",
        (SEEDED_AUTHOR, "priya-raman"),
        ("subnational-borrowing-and-debt", "public-financial-management"),
        ("latin-america", "africa"),
        ("CO", "ZA", "KE"),
        (
            (
                "p",
                "A water treatment plant lasts thirty years. Paying for it from one year's "
                "budget asks today's residents to fund a service their children will use. "
                "Borrowing spreads the cost over the life of the asset, which is why well-run "
                "cities around the world borrow for investment. It is also why subnational "
                "debt crises, from Brazil in the 1990s to several US cities since, have made "
                "finance ministries wary.",
            ),
            ("h2", "The golden rule and its limits"),
            (
                "p",
                "The first rule is old and simple: borrow only for investment, never for "
                "salaries or running costs. It is necessary but not enough. A city can borrow "
                "for roads it cannot maintain, or pile up arrears to suppliers, which are debt "
                "by another name.",
            ),
            ("h2", "Traffic lights, not a ban"),
            (
                "p",
                "Colombia's Law 358 of 1997 introduced a traffic-light system: municipalities "
                "whose interest payments and debt stay below set ratios of their revenue may "
                "borrow freely; those above must seek approval; those far above may not borrow "
                "at all. The rule is simple enough for a council to check itself.",
            ),
            (
                table(
                    "A traffic-light rule for municipal borrowing (illustrative thresholds)",
                    ("Light", "Interest / current revenue", "Debt / current revenue", "Rule"),
                    ("Green", "Under 40%", "Under 80%", "Borrow without approval"),
                    ("Amber", "40 to 60%", "80 to 100%", "Approval needed"),
                    ("Red", "Over 60%", "Over 100%", "No new borrowing"),
                )
            ),
            (
                "p",
                "South Africa's Municipal Finance Management Act takes a complementary route: "
                "clear rules that the national government will not bail out a defaulting "
                "municipality, and a market in which lenders price that risk.",
            ),
            (
                "call_out",
                "warning",
                "Arrears are debt too",
                "<p>Unpaid bills to suppliers and utilities rarely appear in debt ceilings. "
                "Any borrowing framework should count them, or councils will borrow that way "
                "instead.</p>",
            ),
            (
                "p",
                "For most secondary cities, the first step is not a bond but a sound budget: "
                "audited accounts, a capital plan and a record of own-source revenue that "
                "lenders can trust. Pooled financing through a municipal development fund can "
                "then open the door, as it has for Kenya's counties in recent proposals.",
            ),
        ),
    ),
    PostSpec(
        "participatory-budgeting-beyond-porto-alegre",
        "Participatory budgeting beyond Porto Alegre",
        "Thirty-five years after Porto Alegre, thousands of cities let residents decide part of "
        "the budget. What separates the processes that change spending from those that only "
        "hold meetings.",
        ("ana-lucia-gomez",),
        ("citizen-participation", "local-elections-and-accountability"),
        ("latin-america", "europe-central-asia"),
        ("BR", "PE", "UA"),
        (
            (
                "p",
                "In 1989 Porto Alegre invited its residents to decide how part of the city's "
                "investment budget would be spent. Neighbourhood assemblies chose priorities, "
                "elected delegates negotiated them city-wide, and the council adopted the "
                "result. Paving, sanitation and schools moved to the poorer districts that had "
                "waited longest.",
            ),
            (
                "p",
                "Since then participatory budgeting has spread to thousands of cities. Peru "
                "made it compulsory for every regional and local government in 2003; Ukraine's "
                "cities adopted public budgets, with online voting, from 2015.",
            ),
            ("h2", "What makes it matter"),
            (
                "p",
                "The processes that change spending share a few features. The amount at stake "
                "is real, often several percent of the investment budget, and known in "
                "advance. The council commits to carrying out the chosen projects, and reports "
                "on them the next year. And the process reaches people who do not usually "
                "attend meetings, through neighbourhood assemblies, online voting or both.",
            ),
            ("chart",),
            (
                "quote",
                "The first year people asked for everything. By the third they were "
                "negotiating with the next neighbourhood over which street came first.",
                "A participatory budgeting facilitator, Lima",
            ),
            ("h2", "What makes it fade"),
            (
                "p",
                "Processes fade when the sums are symbolic, when chosen projects are not "
                "built, or when the same organised few decide every year. Compulsory "
                "participatory budgeting, as Peru found, can become a formality unless "
                "councils see value in it.",
            ),
            (
                "p",
                "Online voting widened participation in Ukraine's cities, especially among "
                "younger residents, but it also favoured projects with well-organised "
                "supporters, such as school equipment, over needs in poorer districts. Several "
                "cities now combine online votes with neighbourhood assemblies and reserve "
                "part of the amount for the districts with the greatest need.",
            ),
            (
                "call_out",
                "key-point",
                "Before you start",
                "<p>Decide the amount, publish the rules, and budget for carrying out the "
                "winning projects the following year. Then report on every one of them.</p>",
            ),
            (
                "p",
                "Participatory budgeting is not a substitute for elected councils; it is a "
                "way for them to learn what residents value, and to earn the trust that makes "
                "raising local revenue possible.",
            ),
        ),
        Chart(
            "Residents taking part, by year",
            ("Year 1", "Year 2", "Year 3", "Year 4", "Year 5"),
            (1.2, 2.9, 4.4, 6.1, 7.0),
            "thousand",
            "Residents taking part in an illustrative city's participatory budget.",
        ),
    ),
)

DOCUMENT_TITLE = "LoGICA: a note for finance ministries"


def generated_slug(n: int) -> str:
    subject, _, _ = SUBJECTS[n % len(SUBJECTS)]
    _, place, _ = PLACES[_place_index(n)]
    return f"{slugify(subject)}-{slugify(place)}-{n}"


# --- Seeding ----------------------------------------------------------------------------------
def seed(*, posts: int = len(POSTS)) -> str:
    """The first `posts` demo posts that are missing (the handful first, then generated ones),
    with the images, document and authors they need."""
    index = BlogIndexPage.objects.first()
    if index is None or not Topic.objects.exists():
        raise RuntimeError("The blog index or the taxonomy is missing: run `migrate` first.")
    topics = {t.slug: t for t in Topic.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    handful = POSTS[: max(0, min(posts, len(POSTS)))]
    existing = set(
        BlogPage.objects.child_of(index)
        .filter(slug__in=[s.slug for s in POSTS])
        .values_list("slug", flat=True)
    )
    authors = _authors()
    created = 0
    for number, spec in enumerate(handful):
        if spec.slug not in existing:
            _create(index, spec, number, authors, topics, regions)
            created += 1
    generated = _seed_generated(posts - len(POSTS), index, authors, topics, regions)
    BLOG.bump()  # bulk inserts send no signals
    total = BlogPage.objects.count()
    return f"{created + generated:,} posts created, {total:,} in all"


def _authors() -> dict[str, Author]:
    authors = {}
    for spec in AUTHORS:
        profile = (
            Profile.objects.filter(user__email=spec.member_email).first()
            if spec.member_email
            else None
        )
        name = spec.name or (profile.full_name if profile else "")
        if not name:
            continue  # the member to name it after is not seeded
        author, _ = Author.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "role": spec.role, "bio": spec.bio, "profile": profile},
        )
        authors[spec.slug] = author
    return authors


def _published_at(number: int) -> datetime:
    return ANCHOR - timedelta(days=DAYS_BETWEEN_POSTS * number)


@transaction.atomic
def _create(index, spec: PostSpec, number: int, authors, topics, regions) -> BlogPage:
    at = _published_at(number)
    featured = _image(
        f"{spec.title}", artwork(spec.slug), IMAGE_CREDIT, f"blog-demo-{spec.slug}.jpg"
    )
    chart = (
        _image(
            spec.chart.title,
            chart_image(spec.chart),
            CHART_CREDIT,
            f"blog-demo-{spec.slug}-chart.jpg",
        )
        if spec.chart
        else None
    )
    body = [
        _block(spec.slug, position, item, chart=chart, chart_spec=spec.chart)
        for position, item in enumerate(spec.body)
    ]
    post = BlogPage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        featured_image=featured,
        body=body,
        countries=list(spec.countries),
        first_published_at=at,
        translation_key=uuid.uuid5(NAMESPACE, f"post:{spec.slug}"),
        live=False,
    )
    index.add_child(instance=post)
    post.topics = [topics[slug] for slug in spec.topics if slug in topics]
    post.regions = [regions[slug] for slug in spec.regions if slug in regions]
    post.post_authors = [
        BlogPageAuthor(author=authors[key], sort_order=position)
        for position, key in enumerate(spec.authors)
        if key in authors
    ]
    revision = post.save_revision()
    revision.publish()
    # Published "now" by Wagtail; dated as the demo says, so that databases seeded alike match.
    Revision.objects.filter(pk=revision.pk).update(created_at=at)
    Page.objects.filter(pk=post.pk).update(last_published_at=at, latest_revision_created_at=at)
    PageLogEntry.objects.filter(page=post).update(timestamp=at)
    _references_in_order(post)
    return post


def _references_in_order(post: BlogPage) -> None:
    """Stores the post's rows in Wagtail's reference index again, sorted: Wagtail adds them in a
    set's order, which differs from one process to the next."""
    rows = ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(BlogPage), object_id=str(post.pk)
    )
    references = sorted(
        rows,
        key=lambda r: (r.model_path, r.content_path, r.to_content_type_id, r.to_object_id),
    )
    rows.delete()
    for reference in references:
        reference.pk = None
    ReferenceIndex.objects.bulk_create(references)


def _block(slug: str, position: int, item: tuple, *, chart, chart_spec) -> dict:
    """One block of a post's body in the StreamField's stored form."""
    kind, *args = item
    block_id = str(uuid.uuid5(NAMESPACE, f"{slug}:{position}"))
    if kind == "p":
        value = f"<p>{args[0]}</p>"
        kind = "paragraph"
    elif kind in ("h2", "h3"):
        value = {"text": args[0], "level": kind}
        kind = "heading"
    elif kind == "quote":
        value = {"text": args[0], "attribution": args[1]}
    elif kind == "call_out":
        value = {"kind": args[0], "title": args[1], "text": args[2]}
    elif kind == "table":
        caption, rows = args
        value = {
            "data": [list(row) for row in rows],
            "table_header_choice": "row",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": caption,
            "cell": [],
            "mergeCells": [],
        }
    elif kind == "chart":
        value = {"image": chart.pk, "caption": chart_spec.caption, "credit": ""}
        kind = "image"
    elif kind == "document":
        value = {"document": _document().pk, "title": args[0]}
    else:
        raise ValueError(f"Unknown block {kind!r}")
    return {"type": kind, "value": value, "id": block_id}


def _image(title: str, data: bytes, credit: str, name: str) -> BlogImage:
    image = BlogImage.objects.filter(title=title, credit=credit).first()
    if image is None:
        image = BlogImage(
            title=title,
            credit=credit,
            file=ImageFile(io.BytesIO(data), name=name),
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        image.save()
        BlogImage.objects.filter(pk=image.pk).update(created_at=ANCHOR)
    return image


def _document():
    Document = get_document_model()
    document = Document.objects.filter(title=DOCUMENT_TITLE).first()
    if document is None:
        data = pdf_for(DOCUMENT_TITLE, 2)
        document = Document(
            title=DOCUMENT_TITLE,
            file=ContentFile(data, name="logica-note-for-finance-ministries.pdf"),
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        document.save()
        Document.objects.filter(pk=document.pk).update(created_at=ANCHOR)
    return document


# --- Pictures ---------------------------------------------------------------------------------
def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def artwork(seed_text: str) -> bytes:
    """A 1600x900 abstract picture in the portal's palette: a diagonal gradient with
    translucent circles and bands, the same for the same seed."""
    rng = random.Random(f"{RANDOM_SEED}-image-{seed_text}")
    width, height = IMAGE_SIZE
    start, end = rng.sample((TEAL, DEEP, RUST), 2)
    mask = Image.linear_gradient("L").rotate(rng.choice((45, 135, 225, 315))).resize(IMAGE_SIZE)
    picture = Image.composite(
        Image.new("RGB", IMAGE_SIZE, start), Image.new("RGB", IMAGE_SIZE, end), mask
    )
    overlay = Image.new("RGBA", IMAGE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(rng.randint(5, 9)):
        colour = rng.choice(PALETTE)
        radius = rng.randint(80, 420)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=(*colour, rng.randint(40, 120))
        )
    for _ in range(rng.randint(2, 4)):
        y = rng.randint(0, height)
        draw.rectangle((0, y, width, y + rng.randint(12, 60)), fill=(*MIST, rng.randint(30, 80)))
    picture = Image.alpha_composite(picture.convert("RGBA"), overlay).convert("RGB")
    return _jpeg(picture)


def chart_image(chart: Chart) -> bytes:
    """A bar chart of the post's illustrative figures, drawn in the palette."""
    width, height = IMAGE_SIZE
    picture = Image.new("RGB", IMAGE_SIZE, MIST)
    draw = ImageDraw.Draw(picture)
    title_font = ImageFont.load_default(size=48)
    label_font = ImageFont.load_default(size=32)
    draw.text((80, 60), chart.title, fill=DEEP, font=title_font)
    left, right, top, bottom = 120, width - 80, 200, height - 140
    draw.line((left, bottom, right, bottom), fill=DEEP, width=4)
    slot = (right - left) / len(chart.values)
    highest = max(chart.values) or 1
    for number, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        bar_height = (bottom - top) * value / highest
        x0 = left + slot * number + slot * 0.2
        x1 = left + slot * (number + 1) - slot * 0.2
        colour = RUST if number == len(chart.values) - 1 else TEAL
        draw.rectangle((x0, bottom - bar_height, x1, bottom), fill=colour)
        figure = f"{value:g} {chart.unit}" if chart.unit != "%" else f"{value:g}%"
        draw.text((x0, bottom - bar_height - 44), figure, fill=DEEP, font=label_font)
        draw.text((x0, bottom + 20), label, fill=DEEP, font=label_font)
    return _jpeg(picture)


# --- Generated posts, for the benchmark's sizes -----------------------------------------------
# (subject in a title, its topic, what the post is about)
SUBJECTS = (
    ("Fiscal transfers", "intergovernmental-fiscal-transfers", "how transfers reach councils"),
    ("Property tax", "local-revenue-and-property-tax", "raising revenue from land"),
    ("Municipal borrowing", "subnational-borrowing-and-debt", "borrowing for investment"),
    ("Local budgets", "public-financial-management", "budgeting and reporting"),
    ("Last-mile services", "local-service-delivery-and-the-last-mile", "services that arrive"),
    ("Local civil service", "local-public-administration-and-civil-service", "local staff"),
    ("Local elections", "local-elections-and-accountability", "who answers to voters"),
    ("Participatory budgeting", "citizen-participation", "residents deciding spending"),
    ("Localizing the SDGs", "localization", "the goals in local plans"),
    ("Decentralization diagnostics", "decentralization-assessment-and-diagnostics", "scores"),
)
PLACES = (
    ("KE", "Kenya", "africa"),
    ("UG", "Uganda", "africa"),
    ("GH", "Ghana", "africa"),
    ("TZ", "Tanzania", "africa"),
    ("ID", "Indonesia", "asia-pacific"),
    ("NP", "Nepal", "asia-pacific"),
    ("PH", "the Philippines", "asia-pacific"),
    ("MA", "Morocco", "mena"),
    ("TN", "Tunisia", "mena"),
    ("CO", "Colombia", "latin-america"),
    ("PE", "Peru", "latin-america"),
    ("UA", "Ukraine", "europe-central-asia"),
)
ANGLES = (
    "what changed",
    "lessons from the field",
    "the next steps",
    "a practitioner's view",
    "what the numbers say",
)
PARAGRAPHS = (
    "Reforms of {subject_lower} in {place} have moved faster on paper than in practice. The "
    "laws are in place and the institutions exist; what varies from one council to the next is "
    "whether the staff, the data and the money arrive together.",
    "Officials we spoke to in {place} described the same sequence: a national reform announced "
    "with ambition, a first year of confusion over who does what, and then a slow settling as "
    "councils learned which rules were enforced and which were not.",
    "The numbers tell part of the story. Budgets have grown, and so has the share spent locally, "
    "but arrears, late releases and unspent balances suggest that the system still struggles to "
    "turn allocations into services that residents can see.",
    "Residents judge local government by what they meet every day: the clinic, the school, the "
    "market and the road. Where councils have been able to show results in these, trust has "
    "followed, and with it a willingness to pay local taxes and fees.",
    "Three things made a difference where progress was fastest: clear rules published in "
    "advance, a finance office able to plan for more than one year, and councillors willing to "
    "explain their choices in public meetings.",
    "None of this is unique to {place}. Similar patterns appear across {region_name}, and the "
    "Alliance's working groups compare them so that one country's lessons reach the next.",
    "For national governments, the lesson is to treat decentralization as a system. Functions, "
    "finance, staff and accountability have to move together, or the weakest of them sets the "
    "pace for all the others.",
    "For local governments, the lesson is more modest: start with what can be done with the "
    "powers and money already in hand, do it visibly, and use the results to argue for more.",
)
REGION_NAMES = {
    "africa": "Sub-Saharan Africa",
    "asia-pacific": "Asia and the Pacific",
    "mena": "the Middle East and North Africa",
    "latin-america": "Latin America",
    "europe-central-asia": "Europe and Central Asia",
}


def _place_index(n: int) -> int:
    return random.Random(f"{RANDOM_SEED}-post-{n}").randrange(len(PLACES))


def _seed_generated(count: int, index, authors, topics, regions) -> int:
    if count <= 0:
        return 0
    wanted = {generated_slug(n): n for n in range(count)}
    existing = set(
        BlogPage.objects.child_of(index)
        .filter(slug__in=list(wanted))
        .values_list("slug", flat=True)
    )
    missing = [n for slug, n in wanted.items() if slug not in existing]
    if not missing:
        return 0
    images = list(
        BlogImage.objects.filter(credit=IMAGE_CREDIT).order_by("pk").values_list("pk", flat=True)
    )
    charts = list(
        BlogImage.objects.filter(credit=CHART_CREDIT).order_by("pk").values_list("pk", flat=True)
    )
    pool = [authors[key] for key in sorted(authors)]
    with transaction.atomic():
        # Locked, so that two seeders cannot hand out the same paths under it.
        index = BlogIndexPage.objects.select_for_update().get(pk=index.pk)
        last_child = index.get_last_child()
        next_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
        for start in range(0, len(missing), BULK_BATCH):
            batch = missing[start : start + BULK_BATCH]
            specs = [_generated(n, images, charts, pool) for n in batch]
            _insert_pages(index, next_step + start, specs, topics, regions)
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(missing))
    return len(missing)


def _generated(n: int, images: list[int], charts: list[int], pool: list[Author]) -> dict:
    rng = random.Random(f"{RANDOM_SEED}-post-{n}")
    subject, topic, about = SUBJECTS[n % len(SUBJECTS)]
    code, place, region = PLACES[rng.randrange(len(PLACES))]
    angle = ANGLES[rng.randrange(len(ANGLES))]
    words = {
        "subject_lower": subject.lower(),
        "place": place,
        "region_name": REGION_NAMES.get(region, "the region"),
    }
    slug = generated_slug(n)
    paragraphs = [p.format(**words) for p in rng.sample(PARAGRAPHS, 6)]
    body = [
        ("p", paragraphs[0]),
        ("p", paragraphs[1]),
        ("h2", f"{subject} in practice"),
        ("p", paragraphs[2]),
        ("p", paragraphs[3]),
    ]
    if charts:
        body.append(("image", rng.choice(charts)))
    body += [
        ("quote", paragraphs[4].split(":")[0] + ".", f"An official in {place}"),
        ("h2", "What comes next"),
        ("p", paragraphs[5]),
    ]
    raw = []
    for position, (kind, *args) in enumerate(body):
        block_id = str(uuid.uuid5(NAMESPACE, f"{slug}:{position}"))
        if kind == "p":
            raw.append({"type": "paragraph", "value": f"<p>{args[0]}</p>", "id": block_id})
        elif kind == "h2":
            raw.append(
                {"type": "heading", "value": {"text": args[0], "level": "h2"}, "id": block_id}
            )
        elif kind == "image":
            value = {"image": args[0], "caption": f"{subject} in {place}.", "credit": ""}
            raw.append({"type": "image", "value": value, "id": block_id})
        else:
            value = {"text": args[0], "attribution": args[1]}
            raw.append({"type": "quote", "value": value, "id": block_id})
    fiscal = rng.random() < 0.3
    title = f"{subject} in {place}: {angle}"
    return {
        "slug": slug,
        "title": title,
        "summary": f"{subject} in {place}, {about}: {angle}, and what other countries in "
        f"{REGION_NAMES.get(region, 'the region')} can take from it.",
        "published_at": _published_at(len(POSTS))
        - timedelta(hours=HOURS_BETWEEN_GENERATED_POSTS * (n + 1)),
        "body": raw,
        "featured_image_id": images[n % len(images)] if images else None,
        "countries": [code],
        "topics": [topic, "fiscal-decentralization"] if fiscal else [topic],
        "regions": [region],
        "authors": rng.sample(pool, rng.randint(1, 2)) if pool else [],
    }


def _insert_pages(index, first_step: int, specs: list[dict], topics, regions) -> None:
    """Inserts a batch of live posts as Wagtail does, table by table: the Page rows at the
    next free paths under the index (treebeard's materialised path), then the BlogPage rows
    pointing at them, then their taxonomy and authors."""
    content_type = ContentType.objects.get_for_model(BlogPage)
    depth = index.depth + 1
    pages = [
        Page(
            path=Page._get_path(index.path, depth, first_step + offset),
            depth=depth,
            numchild=0,
            translation_key=uuid.uuid5(NAMESPACE, f"post:{spec['slug']}"),
            locale_id=index.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=spec["published_at"],
            last_published_at=spec["published_at"],
            latest_revision_created_at=spec["published_at"],
            title=spec["title"],
            draft_title=spec["title"],
            slug=spec["slug"],
            content_type=content_type,
            url_path=f"{index.url_path}{spec['slug']}/",
            show_in_menus=False,
        )
        for offset, spec in enumerate(specs)
    ]
    Page.objects.bulk_create(pages)
    posts = [
        BlogPage(
            page_ptr_id=page.pk,
            summary=spec["summary"],
            featured_image_id=spec["featured_image_id"],
            body=spec["body"],
            countries=spec["countries"],
            reading_minutes=reading_minutes(spec["body"]),
        )
        for page, spec in zip(pages, specs, strict=True)
    ]
    # BlogPage's own table only: bulk_create refuses models with a parent table, whose rows
    # were inserted just above.
    BlogPage.objects._insert(posts, fields=BlogPage._meta.local_concrete_fields)
    TopicLink, RegionLink = BlogPage.topics.through, BlogPage.regions.through
    TopicLink.objects.bulk_create(
        TopicLink(blogpage_id=page.pk, topic_id=topics[slug].pk)
        for page, spec in zip(pages, specs, strict=True)
        for slug in spec["topics"]
        if slug in topics
    )
    RegionLink.objects.bulk_create(
        RegionLink(blogpage_id=page.pk, region_id=regions[slug].pk)
        for page, spec in zip(pages, specs, strict=True)
        for slug in spec["regions"]
        if slug in regions
    )
    BlogPageAuthor.objects.bulk_create(
        BlogPageAuthor(page_id=page.pk, author=author, sort_order=position)
        for page, spec in zip(pages, specs, strict=True)
        for position, author in enumerate(spec["authors"])
    )
