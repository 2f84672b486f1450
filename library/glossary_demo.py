"""The demo glossary: real terms of decentralization and multilevel governance, each with a
definition, related terms, sources and its French and Spanish names. `seed_glossary()` is
deterministic and idempotent (terms found by slug and updated in place); library/demo.py calls it.
"""

from django.db import transaction
from django.utils.text import slugify

from library.models import GlossaryTerm, GlossaryTranslation
from taxonomy.models import Language

BOEX_YILMAZ = (
    "Boex, J. and Yilmaz, S. (2010). An Analytical Framework for Assessing Decentralized Local "
    "Governance and the Local Public Sector. Urban Institute."
)
BAHL_LINN = (
    "Bahl, R. and Linn, J. (1992). Urban Public Finance in Developing Countries. "
    "Oxford University Press."
)
OECD_2019 = (
    "OECD (2019). Making Decentralisation Work: A Handbook for Policy-Makers. OECD Publishing."
)
RONDINELLI_1983 = (
    "Rondinelli, D. A., Nellis, J. R. and Cheema, G. S. (1983). Decentralization in Developing "
    "Countries: A Review of Recent Experience. World Bank Staff Working Paper No. 581."
)
LITVACK_1998 = (
    "Litvack, J., Ahmad, J. and Bird, R. (1998). Rethinking Decentralization in Developing "
    "Countries. World Bank."
)
CHEEMA_RONDINELLI = (
    "Cheema, G. S. and Rondinelli, D. A., eds. (2007). Decentralizing Governance: Emerging "
    "Concepts and Practices. Brookings Institution Press."
)
OATES_1972 = "Oates, W. E. (1972). Fiscal Federalism. Harcourt Brace Jovanovich."
OATES_1999 = (
    "Oates, W. E. (1999). An Essay on Fiscal Federalism. Journal of Economic Literature 37(3)."
)
MUSGRAVE = "Musgrave, R. A. (1959). The Theory of Public Finance. McGraw-Hill."
BOADWAY_SHAH_2007 = (
    "Boadway, R. and Shah, A., eds. (2007). Intergovernmental Fiscal Transfers: Principles and "
    "Practice. World Bank."
)
BOADWAY_SHAH_2009 = (
    "Boadway, R. and Shah, A. (2009). Fiscal Federalism: Principles and Practice of Multiorder "
    "Governance. Cambridge University Press."
)
BIRD_SMART = (
    "Bird, R. M. and Smart, M. (2002). Intergovernmental Fiscal Transfers: International Lessons "
    "for Developing Countries. World Development 30(6)."
)
BIRD_EBEL = (
    "Bird, R. M. and Ebel, R. D., eds. (2007). Fiscal Fragmentation in Decentralized Countries: "
    "Subsidiarity, Solidarity and Asymmetry. Edward Elgar."
)
TER_MINASSIAN = (
    "Ter-Minassian, T., ed. (1997). Fiscal Federalism in Theory and Practice. "
    "International Monetary Fund."
)
KORNAI = (
    "Kornai, J., Maskin, E. and Roland, G. (2003). Understanding the Soft Budget Constraint. "
    "Journal of Economic Literature 41(4)."
)
RODDEN = (
    "Rodden, J., Eskeland, G. and Litvack, J., eds. (2003). Fiscal Decentralization and the "
    "Challenge of Hard Budget Constraints. MIT Press."
)
CANUTO_LIU = (
    "Canuto, O. and Liu, L., eds. (2013). Until Debt Do Us Part: Subnational Debt, Insolvency, "
    "and Markets. World Bank."
)
PROPERTY_TAX = (
    "Bahl, R., Martinez-Vazquez, J. and Youngman, J., eds. (2008). Making the Property Tax "
    "Work: Experiences in Developing and Transitional Countries. Lincoln Institute of Land Policy."
)
MARKS_1993 = (
    "Marks, G. (1993). Structural Policy and Multilevel Governance in the EC. In Cafruny, A. "
    "and Rosenthal, G., eds., The State of the European Community. Lynne Rienner."
)
HOOGHE_MARKS = (
    "Hooghe, L. and Marks, G. (2003). Unraveling the Central State, but How? Types of "
    "Multi-level Governance. American Political Science Review 97(2)."
)
CHARTER = "Council of Europe (1985). European Charter of Local Self-Government."
TEU = "Treaty on European Union, Article 5(3)."
BARDHAN_MOOKHERJEE = (
    "Bardhan, P. and Mookherjee, D. (2000). Capture and Governance at Local and National Levels. "
    "American Economic Review 90(2)."
)
BARDHAN_2002 = (
    "Bardhan, P. (2002). Decentralization of Governance and Development. Journal of Economic "
    "Perspectives 16(4)."
)
WAMPLER = (
    "Wampler, B. (2007). Participatory Budgeting in Brazil: Contestation, Cooperation, and "
    "Accountability. Penn State University Press."
)
SHAH_PB = "Shah, A., ed. (2007). Participatory Budgeting. World Bank."
SHAH_LPFM = "Shah, A., ed. (2007). Local Public Financial Management. World Bank."
SHAH_2006 = "Shah, A., ed. (2006). Local Governance in Developing Countries. World Bank."
TIEBOUT = (
    "Tiebout, C. M. (1956). A Pure Theory of Local Expenditures. Journal of Political Economy "
    "64(5)."
)
SDG_ROADMAP = (
    "Global Taskforce of Local and Regional Governments, UNDP and UN-Habitat (2016). Roadmap "
    "for Localizing the SDGs: Implementation and Monitoring at Subnational Level."
)
STEFFENSEN = (
    "Steffensen, J. (2010). Performance-Based Grant Systems: Concept and International "
    "Experience. UNCDF."
)
WDR_2004 = "World Bank (2004). World Development Report 2004: Making Services Work for Poor People."
AHMAD_2005 = (
    "Ahmad, J., Devarajan, S., Khemani, S. and Shah, S. (2005). Decentralization and Service "
    "Delivery. World Bank Policy Research Working Paper 3603."
)
WATTS = "Watts, R. L. (2008). Comparing Federal Systems. 3rd ed. McGill-Queen's University Press."
ELAZAR = "Elazar, D. J. (1987). Exploring Federalism. University of Alabama Press."
DICKOVICK = (
    "Dickovick, J. T. (2011). Decentralization and Recentralization in the Developing World. "
    "Penn State University Press."
)
FAGUET = "Faguet, J.-P. (2014). Decentralization and Governance. World Development 53."
FOX = (
    "Fox, J. (2015). Social Accountability: What Does the Evidence Really Say? "
    "World Development 72."
)
YILMAZ_2010 = (
    "Yilmaz, S., Beris, Y. and Serrano-Berthet, R. (2010). Linking Local Government Discretion "
    "and Accountability in Decentralisation. Development Policy Review 28(3)."
)
LADNER = (
    "Ladner, A., Keuffer, N. and Baldersheim, H. (2016). Measuring Local Autonomy in 39 "
    "Countries (1990-2014). Regional & Federal Studies 26(3)."
)
OECD_CITY = "OECD (2015). Governing the City. OECD Publishing."
WRIGHT = "Wright, D. S. (1988). Understanding Intergovernmental Relations. 3rd ed. Brooks/Cole."
UNDP_CAPACITY = "UNDP (2009). Capacity Development: A UNDP Primer."
PEFA = "PEFA Secretariat (2016). Framework for Assessing Public Financial Management."
SMOKE = (
    "Smoke, P. (2015). Rethinking Decentralization: Assessing Challenges to a Popular Public "
    "Sector Reform. Public Administration and Development 35(2)."
)
TANZANIA = (
    "United Republic of Tanzania (1998). Policy Paper on Local Government Reform. "
    "Prime Minister's Office."
)
GRAND_BARGAIN = (
    "Inter-Agency Standing Committee (2016). The Grand Bargain: A Shared Commitment to Better "
    "Serve People in Need."
)
UMRA = "Unfunded Mandates Reform Act of 1995, United States Public Law 104-4."

# (term, definition, sources, related terms, French, Spanish)
TERMS: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str, str]] = [
    (
        "Administrative decentralization",
        "The transfer of responsibility for planning, financing and managing public functions "
        "from the central government to field offices, lower levels of government or other "
        "public bodies. It covers who hires and manages the staff who deliver services, who "
        "procures and who keeps the accounts, and can take the form of deconcentration, "
        "delegation or devolution.",
        (RONDINELLI_1983, LITVACK_1998),
        ("Deconcentration", "Delegation", "Devolution"),
        "décentralisation administrative",
        "descentralización administrativa",
    ),
    (
        "Asymmetric decentralization",
        "An arrangement in which subnational governments of the same tier do not all hold the "
        "same powers, revenues or obligations: a capital city, a large metropolitan area or a "
        "region with a distinct history or language may be given more (or fewer) "
        "responsibilities than the others, often in recognition of differing capacity or "
        "political claims.",
        (BIRD_EBEL, OECD_2019),
        ("Federalism", "Metropolitan governance"),
        "décentralisation asymétrique",
        "descentralización asimétrica",
    ),
    (
        "Block grant",
        "A transfer from a higher level of government for a broad area of spending, such as "
        "education or health, within which the recipient decides how to allocate the money. "
        "It sits between an unconditional grant and a narrowly conditional one.",
        (BOADWAY_SHAH_2007,),
        ("Conditional grant", "Unconditional grant", "Intergovernmental fiscal transfers"),
        "dotation globale",
        "subvención global",
    ),
    (
        "Capacity building",
        "Efforts to strengthen the ability of people and organisations, including local "
        "governments, to perform their functions: training staff, improving systems and "
        "procedures, and reforming the rules and incentives they work under. Decentralization "
        "reforms often pair new responsibilities with capacity building, though capacity also "
        "grows through practice once responsibilities are transferred.",
        (UNDP_CAPACITY, SMOKE),
        ("Performance-based grants", "Local public financial management"),
        "renforcement des capacités",
        "fortalecimiento de capacidades",
    ),
    (
        "Conditional grant",
        "An intergovernmental transfer that must be spent on a specified purpose or under "
        "specified conditions, such as paying teachers' salaries or meeting service standards. "
        "Conditional grants let the centre pursue national priorities through subnational "
        "governments, at the cost of local discretion.",
        (BOADWAY_SHAH_2007, BIRD_SMART),
        ("Unconditional grant", "Block grant", "Matching grant"),
        "transfert conditionnel",
        "transferencia condicionada",
    ),
    (
        "Decentralization",
        "The transfer of authority, responsibilities and resources from the central government "
        "to subnational governments, field administrations, semi-autonomous agencies or other "
        "bodies. It has political, administrative and fiscal dimensions, and differs in depth "
        "from deconcentration through delegation to devolution.",
        (CHEEMA_RONDINELLI, FAGUET),
        ("Devolution", "Fiscal decentralization", "Recentralization"),
        "décentralisation",
        "descentralización",
    ),
    (
        "Decentralization by default",
        "A policy principle under which every public function is assigned to local "
        "governments unless there is a clear reason to keep it at a higher level. It was "
        "central to Tanzania's local government reform programme, where it is known as D-by-D.",
        (TANZANIA,),
        ("Subsidiarity", "Functional assignment"),
        "décentralisation par défaut",
        "descentralización por defecto",
    ),
    (
        "Deconcentration",
        "The weakest form of decentralization: responsibilities are shifted from central "
        "ministries to their own regional or district offices, which remain part of the central "
        "government and answer to it rather than to local residents. Decisions move closer to "
        "the ground without any transfer of political authority.",
        (RONDINELLI_1983, BOEX_YILMAZ),
        ("Delegation", "Devolution", "Administrative decentralization"),
        "déconcentration",
        "desconcentración",
    ),
    (
        "Delegation",
        "The transfer of responsibility for defined public functions to local governments or "
        "semi-autonomous organisations that the central government does not control directly "
        "but that remain accountable to it for those functions, often financed by the centre.",
        (RONDINELLI_1983,),
        ("Deconcentration", "Devolution"),
        "délégation",
        "delegación",
    ),
    (
        "Devolution",
        "The transfer of authority over decision-making, finance and management to elected "
        "subnational governments with their own legal status, which have discretion over the "
        "functions transferred and answer primarily to their residents. It is the most "
        "extensive form of decentralization.",
        (RONDINELLI_1983, BOEX_YILMAZ),
        ("Deconcentration", "Delegation", "Political decentralization"),
        "dévolution",
        "devolución",
    ),
    (
        "Downward accountability",
        "The answerability of local governments and officials to the residents they serve, "
        "through elections, public information, complaint mechanisms and participation in "
        "planning and budgeting. Devolution is meant to strengthen it.",
        (YILMAZ_2010, WDR_2004),
        ("Upward accountability", "Social accountability", "Participatory budgeting"),
        "redevabilité descendante",
        "rendición de cuentas descendente",
    ),
    (
        "Elite capture",
        "The diversion of public resources or decisions by a small, well-connected group to "
        "serve its own interests rather than those of the wider community. Critics of "
        "decentralization point to the risk that local elites capture local governments; "
        "proponents note that national governments can be captured too.",
        (BARDHAN_MOOKHERJEE, BARDHAN_2002),
        ("Downward accountability", "Social accountability"),
        "capture par les élites",
        "captura por las élites",
    ),
    (
        "Equalization grant",
        "An unconditional transfer that reduces differences in the fiscal capacity or spending "
        "needs of subnational governments, so that each can provide comparable services at "
        "comparable tax rates. Allocation usually follows a formula combining measures of "
        "revenue capacity and expenditure need.",
        (BOADWAY_SHAH_2007, BIRD_SMART),
        ("Horizontal fiscal imbalance", "Unconditional grant"),
        "dotation de péréquation",
        "transferencia de nivelación",
    ),
    (
        "Expenditure assignment",
        "The division of spending responsibilities among levels of government: which tier "
        "pays for and delivers which services. Fiscal federalism suggests assigning each "
        "function to the smallest jurisdiction that captures its costs and benefits.",
        (MUSGRAVE, OATES_1972),
        ("Revenue assignment", "Functional assignment", "Subsidiarity"),
        "répartition des responsabilités de dépense",
        "asignación de gastos",
    ),
    (
        "Federalism",
        "A system of government in which sovereignty is constitutionally shared between a "
        "central government and constituent units (states, provinces, regions), each with "
        "powers that the other cannot unilaterally take away.",
        (WATTS, ELAZAR),
        ("Unitary state", "Fiscal federalism", "Asymmetric decentralization"),
        "fédéralisme",
        "federalismo",
    ),
    (
        "Fiscal decentralization",
        "The assignment of spending responsibilities and revenue sources to subnational "
        "governments, together with the intergovernmental transfers and borrowing rules that "
        "finance them and the discretion they have over their budgets.",
        (BAHL_LINN, LITVACK_1998),
        ("Decentralization", "Fiscal federalism", "Own-source revenue"),
        "décentralisation budgétaire",
        "descentralización fiscal",
    ),
    (
        "Fiscal federalism",
        "The field of public economics that studies how functions and financial instruments "
        "are best divided among levels of government, in federal and unitary states alike: "
        "who spends, who taxes, how transfers close the gaps and how borrowing is governed.",
        (OATES_1972, OATES_1999),
        ("Fiscal decentralization", "Tiebout hypothesis"),
        "fédéralisme budgétaire",
        "federalismo fiscal",
    ),
    (
        "Fiscal gap",
        "The difference between what a government must spend to meet its responsibilities and "
        "the revenue it can raise itself. For subnational governments it is usually filled by "
        "transfers and, within limits, by borrowing.",
        (BOADWAY_SHAH_2009,),
        ("Vertical fiscal imbalance", "Own-source revenue"),
        "écart budgétaire",
        "brecha fiscal",
    ),
    (
        "Functional assignment",
        "The allocation of public functions (and their sub-functions: regulating, financing, "
        "providing, maintaining) to the levels of government and bodies responsible for them, "
        "ideally set out clearly in law so that each knows what it must do.",
        (OECD_2019, BOEX_YILMAZ),
        ("Expenditure assignment", "Subsidiarity"),
        "répartition des compétences",
        "asignación de funciones",
    ),
    (
        "Hard budget constraint",
        "The condition in which a government or enterprise must live within its own resources "
        "because it cannot expect a bailout from a higher level when it overspends or "
        "defaults. It encourages prudent borrowing and spending by subnational governments.",
        (KORNAI, RODDEN),
        ("Soft budget constraint", "Subnational borrowing"),
        "contrainte budgétaire dure",
        "restricción presupuestaria dura",
    ),
    (
        "Horizontal fiscal imbalance",
        "Differences among governments of the same tier in their capacity to raise revenue or "
        "in the cost of meeting their residents' needs, so that some can provide far better "
        "services than others at the same tax effort.",
        (BOADWAY_SHAH_2009,),
        ("Equalization grant", "Vertical fiscal imbalance"),
        "déséquilibre budgétaire horizontal",
        "desequilibrio fiscal horizontal",
    ),
    (
        "Intergovernmental fiscal transfers",
        "Payments from one level of government to another, usually from the centre to "
        "subnational governments. They close fiscal gaps, equalize capacity, and steer "
        "spending towards national priorities, and may be conditional or unconditional.",
        (BOADWAY_SHAH_2007, BIRD_SMART),
        ("Conditional grant", "Equalization grant", "Tax sharing"),
        "transferts budgétaires intergouvernementaux",
        "transferencias fiscales intergubernamentales",
    ),
    (
        "Intergovernmental relations",
        "The formal and informal interactions among levels of government: consultation "
        "forums, shared programmes, negotiations over money and functions, and the "
        "resolution of disputes between them.",
        (WRIGHT,),
        ("Multilevel governance", "Federalism"),
        "relations intergouvernementales",
        "relaciones intergubernamentales",
    ),
    (
        "Last mile of service delivery",
        "The final point at which a public service reaches people: the classroom, the health "
        "clinic, the water point. Decentralization debates ask which level of government, or "
        "which frontline body, should be responsible for it and with what resources.",
        (WDR_2004, AHMAD_2005),
        ("Sectoral decentralization", "Local public sector"),
        "dernier kilomètre de la prestation des services",
        "última milla de la prestación de servicios",
    ),
    (
        "Local government autonomy",
        "The extent to which local governments can decide and act on their own: the functions "
        "they hold, their discretion over them, their own revenues, and their freedom from "
        "central control and supervision. Comparative indices measure it along several of these "
        "dimensions.",
        (LADNER, CHARTER),
        ("Local self-government", "Devolution"),
        "autonomie des collectivités locales",
        "autonomía de los gobiernos locales",
    ),
    (
        "Local public financial management",
        "The systems and practices by which local governments plan, budget, collect revenue, "
        "spend, account for and report on public money, and are audited. Assessment frameworks "
        "developed for national governments are also applied to subnational ones.",
        (SHAH_LPFM, PEFA),
        ("Own-source revenue", "Capacity building"),
        "gestion des finances publiques locales",
        "gestión de las finanzas públicas locales",
    ),
    (
        "Local public sector",
        "All public activity at the local level, whoever carries it out: elected local "
        "governments, deconcentrated offices of central ministries, and community-based or "
        "delegated bodies. Looking at the whole local public sector shows how much of service "
        "delivery is in fact local even where local governments are weak.",
        (BOEX_YILMAZ,),
        ("Deconcentration", "Last mile of service delivery"),
        "secteur public local",
        "sector público local",
    ),
    (
        "Local self-government",
        "The right and ability of local authorities, within the law, to regulate and manage a "
        "substantial share of public affairs under their own responsibility and in the "
        "interests of the local population, through freely elected councils.",
        (CHARTER,),
        ("Local government autonomy", "Subsidiarity"),
        "autonomie locale",
        "autonomía local",
    ),
    (
        "Localization",
        "Shifting power, resources and decision-making in development and humanitarian work "
        "towards local actors, such as local governments and civil society organisations, "
        "rather than channelling them through international agencies.",
        (GRAND_BARGAIN,),
        ("Localizing the SDGs",),
        "localisation",
        "localización",
    ),
    (
        "Localizing the SDGs",
        "Adapting, implementing and monitoring the Sustainable Development Goals at the "
        "subnational level: setting local targets, aligning local plans and budgets with the "
        "goals, and giving local and regional governments a voice in national strategies.",
        (SDG_ROADMAP,),
        ("Localization", "Multilevel governance"),
        "localisation des ODD",
        "localización de los ODS",
    ),
    (
        "Matching grant",
        "A conditional transfer that pays for a share of spending on a given purpose, so that "
        "the recipient must contribute its own funds: for example, one unit of grant for each "
        "unit the local government spends. It lowers the local price of the favoured service.",
        (BOADWAY_SHAH_2007,),
        ("Conditional grant",),
        "subvention de contrepartie",
        "transferencia de contrapartida",
    ),
    (
        "Metropolitan governance",
        "The arrangements by which a metropolitan area that spans many local jurisdictions "
        "plans and delivers services such as transport, land use and water: metropolitan "
        "governments, voluntary cooperation, special-purpose bodies, or consolidation.",
        (OECD_CITY,),
        ("Asymmetric decentralization", "Special purpose vehicle"),
        "gouvernance métropolitaine",
        "gobernanza metropolitana",
    ),
    (
        "Multilevel governance",
        "Decision-making dispersed across several levels of government, from the local to the "
        "supranational, and shared with non-state actors, so that policy results from their "
        "continuous negotiation rather than from one level alone.",
        (MARKS_1993, HOOGHE_MARKS),
        ("Intergovernmental relations", "Subsidiarity"),
        "gouvernance multiniveau",
        "gobernanza multinivel",
    ),
    (
        "Municipal bonds",
        "Debt securities issued by local governments or their agencies to finance capital "
        "investment, repaid from general revenue or from the income of the project financed. "
        "They require a sound legal framework and creditworthy issuers.",
        (CANUTO_LIU,),
        ("Subnational borrowing", "Special purpose vehicle"),
        "obligations municipales",
        "bonos municipales",
    ),
    (
        "Own-source revenue",
        "Revenue that a subnational government raises itself and over which it has some "
        "control of the base or rate: local taxes such as the property tax, user fees and "
        "charges, licences. It excludes transfers and borrowing.",
        (BAHL_LINN,),
        ("Property tax", "Revenue assignment", "Fiscal gap"),
        "recettes propres",
        "ingresos propios",
    ),
    (
        "Participatory budgeting",
        "A process in which residents deliberate and decide on part of a public budget, usually "
        "a local government's capital spending. It began in Porto Alegre, Brazil, in 1989 and "
        "has spread worldwide.",
        (WAMPLER, SHAH_PB),
        ("Downward accountability", "Social accountability"),
        "budget participatif",
        "presupuesto participativo",
    ),
    (
        "Performance-based grants",
        "Intergovernmental transfers whose amount depends on the recipient's results in "
        "assessed areas, such as financial management, planning or service delivery, to reward "
        "and encourage better local government performance.",
        (STEFFENSEN,),
        ("Conditional grant", "Capacity building"),
        "dotations fondées sur la performance",
        "transferencias basadas en el desempeño",
    ),
    (
        "Political decentralization",
        "Giving citizens or their elected representatives more power over public decisions at "
        "the subnational level, through elected local councils and executives, local "
        "political parties and participation.",
        (LITVACK_1998, CHEEMA_RONDINELLI),
        ("Devolution", "Downward accountability"),
        "décentralisation politique",
        "descentralización política",
    ),
    (
        "Property tax",
        "A recurrent tax on land and buildings, usually based on their assessed value or area. "
        "Its immovable base and visible link to local services make it a classic local tax, "
        "though in many developing countries it yields little for want of valuation and "
        "collection.",
        (PROPERTY_TAX, BAHL_LINN),
        ("Own-source revenue",),
        "impôt foncier",
        "impuesto predial",
    ),
    (
        "Recentralization",
        "The return of authority, functions or resources from subnational governments to the "
        "central government, by law or in practice, for instance by tightening conditions on "
        "transfers or appointing officials who were once elected.",
        (DICKOVICK,),
        ("Decentralization",),
        "recentralisation",
        "recentralización",
    ),
    (
        "Revenue assignment",
        "The division of taxing powers and other revenue sources among levels of government: "
        "which tier may levy which taxes, set their rates and collect them. Mobile and "
        "redistributive taxes are usually kept central; immovable bases suit local governments.",
        (BAHL_LINN, BOADWAY_SHAH_2009),
        ("Expenditure assignment", "Own-source revenue", "Tax sharing"),
        "répartition des ressources fiscales",
        "asignación de ingresos",
    ),
    (
        "Sectoral decentralization",
        "Decentralization carried out by a single sector ministry, such as health, education "
        "or water, often through its own local bodies or committees and not through "
        "general-purpose local governments.",
        (BOEX_YILMAZ,),
        ("Administrative decentralization", "Last mile of service delivery"),
        "décentralisation sectorielle",
        "descentralización sectorial",
    ),
    (
        "Social accountability",
        "Ways in which citizens and civil society hold public officials and service providers to "
        "account directly: citizen report cards, social audits, public hearings, community "
        "monitoring of services.",
        (FOX,),
        ("Downward accountability", "Elite capture"),
        "redevabilité sociale",
        "rendición de cuentas social",
    ),
    (
        "Soft budget constraint",
        "The condition in which a government or enterprise expects a higher authority to cover "
        "its deficits or debts, weakening its incentive to spend and borrow prudently.",
        (KORNAI, RODDEN),
        ("Hard budget constraint",),
        "contrainte budgétaire lâche",
        "restricción presupuestaria blanda",
    ),
    (
        "Special purpose vehicle",
        "A separate legal entity set up by one or more governments to carry out a defined "
        "task, such as building and running infrastructure, often so that it can borrow or "
        "contract on its own balance sheet. Its debts may be a hidden liability of its owners.",
        (CANUTO_LIU,),
        ("Municipal bonds", "Metropolitan governance"),
        "entité ad hoc",
        "vehículo de propósito especial",
    ),
    (
        "Subnational borrowing",
        "Borrowing by regional and local governments and their enterprises, from banks, "
        "capital markets or public lenders, usually to finance investment. Most countries "
        "regulate it with limits, approvals and rules for insolvency.",
        (CANUTO_LIU, TER_MINASSIAN),
        ("Municipal bonds", "Hard budget constraint"),
        "emprunt infranational",
        "endeudamiento subnacional",
    ),
    (
        "Subnational government",
        "Any level of government below the national: states, provinces and regions, and "
        "local governments such as municipalities, districts and counties.",
        (OECD_2019,),
        ("Local self-government", "Multilevel governance"),
        "administration infranationale",
        "gobierno subnacional",
    ),
    (
        "Subsidiarity",
        "The principle that a public task should be carried out by the lowest level of "
        "government able to perform it effectively, a higher level acting only where the lower "
        "cannot.",
        (TEU, CHARTER),
        ("Decentralization by default", "Functional assignment"),
        "subsidiarité",
        "subsidiariedad",
    ),
    (
        "Tax sharing",
        "An arrangement by which the revenue of a tax collected by one level of government, "
        "usually the centre, is divided with other levels, by origin or by formula, in fixed "
        "proportions. The recipients do not control the base or the rate.",
        (BAHL_LINN, BOADWAY_SHAH_2009),
        ("Revenue assignment", "Intergovernmental fiscal transfers"),
        "partage des recettes fiscales",
        "coparticipación de impuestos",
    ),
    (
        "Tiebout hypothesis",
        "The proposition that when people can move among many local jurisdictions offering "
        "different packages of taxes and services, they sort themselves into those that best "
        "match their preferences (voting with their feet), an argument for providing local "
        "public goods locally.",
        (TIEBOUT,),
        ("Fiscal federalism",),
        "hypothèse de Tiebout",
        "hipótesis de Tiebout",
    ),
    (
        "Unconditional grant",
        "A general-purpose transfer that the recipient government may spend as it decides, "
        "like its own revenue. Equalization grants are usually unconditional.",
        (BOADWAY_SHAH_2007,),
        ("Conditional grant", "Equalization grant", "Block grant"),
        "transfert inconditionnel",
        "transferencia no condicionada",
    ),
    (
        "Unfunded mandate",
        "An obligation imposed on subnational governments by a higher level, through law or "
        "regulation, without the money needed to meet it.",
        (UMRA, BOADWAY_SHAH_2009),
        ("Vertical fiscal imbalance", "Expenditure assignment"),
        "mandat non financé",
        "mandato no financiado",
    ),
    (
        "Unitary state",
        "A state governed as a single unit in which the central government holds sovereign "
        "authority; any subnational governments exist and exercise powers by its delegation or "
        "by statute, which the centre may change. Many unitary states are highly decentralized.",
        (OECD_2019, WATTS),
        ("Federalism", "Decentralization"),
        "État unitaire",
        "Estado unitario",
    ),
    (
        "Upward accountability",
        "The answerability of local governments and officials to higher levels of government: "
        "through reporting, audit, inspection and the conditions attached to transfers.",
        (YILMAZ_2010,),
        ("Downward accountability", "Deconcentration"),
        "redevabilité ascendante",
        "rendición de cuentas ascendente",
    ),
    (
        "Vertical fiscal imbalance",
        "The mismatch between the revenue and the spending responsibilities of different "
        "levels of government: typically the centre raises more than it spends and subnational "
        "governments spend more than they raise, the gap closed by transfers.",
        (BOADWAY_SHAH_2009, SHAH_2006),
        ("Fiscal gap", "Intergovernmental fiscal transfers", "Unfunded mandate"),
        "déséquilibre budgétaire vertical",
        "desequilibrio fiscal vertical",
    ),
]


@transaction.atomic
def seed_glossary() -> str:
    """The demo glossary: terms found by slug and brought to the text above, their French and
    Spanish translations and related terms set. Running it again changes nothing."""
    languages = {
        language.code: language for language in Language.objects.filter(code__in=("fr", "es"))
    }
    existing = {row.slug: row for row in GlossaryTerm.objects.all()}
    terms: dict[str, GlossaryTerm] = {}
    created = 0
    for term, definition, sources, _related, french, spanish in TERMS:
        wanted = {"term": term, "definition": definition, "sources": "\n".join(sources)}
        row = existing.get(slugify(term))
        if row is None:
            row = GlossaryTerm.objects.create(slug=slugify(term), **wanted)
            created += 1
        elif any(getattr(row, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(row, field, value)
            row.save()
        terms[term] = row
        for code, text in (("fr", french), ("es", spanish)):
            if code in languages:
                GlossaryTranslation.objects.update_or_create(
                    term=row, language=languages[code], defaults={"text": text}
                )
    for term, _definition, _sources, related, _french, _spanish in TERMS:
        terms[term].related.add(*(terms[other] for other in related))
    return f"glossary: {len(TERMS)} terms ({created} new), in French and Spanish too"
