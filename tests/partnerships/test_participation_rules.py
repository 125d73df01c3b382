import pytest

from ministries.models import Ministry, Role
from partnerships.forms import EditParticipationFormSetFactory, NewParticipationFormSetFactory
from tests.builders import partnership_of
from tests.factories import MinistryFactory, person

PREFIX = "partners"


def formset_data(rows, *, initial=0, min_num=2):
    """POST data for the participation formset: the management form, then one form a row."""
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(initial),
        f"{PREFIX}-MIN_NUM_FORMS": str(min_num),
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{PREFIX}-{i}-{name}": str(value) for name, value in row.items()})
    return data


def row(ministry, role="supporting", gain="50", risk="50", **extra):
    return {"ministry": ministry.pk, "role": role, "gain_share": gain, "risk_share": risk, **extra}


def new_formset(rows, required_ministry_ids=None):
    formset = NewParticipationFormSetFactory(formset_data(rows), prefix=PREFIX)
    formset.required_ministry_ids = required_ministry_ids
    return formset


@pytest.fixture
def outside_partner(db):
    return MinistryFactory(name="United Way", short_name="UW", kind=Ministry.Kind.OUTSIDE_PARTNER)


@pytest.fixture
def partnership(ministry, other_ministry):
    return partnership_of(ministry, other_ministry)


def edit_formset(partnership, rows, required_ministry_ids=None):
    """The edit formset: `rows` start with the existing participations (ordered by pk), then new ones."""
    existing = list(partnership.participations.order_by("pk"))
    rows = [{"id": p.pk, **r} for p, r in zip(existing, rows, strict=False)] + rows[len(existing) :]
    formset = EditParticipationFormSetFactory(
        formset_data(rows, initial=len(existing), min_num=0), instance=partnership, prefix=PREFIX
    )
    formset.required_ministry_ids = required_ministry_ids
    return formset


# Valid sets


def test_new_participations_with_three_ministries_are_valid(ministry, other_ministry, third_ministry):
    formset = new_formset(
        [
            row(ministry, "lead", gain="40", risk="33.34"),
            row(other_ministry, gain="30", risk="33.33"),
            row(third_ministry, gain="30", risk="33.33"),
        ],
        required_ministry_ids={ministry.pk},
    )

    assert formset.is_valid() is True
    assert formset.non_form_errors() == []
    assert [(f.cleaned_data["ministry"], f.cleaned_data["role"]) for f in formset.forms] == [
        (ministry, "lead"),
        (other_ministry, "supporting"),
        (third_ministry, "supporting"),
    ]


def test_new_participations_with_an_outside_partner_and_two_government_bodies_are_valid(
    ministry, other_ministry, outside_partner
):
    formset = new_formset(
        [
            row(ministry, "lead", gain="50", risk="50"),
            row(other_ministry, gain="25", risk="25"),
            row(outside_partner, gain="25", risk="25"),
        ]
    )

    assert formset.is_valid() is True


def test_edit_participations_moving_the_lead_are_valid(partnership, ministry, other_ministry):
    formset = edit_formset(partnership, [row(ministry, "supporting"), row(other_ministry, "lead")])

    assert formset.is_valid() is True
    assert formset.non_form_errors() == []


# Each rule, with its message


def test_new_participations_with_one_ministry_ask_for_another(ministry):
    formset = new_formset([row(ministry, "lead", gain="100", risk="100")])

    assert formset.is_valid() is False
    assert formset.non_form_errors() == [
        "A partnership needs at least two participants. Add another organisation as a participant."
    ]


def test_edit_participations_with_one_ministry_left_are_refused(partnership, ministry, other_ministry):
    formset = edit_formset(
        partnership,
        [row(ministry, "lead", gain="100", risk="100"), row(other_ministry, gain="0", risk="0", DELETE="on")],
    )

    assert formset.is_valid() is False
    assert formset.non_form_errors() == [
        "A partnership needs at least two participants. Add another organisation as a participant."
    ]


def test_participations_with_one_government_body_are_refused(ministry, outside_partner):
    formset = new_formset([row(ministry, "lead"), row(outside_partner)])

    assert formset.is_valid() is False
    assert formset.non_form_errors() == [
        "At least two of the participants must be government bodies. Outside partners can join them."
    ]


def test_participations_without_a_lead_are_refused(ministry, other_ministry):
    formset = new_formset([row(ministry), row(other_ministry)])

    assert formset.is_valid() is False
    assert formset.non_form_errors() == ["Choose exactly one lead organisation (you chose 0)."]


def test_participations_with_two_leads_are_refused(ministry, other_ministry):
    formset = new_formset([row(ministry, "lead"), row(other_ministry, "lead")])

    assert formset.is_valid() is False
    assert formset.non_form_errors() == ["Choose exactly one lead organisation (you chose 2)."]


def test_participations_with_shares_not_adding_up_show_the_totals(ministry, other_ministry):
    formset = new_formset([row(ministry, "lead", gain="40", risk="50"), row(other_ministry, gain="50", risk="70.5")])

    assert formset.is_valid() is False
    assert formset.non_form_errors() == [
        "The participants’ shares of gains must add up to 100% (now 90%). “Share equally” fills them in.",
        "The participants’ shares of risks must add up to 100% (now 120.5%). “Share equally” fills them in.",
    ]


def test_participations_with_a_repeated_ministry_are_refused(ministry, other_ministry):
    formset = new_formset(
        [
            row(ministry, "lead", gain="50", risk="50"),
            row(other_ministry, gain="25", risk="25"),
            row(ministry, gain="25", risk="25"),
        ]
    )

    assert formset.is_valid() is False
    assert formset.non_form_errors() == ["Each organisation can take part only once. Remove the repeated organisation."]


def test_edit_participations_with_a_repeated_ministry_are_refused(partnership, ministry, other_ministry):
    # The model formset's own uniqueness check answers first, so its message is the one shown.
    formset = edit_formset(
        partnership,
        [
            row(ministry, "lead", gain="50", risk="50"),
            row(other_ministry, gain="25", risk="25"),
            row(other_ministry, gain="25", risk="25"),
        ],
    )

    assert formset.is_valid() is False
    assert formset.non_form_errors() == ["Please correct the duplicate data for ministry."]


def test_participations_without_the_coordinators_own_ministry_are_refused(ministry, other_ministry, third_ministry):
    formset = new_formset([row(other_ministry, "lead"), row(third_ministry)], required_ministry_ids={ministry.pk})

    assert formset.is_valid() is False
    assert formset.non_form_errors() == [
        "Your own organisation must take part as a participant, or you could not run the partnership."
    ]


def test_edit_participations_without_the_coordinators_own_ministry_are_refused(
    partnership, ministry, other_ministry, outsider_ministry
):
    formset = edit_formset(
        partnership, [row(ministry, "lead"), row(other_ministry)], required_ministry_ids={outsider_ministry.pk}
    )

    assert formset.is_valid() is False
    assert formset.non_form_errors() == [
        "Your own organisation must take part as a participant, or you could not run the partnership."
    ]


@pytest.mark.parametrize(
    ("share", "message"),
    [
        ("100.01", "Ensure this value is less than or equal to 100."),
        ("-1", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_participation_share_outside_0_to_100_is_a_field_error(ministry, other_ministry, share, message):
    formset = new_formset([row(ministry, "lead", gain=share), row(other_ministry)])

    assert formset.is_valid() is False
    assert formset.errors == [{"gain_share": [message]}, {}]
    assert formset.non_form_errors() == []


def test_participation_focal_person_of_another_ministry_is_a_field_error(ministry, other_ministry, coordinator):
    formset = new_formset([row(ministry, "lead"), row(other_ministry, focal_person=coordinator.pk)])

    assert formset.is_valid() is False
    assert formset.errors == [{}, {"focal_person": ["Choose someone who works in Ministry of Health."]}]


def test_participation_focal_person_of_the_ministry_is_valid(ministry, other_ministry, coordinator):
    colleague = person(other_ministry, Role.FIELD_STAFF)
    formset = new_formset(
        [row(ministry, "lead", focal_person=coordinator.pk), row(other_ministry, focal_person=colleague.pk)]
    )

    assert formset.is_valid() is True
    assert [f.cleaned_data["focal_person"] for f in formset.forms] == [coordinator, colleague]


def test_participations_with_the_coordinators_own_ministry_only_a_stakeholder_are_refused(
    ministry, other_ministry, third_ministry
):
    rows = [
        row(other_ministry, "lead"),
        row(third_ministry),
        row(ministry, gain="0", risk="0", kind="stakeholder", engagement="consult"),
    ]
    formset = new_formset(rows, required_ministry_ids={ministry.pk})

    assert formset.is_valid() is False
    assert formset.non_form_errors() == [
        "Your own organisation must take part as a participant, or you could not run the partnership."
    ]
