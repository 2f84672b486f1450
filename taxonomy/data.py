"""The Alliance's taxonomy, world regions and languages: the rows the migrations load."""

DIMENSIONS = (
    "Political decentralization",
    "Administrative decentralization",
    "Fiscal decentralization",
    "Sectoral decentralization",
    "Multilevel governance",
    "Localization",
)

SECTORS = (
    "Health",
    "Education",
    "Water and sanitation",
    "Urban development",
    "Climate and environment",
    "Agriculture and rural development",
    "Social protection",
    "Infrastructure and public works",
)

THEMES = (
    "Intergovernmental fiscal transfers",
    "Local revenue and property tax",
    "Subnational borrowing and debt",
    "Public financial management",
    "Local service delivery and the last mile",
    "Local public administration and civil service",
    "Local elections and accountability",
    "Citizen participation",
    "Localizing women's empowerment",
    "Fragility, conflict and violence",
    "Performance and results-based management",
    "Decentralization assessment and diagnostics",
)

# (slug, name): the slugs are what taxonomy.regions maps countries to.
REGIONS = (
    ("africa", "Sub-Saharan Africa"),
    ("mena", "Middle East and North Africa"),
    ("asia-pacific", "Asia and the Pacific"),
    ("europe-central-asia", "Europe and Central Asia"),
    ("latin-america", "Latin America and the Caribbean"),
    ("north-america", "North America"),
)

LANGUAGES = (
    ("ar", "Arabic"),
    ("am", "Amharic"),
    ("bn", "Bengali"),
    ("zh", "Chinese"),
    ("nl", "Dutch"),
    ("en", "English"),
    ("fil", "Filipino"),
    ("fr", "French"),
    ("de", "German"),
    ("ha", "Hausa"),
    ("hi", "Hindi"),
    ("id", "Indonesian"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("km", "Khmer"),
    ("ko", "Korean"),
    ("ky", "Kyrgyz"),
    ("mg", "Malagasy"),
    ("ms", "Malay"),
    ("ne", "Nepali"),
    ("fa", "Persian"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("ru", "Russian"),
    ("rw", "Kinyarwanda"),
    ("so", "Somali"),
    ("es", "Spanish"),
    ("sw", "Swahili"),
    ("tg", "Tajik"),
    ("th", "Thai"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("uz", "Uzbek"),
    ("vi", "Vietnamese"),
    ("wo", "Wolof"),
    ("yo", "Yoruba"),
    ("zu", "Zulu"),
)
