"""Issue 17's journey: a river partnership of parties of several kinds, entered without the Django admin.

A ministry's administrator adds a crown corporation and a city's parks department that nobody had brought
in (from the organisations page), and its district office (named in three languages); the coordinator starts a
partnership led by that office, with a crown corporation and a city's parks department as participants
(shares equal in one click), a foundation as funder with its grant, the public (anglers) as a stakeholder; sets
up a joint site with its sponsor, manager and committee and a standing team; invites the parks department's
missing executive, whose administrator confirms; the executive joins from the e-mail's link, setting a password,
and the three participants' executives sign. Neither the funder nor the stakeholder is asked to sign.
"""

import re
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from budgets.models import Grant
from charters.models import CharterVersion
from ministries.models import FieldUnit, JointSite, Ministry, Role
from partnerships.models import Participation, Partnership, StandingTeam
from tests.factories import PASSWORD, JurisdictionFactory, MinistryFactory, person

NEW_EXECUTIVE = "petra.lind@thunderbay.example"
NEW_PASSWORD = "Spawning-Grounds-2026!"


@pytest.fixture
def river(db):
    government = {"jurisdiction": JurisdictionFactory(name="Ontario")}
    # The city's government is in Interlock already (administrators add governments on their own page).
    JurisdictionFactory(name="City of Thunder Bay")
    mnr = MinistryFactory(name="Ministry of Natural Resources", short_name="MNR", **government)
    foundation = MinistryFactory(name="Trillium Foundation", short_name="OTF", kind=Ministry.Kind.FOUNDATION)
    anglers = MinistryFactory(
        name="Thunder Bay Anglers", short_name="ANGLERS", kind=Ministry.Kind.COMMUNITY_GROUP, jurisdiction=None
    )
    people = {
        "ada": person(mnr, Role.ADMINISTRATOR, user__username="ada"),
        "nora": person(mnr, Role.COORDINATOR, user__username="nora", user__first_name="Nora", user__last_name="Kay"),
        "fiona": person(mnr, Role.FIELD_STAFF, user__username="fiona", user__first_name="Fiona", user__last_name="Ng"),
        "ed": person(mnr, Role.EXECUTIVE, user__username="ed"),
    }
    return (mnr, foundation, anglers), people


def add_organisation(admin, name, short_name, kind, government):
    """The administrator adds a partner organisation from the organisations page; it has nobody yet."""
    page = admin.page
    page.goto(admin.url("/ministries/"))
    page.get_by_role("link", name="Add an organisation").click()
    admin.check_accessibility()
    page.locator("#id_name").fill(name)
    page.locator("#id_short_name").fill(short_name)
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_jurisdiction").select_option(label=government)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("It has nobody in Interlock yet")).to_be_visible()
    organisation = Ministry.objects.get(short_name=short_name)
    assert (organisation.kind, organisation.jurisdiction.name) == (kind, government)
    assert not organisation.memberships.exists()
    return organisation


def fill_party(page, index, organisation, kind, role=None, unit=None, engagement=None):
    page.locator(f"#id_partners-{index}-ministry").select_option(label=organisation)
    if unit:
        page.locator(f"#id_partners-{index}-unit").select_option(label=unit)
    page.locator(f"#id_partners-{index}-kind").select_option(kind)
    if role:
        page.locator(f"#id_partners-{index}-role").select_option(role)
    if engagement:
        page.locator(f"#id_partners-{index}-engagement").select_option(engagement)


def test_a_partnership_of_every_kind_of_party_is_entered_invited_and_signed(journey, river):
    (mnr, foundation, anglers), people = river

    # The ministry's administrator adds the crown corporation and the city's parks department, which
    # nobody had brought into Interlock, then its district office, with its name in each language.
    admin = journey("parties-admin")
    admin.sign_in("ada", PASSWORD)
    opg = add_organisation(admin, "Ontario Power Generation", "OPG", "crown_corporation", "Ontario")
    parks = add_organisation(
        admin, "Thunder Bay Parks Department", "TB-PARKS", "municipal_department", "City of Thunder Bay"
    )
    assert {opg.added_by, parks.added_by} == {people["ada"]}
    # Their own people came in since (the corporation's executive; the department's administrator, and
    # nobody who can sign for it).
    people["olga"] = person(opg, Role.EXECUTIVE, user__username="olga")
    people["paul"] = person(parks, Role.ADMINISTRATOR, user__username="paul")
    admin.page.goto(admin.url(mnr.get_absolute_url()))
    admin.page.get_by_role("link", name="Add a unit").click()
    admin.check_accessibility()
    admin.page.locator("#id_name").fill("Thunder Bay District Office")
    admin.page.locator("#id_name_fr").fill("Bureau de district de Thunder Bay")
    admin.page.locator("#id_name_he").fill("משרד המחוז של ת'אנדר ביי")
    admin.page.get_by_label("Kind").select_option("district")
    admin.page.get_by_role("button", name="Save").click()
    expect(admin.page.get_by_text("The unit is saved.")).to_be_visible()
    office = FieldUnit.objects.get(ministry=mnr)
    assert (office.name_fr, office.name_he) == ("Bureau de district de Thunder Bay", "משרד המחוז של ת'אנדר ביי")
    fiona = people["fiona"]

    # The coordinator starts the partnership: the need, then five parties of three kinds.
    coordinator = journey("parties-coordinator")
    coordinator.sign_in("nora", PASSWORD)
    page = coordinator.page
    page.goto(coordinator.url("/partnerships/new/need/"))
    page.get_by_label("Name").fill("Kaministiquia River restoration")
    page.get_by_label("The problem").fill("The river's fish stocks fall below the dam.")
    page.get_by_label("Public value").fill("A river people can fish again.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Start a partnership")).to_be_visible()
    add = page.get_by_role("button", name="Add another organisation")
    add.click()
    add.click()
    fill_party(page, 0, mnr.name, "participant", role="lead", unit="Thunder Bay District Office")
    fill_party(page, 1, opg.name, "participant", role="supporting")
    fill_party(page, 2, parks.name, "participant", role="supporting")
    fill_party(page, 3, foundation.name, "funder")
    fill_party(page, 4, anglers.name, "stakeholder", engagement="consult")
    # Equal shares among the three participants, in one click; the lead takes the rounding.
    page.get_by_role("button", name="Share equally among the participants").click()
    expect(page.locator("#id_partners-1-gain_share")).to_have_value("33.33")
    coordinator.check_accessibility()
    coordinator.screenshot("parties")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Structure").select_option("creative")
    page.get_by_label("How it is run").select_option("steering_committee")
    page.get_by_label("Start date").fill("2026-04-01")
    page.get_by_label("End date").fill("2029-03-31")
    page.get_by_role("button", name="Create the partnership").click()
    expect(page.get_by_text("The partnership is created.")).to_be_visible()
    partnership = Partnership.objects.with_participants().get(title="Kaministiquia River restoration")
    assert partnership.lead.unit == office
    parties = {(p.ministry.short_name, p.kind, p.role, p.gain_share) for p in partnership.participations.all()}
    assert parties == {
        ("MNR", "participant", "lead", Decimal("33.34")),
        ("OPG", "participant", "supporting", Decimal("33.33")),
        ("TB-PARKS", "participant", "supporting", Decimal("33.33")),
        ("OTF", "funder", "supporting", 0),
        ("ANGLERS", "stakeholder", "supporting", 0),
    }
    expect(page.get_by_text("Thunder Bay District Office (Ministry of Natural Resources)").first).to_be_visible()

    # The foundation's grant, on the Budget tab.
    page.get_by_role("link", name="Budget", exact=True).click()
    page.get_by_role("link", name="Add a grant").click()
    coordinator.check_accessibility()
    page.get_by_label("Name of the grant").fill("Fish ladder monitoring")
    page.get_by_label("Amount").fill("120000")
    page.get_by_label("Conditions").fill("A report on the fish counts each spring.")
    page.get_by_label("Restricted uses").fill("Monitoring equipment and student stipends only.")
    page.get_by_label("Reporting dates").fill("2027-04-30\n2028-04-30")
    page.get_by_role("button", name="Save the grant").click()
    expect(page.get_by_text("The grant is saved.")).to_be_visible()
    grant = Grant.objects.get(funder__partnership=partnership)
    assert (grant.funder.ministry, [str(r.due_on) for r in grant.reports.all()]) == (
        foundation,
        ["2027-04-30", "2028-04-30"],
    )

    # A standing team of the participants.
    page.goto(coordinator.url(f"/partnerships/{partnership.pk}/teams/new/"))
    coordinator.check_accessibility()
    page.get_by_label("Kind of team").select_option("working_group")
    page.locator("#id_name").fill("Fish passage working group")
    page.get_by_label("Remit").fill("Plans the fish ladder's monitoring and reports to the steering committee.")
    page.get_by_label("Term starts").fill("2026-04-01")
    page.get_by_label("Term ends").fill("2027-03-31")
    page.get_by_label(mnr.name).check()
    page.get_by_label(opg.name).check()
    page.get_by_label("Fiona Ng").check()
    page.get_by_role("button", name="Save the team").click()
    expect(page.get_by_text("The team is saved.")).to_be_visible()
    team = StandingTeam.objects.get(partnership=partnership)
    assert (team.name, sorted(o.short_name for o in team.organisations.all())) == (
        "Fish passage working group",
        ["MNR", "OPG"],
    )

    # A joint site run by the ministry and the city, sponsored by the anglers, managed by the field officer.
    page.goto(coordinator.url("/ministries/sites/new/"))
    coordinator.check_accessibility()
    page.locator("#id_name").fill("Kakabeka fish ladder")
    page.get_by_label("Organisations that run it").select_option([str(mnr.pk), str(parks.pk)])
    page.get_by_label("Local sponsor").select_option(label=anglers.name)
    page.get_by_label("Site manager").select_option(label="Fiona Ng")
    page.get_by_role("group", name="Site committee").get_by_label("Nora Kay").check()
    page.get_by_role("group", name="Site committee").get_by_label("Fiona Ng").check()
    page.get_by_role("button", name="Save the joint site").click()
    expect(page.get_by_text("The joint site is saved.")).to_be_visible()
    site = JointSite.objects.get(name="Kakabeka fish ladder")
    assert (sorted(o.short_name for o in site.operators.all()), site.sponsor, site.manager) == (
        ["MNR", "TB-PARKS"],
        anglers,
        fiona,
    )
    assert sorted(u.username for u in site.committee.all()) == ["fiona", "nora"]

    # The charter: written and sent out; the parks department has nobody to sign, and the page says so.
    page.goto(coordinator.url(f"/partnerships/{partnership.pk}/charter/edit/"))
    page.get_by_label("Goals").fill("Restore the spawning run below the dam by 2029.")
    page.get_by_label("Professional lead").fill("MNR, Thunder Bay District Office")
    page.get_by_label("How decisions are made").fill("Consensus of the participants.")
    page.get_by_label("How conflicts are resolved").fill("The steering committee decides.")
    page.locator("#id_milestones-0-title").fill("Fish ladder opens")
    page.locator("#id_milestones-0-due_date").fill("2027-05-01")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The charter is saved.")).to_be_visible()
    page.get_by_role("button", name="Send out for signature").click()
    flag = page.locator(f"[data-nobody-signs='{parks.pk}']")
    expect(flag).to_contain_text(f"Nobody in Interlock can sign for {parks.name}")
    # Neither the funder nor the stakeholder is waited on.
    expect(page.locator(f"[data-nobody-signs='{foundation.pk}']")).to_have_count(0)
    expect(page.locator(f"[data-nobody-signs='{anglers.pk}']")).to_have_count(0)
    coordinator.check_accessibility()
    coordinator.screenshot("nobody-signs")

    # The way out: the coordinator invites the department's executive; its administrator confirms.
    flag.get_by_role("link", name="Invite its contact person").click()
    coordinator.check_accessibility()
    page.get_by_label("E-mail address").fill(NEW_EXECUTIVE)
    page.get_by_label("Role").select_option("executive")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("administrator confirms the invitation before it is sent")).to_be_visible()
    # Nothing goes to the executive yet; the department's administrator is asked to confirm.
    assert [m.to for m in mail.outbox] == [[people["paul"].email]]

    city_admin = journey("parties-city-admin")
    city_admin.sign_in("paul", PASSWORD)
    city_admin.page.goto(city_admin.url(f"/ministries/{parks.pk}/invitations/"))
    city_admin.check_accessibility()
    city_admin.page.get_by_role("button", name="Confirm and send").click()
    expect(city_admin.page.get_by_text("The invitation is confirmed and sent.")).to_be_visible()

    # The e-mail's link: the executive chooses a name and a password, then signs in with them.
    (message,) = [m for m in mail.outbox if NEW_EXECUTIVE in m.to]
    link = re.search(r"/ministries/join/[^\s/]+/", message.body).group(0)
    newcomer = journey("parties-newcomer")
    newcomer.page.goto(newcomer.url(link))
    newcomer.check_accessibility()
    newcomer.page.get_by_label("First name").fill("Petra")
    newcomer.page.get_by_label("Last name").fill("Lind")
    newcomer.page.locator("#id_password1").fill(NEW_PASSWORD)
    newcomer.page.get_by_label("The same password again").fill(NEW_PASSWORD)
    newcomer.page.get_by_role("button", name="Join").click()
    newcomer.page.wait_for_load_state()
    assert parks.memberships.get(user__email=NEW_EXECUTIVE).role == Role.EXECUTIVE

    # Each participant's executive signs, the new one from a fresh sign-in with the password just chosen.
    for username, organisation in (("ed", mnr), ("olga", opg), (NEW_EXECUTIVE, parks)):
        executive = journey(f"parties-sign-{organisation.short_name}")
        executive.sign_in(username, NEW_PASSWORD if username == NEW_EXECUTIVE else PASSWORD)
        executive.page.goto(executive.url(f"/partnerships/{partnership.pk}/charter/"))
        executive.page.once("dialog", lambda dialog: dialog.accept())
        executive.page.get_by_role("button", name=re.compile(r"^Sign for ")).click()
        expect(executive.page.get_by_role("status")).to_contain_text("Signed")
    executive.check_accessibility()
    executive.screenshot("signed")
    version = partnership.charter_versions.get()
    assert version.status == CharterVersion.Status.SIGNED
    assert sorted(s.ministry.short_name for s in version.signatures.all()) == ["MNR", "OPG", "TB-PARKS"]
    assert not Participation.objects.filter(partnership=partnership, kind="funder", signs_charter=True).exists()
