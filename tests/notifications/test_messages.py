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


def english(kind):
    with translation.override("en"):
        return [str(text) for text in messages.TEXTS[kind]]


def sample_context(kind):
    names = {name for text in english(kind) for name in PLACEHOLDER.findall(text)}
    return {
        name: "2027-01-15" if name in messages.DATE_KEYS else CODES.get(name, 7 if name == "count" else "Q7")
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
    assert notification.title == "Review of Integrated services due on March 1, 2027"  # as the e-mail went

    coordinator.preferred_language = "fr"
    coordinator.save(update_fields=["preferred_language"])
    page = client_for(coordinator).get(reverse("notifications:inbox")).content.decode()

    assert "Examen de Integrated services prévu le 1 mars 2027" in page
    assert "Review of Integrated services" not in page


@pytest.mark.django_db
def test_inbox_an_entry_without_a_reminder_keeps_its_words(client_for, coordinator):
    Notification.objects.create(recipient=coordinator, kind=Kind.REVIEW_DUE, title="Written once", body="As it was")

    page = client_for(coordinator).get(reverse("notifications:inbox")).content.decode()

    assert ("Written once" in page, "As it was" in page) == (True, True)
