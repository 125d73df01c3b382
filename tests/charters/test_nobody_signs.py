"""A party that must sign but has nobody who can is flagged on the charter page, with the way out."""

from django.core import mail
from django.urls import reverse

from charters import services
from ministries.models import Invitation, Role
from tests.builders import COMPLETE_CHARTER
from tests.factories import person


def _send_out(partnership):
    version = partnership.charter_versions.get()
    services.charter_save(
        version=version, by=None, expected_revision=1, fields=COMPLETE_CHARTER, assignments=[], milestones=[]
    )
    services.charter_send_for_signature(version=version, by=None)
    return version


def _flags(response):
    return [row["ministry"].short_name for row in response.context["signature_rows"] if row["nobody_signs"]]


def test_a_party_with_nobody_to_sign_is_flagged_with_the_invitation_page(
    client_for, coordinator, executive, partnership, other_ministry
):
    _send_out(partnership)

    response = client_for(coordinator).get(reverse("charters:charter", args=[partnership.pk]))

    assert _flags(response) == ["MOH"]
    html = response.content.decode()
    assert "Nobody in Interlock can sign for Ministry of Health" in html
    assert reverse("ministries:invite", args=[other_ministry.pk]) in html


def test_the_flag_is_shown_on_the_draft_too_and_goes_once_someone_can_sign(
    client_for, coordinator, executive, partnership, other_ministry
):
    url = reverse("charters:charter", args=[partnership.pk])
    assert _flags(client_for(coordinator).get(url)) == ["MOH"]

    person(other_ministry, Role.EXECUTIVE, user__username="moh.head")

    assert _flags(client_for(coordinator).get(url)) == []


def test_someone_who_may_not_invite_reads_who_can(client_for, field_officer, executive, partnership):
    _send_out(partnership)

    response = client_for(field_officer).get(reverse("charters:charter", args=[partnership.pk]))

    assert _flags(response) == ["MOH"]
    assert "can invite its contact person" in response.content.decode()
    assert [row["may_invite"] for row in response.context["signature_rows"]] == [False, False]


def test_the_partners_executive_follows_the_way_out_and_the_invitation_waits_for_support(
    client_for, executive, partnership, other_ministry, django_user_model
):
    support = django_user_model.objects.create_superuser(username="support", email="support@example.gov", password="x")
    _send_out(partnership)

    response = client_for(executive).post(
        reverse("ministries:invite", args=[other_ministry.pk]),
        {"email": "deputy@moh.example.gov", "role": Role.EXECUTIVE, "message": "Please sign our charter."},
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.ministry, invitation.needs_confirmation, invitation.sent_at) == (other_ministry, True, None)
    assert [m.to for m in mail.outbox] == [[support.email]]


def test_both_ways_out_are_offered_on_the_charter_page_and_in_the_executives_attention_list(
    client_for, coordinator, field_officer, executive, partnership, other_ministry
):
    """Issue 17, item 5: flagged at once with the ways out (invite someone, or make it a party that does not sign)."""
    _send_out(partnership)

    html = client_for(coordinator).get(reverse("charters:charter", args=[partnership.pk])).content.decode()
    assert reverse("ministries:invite", args=[other_ministry.pk]) in html
    assert reverse("partnerships:participations", args=[partnership.pk]) in html
    assert "Or propose making it a funder or a stakeholder that does not sign" in html

    # Someone who may not propose reads that the partners can.
    officer_page = client_for(field_officer).get(reverse("charters:charter", args=[partnership.pk])).content.decode()
    assert reverse("partnerships:participations", args=[partnership.pk]) not in officer_page
    assert "can agree to make it a funder or a stakeholder that does not sign" in officer_page

    # The executive's home lists it on the day it went out, with the invitation page.
    home = client_for(executive).get(reverse("dashboards:home")).content.decode()
    assert "Nobody can sign for MOH: invite its contact person, or make it a funder or a stakeholder" in home
    assert reverse("ministries:invite", args=[other_ministry.pk]) in home
