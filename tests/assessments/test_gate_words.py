"""The requirements "at the time" of a gate request and decision are kept as phrases (a key and values) and
worded when they are read, in the reader's language; a snapshot stored before phrases keeps its words."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from assessments import services
from assessments.models import GateDecision, Recommendation
from assessments.models.gates import requirements_as_read
from common import phrases
from common.phrases import Phrase, Phrases, Typed
from tests.builders import settle_points
from tests.factories import GateDecisionFactory

GATE_KEYS = sorted(key for key in phrases.PHRASES if key.startswith("gate."))
SAMPLE = {
    "points": "1-3",
    "numbers": "4, 5",
    "count": 3,
    "names": "MOH",
    "number": 2,
    "what": Recommendation.RENEW.label,
    "person": Typed("Dana Levi"),
    "date": date(2027, 1, 15),
    "reason": Typed("No money of its own."),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def source(key):
    """The English words of a phrase; one with plural forms gives its plural, the count as a placeholder."""
    text = phrases.PHRASES[key]
    with translation.override("en"):
        return str(text) or (text % {"count": 2}).replace("2", "%(count)s", 1)


def sample(key):
    names = PLACEHOLDER.findall(source(key))
    return Phrase(key, **{name: SAMPLE[name] for name in names}).as_data()


def english_sentences(key):
    """The fixed words between the values, where two English words or more stand together."""
    pieces = PLACEHOLDER.split(source(key))
    return [piece.strip() for piece in pieces if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2]


def test_every_gate_phrase_is_registered_when_the_app_loads():
    assert len(GATE_KEYS) == 24
    assert {"gate.points", "gate.waived", "gate.evaluation.met"} <= set(GATE_KEYS)


@pytest.mark.parametrize("language", ["fr", "he"])
@pytest.mark.parametrize("key", GATE_KEYS)
def test_each_gate_line_has_no_english_sentence(key, language):
    data = sample(key)

    with translation.override("en"):
        english = phrases.word(data)
    with translation.override(language):
        worded = phrases.word(data)

    assert worded != english or not english_sentences(key)
    assert [sentence for sentence in english_sentences(key) if sentence in worded] == []
    if language == "he":
        assert re.search("[\u0590-\u05ff]", worded)


def test_dates_are_worded_for_the_reader_and_typed_values_isolated():
    data = sample("gate.waived")

    with translation.override("fr"):
        french = phrases.word(data)
    with translation.override("en"):
        english = phrases.word(data)
        recommendation = phrases.word(sample("gate.evaluation.met"))

    assert english == "Waived by \u2068Dana Levi\u2069 on Jan. 15, 2027: \u2068No money of its own.\u2069"
    assert french == "Levée par \u2068Dana Levi\u2069 le 15 janvier 2027 : \u2068No money of its own.\u2069"
    assert recommendation == "Evaluated; recommendation: Renew for a new cycle."


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 review held in this cycle.", "2 reviews held in this cycle."),
        ("fr", "1 examen tenu dans ce cycle.", "2 examens tenus dans ce cycle."),
        ("he", "סקירה אחת התקיימה במחזור זה.", "שתי סקירות התקיימו במחזור זה."),
    ],
)
def test_a_count_in_a_gate_line_takes_the_plural_form_of_the_readers_language(language, one, two):
    lines = [Phrase("gate.review.met", count=count).as_data() for count in (1, 2)]

    with translation.override(language):
        assert [phrases.word(line) for line in lines] == [one, two]


def test_several_phrases_are_read_one_after_the_other():
    detail = Phrases([Phrase("gate.points.open", numbers="4, 5"), Phrase("gate.points.disputed", numbers="5")])

    with translation.override("en"):
        assert phrases.word(detail.as_data()) == "Still open: 4, 5. An organisation disagrees on: 5."
        assert str(detail) == "Still open: 4, 5. An organisation disagrees on: 5."


def test_an_unknown_phrase_cannot_be_recorded():
    with pytest.raises(KeyError):
        Phrase("gate.nothing")


def test_a_snapshot_stored_before_phrases_keeps_its_words():
    old = [{"label": "Points 1-3 addressed", "state": "met", "detail": "All addressed.", "fix_url": ""}]
    gone = [{"label": "Kept", "label_words": {"phrase": "gone.key", "values": {}}, "detail": "", "detail_words": 3}]

    with translation.override("he"):
        assert [(i["label"], i["detail"]) for i in requirements_as_read(old + gone)] == [
            ("Points 1-3 addressed", "All addressed."),
            ("Kept", ""),
        ]


def test_the_decision_keeps_phrases_and_a_french_reader_reads_them_in_french(
    client_for, partnership, coordinator, executive
):
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)
    decision = services.gate_decide(request=request, by=executive, outcome="go", reason="Good groundwork.")
    executive.preferred_language = "fr"
    executive.save(update_fields=["preferred_language"])

    page = client_for(executive).get(reverse("assessments:gate", args=[partnership.pk])).content.decode()

    stored = decision.requirements_snapshot[0]
    assert (stored["label"], stored["label_words"]) == (
        "Points 1-3 addressed",
        {"phrase": "gate.points", "values": {"points": "1-3"}},
    )
    assert [item["label"] for item in request.requirements_at_the_time] == [
        "Points 1-3 addressed",
        "At least 2 organisations take part",
    ]
    with translation.override("fr"):
        french = [f"{item['label']}: {item['detail']}" for item in decision.requirements_at_the_time]
    assert all(line in page for line in french)
    assert "Points 1-3 addressed" not in page


def test_an_old_decision_without_phrases_still_shows(client_for, partnership, executive):
    GateDecisionFactory(request__partnership=partnership, request__status="decided", decided_by=executive)

    page = client_for(executive).get(reverse("assessments:gate", args=[partnership.pk])).content.decode()

    assert GateDecision.objects.count() == 1
    assert "Points 1-3 addressed: " in page
