"""Focal-person lists offer only people of that row's ministry whom the person filling in may see.

A ministry's people are private to it (and to administrators): the participants form must not
list everyone who works anywhere, and a forged choice is a form error.
"""

import pytest
from django.urls import reverse

from ministries.models import Role
from partnerships.models import Participation
from tests.builders import make_partnership
from tests.factories import person


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry])


@pytest.fixture
def people(ministry, other_ministry, outsider_ministry):
    return {
        "colleague": person(ministry, Role.FIELD_STAFF, user__username="colleague", user__first_name="Claire"),
        "moh": person(other_ministry, Role.FIELD_STAFF, user__username="moh.person", user__first_name="Nadia"),
        "tourism": person(outsider_ministry, Role.FIELD_STAFF, user__username="tour", user__first_name="Tomas"),
    }


def _data(partnership, **focal):
    """The participants form as the page posts it, with `focal` = {ministry short name: user}."""
    data = {"partners-TOTAL_FORMS": 2, "partners-INITIAL_FORMS": 2}
    for index, participation in enumerate(partnership.participants):
        chosen = focal.get(participation.ministry.short_name)
        data.update(
            {
                f"partners-{index}-id": participation.pk,
                f"partners-{index}-ministry": participation.ministry_id,
                f"partners-{index}-role": participation.role,
                f"partners-{index}-gain_share": participation.gain_share,
                f"partners-{index}-risk_share": participation.risk_share,
                f"partners-{index}-focal_person": chosen.pk if chosen else "",
            }
        )
    return data


def _focal_people():
    return list(Participation.objects.order_by("ministry__short_name").values_list("focal_person", flat=True))


def test_focal_person_choices_are_the_rows_ministry_people_the_viewer_may_see(
    client_for, coordinator, partnership, people
):
    response = client_for(coordinator).get(reverse("partnerships:participations", args=[partnership.pk]))

    mcss_row, moh_row, _new_row = response.context["formset"].forms
    offered = [value for value, label in mcss_row.fields["focal_person"].choices if value]
    assert sorted(offered) == sorted([people["colleague"].pk, coordinator.pk])
    # MOH's people are private to MOH: the MCSS coordinator is offered none of them.
    assert [value for value, label in moh_row.fields["focal_person"].choices if value] == []
    html = response.content.decode()
    assert ("Nadia" in html, "Tomas" in html) == (False, False)


def test_focal_person_of_another_ministry_is_a_form_error(client_for, coordinator, partnership, people):
    client = client_for(coordinator)
    url = reverse("partnerships:participations", args=[partnership.pk])

    forged = [
        _data(partnership, MCSS=people["moh"]),
        _data(partnership, MCSS=people["tourism"]),
        _data(partnership, MOH=people["colleague"]),
    ]
    errors = [client.post(url, data).context["formset"].errors for data in forged]

    invalid = ["Select a valid choice. That choice is not one of the available choices."]
    assert errors == [
        [{"focal_person": invalid}, {}],
        [{"focal_person": invalid}, {}],
        [{}, {"focal_person": ["Choose someone who works in Ministry of Health."]}],
    ]
    assert _focal_people() == [None, None]


def test_focal_person_of_the_rows_ministry_is_saved(client_for, coordinator, partnership, people):
    response = client_for(coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _data(partnership, MCSS=people["colleague"])
    )

    assert response.status_code == 302
    assert _focal_people() == [people["colleague"].pk, None]


def test_focal_person_set_by_another_ministry_stays_offered(client_for, coordinator, partnership, people):
    Participation.objects.filter(ministry__short_name="MOH").update(focal_person=people["moh"])
    client = client_for(coordinator)
    url = reverse("partnerships:participations", args=[partnership.pk])

    moh_row = client.get(url).context["formset"].forms[1]
    response = client.post(url, _data(partnership, MOH=people["moh"]))

    assert [value for value, label in moh_row.fields["focal_person"].choices if value] == [people["moh"].pk]
    assert response.status_code == 302
    assert _focal_people() == [None, people["moh"].pk]
