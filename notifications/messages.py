"""What each kind of reminder says, as translatable text filled from the reminder's context.

The scan stores plain values (titles, ISO dates, codes); `render` turns them into words in the
language that is active, which the sender sets to the recipient's preferred language.
"""

from datetime import date

from django.utils.formats import date_format

from common.bidi import isolate

# Each app states what its kinds of reminder say, in its reminders.py, and registers them here
# when it is loaded (AppConfig.ready): (title, body) per kind, with %(name)s filled from the context;
# a sentence with a number in it is an ngettext_lazy(singular, plural, "the number's name").
TEXTS = {}
# Codes stored in a reminder's context (a phase, a flag), each with the function that words it.
LABELS = {}
# Kinds whose context is made when the reminder is sent, not when the scan claims it (the weekly
# digest: one claim for every executive, its list as it stands when it goes out). Each maps to
# compose(recipient, today) -> context, or None when there is nothing to say (nothing is sent).
COMPOSERS = {}
# Kinds whose e-mail carries a file (a meeting's invitation): attach(reminder) -> (filename, content,
# mimetype), or None when there is nothing to attach (the subject is gone).
ATTACHMENTS = {}


def register(texts):
    TEXTS.update(texts)


def register_labels(**words):
    LABELS.update(words)


def register_composer(kind, compose):
    COMPOSERS[kind] = compose


def register_attachment(kind, attach):
    ATTACHMENTS[kind] = attach


DATE_KEYS = {"due", "closes", "sent", "requested", "start", "end"}
# The numbers a sentence's plural form follows; a number stored as text is read back as one.
COUNT_KEYS = {"count", "days"}


def _localised(context):
    """Dates in the active language's format, codes as their translated labels, and the rest (titles and
    names people typed) isolated, so that a Hebrew title keeps its order in an English sentence and the
    other way round: in the inbox, the e-mail's subject, its text part and its HTML part alike."""
    values = dict(context)
    ours = set()
    for key in DATE_KEYS & values.keys():
        values[key] = date_format(date.fromisoformat(values[key]), "DATE_FORMAT")
        ours.add(key)
    for key, words in LABELS.items():
        if key in values:
            values[key] = words(values[key])
            ours.add(key)
    for key in COUNT_KEYS & values.keys():
        if isinstance(values[key], str) and values[key].isdigit():
            values[key] = int(values[key])
    for key, value in values.items():
        if key not in ours and isinstance(value, str):
            values[key] = isolate(value)
    return values


def render(kind, context):
    """(title, body) of a reminder in the active language."""
    title, body = TEXTS[kind]
    values = _localised(context)
    # `%` rather than str() first: a sentence with a count (ngettext_lazy(…, "days")) picks its plural form
    # from the values, "1 day late" / "3 days late", in each language's own rules.
    return str(title % values), str(body % values)


def render_items(items):
    """The digest's lines: each item is a small reminder of its own (kind, context, url)."""
    lines = []
    for item in items:
        title, _body = render(item["kind"], item["context"])
        lines.append({"title": title, "url": item["url"]})
    return lines
