import pytest
from django.urls import reverse

from charters.models import CharterVersion
from ministries.models import Role
from partnerships.models import Partnership
from tests.builders import make_partnership, need_step, partners_step, sign_charter
from tests.factories import ClusterFactory, FieldUnitFactory, MinistryFactory, person

# The list


def test_list_shows_only_partnerships_of_my_ministries(client_for, coordinator, partnership, outsider_ministry):
    hidden = make_partnership([outsider_ministry, MinistryFactory()], title="Not mine")

    response = client_for(coordinator).get(reverse("partnerships:list"))

    assert list(response.context["page"].object_list) == [partnership]
    assert hidden.title not in response.content.decode()


def test_list_filters_by_cluster_and_text_and_keeps_them_in_the_url(client_for, coordinator, ministry, other_ministry):
    human = ClusterFactory(name="Human Services")
    other_ministry.clusters.add(human)
    wanted = make_partnership([ministry, other_ministry], title="Children first")
    make_partnership([ministry, MinistryFactory()], title="Roads")

    response = client_for(coordinator).get(reverse("partnerships:list"), {"cluster": human.pk, "q": "children"})

    assert list(response.context["page"].object_list) == [wanted]
    assert response.context["query"] == f"cluster={human.pk}&q=children"


def test_list_sorts_by_end_date_descending(client_for, coordinator, ministry, other_ministry):
    early = make_partnership([ministry, other_ministry], title="A", start_date="2026-01-01", end_date="2027-01-01")
    late = make_partnership([ministry, other_ministry], title="B", start_date="2026-01-01", end_date="2029-01-01")

    response = client_for(coordinator).get(reverse("partnerships:list"), {"sort": "-end"})

    assert list(response.context["page"].object_list) == [late, early]


def test_list_sort_choices_are_in_the_readers_language(client_for, coordinator):
    coordinator.preferred_language = "fr"
    coordinator.save(update_fields=["preferred_language"])

    page = client_for(coordinator).get(reverse("partnerships:list")).content.decode()

    assert '<option value="-end">Date de fin, la plus tardive d’abord</option>' in page
    assert "descending" not in page


@pytest.mark.parametrize("count", [3, 12])
def test_list_queries_do_not_grow_with_rows(client_for, coordinator, ministry, count, django_assert_num_queries):
    for i in range(count):
        make_partnership([ministry, MinistryFactory(), MinistryFactory()], title=f"P{i}")
    client = client_for(coordinator)

    # session, user, memberships, count, page, participations, regions, filter choices (cluster, ministry, region)
    with django_assert_num_queries(10):
        response = client.get(reverse("partnerships:list"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("ministries", [2, 8])
def test_partnership_page_queries_do_not_grow_with_ministries(
    client_for, coordinator, ministry, ministries, django_assert_num_queries
):
    partnership = make_partnership([ministry, *[MinistryFactory() for _ in range(ministries - 1)]])
    client = client_for(coordinator)

    # 8, 1 for the coordinators' notice of support staff's recent visits, 1 for a change waiting for the partners.
    with django_assert_num_queries(10):
        response = client.get(partnership.get_absolute_url())
    assert len(response.context["participants"]) == ministries


# Creating


def test_guided_creation_in_three_steps(client_for, coordinator, ministry, other_ministry):
    client = client_for(coordinator)

    assert client.post(reverse("partnerships:create", args=["need"]), need_step()).url == reverse(
        "partnerships:create", args=["partners"]
    )
    partners = partners_step(
        {"ministry": ministry.pk, "role": "lead", "gain_share": 60, "risk_share": 50, "holds_authority": "on"},
        {"ministry": other_ministry.pk, "role": "supporting", "gain_share": 40, "risk_share": 50},
    )
    assert client.post(reverse("partnerships:create", args=["partners"]), partners).url == reverse(
        "partnerships:create", args=["setup"]
    )
    setup = {"start_date": "2026-04-01", "end_date": "2029-03-31", "review_cadence": 3, "health_check_cadence": 6}
    response = client.post(reverse("partnerships:create", args=["setup"]), setup)

    partnership = Partnership.objects.get(title="Children first")
    assert response.url == partnership.get_absolute_url()
    assert partnership.lead.ministry == ministry
    assert [p.ministry for p in partnership.participants] == [ministry, other_ministry]
    assert partnership.charter_versions.get().status == CharterVersion.Status.DRAFT
    assert "new_partnership" not in client.session


def test_creation_step_shows_rule_messages_and_keeps_the_input(client_for, coordinator, ministry, other_ministry):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())

    response = client.post(
        reverse("partnerships:create", args=["partners"]),
        partners_step(
            {"ministry": ministry.pk, "role": "lead", "gain_share": 70, "risk_share": 50},
            {"ministry": other_ministry.pk, "role": "lead", "gain_share": 40, "risk_share": 50},
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose exactly one lead organisation (you chose 2)." in page
    assert "The participants’ shares of gains must add up to 100% (now 110%). “Share equally” fills them in." in page
    assert 'value="70"' in page


def test_setup_step_refuses_an_end_before_the_start(client_for, coordinator, ministry, other_ministry):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    client.post(
        reverse("partnerships:create", args=["partners"]),
        partners_step(
            {"ministry": ministry.pk, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry.pk, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ),
    )

    response = client.post(
        reverse("partnerships:create", args=["setup"]),
        {"start_date": "2027-04-01", "end_date": "2026-03-31", "review_cadence": 3, "health_check_cadence": 3},
    )

    assert response.context["form"].errors == {"end_date": ["The end date must come after the start date."]}
    assert not Partnership.objects.exists()


def test_later_steps_cannot_be_skipped(client_for, coordinator):
    response = client_for(coordinator).get(reverse("partnerships:create", args=["setup"]))

    assert response.url == reverse("partnerships:create", args=["need"])


@pytest.mark.parametrize("persona", ["executive", "field_officer", "evaluator"])
def test_only_coordinators_start_partnerships(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse("partnerships:create", args=["need"])).status_code == 403


# Editing the participating ministries


def test_moving_the_lead_to_another_ministry_in_one_save(
    client_for, coordinator, executive, other_executive, partnership, ministry, other_ministry
):
    first, second = partnership.participants
    data = {
        "partners-TOTAL_FORMS": 2,
        "partners-INITIAL_FORMS": 2,
        "partners-0-id": first.pk,
        "partners-0-ministry": ministry.pk,
        "partners-0-role": "supporting",
        "partners-0-gain_share": 50,
        "partners-0-risk_share": 50,
        "partners-1-id": second.pk,
        "partners-1-ministry": other_ministry.pk,
        "partners-1-role": "lead",
        "partners-1-gain_share": 50,
        "partners-1-risk_share": 50,
    }

    data["reason"] = "MOH takes over the budget."
    proposed = client_for(coordinator).post(reverse("partnerships:participations", args=[partnership.pk]), data)
    proposal = partnership.structure_proposals.get()
    assert proposed.url == proposal.get_absolute_url()
    answer = reverse("partnerships:proposal_answer", args=[partnership.pk, proposal.pk])
    for who, ministry_answered in ((executive, ministry), (other_executive, other_ministry)):
        response = client_for(who).post(answer, {"ministry": ministry_answered.pk, "answer": "agree"})

    # The old lead steps down before the new one leads: one lead at any moment.
    assert response.url == proposal.get_absolute_url()
    assert Partnership.objects.with_participants().get(pk=partnership.pk).lead.ministry == other_ministry


# History


def test_history_tab_shows_who_changed_what(client_for, coordinator, partnership):
    client = client_for(coordinator)
    data = {
        "title": "Children first",
        "problem": partnership.problem,
        "public_value": partnership.public_value,
        "review_cadence": 3,
        "health_check_cadence": 3,
        "status": "active",
    }
    client.post(reverse("partnerships:edit", args=[partnership.pk]), data)

    entries = client.get(reverse("partnerships:history", args=[partnership.pk])).context["entries"]

    assert entries[0].what == "Changed the partnership"
    assert entries[0].who == coordinator
    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [
        ("Name", "Integrated services for children", "Children first")
    ]


# Who may open what


VIEWS = [
    ("partnerships:detail", "get"),
    ("charters:charter", "get"),
    ("partnerships:history", "get"),
    ("partnerships:edit", "get"),
    ("partnerships:participations", "get"),
    ("charters:charter_edit", "get"),
    ("charters:charter_compare", "get"),
]
READ_ONLY = {"partnerships:detail", "charters:charter", "partnerships:history", "charters:charter_compare"}


@pytest.mark.parametrize(("name", "method"), VIEWS)
@pytest.mark.parametrize(
    ("persona", "may_read", "may_write"),
    [
        ("coordinator", True, True),
        ("executive", True, False),
        ("field_officer", True, False),
        ("evaluator", True, False),
        ("outsider", False, False),
    ],
)
def test_permission_matrix(request, client_for, partnership, name, method, persona, may_read, may_write):
    client = client_for(request.getfixturevalue(persona))

    status = getattr(client, method)(reverse(name, args=[partnership.pk])).status_code

    if not may_read:
        assert status == 404
    elif name in READ_ONLY or may_write:
        assert status == 200
    else:
        assert status == 403


def test_closed_partnership_cannot_be_edited(client_for, coordinator, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.CLOSED)

    assert client_for(coordinator).get(reverse("partnerships:edit", args=[partnership.pk])).status_code == 403


def test_every_tab_opens_for_a_participant(client_for, field_officer, partnership):
    from partnerships.tabs import TABS

    client = client_for(field_officer)

    assert {tab.key: client.get(tab.url(partnership)).status_code for tab in TABS} == {tab.key: 200 for tab in TABS}


def test_cached_filter_fields_follow_the_query_and_the_language(client_for, coordinator, partnership):
    client = client_for(coordinator)

    planning = client.get(reverse("partnerships:list"), {"phase": "planning"}).content.decode()
    application = client.get(reverse("partnerships:list"), {"phase": "application"}).content.decode()
    coordinator.preferred_language = "fr"
    coordinator.save()
    french = client.get(reverse("partnerships:list"), {"phase": "application"}).content.decode()

    assert '<option value="planning" selected>' in planning
    assert '<option value="application" selected>' in application
    assert '<option value="planning" selected>' not in application
    assert "Toutes les phases" in french


@pytest.mark.parametrize("ministries", [2, 8])
def test_participations_page_queries_do_not_grow_with_ministries(
    client_for, coordinator, ministry, ministries, django_assert_num_queries
):
    others = [MinistryFactory() for _ in range(ministries - 1)]
    for organisation in others:
        FieldUnitFactory(ministry=organisation)
    partnership = make_partnership([ministry, *others])
    client = client_for(coordinator)

    # The units every row offers are loaded once, like the organisations and the people; and 1 for a
    # change already waiting for the partners.
    with django_assert_num_queries(11):
        response = client.get(reverse("partnerships:participations", args=[partnership.pk]))
    assert len(response.context["formset"].forms) == ministries + 1


def test_an_unknown_creation_step_is_not_found(client_for, coordinator):
    assert client_for(coordinator).get(reverse("partnerships:create", args=["budget"])).status_code == 404


def test_back_keeps_the_step_and_shows_it_again_as_typed(client_for, coordinator, ministry, other_ministry):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    partners = partners_step(
        {"ministry": ministry.pk, "role": "lead", "gain_share": 60, "risk_share": 50},
        {"ministry": other_ministry.pk, "role": "supporting", "gain_share": 40, "risk_share": 50},
    )

    back = client.post(reverse("partnerships:create", args=["partners"]), {**partners, "back": "1"})
    again = client.get(reverse("partnerships:create", args=["partners"]))

    assert back.url == reverse("partnerships:create", args=["need"])
    assert [f["ministry"].value() for f in again.context["form"].forms] == [str(ministry.pk), str(other_ministry.pk)]


def test_a_ministry_leaving_a_signed_charter_is_told_everyone_signs_again(
    client_for, ministry, other_ministry, third_ministry, executive, other_executive
):
    partnership = make_partnership([ministry, other_ministry, third_ministry])
    education_executive = person(third_ministry, Role.EXECUTIVE)
    signers = [(executive, ministry), (other_executive, other_ministry), (education_executive, third_ministry)]
    sign_charter(partnership, signers)
    moh = partnership.participations.get(ministry=other_ministry)
    client = client_for(person(other_ministry, Role.COORDINATOR))

    response = client.post(
        reverse("partnerships:participation_withdraw", args=[partnership.pk, moh.pk]),
        {"reason": "Our mandate changed."},
        follow=True,
    )

    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        ("success", f"Ministry of Health no longer takes part in {partnership}."),
        (
            "warning",
            "The organisations changed, so every organisation must sign the charter again. Version 2 is a new draft.",
        ),
    ]
