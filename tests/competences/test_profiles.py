"""The team and organisation profiles: who counts, the threshold, and that no two profiles subtract to a person."""

import threading

import pytest
from django.db import connection

from competences import profiles, services
from competences.catalogue import PHASE_NEEDS, Competency
from competences.models import CompetenceProfile
from ministries.models import Role
from partnerships.models import Partnership, Phase
from tests.builders import make_partnership
from tests.factories import ParticipationFactory, person

R, INFO, J, A, S = (c.value for c in Competency)


def assessed(user, *, share=True, **levels):
    """A person's self-assessment as the form records it (unnamed competencies not assessed), and their choice."""
    assessment = services.assessment_record(user=user, levels={c.value: levels.get(c.value) for c in Competency})
    services.sharing_set(user=user, shared=share)
    return assessment


def team_of(ministry, count, start=1, role=Role.FIELD_STAFF, **levels):
    people = [person(ministry, role, user__username=f"{ministry.short_name}.{n}") for n in range(start, start + count)]
    for user in people:
        assessed(user, **levels)
    return people


def shown_counts(profile):
    """{competency: [not assessed, 1..5]} of what the page shows, or None when hidden."""
    return {row.competency: row.counts for row in profile.rows} if profile.visible else None


def subtract(after, before):
    return {key: [a - b for a, b in zip(after[key], before[key], strict=True)] for key in after}


# The guard


def test_people_changed_counts_each_person_whose_assessment_differs():
    assert profiles.people_changed({1: 10, 2: 20, 3: 30}, {1: 10, 2: 21, 4: 40}) == 3
    assert profiles.people_changed({1: 10}, {1: 10}) == 0


@pytest.mark.parametrize(
    ("members", "published", "allowed"),
    [
        ({1: 1, 2: 2}, [], False),  # two people: under the threshold
        ({1: 1, 2: 2, 3: 3}, [], True),
        ({1: 1, 2: 2, 3: 3, 4: 4}, [{1: 1, 2: 2, 3: 3}], False),  # one person joined
        ({1: 1, 2: 2, 3: 3}, [{1: 1, 2: 2, 3: 9}], False),  # one person assessed again
        ({1: 1, 2: 2, 3: 3, 4: 4, 5: 5}, [{1: 1, 2: 2, 3: 3}], False),  # two joined
        ({1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6}, [{1: 1, 2: 2, 3: 3}], True),  # three joined
        ({1: 1, 2: 2, 3: 3}, [{1: 1, 2: 2, 3: 3}], True),  # the same people: nothing new
    ],
)
def test_a_profile_is_published_only_at_least_three_people_away_from_every_other(members, published, allowed):
    assert profiles.may_publish(members, published) is allowed


# The team profile


def test_a_team_profile_counts_only_people_who_shared_and_only_from_three(ministry, other_ministry, outsider_ministry):
    partnership = make_partnership([ministry, other_ministry])
    first, second = team_of(ministry, 2, **{R: 3, INFO: 4})
    private = person(other_ministry, Role.COORDINATOR, user__username="private")
    assessed(private, share=False, **{R: 5})
    team_of(outsider_ministry, 3, **{R: 1})  # not in the partnership

    profile = services.profile_refresh(partnership=partnership)
    assert (profile.visible, profile.waiting) == (False, True)

    third = person(other_ministry, Role.EXECUTIVE, user__username="third")
    assessed(third, **{R: 4})
    profile = services.profile_refresh(partnership=partnership)

    assert profile.published.size == 3
    assert shown_counts(profile)[R] == [0, 0, 0, 2, 1, 0]
    assert shown_counts(profile)[INFO] == [1, 0, 0, 0, 2, 0]
    assert shown_counts(profile)[A] == [3, 0, 0, 0, 0, 0]
    assert {first.pk, second.pk, third.pk} == set(profile.published.members.values_list("person_pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_two_pages_opened_at_once_publish_one_profile(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    team_of(ministry, 3, **{R: 3})
    start, shown = threading.Barrier(2), []

    def open_the_tab():
        try:
            start.wait(5)
            shown.append(services.profile_refresh(partnership=partnership).published.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_the_tab) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert CompetenceProfile.objects.filter(partnership=partnership).count() == 1
    assert len(shown) == 2
    assert len(set(shown)) == 1


def test_opening_the_tab_again_takes_no_lock_when_nothing_changed(ministry, other_ministry, django_assert_num_queries):
    partnership = make_partnership([ministry, other_ministry])
    team_of(ministry, 3, **{R: 3})
    first = services.profile_refresh(partnership=partnership)
    with django_assert_num_queries(5) as captured:
        again = services.profile_refresh(partnership=partnership)
    assert again.published.pk == first.published.pk
    assert not any("FOR UPDATE" in query["sql"] for query in captured.captured_queries)


def test_evaluators_and_administrators_are_not_in_the_team(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    team_of(ministry, 2, **{R: 3})
    team_of(ministry, 1, start=5, role=Role.EVALUATOR, **{R: 3})
    team_of(ministry, 1, start=6, role=Role.ADMINISTRATOR, **{R: 3})

    assert services.profile_refresh(partnership=partnership).visible is False


def test_the_team_before_and_after_one_person_shares_cannot_be_subtracted(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    team_of(ministry, 3, **{R: 3, J: 2})
    before = services.profile_refresh(partnership=partnership)
    newcomer = person(other_ministry, Role.COORDINATOR, user__username="newcomer")
    assessed(newcomer, **{R: 5, J: 5})

    after = services.profile_refresh(partnership=partnership)

    # The page still shows the figures without the newcomer, and says they will change later.
    assert shown_counts(after) == shown_counts(before)
    assert after.waiting is True
    assert CompetenceProfile.objects.filter(partnership=partnership).count() == 1

    # Two more people later, the figures move by three people: the difference is a group's.
    team_of(other_ministry, 2, start=7, **{R: 1, J: 1})
    later = services.profile_refresh(partnership=partnership)
    difference = subtract(shown_counts(later), shown_counts(before))
    assert later.published.size == 6
    assert difference[R] == [0, 2, 0, 0, 0, 1]
    assert sum(difference[R]) == 3
    assert later.waiting is False


def test_the_team_before_and_after_one_person_joins_cannot_be_subtracted(ministry, other_ministry, third_ministry):
    partnership = make_partnership([ministry, other_ministry])
    team_of(ministry, 3, **{R: 2})
    before = services.profile_refresh(partnership=partnership)
    # Someone who shared already comes into the team when their organisation joins the partnership.
    (joiner,) = team_of(third_ministry, 1, **{R: 5})
    ParticipationFactory(partnership=partnership, ministry=third_ministry)

    after = services.profile_refresh(partnership=Partnership.objects.with_participants().get(pk=partnership.pk))

    assert shown_counts(after) == shown_counts(before)
    assert after.waiting is True
    assert joiner.pk not in set(after.published.members.values_list("person_pk", flat=True))


def test_one_person_assessing_again_does_not_move_the_figures_alone(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    first, *_ = team_of(ministry, 3, **{R: 2})
    before = services.profile_refresh(partnership=partnership)
    assessed(first, **{R: 5})

    after = services.profile_refresh(partnership=partnership)

    assert shown_counts(after) == shown_counts(before)
    assert after.waiting is True


def test_the_team_and_its_organisation_cannot_be_subtracted(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    team_of(ministry, 3, **{R: 3})
    team = services.profile_refresh(partnership=partnership)
    # One more of the ministry's people, outside the team (an evaluator), shares too.
    (evaluator,) = team_of(ministry, 1, start=9, role=Role.EVALUATOR, **{R: 5})

    organisation = services.profile_refresh(ministry=ministry)

    assert team.published.size == 3
    assert organisation.visible is False
    # With two more, the organisation is three people away from the team, and shown.
    team_of(ministry, 2, start=10, role=Role.EVALUATOR, **{R: 1})
    organisation = services.profile_refresh(ministry=ministry)
    assert organisation.published.size == 6
    assert subtract(shown_counts(organisation), shown_counts(team))[R] == [0, 2, 0, 0, 0, 1]
    assert evaluator.pk in set(organisation.published.members.values_list("person_pk", flat=True))


def test_stopping_sharing_hides_every_profile_that_counted_the_person(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    first, *_ = team_of(ministry, 3, **{R: 3})
    assert services.profile_refresh(partnership=partnership).visible is True
    assert services.profile_refresh(ministry=ministry).visible is True

    services.sharing_set(user=first, shared=False)

    # Two people left cannot be shown; the old figures are not shown either, as they counted the person.
    assert services.profile_refresh(partnership=partnership).visible is False
    assert services.profile_refresh(ministry=ministry).visible is False


def test_a_deactivated_person_is_no_longer_counted(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    first, *_ = team_of(ministry, 3, **{R: 3})
    assert services.profile_refresh(partnership=partnership).visible is True
    first.is_active = False
    first.save()

    assert services.profile_refresh(partnership=partnership).visible is False


def test_the_change_between_profiles_is_the_mean_level_per_competency(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    team_of(ministry, 3, **{R: 2})
    services.profile_refresh(partnership=partnership)
    team_of(other_ministry, 3, start=4, **{R: 4})

    profile = services.profile_refresh(partnership=partnership)

    row = next(row for row in profile.rows if row.competency == R)
    assert (str(row.previous_mean), str(row.mean), str(row.change)) == ("2.0", "3.0", "1.0")
    other = next(row for row in profile.rows if row.competency == INFO)
    assert (other.mean, other.change) == (None, None)


def test_gaps_are_the_competencies_nobody_who_shared_reaches_for_the_phase(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    team_of(ministry, 3, **{R: 4, INFO: 2, J: 4, A: 5, S: 3})

    profile = services.profile_refresh(partnership=partnership)
    gaps = {gap.label: (gap.needed, gap.reaching, gap.is_gap) for gap in profile.gaps(Phase.PLANNING)}

    assert gaps == {
        Competency.RELATIONSHIPS.label: (3, 3, False),
        Competency.INFORMATION.label: (3, 0, True),
        Competency.JOINT_WORK.label: (4, 3, False),
        Competency.AGREEMENTS.label: (5, 3, False),
        Competency.INITIATIVE.label: (3, 3, False),
    }


def test_every_phase_needs_a_level_for_every_competency():
    assert set(PHASE_NEEDS) == set(Phase)
    for needs in PHASE_NEEDS.values():
        assert set(needs) == set(Competency)
        assert set(needs.values()) <= {1, 2, 3, 4, 5}
