"""The charts beside the competence tables: the published profile's counts and one's own levels over time."""

import json
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from common.dates import day_label
from competences import profiles, services
from competences.catalogue import Competency
from ministries.models import Role
from tests.factories import person

R, INFO, J, A, S = (c.value for c in Competency)
TODAY = timezone.localdate()
MINE = reverse("competences:mine")


def chart_in(page, chart_id):
    """The chart's spec as the page gives it to static/js/charts.js, or None when the page has no such chart."""
    found = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', page, re.S)
    if found is None:
        return None
    assert f'data-chart="{chart_id}"' in page
    return json.loads(found.group(1))


def shared_team(ministry, count, **levels):
    for n in range(count):
        user = person(ministry, Role.FIELD_STAFF, user__username=f"{ministry.short_name}.{n}")
        services.assessment_record(user=user, levels={c.value: levels.get(c.value) for c in Competency})
        services.sharing_set(user=user, shared=True)


def test_the_team_chart_stacks_the_tables_counts_per_level(client_for, coordinator, partnership, ministry):
    shared_team(ministry, 3, **{R: 4, INFO: 2})

    response = client_for(coordinator).get(reverse("competences:team", args=[partnership.pk]))

    profile = response.context["profile"]
    chart = profile.chart()
    assert chart["labels"] == [str(row.label) for row in profile.rows]
    assert [s["label"] for s in chart["datasets"]] == [
        "Level 1",
        "Level 2",
        "Level 3",
        "Level 4",
        "Level 5",
        "Not assessed",
    ]
    # Column by column, the table's counts: level 1 to 5, then those not assessed.
    by_row = list(zip(*(s["data"] for s in chart["datasets"]), strict=True))
    assert by_row == [(*(count for _level, count in row.by_level), row.not_assessed) for row in profile.rows]
    assert by_row[:2] == [(0, 0, 0, 3, 0, 0), (0, 3, 0, 0, 0, 0)]
    assert chart_in(response.content.decode(), "profile-chart") == chart
    assert (chart["stacked"], chart["decimals"]) == (True, 0)


def test_no_chart_while_the_profile_is_held_back(client_for, partner_coordinator, partnership, ministry):
    shared_team(ministry, 2, **{R: 4})  # two people: no figures, in the table or the chart

    response = client_for(partner_coordinator).get(reverse("competences:team", args=[partnership.pk]))

    assert response.context["profile"].chart() is None
    assert "data-chart" not in response.content.decode()


def test_the_organisations_page_has_the_same_chart(client_for, executive, ministry):
    shared_team(ministry, 3, **{A: 2})

    response = client_for(executive).get(reverse("competences:organisation", args=[ministry.pk]))

    assert chart_in(response.content.decode(), "profile-chart") == response.context["profile"].chart()


def test_the_profile_chart_reads_in_french(client_for, coordinator, partnership, ministry):
    shared_team(ministry, 3, **{R: 4})
    profile = client_for(coordinator).get(reverse("competences:team", args=[partnership.pk])).context["profile"]

    with translation.override("fr"):
        chart = profile.chart()

    assert [s["label"] for s in chart["datasets"]][::5] == ["Niveau 1", "Non évalué"]
    assert chart["axis"] == "Personnes"
    assert chart["labels"][0] == "Tisser des relations et des réseaux"


def test_ones_own_chart_follows_the_levels_oldest_first(client_for, field_officer):
    client = client_for(field_officer)
    earlier = TODAY - timedelta(days=90)
    client.post(MINE, {"assessed_on": str(earlier), R: 2, INFO: 4, J: "", A: "", S: ""})
    only_one = client.get(MINE)
    client.post(MINE, {"assessed_on": str(TODAY), R: 4, INFO: 3, J: 2, A: "", S: ""})

    response = client.get(MINE)

    assert only_one.context["history_chart"] is None  # one assessment: no change to show
    assert "data-chart" not in only_one.content.decode()
    chart = response.context["history_chart"]
    assert chart == profiles.history_chart(response.context["history"])
    assert chart["labels"] == [day_label(earlier), day_label(TODAY)]
    levels = [[2, 4], [4, 3], [None, 2], [None, None], [None, None]]
    assert [(s["label"], s["data"]) for s in chart["datasets"]] == [
        (str(c.label), line) for c, line in zip(Competency, levels, strict=True)
    ]
    # The tables list the same levels, newest first.
    assert [level for _label, level, _change in response.context["history"][0].rows] == [4, 3, 2, None, None]
    assert chart_in(response.content.decode(), "history-chart") == chart


def test_ones_own_chart_reads_in_hebrew(client_for, field_officer):
    services.assessment_record(user=field_officer, levels={R: 2}, assessed_on=TODAY - timedelta(days=30))
    services.assessment_record(user=field_officer, levels={R: 3})
    history = profiles.own_history(field_officer)

    with translation.override("he"):
        chart = profiles.history_chart(history)

    assert chart["axis"] == "רמה"
    assert chart["datasets"][0] == {"label": "בניית קשרים ורשתות", "data": [2, 3]}
