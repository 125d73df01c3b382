"""The charter's milestones become the Progress tab's milestones when a version comes into force."""

from datetime import date

import pytest
from django.urls import reverse

from charters.models import CharterVersion
from charters.services import charter_new_version
from ministries.models import Role
from partnerships.services import partnership_create
from results.models import Milestone
from results.services import milestone_complete, milestone_create, milestone_update
from tests.factories import person

CHARTER = {
    "shared_vision": "One door for families.",
    "goals": "A single intake in four offices.",
    "professional_lead": "MCSS",
    "procedural_lead": "",
    "head_figure": "",
    "membership_and_responsibilities": "",
    "meeting_schedule": "",
    "decision_protocol": "Consensus.",
    "conflict_protocol": "A weighted vote.",
    "information_what": "",
    "information_how": "",
    "information_frequency": "",
    "information_where": "",
    "reporting_schedule": "",
}


@pytest.fixture
def partnership(ministry, other_ministry, coordinator):
    return partnership_create(
        created_by=coordinator,
        fields={"title": "Integrated services", "problem": "Families fall between programs.", "public_value": "One"},
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ],
    )


@pytest.fixture
def signers(ministry, other_ministry, executive):
    return [(executive, ministry), (person(other_ministry, Role.EXECUTIVE), other_ministry)]


def charter_post(version, milestones):
    """The charter form as the page posts it: each milestone row with its hidden key (blank for a new row)."""
    data = {**CHARTER, "revision": version.revision, "assignments-TOTAL_FORMS": 0, "assignments-INITIAL_FORMS": 0}
    data.update({"milestones-TOTAL_FORMS": len(milestones), "milestones-INITIAL_FORMS": 0})
    for i, row in enumerate(milestones):
        data.update({f"milestones-{i}-{name}": value for name, value in row.items()})
    return data


def agree_and_sign(client_for, coordinator, signers, partnership, milestones):
    """Write the draft through the charter page, send it, and have every ministry sign it there."""
    version = CharterVersion.objects.get(partnership=partnership, status=CharterVersion.Status.DRAFT)
    client = client_for(coordinator)
    client.post(reverse("charters:charter_edit", args=[partnership.pk]), charter_post(version, milestones))
    client.post(reverse("charters:charter_send", args=[partnership.pk]))
    for user, ministry in signers:
        client_for(user).post(reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry.pk})
    version.refresh_from_db()
    assert version.status == CharterVersion.Status.SIGNED
    return version


def live(partnership):
    return list(Milestone.objects.filter(partnership=partnership).values_list("title", "due_date", "status"))


PILOT = {"title": "Pilot opens", "due_date": "2027-03-31", "description": "In Sudbury."}
ROLLOUT = {"title": "Rollout to four offices", "due_date": "2027-09-30", "description": ""}


def test_charter_in_force_puts_its_milestones_on_the_progress_tab(
    client_for, coordinator, signers, partnership, field_officer
):
    agree_and_sign(client_for, coordinator, signers, partnership, [PILOT, ROLLOUT])

    response = client_for(field_officer).get(reverse("results:progress", args=[partnership.pk]))

    assert [(m.title, m.due_date, m.description) for m in response.context["milestones"]] == [
        ("Pilot opens", date(2027, 3, 31), "In Sudbury."),
        ("Rollout to four offices", date(2027, 9, 30), ""),
    ]
    page = response.content.decode()
    assert "No open milestone" not in page
    assert page.count("From the charter") == 2


def test_charter_milestones_stay_off_the_progress_tab_until_every_ministry_signed(
    client_for, coordinator, signers, partnership
):
    version = CharterVersion.objects.get(partnership=partnership)
    client = client_for(coordinator)
    client.post(reverse("charters:charter_edit", args=[partnership.pk]), charter_post(version, [PILOT]))
    client.post(reverse("charters:charter_send", args=[partnership.pk]))
    user, ministry = signers[0]
    client_for(user).post(reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry.pk})

    assert live(partnership) == []


def test_charter_new_version_with_a_changed_date_moves_the_live_milestone(
    client_for, coordinator, signers, partnership
):
    agree_and_sign(client_for, coordinator, signers, partnership, [PILOT, ROLLOUT])
    pilot_before = Milestone.objects.get(partnership=partnership, title="Pilot opens")
    draft = charter_new_version(partnership=partnership, by=coordinator, reason="delays", note="Pilot later.")
    keys = {m.title: str(m.key) for m in draft.milestones.all()}
    edit_page = client_for(coordinator).get(reverse("charters:charter_edit", args=[partnership.pk])).content.decode()
    assert f'value="{keys["Pilot opens"]}"' in edit_page  # the key travels in the form

    agree_and_sign(
        client_for,
        coordinator,
        signers,
        partnership,
        [
            {**PILOT, "title": "Pilot opens in Sudbury", "due_date": "2027-05-31", "key": keys["Pilot opens"]},
            {**ROLLOUT, "key": keys["Rollout to four offices"]},
        ],
    )

    assert live(partnership) == [
        ("Pilot opens in Sudbury", date(2027, 5, 31), "open"),
        ("Rollout to four offices", date(2027, 9, 30), "open"),
    ]
    assert Milestone.objects.get(partnership=partnership, due_date=date(2027, 5, 31)).pk == pilot_before.pk


def test_charter_new_version_leaves_a_done_milestone_done(client_for, coordinator, signers, partnership):
    agree_and_sign(client_for, coordinator, signers, partnership, [PILOT])
    reached = Milestone.objects.get(partnership=partnership)
    milestone_complete(milestone=reached, by=coordinator, note="Opened on time.")
    draft = charter_new_version(partnership=partnership, by=coordinator, reason="delays", note="Later.")
    key = str(draft.milestones.get().key)

    agree_and_sign(client_for, coordinator, signers, partnership, [{**PILOT, "due_date": "2027-06-30", "key": key}])

    reached.refresh_from_db()
    assert (reached.title, reached.due_date, reached.status, reached.done_note) == (
        "Pilot opens",
        date(2027, 3, 31),
        "done",
        "Opened on time.",
    )
    assert Milestone.objects.filter(partnership=partnership).count() == 1


def test_charter_in_force_leaves_milestones_added_on_the_progress_tab_alone(
    client_for, coordinator, signers, partnership
):
    own = milestone_create(
        partnership=partnership, by=coordinator, fields={"title": "Hire a navigator", "due_date": date(2027, 1, 31)}
    )

    agree_and_sign(client_for, coordinator, signers, partnership, [PILOT])

    own.refresh_from_db()
    assert (own.title, own.due_date, own.charter_key) == ("Hire a navigator", date(2027, 1, 31), None)
    assert live(partnership) == [
        ("Hire a navigator", date(2027, 1, 31), "open"),
        ("Pilot opens", date(2027, 3, 31), "open"),
    ]


def test_charter_in_force_links_a_milestone_typed_in_twice_instead_of_repeating_it(
    client_for, coordinator, signers, partnership
):
    typed = milestone_create(
        partnership=partnership, by=coordinator, fields={"title": "pilot opens", "due_date": date(2027, 3, 31)}
    )

    version = agree_and_sign(client_for, coordinator, signers, partnership, [PILOT])

    typed.refresh_from_db()
    assert typed.charter_key == version.milestones.get().key
    assert Milestone.objects.filter(partnership=partnership).count() == 1


def test_charter_save_gives_a_new_key_to_a_repeated_one(client_for, coordinator, partnership):
    version = CharterVersion.objects.get(partnership=partnership)
    key = "6f1c3b0e-8a53-4d8e-9a4f-0d6f3f1f4a11"

    client_for(coordinator).post(
        reverse("charters:charter_edit", args=[partnership.pk]),
        charter_post(version, [{**PILOT, "key": key}, {**ROLLOUT, "key": key}]),
    )

    keys = [str(m.key) for m in version.milestones.all()]
    assert keys[0] == key
    assert len(set(keys)) == 2


def test_charter_in_force_again_unchanged_creates_nothing_twice(client_for, coordinator, signers, partnership):
    agree_and_sign(client_for, coordinator, signers, partnership, [PILOT])
    draft = charter_new_version(partnership=partnership, by=coordinator, reason="delays", note="Same again.")
    key = str(draft.milestones.get().key)

    agree_and_sign(client_for, coordinator, signers, partnership, [{**PILOT, "key": key}])

    assert live(partnership) == [("Pilot opens", date(2027, 3, 31), "open")]


def test_charter_new_version_keeps_a_date_moved_on_the_progress_tab_that_the_charter_did_not_change(
    client_for, coordinator, signers, partnership
):
    agree_and_sign(client_for, coordinator, signers, partnership, [PILOT, ROLLOUT])
    pilot = Milestone.objects.get(partnership=partnership, title="Pilot opens")
    milestone_update(milestone=pilot, by=coordinator, fields={"due_date": date(2027, 4, 30)})
    draft = charter_new_version(partnership=partnership, by=coordinator, reason="delays", note="Rollout later.")
    keys = {m.title: str(m.key) for m in draft.milestones.all()}

    agree_and_sign(
        client_for,
        coordinator,
        signers,
        partnership,
        [
            {**PILOT, "key": keys["Pilot opens"]},
            {**ROLLOUT, "due_date": "2027-12-31", "key": keys["Rollout to four offices"]},
        ],
    )

    assert live(partnership) == [
        ("Pilot opens", date(2027, 4, 30), "open"),
        ("Rollout to four offices", date(2027, 12, 31), "open"),
    ]
