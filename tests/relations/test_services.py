"""Opening rounds by hand and on the cadence, and answering them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.models import Partnership
from relations import services
from relations.models import SCORE_NAMES, RelationshipRating, RelationshipRespondent, RelationshipSurvey
from tests.builders import make_partnership

TODAY = timezone.localdate()


def all_threes(*ministries):
    return {m.pk: {**dict.fromkeys(SCORE_NAMES, 3), "comment": " Good partner "} for m in ministries}


def test_opening_twice_the_same_day_keeps_one_round(partnership, coordinator):
    first = services.survey_open(partnership=partnership, opened_by=coordinator, today=TODAY)
    second = services.survey_open(partnership=partnership, today=TODAY)

    assert first == second
    assert (first.opens_on, first.closes_on, first.opened_by) == (TODAY, TODAY + timedelta(days=21), coordinator)


def test_a_closed_partnership_or_a_single_participant_opens_nothing(ministry, other_ministry):
    closed = make_partnership([ministry, other_ministry], status=Partnership.Status.CLOSED)
    alone = make_partnership([ministry, other_ministry])
    alone.participations.filter(ministry=other_ministry).update(kind="funder", gain_share=0, risk_share=0)

    with pytest.raises(ValidationError, match="closed"):
        services.survey_open(partnership=closed, today=TODAY)
    with pytest.raises(ValidationError, match="at least two participants"):
        services.survey_open(partnership=alone, today=TODAY)
    assert RelationshipSurvey.objects.count() == 0


def test_the_cadence_opens_a_round_once_per_period(ministry, other_ministry, third_ministry, settings):
    settings.INTERLOCK_RELATIONSHIP_SURVEY_MONTHS = 6
    start = date(2026, 1, 10)
    due = make_partnership([ministry, other_ministry], start_date=start)
    make_partnership([ministry, third_ministry], start_date=date(2026, 5, 1), title="Too young")
    lonely = make_partnership([ministry, third_ministry], start_date=start, title="Alone")
    lonely.participations.filter(ministry=third_ministry).update(kind="stakeholder", gain_share=0, risk_share=0)

    assert services.surveys_open_due(today=date(2026, 7, 9)) == 0
    assert services.surveys_open_due(today=date(2026, 7, 10)) == 1
    assert services.scan_relationship_surveys() in (0, 1)  # today's date: whatever is due now, once
    assert services.surveys_open_due(today=date(2026, 7, 11)) == 0
    assert services.surveys_open_due(today=date(2027, 1, 10)) == 1
    assert list(due.relationship_surveys.values_list("due_date", flat=True).order_by("due_date"))[:2] == [
        date(2026, 7, 10),
        date(2027, 1, 10),
    ]
    assert not lonely.relationship_surveys.exists()


def test_an_answer_is_kept_apart_from_who_gave_it(partnership, field_officer, ministry, other_ministry):
    survey = services.survey_open(partnership=partnership, today=TODAY)

    services.survey_respond(
        survey=survey, user=field_officer, ministry=ministry, ratings=all_threes(other_ministry), today=TODAY
    )

    assert list(RelationshipRating.objects.values_list("rater", "rated", "trust_mission", "comment")) == [
        (ministry.pk, other_ministry.pk, 3, "Good partner")
    ]
    assert list(RelationshipRespondent.objects.values_list("user", flat=True)) == [field_officer.pk]
    assert services.has_answered(field_officer, survey)


def test_answers_refused_when_closed_for_another_ministry_incomplete_or_twice(
    partnership, field_officer, ministry, other_ministry, third_ministry
):
    survey = services.survey_open(partnership=partnership, today=TODAY)

    with pytest.raises(ValidationError, match="closed"):
        services.survey_respond(
            survey=survey,
            user=field_officer,
            ministry=ministry,
            ratings=all_threes(other_ministry),
            today=TODAY + timedelta(days=30),
        )
    with pytest.raises(ValidationError, match="organisation you work in"):
        services.survey_respond(
            survey=survey, user=field_officer, ministry=other_ministry, ratings=all_threes(ministry), today=TODAY
        )
    with pytest.raises(ValidationError, match="Rate every other participant"):
        services.survey_respond(
            survey=survey, user=field_officer, ministry=ministry, ratings=all_threes(third_ministry), today=TODAY
        )
    services.survey_respond(
        survey=survey, user=field_officer, ministry=ministry, ratings=all_threes(other_ministry), today=TODAY
    )
    with pytest.raises(ValidationError, match="already answered"):
        services.survey_respond(
            survey=survey, user=field_officer, ministry=ministry, ratings=all_threes(other_ministry), today=TODAY
        )
    assert RelationshipRating.objects.count() == 1
