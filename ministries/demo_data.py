"""Reference data for the demo: clusters and ministries named in the source documents.

Ontario's customer-based clusters and their shared visions come from the Ontario
Public Service's "Framework for Action 2000"; the Israeli ministries are those
whose senior staff wrote "A Model for Cooperation between Government Ministries".
"""

from ministries.models import FieldUnit, Ministry

K = Ministry.Kind

CLUSTERS = [
    (
        "justice",
        "Justice",
        "Safe and secure communities supported by a modern, effective and accessible justice system.",
    ),
    (
        "intergovernmental",
        "Intergovernmental & Local Government",
        "A coherent approach to policy coordination and relationship management with other levels of government.",
    ),
    (
        "education",
        "Education",
        "Access to high quality education and training to support prosperity, stability and growth.",
    ),
    (
        "resources",
        "Resources",
        "Protection of the environment, preservation of natural heritage and Ontario's sustainable development.",
    ),
    (
        "business",
        "Business & Economic Development",
        "Promoting job creation and economic growth and a fair and competitive market-place.",
    ),
    (
        "human-services",
        "Human Services",
        "Healthy, self-reliant individuals, families and communities with equal opportunities and access.",
    ),
    (
        "central-agencies",
        "Central Agencies",
        "Supporting strategic policy development, integrated planning, fiscal management and accountability.",
    ),
]

# Cluster names for French and Hebrew readers, by slug: (French, Hebrew).
CLUSTER_NAMES = {
    "justice": ("Justice", "משפט"),
    "intergovernmental": ("Affaires intergouvernementales et administration locale", "קשרים בין-ממשלתיים ושלטון מקומי"),
    "education": ("Éducation", "חינוך"),
    "resources": ("Ressources", "משאבים"),
    "business": ("Entreprises et développement économique", "עסקים ופיתוח כלכלי"),
    "human-services": ("Services à la personne", "שירותים חברתיים"),
    "central-agencies": ("Organismes centraux", "גופי מטה מרכזיים"),
}

# The governments organisations and regions belong to: (name, French, Hebrew).
GOVERNMENTS = [
    ("Ontario", "Ontario", "אונטריו"),
    ("Canada (federal)", "Canada (fédéral)", "קנדה (פדרלי)"),
    ("Israel", "Israël", "ישראל"),
]

# (short name, name, kind, government, cluster slugs)
MINISTRIES = [
    ("MAG", "Ministry of the Attorney General", K.MINISTRY, "Ontario", ["justice"]),
    ("MCS", "Ministry of Correctional Services", K.MINISTRY, "Ontario", ["justice"]),
    ("SOLGEN", "Ministry of the Solicitor General", K.MINISTRY, "Ontario", ["justice"]),
    ("MIA", "Ministry of Intergovernmental Affairs", K.MINISTRY, "Ontario", ["intergovernmental"]),
    ("MMAH", "Ministry of Municipal Affairs and Housing", K.MINISTRY, "Ontario", ["intergovernmental"]),
    ("EDU", "Ministry of Education", K.MINISTRY, "Ontario", ["education"]),
    ("MTCU", "Ministry of Training, Colleges and Universities", K.MINISTRY, "Ontario", ["education"]),
    ("MOE", "Ministry of the Environment", K.MINISTRY, "Ontario", ["resources"]),
    ("MNR", "Ministry of Natural Resources", K.MINISTRY, "Ontario", ["resources"]),
    ("OMAFRA", "Ministry of Agriculture, Food and Rural Affairs", K.MINISTRY, "Ontario", ["business"]),
    (
        "MCZCR",
        "Ministry of Citizenship, Culture and Recreation",
        K.MINISTRY,
        "Ontario",
        ["business", "human-services"],
    ),
    ("MCCR", "Ministry of Consumer and Commercial Relations", K.MINISTRY, "Ontario", ["business"]),
    ("MEDT", "Ministry of Economic Development and Trade", K.MINISTRY, "Ontario", ["business"]),
    ("MEST", "Ministry of Energy, Science and Technology", K.MINISTRY, "Ontario", ["business"]),
    ("MOL", "Ministry of Labour", K.MINISTRY, "Ontario", ["business"]),
    ("MNDM", "Ministry of Northern Development and Mines", K.MINISTRY, "Ontario", ["business"]),
    ("MTOUR", "Ministry of Tourism", K.MINISTRY, "Ontario", ["business"]),
    ("MTO", "Ministry of Transportation", K.MINISTRY, "Ontario", ["business"]),
    ("OCS", "Ontario Children's Secretariat", K.MINISTRY, "Ontario", ["human-services"]),
    ("MCSS", "Ministry of Community and Social Services", K.MINISTRY, "Ontario", ["human-services"]),
    ("OFA", "Office of Francophone Affairs", K.MINISTRY, "Ontario", ["human-services"]),
    ("MOHLTC", "Ministry of Health and Long-Term Care", K.MINISTRY, "Ontario", ["human-services"]),
    ("CAB", "Cabinet Office", K.CENTRAL_AGENCY, "Ontario", ["central-agencies"]),
    ("FIN", "Ministry of Finance", K.CENTRAL_AGENCY, "Ontario", ["central-agencies"]),
    ("MBS", "Management Board Secretariat", K.CENTRAL_AGENCY, "Ontario", ["central-agencies"]),
    ("SUPERBUILD", "SuperBuild Corporation", K.CENTRAL_AGENCY, "Ontario", ["central-agencies"]),
    ("OPP", "Ontario Provincial Police", K.AGENCY, "Ontario", []),
    ("OPG", "Ontario Power Generation", K.CROWN_CORPORATION, "Ontario", []),
    ("NRC", "National Research Council Canada", K.OTHER_GOVERNMENT, "Canada (federal)", []),
    ("PEMBROKE-CF", "Pembroke Community Foundation", K.OUTSIDE_PARTNER, "Ontario", []),
    ("OTF", "Ontario Trillium Foundation", K.FOUNDATION, "Ontario", []),
    ("IL-MITL", "Ministry of Industry, Trade and Labor", K.MINISTRY, "Israel", []),
    ("IL-MFA", "Ministry of Foreign Affairs", K.MINISTRY, "Israel", []),
    ("IL-NEGEV", "Ministry for the Development of the Negev and the Galilee", K.MINISTRY, "Israel", []),
    ("IL-EDU", "Ministry of Education (Israel)", K.MINISTRY, "Israel", []),
    ("IL-AGRI", "Ministry of Agriculture and Rural Development", K.MINISTRY, "Israel", []),
    ("IL-MOI", "Ministry of Interior", K.MINISTRY, "Israel", []),
    ("IL-MOH", "Ministry of Health (Israel)", K.MINISTRY, "Israel", []),
    ("IL-CSC", "Civil Service Commission", K.CENTRAL_AGENCY, "Israel", []),
]

ONTARIO_REGIONS = ["Western Region", "Eastern Region", "Central Region", "Northern Region"]

# (ministry short name, unit name, kind, parent unit name or None)
FIELD_UNITS = [
    *[("MNR", name, FieldUnit.Kind.REGION, None) for name in ONTARIO_REGIONS],
    ("MNR", "Pembroke District", FieldUnit.Kind.DISTRICT, "Eastern Region"),
    ("MNR", "Sault Ste. Marie District", FieldUnit.Kind.DISTRICT, "Northern Region"),
    *[("MCSS", name, FieldUnit.Kind.REGION, None) for name in ONTARIO_REGIONS],
    ("MCSS", "Thunder Bay Office", FieldUnit.Kind.OFFICE, "Northern Region"),
    ("MCSS", "Sudbury Office", FieldUnit.Kind.OFFICE, "Northern Region"),
    *[("MOHLTC", name, FieldUnit.Kind.REGION, None) for name in ONTARIO_REGIONS],
    *[("MOL", name, FieldUnit.Kind.REGION, None) for name in ONTARIO_REGIONS],
    ("MOL", "Ottawa Office", FieldUnit.Kind.OFFICE, "Eastern Region"),
    ("IL-EDU", "Northern District", FieldUnit.Kind.DISTRICT, None),
    ("IL-EDU", "Southern District", FieldUnit.Kind.DISTRICT, None),
    ("IL-AGRI", "Negev Region", FieldUnit.Kind.REGION, None),
    ("IL-NEGEV", "Negev District", FieldUnit.Kind.DISTRICT, None),
    ("IL-NEGEV", "Galilee District", FieldUnit.Kind.DISTRICT, None),
    ("IL-MOH", "Southern District", FieldUnit.Kind.DISTRICT, None),
]

# (name, government) of the regions partnerships serve
REGIONS = [
    *[(f"{name.split()[0]} Ontario", "Ontario") for name in ONTARIO_REGIONS],
    ("Province-wide (Ontario)", "Ontario"),
    ("Negev", "Israel"),
    ("Galilee", "Israel"),
    ("Nationwide (Israel)", "Israel"),
]

DEMO_PASSWORD = "interlock-demo-2026"
# The demo executives and administrators sign in in two steps: their authenticator key, one for all of them,
# is printed with the logins (as base32, as apps take it). Only for demo data: real people scan their own.
DEMO_TOTP_KEY = "696e7465726c6f636b2d64656d6f2d6b65792121"

# (username, first, last, job title, [(ministry, role, field unit or None, may sign)], superuser)
PEOPLE = [
    (
        "coordinator",
        "Claire",
        "Tremblay",
        "Senior Policy Advisor, Interministerial Projects",
        [("MCSS", "coordinator", None, False)],
        False,
    ),
    ("executive", "Daniel", "Okafor", "Assistant Deputy Minister", [("MCSS", "executive", None, False)], False),
    (
        "field",
        "Marie",
        "Lafleur",
        "Program Supervisor",
        [("MCSS", "field_staff", "Thunder Bay Office", False)],
        False,
    ),
    ("evaluator", "Priya", "Raman", "Evaluation Lead", [("MBS", "evaluator", None, False)], False),
    ("admin", "Alex", "Morgan", "Interlock Administrator", [("MBS", "administrator", None, False)], True),
    # Colleagues in other ministries, so that a partnership can be negotiated and signed for real.
    (
        "health.coordinator",
        "Samuel",
        "Chen",
        "Manager, Integrated Care",
        [("MOHLTC", "coordinator", None, False)],
        False,
    ),
    (
        "health.executive",
        "Rachel",
        "Goldberg",
        "Assistant Deputy Minister",
        [("MOHLTC", "executive", None, False)],
        False,
    ),
    (
        "health.field",
        "Tom",
        "Beaulieu",
        "Regional Program Officer",
        [("MOHLTC", "field_staff", "Northern Region", False)],
        False,
    ),
    ("edu.coordinator", "Nadia", "Haddad", "Policy Manager", [("EDU", "coordinator", None, False)], False),
    ("edu.executive", "George", "MacLeod", "Assistant Deputy Minister", [("EDU", "executive", None, False)], False),
    (
        "mnr.coordinator",
        "Ray",
        "Bonenberg",
        "District Manager",
        [("MNR", "coordinator", "Pembroke District", False)],
        False,
    ),
    ("mnr.executive", "Helen", "Ward", "Regional Director", [("MNR", "executive", None, False)], False),
    (
        "mnr.field",
        "Jake",
        "VanderWal",
        "Field Coordinator",
        [("MNR", "field_staff", "Sault Ste. Marie District", False)],
        False,
    ),
    ("negev.coordinator", "Adva", "Eshel", "Head of Department", [("IL-NEGEV", "coordinator", None, False)], False),
    ("negev.executive", "Yoav", "Morag", "Director General", [("IL-NEGEV", "executive", None, False)], False),
    (
        "il-edu.executive",
        "Orna",
        "Simhon",
        "District Director",
        [("IL-EDU", "executive", "Northern District", False)],
        False,
    ),
    ("il-agri.executive", "Inon", "Elroy", "Deputy Director General", [("IL-AGRI", "executive", None, False)], False),
]

# The logins printed after seeding: one per role.
PRINTED_LOGINS = [
    ("coordinator", "Coordinator, Ministry of Community and Social Services"),
    ("executive", "Executive, Ministry of Community and Social Services"),
    ("field", "Field staff, Thunder Bay Office"),
    ("evaluator", "Evaluator, Management Board Secretariat"),
    ("admin", "Administrator (also the admin site)"),
]
