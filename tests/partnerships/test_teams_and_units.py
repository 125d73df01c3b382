"""Standing teams of a partnership, and units that take part in their own name."""

from datetime import date

from django.urls import reverse

from meetings.models import ActionItem, Meeting
from ministries.models import Role
from partnerships.models import Partnership, StandingTeam, StructureProposal
from partnerships.services import structure_agree
from results.models import ProgressLog
from tests.factories import FieldUnitFactory, JointSiteFactory, StandingTeamFactory, person

# Standing teams


def _team_post(*organisations, members=(), **changes):
    data = {
        "kind": "steering_committee",
        "name": "Deputies' committee",
        "name_fr": "Comité des sous-ministres",
        "name_he": "ועדת המנכ״לים",
        "remit": "Decides what the working groups cannot.",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "organisations": [o.pk for o in organisations],
        "members": [m.pk for m in members],
    }
    data.update(changes)
    return data


def test_the_lead_coordinator_sets_up_a_team_with_members_of_several_organisations(
    client_for, coordinator, executive, other_executive, partnership, ministry, other_ministry
):
    data = _team_post(ministry, other_ministry, members=[executive, other_executive])

    response = client_for(coordinator).post(reverse("partnerships:team_new", args=[partnership.pk]), data)

    assert response.status_code == 302
    team = StandingTeam.objects.get(partnership=partnership)
    assert (team.kind, team.name, team.starts_on, team.ends_on) == (
        "steering_committee",
        "Deputies' committee",
        date(2026, 1, 1),
        date(2027, 12, 31),
    )
    assert set(team.organisations.all()) == {ministry, other_ministry}
    assert set(team.members.all()) == {executive, other_executive}
    coordinator.preferred_language = "fr"
    coordinator.save(update_fields=["preferred_language"])
    page = client_for(coordinator).get(reverse("partnerships:teams", args=[partnership.pk])).content.decode()
    assert "Comité des sous-ministres" in page


def test_the_lead_coordinator_changes_a_team(client_for, coordinator, partnership, ministry):
    team = StandingTeamFactory(partnership=partnership, name="Intake group")

    response = client_for(coordinator).post(
        reverse("partnerships:team_edit", args=[partnership.pk, team.pk]), _team_post(ministry, name="Intake team")
    )

    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.name, list(team.organisations.all())) == ("Intake team", [ministry])


def test_a_team_member_must_work_in_an_organisation_of_the_team(
    client_for, coordinator, other_executive, partnership, ministry
):
    response = client_for(coordinator).post(
        reverse("partnerships:team_new", args=[partnership.pk]), _team_post(ministry, members=[other_executive])
    )

    assert response.status_code == 200
    assert response.context["form"].errors["members"] == ["Choose people who work in the organisations of the team."]
    assert not StandingTeam.objects.exists()


def test_a_team_term_must_end_after_it_starts(client_for, coordinator, partnership, ministry):
    response = client_for(coordinator).post(
        reverse("partnerships:team_new", args=[partnership.pk]),
        _team_post(ministry, starts_on="2027-01-01", ends_on="2026-01-01"),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The term must end after it starts. Change one of the dates."
    ]
    assert not StandingTeam.objects.exists()


def test_two_teams_of_a_partnership_cannot_share_a_name(client_for, coordinator, partnership, ministry):
    StandingTeamFactory(partnership=partnership, name="Deputies' committee")

    response = client_for(coordinator).post(reverse("partnerships:team_new", args=[partnership.pk]), _team_post())

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The partnership has a team of this name already. Choose another name."
    ]
    assert StandingTeam.objects.count() == 1


def test_a_partner_coordinator_cannot_change_the_teams_alone(client_for, partner_coordinator, partnership, ministry):
    team = StandingTeamFactory(partnership=partnership, name="Intake group")
    client = client_for(partner_coordinator)

    assert client.post(reverse("partnerships:team_new", args=[partnership.pk]), _team_post()).status_code == 403
    edit = reverse("partnerships:team_edit", args=[partnership.pk, team.pk])
    assert client.post(edit, _team_post(ministry, name="Mine")).status_code == 403
    team.refresh_from_db()
    assert team.name == "Intake group"
    assert StandingTeam.objects.count() == 1


def test_an_outsider_cannot_see_or_change_the_teams(client_for, outsider, partnership):
    team = StandingTeamFactory(partnership=partnership, name="Intake group")
    client = client_for(outsider)

    assert client.get(reverse("partnerships:teams", args=[partnership.pk])).status_code == 404
    edit = reverse("partnerships:team_edit", args=[partnership.pk, team.pk])
    assert client.post(edit, _team_post(name="Mine")).status_code == 404
    team.refresh_from_db()
    assert team.name == "Intake group"


def test_meetings_and_action_items_belong_to_a_team(client_for, coordinator, partnership):
    team = StandingTeamFactory(partnership=partnership, name="Intake group")
    client = client_for(coordinator)

    response = client.post(
        reverse("meetings:meeting_new", args=[partnership.pk]),
        {"kind": "working_group", "team": team.pk, "date": "2026-01-15", "title": "Kick-off", "minutes": ""},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(partnership=partnership)
    assert meeting.team == team
    assert "Intake group" in client.get(response.url).content.decode()

    client.post(
        reverse("meetings:meeting_action_new", args=[partnership.pk, meeting.pk]),
        {"title": "Draft the intake form", "owner": "", "owner_ministry": "", "team": "", "due_date": ""},
    )
    assert ActionItem.objects.get(partnership=partnership).team == team


def test_another_partnerships_team_is_refused_on_a_meeting(client_for, coordinator, partnership):
    foreign = StandingTeamFactory(name="Not yours")

    response = client_for(coordinator).post(
        reverse("meetings:meeting_new", args=[partnership.pk]),
        {"kind": "working_group", "team": foreign.pk, "date": "2026-01-15", "title": "", "minutes": ""},
    )

    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_field_report_names_its_team_and_joint_site(client_for, field_officer, partnership, ministry, other_ministry):
    team = StandingTeamFactory(partnership=partnership, name="Intake group")
    site = JointSiteFactory(name="Thunder Bay hub", operators=[ministry, other_ministry])
    client = client_for(field_officer)

    response = client.post(
        reverse("results:progress_new"),
        {
            "partnership": partnership.pk,
            "date": "2026-01-15",
            "text": "Ten families came.",
            "team": team.pk,
            "joint_site": site.pk,
        },
    )

    assert response.status_code == 302
    log = ProgressLog.objects.get(partnership=partnership)
    assert (log.team, log.joint_site) == (team, site)
    feed = client.get(reverse("results:progress", args=[partnership.pk])).content.decode()
    assert "team: Intake group" in feed
    assert "joint site: Thunder Bay hub" in feed


def test_a_field_report_refuses_another_partnerships_team(client_for, field_officer, partnership):
    foreign = StandingTeamFactory(name="Not yours")

    response = client_for(field_officer).post(
        reverse("results:progress_new"),
        {"partnership": partnership.pk, "date": "2026-01-15", "text": "Ten families came.", "team": foreign.pk},
    )

    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not ProgressLog.objects.exists()


# Units taking part in their own name


def _parties_post(partnership, unit_for_lead):
    first, second = partnership.participants
    return {
        "partners-TOTAL_FORMS": 2,
        "partners-INITIAL_FORMS": 2,
        "partners-0-id": first.pk,
        "partners-0-ministry": first.ministry_id,
        "partners-0-unit": unit_for_lead.pk,
        "partners-0-role": "lead",
        "partners-0-gain_share": 50,
        "partners-0-risk_share": 50,
        "partners-1-id": second.pk,
        "partners-1-ministry": second.ministry_id,
        "partners-1-role": "supporting",
        "partners-1-gain_share": 50,
        "partners-1-risk_share": 50,
    }


def test_a_district_office_leads_and_every_page_names_it(client_for, coordinator, partnership, ministry):
    office = FieldUnitFactory(ministry=ministry, name="Thunder Bay District Office")
    client = client_for(coordinator)

    response = client.post(
        reverse("partnerships:participations", args=[partnership.pk]),
        _parties_post(partnership, office) | {"reason": "The district office runs it day to day."},
    )

    # Which unit takes part is the partners' to agree, like the roles and the shares.
    assert response.status_code == 302
    proposal = StructureProposal.objects.get(partnership=partnership)
    assert Partnership.objects.with_participants().get(pk=partnership.pk).lead.unit is None
    for participation in partnership.participants:
        structure_agree(
            proposal=proposal, ministry=participation.ministry, by=person(participation.ministry, Role.EXECUTIVE)
        )
    lead = Partnership.objects.with_participants().get(pk=partnership.pk).lead
    assert (lead.ministry, lead.unit) == (ministry, office)
    named = "Thunder Bay District Office (Ministry of Community and Social Services)"
    assert f"led by {named}" in client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert named in client.get(reverse("charters:charter_print", args=[partnership.pk, 1])).content.decode()


def test_a_unit_of_another_organisation_is_refused(client_for, coordinator, partnership, other_ministry):
    elsewhere = FieldUnitFactory(ministry=other_ministry, name="Sudbury Office")

    response = client_for(coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _parties_post(partnership, elsewhere)
    )

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["unit"] == [
        "Choose a unit of Ministry of Community and Social Services, or none."
    ]
    assert Partnership.objects.with_participants().get(pk=partnership.pk).lead.unit is None


def test_the_unit_list_offers_only_the_row_organisations_units(client_for, coordinator, partnership, ministry):
    FieldUnitFactory(ministry=ministry, name="Thunder Bay District Office")
    FieldUnitFactory(ministry=partnership.participants[1].ministry, name="Sudbury Office")
    person(ministry, Role.FIELD_STAFF)

    formset = (
        client_for(coordinator).get(reverse("partnerships:participations", args=[partnership.pk])).context["formset"]
    )

    lead_units = [label for _g, options in formset.forms[0].fields["unit"].choices[1:] for _pk, label in options]
    assert lead_units == ["Thunder Bay District Office"]


def test_a_hebrew_reader_sees_the_leading_unit_and_organisation_in_hebrew(
    client_for, coordinator, partnership, ministry
):
    ministry.name_he = "משרד הרווחה"
    ministry.save(update_fields=["name_he"])
    office = FieldUnitFactory(ministry=ministry, name="Negev District Office", name_he="לשכת מחוז הנגב")
    partnership.participations.filter(ministry=ministry).update(unit=office)
    coordinator.preferred_language = "he"
    coordinator.save(update_fields=["preferred_language"])

    page = client_for(coordinator).get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()

    assert "לשכת מחוז הנגב (משרד הרווחה)" in page
    assert "Negev District Office" not in page
