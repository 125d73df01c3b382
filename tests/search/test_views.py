import pytest
from django.urls import reverse

from ministries.models import Role
from partnerships.models import Phase
from search.queries import search_source
from search.sources import BY_KIND
from tests.builders import make_partnership
from tests.factories import DecisionFactory, LessonFactory, MeetingFactory, MinistryFactory, ProgressLogFactory, person

URL = reverse("search:results")


def titles(response):
    return [(group.source.kind, [hit.title for hit in group.hits]) for group in response.context["found"]]


def speaking(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


@pytest.mark.django_db
def test_search_finds_a_word_of_french_minutes_in_another_form_of_it(client_for, coordinator, partnership):
    MeetingFactory(
        partnership=partnership,
        title="Comité directeur",
        minutes="Les ministères ont adopté les priorités budgétaires de l'année.",
    )
    response = client_for(speaking(coordinator, "fr")).get(URL, {"q": "budgétaire"})
    assert titles(response) == [("meeting", [f"Comité directeur, {partnership.meetings.get().date:%Y-%m-%d}"])]
    snippet = response.context["found"][0].hits[0].snippet
    assert "<mark>budgétaires</mark>" in snippet
    assert "<mark>budgétaires</mark>" in response.content.decode()


@pytest.mark.django_db
def test_search_finds_a_word_of_hebrew_minutes(client_for, coordinator, partnership):
    MeetingFactory(partnership=partnership, title="ועדת היגוי", minutes="הוועדה אישרה את התקציב החדש של השותפות.")
    response = client_for(speaking(coordinator, "he")).get(URL, {"q": "התקציב"})
    assert [kind for kind, _ in titles(response)] == ["meeting"]
    assert "<mark>התקציב</mark>" in response.context["found"][0].hits[0].snippet
    assert 'dir="rtl"' in response.content.decode()


@pytest.mark.django_db
def test_an_outsider_finds_nothing_of_a_partnership_it_does_not_take_part_in(
    client_for, outsider, coordinator, partnership
):
    partnership.title = "Harbourfront housing"
    partnership.save()
    MeetingFactory(partnership=partnership, minutes="Harbourfront tenants were heard.")
    DecisionFactory(partnership=partnership, title="Harbourfront lease", text="Renew the lease.")
    ProgressLogFactory(partnership=partnership, ministry=partnership.lead.ministry, text="Harbourfront visit.")
    seen = client_for(coordinator).get(URL, {"q": "harbourfront"})
    assert [(kind, len(found)) for kind, found in titles(seen)] == [
        ("partnership", 1),
        ("meeting", 1),
        ("decision", 1),
        ("progress", 1),
    ]
    hidden = client_for(outsider).get(URL, {"q": "harbourfront"})
    assert titles(hidden) == []
    assert hidden.context["total"] == 0
    assert "Harbourfront" not in hidden.content.decode().replace('value="harbourfront"', "")


@pytest.mark.django_db
def test_people_are_found_only_by_those_who_may_see_their_ministry(client_for, coordinator, outsider, ministry):
    person(ministry, Role.FIELD_STAFF, user__username="z", user__first_name="Zelda", user__last_name="Okonkwo")
    inside = client_for(coordinator).get(URL, {"q": "Okonkwo", "kind": "person"})
    assert titles(inside) == [("person", ["Zelda Okonkwo"])]
    found = inside.context["found"][0].hits[0]
    assert found.url == reverse("ministries:person", args=[ministry.pk, found_user_pk("z")])
    assert client_for(outsider).get(URL, {"q": "Okonkwo", "kind": "person"}).context["found"][0].total == 0


def found_user_pk(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username).pk


@pytest.mark.django_db
def test_organisations_are_found_by_anyone_signed_in(client_for, outsider, other_ministry):
    response = client_for(outsider).get(URL, {"q": "health"})
    assert titles(response) == [("organisation", ["Ministry of Health"])]


@pytest.mark.django_db
def test_filters_narrow_by_kind_ministry_and_phase(client_for, coordinator, ministry, other_ministry, third_ministry):
    with_health = make_partnership([ministry, other_ministry], title="Orchard health outreach")
    with_education = make_partnership([ministry, third_ministry], title="Orchard school meals")
    with_education.phase = Phase.PLANNING
    with_education.save()
    MeetingFactory(partnership=with_health, title="Orchard kickoff")
    client = client_for(coordinator)
    # As telling a match each: the newest first.
    assert titles(client.get(URL, {"q": "orchard", "kind": "partnership"})) == [
        ("partnership", ["Orchard school meals", "Orchard health outreach"])
    ]
    assert titles(client.get(URL, {"q": "orchard", "ministry": third_ministry.pk})) == [
        ("partnership", ["Orchard school meals"])
    ]
    assert titles(client.get(URL, {"q": "orchard", "phase": Phase.PLANNING})) == [
        ("partnership", ["Orchard school meals"])
    ]
    # People and organisations have no phase: asking for one leaves them out.
    assert client.get(URL, {"q": "orchard", "kind": "person", "phase": Phase.PLANNING}).context["found"] == []


@pytest.mark.django_db
def test_a_kind_is_shown_page_by_page(client_for, coordinator, partnership):
    for number in range(23):
        MeetingFactory(partnership=partnership, title=f"Lighthouse meeting {number}")
    client = client_for(coordinator)
    everything = client.get(URL, {"q": "lighthouse"})
    assert [(g.source.kind, len(g.hits), g.total) for g in everything.context["found"]] == [("meeting", 5, 23)]
    assert "kind=meeting" in everything.content.decode()
    second = client.get(URL, {"q": "lighthouse", "kind": "meeting", "page": "2"})
    assert [(g.total, len(g.hits)) for g in second.context["found"]] == [(23, 3)]
    assert (second.context["page"].number, second.context["page"].num_pages) == (2, 2)
    beyond = client.get(URL, {"q": "lighthouse", "kind": "meeting", "page": "9"})
    assert beyond.context["found"][0].hits == []
    assert "Nothing on this page" in beyond.content.decode()


@pytest.mark.django_db
def test_snippets_escape_what_people_wrote(client_for, coordinator, partnership):
    MeetingFactory(partnership=partnership, minutes="<script>alert(1)</script> the quorum was met")
    response = client_for(coordinator).get(URL, {"q": "quorum"})
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<mark>quorum</mark>" in page
    # The substring match escapes what it quotes too.
    found = search_source(BY_KIND["meeting"], user=coordinator, text="quorum", language="en", full_text=False)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; the <mark>quorum</mark> was met" in found.hits[0].snippet


@pytest.mark.django_db
def test_the_substring_match_used_on_sqlite_finds_and_marks_every_word(coordinator, partnership):
    MeetingFactory(partnership=partnership, title="Budget", minutes="Les priorités BUDGÉTAIRES et le calendrier.")
    MeetingFactory(partnership=partnership, title="Other", minutes="Only the calendar.")
    found = search_source(BY_KIND["meeting"], user=coordinator, text="calendrier budg", language="fr", full_text=False)
    assert found.total == 1
    assert found.hits[0].snippet == (
        "<mark>Budg</mark>et Les priorités <mark>BUDG</mark>ÉTAIRES et le <mark>calendrier</mark>."
    )


@pytest.mark.django_db
def test_bad_input_gives_a_message_next_to_the_field(client_for, coordinator, partnership):
    client = client_for(coordinator)
    for params, field in [
        ({"q": "%%%"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "children", "ministry": "abc"}, "ministry"),
        ({"q": "children", "ministry": "99999999999999999999"}, "ministry"),
        ({"q": "children", "kind": "secrets"}, "kind"),
        ({"q": "children", "phase": "²"}, "phase"),
    ]:
        response = client.get(URL, params)
        assert response.status_code == 200
        assert list(response.context["form"].errors) == [field]
        assert response.context["found"] == []
        assert "There is a problem" in response.content.decode()
    odd_page = client.get(URL, {"q": "children", "kind": "partnership", "page": "²"})
    assert odd_page.context["page"].number == 1


@pytest.mark.django_db
def test_the_empty_search_page_shows_the_box(client_for, field_officer):
    response = client_for(field_officer).get(URL)
    assert response.context["found"] == []
    assert response.context["searched_for"] == ""
    assert 'id="id_q"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_search_costs_the_same_queries_however_many_hits(
    client_for, coordinator, ministry, other_ministry, django_assert_num_queries, size
):
    for number in range(size):
        found_in = make_partnership([ministry, other_ministry], title=f"Riverside {number}")
        MeetingFactory(partnership=found_in, title=f"Riverside meeting {number}")
        DecisionFactory(partnership=found_in, title=f"Riverside decision {number}")
        ProgressLogFactory(partnership=found_in, ministry=ministry, text=f"Riverside visit {number}")
        MinistryFactory(name=f"Riverside agency {number}", short_name=f"RA{number}")
        LessonFactory(partnership=found_in, worked=f"Riverside walks {number}")
    client = client_for(coordinator)
    # The session, the user, the memberships and the organisations of the filter, then one per kind of thing.
    with django_assert_num_queries(13):
        client.get(URL, {"q": "riverside"})
    with django_assert_num_queries(5):
        client.get(URL, {"q": "riverside", "kind": "meeting"})
