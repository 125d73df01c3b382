""" "Change the charter": a signed (or out for signature) charter gets a new draft, for every reason."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from charters.models import CharterVersion
from charters.services import charter_save, charter_send_for_signature, charter_sign
from ministries.models import Role
from partnerships.services import partnership_create
from tests.factories import person

CHARTER_TEXT = {
    "shared_vision": "One door for families.",
    "goals": "A single intake in four offices.",
    "professional_lead": "MCSS",
    "decision_protocol": "Consensus.",
    "conflict_protocol": "A weighted vote.",
}


class FormFields(HTMLParser):
    """The fields of the page's POST forms that post back to the page, with the values its radio buttons offer."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self._in_post_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # The language switcher of every page posts elsewhere; the page's own form has no action.
            self._in_post_form = (attrs.get("method") or "").lower() == "post" and not attrs.get("action")
        elif self._in_post_form and tag in ("input", "textarea", "select") and attrs.get("name"):
            if attrs.get("type") in ("submit", "hidden"):
                return
            options = self.fields.setdefault(attrs["name"], [])
            if attrs.get("type") == "radio":
                options.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False


def form_fields(response):
    reader = FormFields()
    reader.feed(response.content.decode())
    return reader.fields


@pytest.fixture
def partnership(ministry, other_ministry, coordinator):
    return partnership_create(
        created_by=coordinator,
        fields={"title": "Integrated services", "problem": "Families wait.", "public_value": "One door."},
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": Decimal(60), "risk_share": Decimal(60)},
            {"ministry": other_ministry, "role": "supporting", "gain_share": Decimal(40), "risk_share": Decimal(40)},
        ],
    )


@pytest.fixture
def out_for_signature(partnership, coordinator, ministry):
    draft = partnership.charter_versions.get()
    charter_save(
        version=draft,
        by=coordinator,
        expected_revision=draft.revision,
        fields=CHARTER_TEXT,
        assignments=[{"task": "Map the intake forms", "ministry": ministry, "due_date": date(2025, 3, 1)}],
        milestones=[{"title": "Pilot opens", "due_date": date(2025, 6, 30), "description": "In Sudbury."}],
    )
    return charter_send_for_signature(version=draft, by=coordinator)


@pytest.fixture
def signed(out_for_signature, ministry, other_ministry, executive):
    charter_sign(version=out_for_signature, ministry=ministry, by=executive)
    charter_sign(version=out_for_signature, ministry=other_ministry, by=person(other_ministry, Role.EXECUTIVE))
    out_for_signature.refresh_from_db()
    return out_for_signature


def url(partnership):
    return reverse("charters:charter_new_version", args=[partnership.pk])


def test_new_version_page_offers_every_change_reason(signed, partnership, coordinator, client_for):
    fields = form_fields(client_for(coordinator).get(url(partnership)))

    assert fields == {"change_reason": list(CharterVersion.ChangeReason.values), "change_note": []}


@pytest.mark.parametrize("reason", CharterVersion.ChangeReason.values)
def test_new_version_of_a_signed_charter_starts_a_draft_for_each_reason(
    reason, signed, partnership, coordinator, client_for
):
    client = client_for(coordinator)
    fields = form_fields(client.get(url(partnership)))
    assert reason in fields["change_reason"]

    response = client.post(url(partnership), {"change_reason": reason, "change_note": "  Less money next year. "})

    assert response.status_code == 302
    assert response["Location"] == reverse("charters:charter_edit", args=[partnership.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "A new draft is ready. Every organisation will need to sign it again."
    ]
    draft = partnership.charter_versions.get(status=CharterVersion.Status.DRAFT)
    assert (draft.number, draft.change_reason, draft.change_note, draft.created_by) == (
        2,
        reason,
        "Less money next year.",
        coordinator,
    )
    assert draft.snapshot() == signed.snapshot()
    assert draft.shared_vision == "One door for families."
    assert list(partnership.charter_versions.values_list("number", "status")) == [
        (2, CharterVersion.Status.DRAFT),
        (1, CharterVersion.Status.SIGNED),
    ]


def test_new_version_of_a_charter_out_for_signature_withdraws_it(
    out_for_signature, partnership, coordinator, client_for
):
    response = client_for(coordinator).post(
        url(partnership), {"change_reason": CharterVersion.ChangeReason.NEW_PARTNER, "change_note": "Health joins."}
    )

    assert response.status_code == 302
    assert list(partnership.charter_versions.values_list("number", "status", "change_reason")) == [
        (2, CharterVersion.Status.DRAFT, "new_partner"),
        (1, CharterVersion.Status.SUPERSEDED, ""),
    ]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"change_note": "Less money."}, {"change_reason": ["This field is required."]}),
        (
            {"change_reason": "whim", "change_note": "Less money."},
            {"change_reason": ["Select a valid choice. whim is not one of the available choices."]},
        ),
        ({"change_reason": "budget", "change_note": "   "}, {"change_note": ["This field is required."]}),
    ],
)
def test_new_version_with_bad_input_shows_the_error_next_to_the_field(
    data, errors, signed, partnership, coordinator, client_for
):
    response = client_for(coordinator).post(url(partnership), data)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert list(partnership.charter_versions.values_list("number", flat=True)) == [1]


def test_new_version_of_a_draft_goes_to_the_draft(partnership, coordinator, client_for):
    response = client_for(coordinator).post(url(partnership), {"change_reason": "budget", "change_note": "Less."})

    assert response.status_code == 302
    assert response["Location"] == reverse("charters:charter_edit", args=[partnership.pk])
    assert list(partnership.charter_versions.values_list("number", flat=True)) == [1]


@pytest.mark.parametrize(("who", "status"), [("executive", 403), ("field_officer", 403), ("outsider", 404)])
def test_new_version_by_someone_who_may_not_edit_is_refused(who, status, signed, partnership, client_for, request):
    client = client_for(request.getfixturevalue(who))

    assert client.get(url(partnership)).status_code == status
    assert client.post(url(partnership), {"change_reason": "budget", "change_note": "Less."}).status_code == status
    assert list(partnership.charter_versions.values_list("number", flat=True)) == [1]
