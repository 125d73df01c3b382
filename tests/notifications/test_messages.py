"""Reminders are read in the reader's language: every kind's words exist in French and Hebrew, and the inbox
words an entry from its reminder's kind and values when it is read, not when it was sent."""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from assessments.models import HealthCheck
from notifications import messages
from notifications.models import Kind, Notification, Reminder
from notifications.services import reminder_send
from partnerships.models import Phase

# Values for the codes a context may hold; everything else is a plain value.
CODES = {"flag": HealthCheck.Flag.choices[0][0], "phase": Phase.choices[0][0]}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


class Placeholder(int):
    """A number that prints as its own placeholder: formatting a sentence with plural forms with it gives
    back the English plural form's source text."""

    def __new__(cls, name):
        number = super().__new__(cls, 7)
        number.name = name
        return number

    def __str__(self):
        return f"%({self.name})s"


class Placeholders(dict):
    def __missing__(self, name):
        return Placeholder(name)


def english(kind):
    with translation.override("en"):
        # str() of a sentence with plural forms is empty until it knows its number.
        return [str(text) or text % Placeholders() for text in messages.TEXTS[kind]]


def sample_context(kind):
    names = {name for text in english(kind) for name in PLACEHOLDER.findall(text)}
    return {
        name: "2027-01-15"
        if name in messages.DATE_KEYS
        else CODES.get(name, 7 if name in messages.COUNT_KEYS else "Q7")
        for name in names
    }


def english_sentences(kind):
    """The fixed words between the values, where two English words or more stand together."""
    pieces = [piece for text in english(kind) for piece in PLACEHOLDER.split(text)]
    return [piece.strip() for piece in pieces if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2]


@pytest.mark.parametrize("language", ["fr", "he"])
@pytest.mark.parametrize("kind", sorted(messages.TEXTS))
def test_messages_each_kind_has_no_english_sentence(kind, language):
    context = sample_context(kind)

    with translation.override(language):
        title, body = messages.render(kind, context)

    words = f"{title}\n{body}"
    assert [sentence for sentence in english_sentences(kind) if sentence in words] == []
    if language == "he":
        hebrew = re.compile("[\u0590-\u05ff]")
        assert (bool(hebrew.search(title)), bool(hebrew.search(body))) == (True, True)


def test_messages_every_reminder_kind_is_worded():
    worded = set(messages.TEXTS)
    # Kinds with no reminder behind them are written when they happen (an invitation to confirm, a proposal).
    assert len(worded) >= 15
    assert worded <= set(Kind.values)


@pytest.mark.django_db
def test_inbox_a_reminder_sent_in_english_is_read_in_french(client_for, coordinator, partnership):
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    reminder = Reminder.objects.create(
        kind=Kind.REVIEW_DUE,
        subject_type=ContentType.objects.get_for_model(partnership),
        subject_id=partnership.pk,
        due_date=date(2027, 3, 1),
        recipient=coordinator,
        partnership=partnership,
        context={"partnership": "Integrated services", "due": "2027-03-01"},
        url=reverse("assessments:reviews", args=[partnership.pk]),
    )
    assert reminder_send(reminder_id=reminder.pk) is True
    notification = Notification.objects.get(reminder=reminder)
    assert notification.title == "Review of \u2068Integrated services\u2069 due on March 1, 2027"  # as the e-mail went

    coordinator.preferred_language = "fr"
    coordinator.save(update_fields=["preferred_language"])
    page = client_for(coordinator).get(reverse("notifications:inbox")).content.decode()

    assert "Examen de \u2068Integrated services\u2069 prévu le 1 mars 2027" in page
    assert "Review of Integrated services" not in page


@pytest.mark.django_db
def test_inbox_an_entry_without_a_reminder_keeps_its_words(client_for, coordinator):
    Notification.objects.create(recipient=coordinator, kind=Kind.REVIEW_DUE, title="Written once", body="As it was")

    page = client_for(coordinator).get(reverse("notifications:inbox")).content.decode()

    assert ("Written once" in page, "As it was" in page) == (True, True)


ESCALATED = {"partnership": "P", "title": "T", "due": "2027-01-15", "ministry": "M"}


@pytest.mark.parametrize(
    ("language", "digests", "escalations"),
    [
        (
            "en",
            ["Your weekly digest: 1 thing needs your attention", "Your weekly digest: 2 things need your attention"],
            ["Escalated: milestone 1 day late in \u2068P\u2069", "Escalated: milestone 5 days late in \u2068P\u2069"],
        ),
        (
            "fr",
            [
                "Votre résumé de la semaine : 1 élément demande votre attention",
                "Votre résumé de la semaine : 2 éléments demandent votre attention",
            ],
            [
                "Signalement : jalon en retard de 1 jour dans \u2068P\u2069",
                "Signalement : jalon en retard de 5 jours dans \u2068P\u2069",
            ],
        ),
        (
            "he",
            ["הסיכום השבועי שלך: נושא אחד דורש את תשומת לבך", "הסיכום השבועי שלך: שני נושאים דורשים את תשומת לבך"],
            ["הסלמה: אבן דרך מאחרת ביום אחד ב\u2068P\u2069", "הסלמה: אבן דרך מאחרת ב-5 ימים ב\u2068P\u2069"],
        ),
    ],
)
def test_messages_counts_take_each_languages_plural_form(language, digests, escalations):
    with translation.override(language):
        digest = [messages.render(Kind.DIGEST, {"count": n, "items": []})[0] for n in (1, 2)]
        escalated = [messages.render(Kind.MILESTONE_ESCALATED, {**ESCALATED, "days": n})[0] for n in (1, 5)]

    assert (digest, escalated) == (digests, escalations)


def test_messages_a_count_stored_as_text_still_takes_its_plural_form():
    with translation.override("en"):
        title, _body = messages.render(Kind.DIGEST, {"count": "1", "items": []})

    assert title == "Your weekly digest: 1 thing needs your attention"
