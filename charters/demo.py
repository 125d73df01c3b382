"""Demo partnerships, built through the same services people use, so the demo shows real states."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from charters import services as charter_services
from charters.models import CharterVersion
from ministries.models import Ministry, Region
from partnerships import services as partnership_services
from partnerships.models import Participation, Partnership

CHARTER_TEXT = {
    "goals": "",
    "professional_lead": "",
    "procedural_lead": "Interministerial Projects Office, Cabinet Office",
    "head_figure": "",
    "membership_and_responsibilities": "Each ministry names a director to the lead committee and a focal person.",
    "meeting_schedule": "Lead committee every month; working groups every two weeks.",
    "decision_protocol": "Consensus in the lead committee. Where none is reached after two meetings, the deputy "
    "ministers decide.",
    "conflict_protocol": "The partners first agree on what the disagreement is. All options are put to the lead "
    "committee with equal time. If still unresolved, a vote weighted by each ministry's share of the budget.",
    "information_what": "Caseload figures, referrals between services, spending against plan.",
    "information_how": "A shared workbook on the common drive; a one-page summary before each lead committee.",
    "information_frequency": "Monthly",
    "information_where": "The partnership's shared folder, kept by the lead ministry",
    "reporting_schedule": "Quarterly report to the deputy ministers; annual report to the cluster.",
}

# (title, problem, public value, audience, regions, [(ministry, role, kinds, gain, risk, contributes, receives)],
#  setup, charter overrides, state: "draft" | "signing" | "signed", signers). A role that is an engagement
#  level (inform ... empower) makes the party a stakeholder.
PARTNERSHIPS = [
    (
        "Integrated services for children in Northern Ontario",
        "Families with young children in the north deal with three ministries, each with its own intake, "
        "forms and waiting list. Children fall between programs.",
        "One door for families: a single intake, shared case plans and no child lost between programs.",
        "Families with children under six in Northern Ontario",
        ["Northern Ontario"],
        [
            ("MCSS", "lead", "ika", 40, 40, "Program staff, intake offices", "Fewer repeat assessments"),
            ("MOHLTC", "dominant", "ik", 35, 35, "Public health nurses", "Earlier referrals"),
            ("EDU", "supporting", "ik", 25, 25, "School board liaison", "Children ready for school"),
        ],
        {"structure_type": "creative", "operating_mechanism": "steering_committee", "phase": "planning"},
        {
            "goals": "A single intake in four northern offices by next spring.\nShared case plans for 500 families.",
            "professional_lead": "Ministry of Community and Social Services, Integrated Services for Children",
            "head_figure": "Daniel Okafor, Assistant Deputy Minister",
        },
        "signed",
        ["executive", "health.executive", "edu.executive"],
    ),
    (
        "Madawaska River water management plan",
        "Water levels on the Madawaska swing with power generation, harming fish, recreation and cottagers.",
        "A plan that respects every use of the river, agreed by all who depend on it.",
        "Residents, businesses and visitors along the Madawaska",
        ["Eastern Ontario"],
        [
            ("MNR", "lead", "ka", 50, 40, "District staff, hydrology", "A plan it can enforce"),
            ("MOE", "supporting", "ka", 20, 20, "Water quality monitoring", "Cleaner water"),
            ("OPG", "dominant", "i", 30, 40, "Dam operations data", "Predictable rules"),
            # The public is consulted: it carries no shares and does not sign.
            ("PEMBROKE-CF", "consult", "i", 0, 0, "Public meetings", "A voice for residents"),
        ],
        {"structure_type": "reactive", "operating_mechanism": "steering_committee", "phase": "planning"},
        {
            "goals": "A water management plan adopted by all partners within 18 months.",
            "professional_lead": "Ministry of Natural Resources, Pembroke District",
            "head_figure": "Ray Bonenberg, District Manager",
        },
        "signing",
        ["mnr.executive"],
    ),
    (
        "Employment pathways for social assistance recipients",
        "People on social assistance who want to work meet two separate systems for benefits and training.",
        "Training and benefits planned together, so that taking a course never costs a family its income.",
        "Adults receiving social assistance",
        ["Province-wide (Ontario)"],
        [
            ("MCSS", "lead", "ia", 60, 50, "Caseworkers", "People into work"),
            ("MTCU", "supporting", "ka", 40, 50, "Training places", "Higher completion"),
        ],
        {"structure_type": "limited", "operating_mechanism": "one_ministry_pools", "phase": "initiation"},
        {},
        "draft",
        [],
    ),
    (
        "Agricultural employment in the Negev",
        "Young people in Negev towns leave for the centre while farms lack skilled workers.",
        "Local jobs in modern agriculture, with training in the schools of the region.",
        "Young adults in the Negev",
        ["Negev"],
        [
            ("IL-NEGEV", "lead", "ia", 40, 40, "Regional coordination, budget", "Young people stay in the Negev"),
            ("IL-AGRI", "dominant", "ka", 35, 35, "Extension officers", "A skilled workforce"),
            ("IL-EDU", "supporting", "k", 25, 25, "Vocational programs", "Pathways for graduates"),
        ],
        {"structure_type": "creative", "operating_mechanism": "central_management", "phase": "initiation"},
        {"goals": "200 graduates placed on Negev farms in three years."},
        "draft",
        [],
    ),
]


def _kind(role):
    if role in Participation.Engagement.values:
        return {"kind": Participation.Kind.STAKEHOLDER, "engagement": role, "role": Participation.Role.SUPPORTING}
    return {"role": role}


def seed_demo(stdout):
    User = get_user_model()
    created = 0
    today = timezone.localdate()
    for title, problem, value, audience, regions, partners, setup, charter, state, signers in PARTNERSHIPS:
        if Partnership.objects.filter(title=title).exists():
            continue
        ministries = {m.short_name: m for m in Ministry.objects.filter(short_name__in=[p[0] for p in partners])}
        lead_coordinator = User.objects.filter(
            memberships__ministry=ministries[partners[0][0]], memberships__role="coordinator"
        ).first()
        partnership = partnership_services.partnership_create(
            created_by=lead_coordinator,
            fields={
                "title": title,
                "problem": problem,
                "public_value": value,
                "target_audience": audience,
                "start_date": date(today.year, 4, 1),
                "end_date": date(today.year + 3, 3, 31),
                **setup,
            },
            regions=Region.objects.filter(name__in=regions),
            participations=[
                {
                    "ministry": ministries[short],
                    **_kind(role),
                    "holds_interests": "i" in kinds,
                    "holds_knowledge": "k" in kinds,
                    "holds_authority": "a" in kinds,
                    "gain_share": Decimal(gain),
                    "risk_share": Decimal(risk),
                    "contributes": gives,
                    "receives": gets,
                }
                for short, role, kinds, gain, risk, gives, gets in partners
            ],
        )
        created += 1
        for stakeholder in partnership.participations.filter(kind=Participation.Kind.STAKEHOLDER):
            partnership_services.engagement_record(
                participation=stakeholder,
                by=lead_coordinator,
                happened_on=today - timedelta(days=20),
                kind="meeting",
                summary="Public meeting: residents asked for steadier water levels in summer.",
            )
        version = partnership.charter_versions.get()
        text = {**CHARTER_TEXT, "shared_vision": value, **charter}
        if state == "draft" and not charter:
            continue
        version = charter_services.charter_save(
            version=version,
            by=lead_coordinator,
            expected_revision=version.revision,
            fields=text,
            assignments=[
                {"task": "Name each ministry's focal person", "ministry": None, "due_date": today + timedelta(days=14)}
            ],
            milestones=[
                {"title": "Lead committee's first meeting", "due_date": today + timedelta(days=30), "description": ""},
                {"title": "First joint report", "due_date": today + timedelta(days=120), "description": ""},
            ],
        )
        if state == "draft":
            continue
        charter_services.charter_send_for_signature(version=version, by=lead_coordinator)
        # Show a signature that has been waiting for a while, as in real life.
        CharterVersion.objects.filter(pk=version.pk).update(sent_for_signature_at=timezone.now() - timedelta(days=6))
        for username in signers:
            signer = User.objects.get(username=username)
            ministry = signer.memberships.get(role="executive").ministry
            charter_services.charter_sign(version=version, ministry=ministry, by=signer)
    return created
