"""A stakeholder's engagement log (issue 17, item 4): kept by the participants' coordinators, shown on the overview."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ministries.models import Role
from partnerships.models import EngagementEntry, Participation
from partnerships.services import engagement_record
from tests.builders import make_partnership
from tests.factories import MinistryFactory, ParticipationFactory, person


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry])


@pytest.fixture
def stakeholder(partnership):
    public = MinistryFactory(name="River users' association", short_name="RUA")
    return ParticipationFactory(
        partnership=partnership, ministry=public, kind=Participation.Kind.STAKEHOLDER, engagement="consult"
    )


def _url(partnership, participation):
    return reverse("partnerships:engagement_add", args=[partnership.pk, participation.pk])


def _log(stakeholder):
    return list(
        EngagementEntry.objects.filter(participation=stakeholder).values_list(
            "happened_on", "kind", "summary", "recorded_by__username"
        )
    )


def test_coordinator_records_a_contact_shown_beside_the_stakeholder(client_for, coordinator, partnership, stakeholder):
    client = client_for(coordinator)
    post = {"happened_on": "2026-05-04", "kind": "consultation", "summary": "  Asked about the weir.  "}

    response = client.post(_url(partnership, stakeholder), post)

    assert response.url == partnership.get_absolute_url()
    assert _log(stakeholder) == [(date(2026, 5, 4), "consultation", "Asked about the weir.", "coordinator")]
    overview = client.get(partnership.get_absolute_url())
    assert overview.context["stakeholders"] == [(stakeholder, list(stakeholder.engagement_entries.all()))]
    assert "Asked about the weir." in overview.content.decode()


def test_the_form_opens_on_today(client_for, coordinator, partnership, stakeholder):
    page = client_for(coordinator).get(_url(partnership, stakeholder))

    assert page.context["form"]["happened_on"].value() == timezone.localdate()


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"kind": "notice", "summary": "Sent."}, "happened_on", "This field is required."),
        ({"happened_on": "4 mai", "kind": "notice", "summary": "Sent."}, "happened_on", "Enter a valid date."),
        ({"happened_on": "2026-05-04", "kind": "party", "summary": "Sent."}, "kind", "Select a valid choice."),
        ({"happened_on": "2026-05-04", "kind": "notice", "summary": "   "}, "summary", "This field is required."),
    ],
)
def test_bad_input_is_refused_next_to_the_field(
    client_for, coordinator, partnership, stakeholder, post, field, message
):
    response = client_for(coordinator).post(_url(partnership, stakeholder), post)

    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert _log(stakeholder) == []


def test_a_contact_in_the_future_is_refused(client_for, coordinator, partnership, stakeholder):
    tomorrow = timezone.localdate() + timedelta(days=1)
    post = {"happened_on": tomorrow.isoformat(), "kind": "meeting", "summary": "Site visit."}

    response = client_for(coordinator).post(_url(partnership, stakeholder), post)

    assert response.context["form"].errors["happened_on"] == [
        "Record a contact once it has happened: choose today or earlier."
    ]
    assert _log(stakeholder) == []


def test_only_the_participants_coordinators_keep_the_log(
    client_for, partnership, stakeholder, executive, field_officer, outsider
):
    post = {"happened_on": "2026-05-04", "kind": "notice", "summary": "Sent."}
    stakeholder_coordinator = person(stakeholder.ministry, Role.COORDINATOR)

    statuses = [
        client_for(u).post(_url(partnership, stakeholder), post).status_code
        for u in (executive, field_officer, stakeholder_coordinator, outsider)
    ]

    assert statuses == [403, 403, 403, 404]
    assert _log(stakeholder) == []


def test_only_a_stakeholder_has_a_log(client_for, coordinator, partnership, ministry):
    participant = partnership.participations.get(ministry=ministry)
    post = {"happened_on": "2026-05-04", "kind": "notice", "summary": "Sent."}

    assert client_for(coordinator).post(_url(partnership, participant), post).status_code == 404
    with pytest.raises(ValidationError, match=r"Only a stakeholder has an engagement log\."):
        engagement_record(participation=participant, by=None, happened_on=date(2026, 5, 4), kind="notice", summary="x")


def test_the_service_refuses_an_empty_summary(stakeholder, coordinator):
    with pytest.raises(ValidationError) as refused:
        engagement_record(
            participation=stakeholder, by=coordinator, happened_on=date(2026, 5, 4), kind="notice", summary=" "
        )

    assert refused.value.message_dict == {"summary": ["Say in a few words what was shared or asked."]}


@pytest.mark.parametrize("stakeholders", [1, 4])
def test_the_overview_loads_every_stakeholders_log_in_one_query(
    client_for, coordinator, partnership, stakeholders, django_assert_num_queries
):
    for i in range(stakeholders):
        party = ParticipationFactory(
            partnership=partnership,
            ministry=MinistryFactory(short_name=f"S{i}"),
            kind="stakeholder",
            engagement="inform",
        )
        for n in range(7):
            engagement_record(
                participation=party, by=coordinator, happened_on=date(2026, 1, n + 1), kind="notice", summary=f"N{n}"
            )
    client = client_for(coordinator)
    client.get(partnership.get_absolute_url())

    with django_assert_num_queries(11):
        response = client.get(partnership.get_absolute_url())

    # The latest five of each, newest first.
    assert [[e.summary for e in entries] for _p, entries in response.context["stakeholders"]] == [
        ["N6", "N5", "N4", "N3", "N2"]
    ] * stakeholders
