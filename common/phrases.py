"""Sentences kept as a key and values, and worded when they are read, in the reader's language.

What a page records for later (a gate's requirements as they stood when it was asked for and decided)
must not freeze the words of whoever happened to record it: a French coordinator asks for a gate, a
Hebrew-speaking executive reads the snapshot in Hebrew. Each app registers its phrases (key → lazy
text with %(name)s placeholders) when it loads; a record keeps `Phrase(...).as_data()`, and `word`
renders it at reading time. A date value is kept as a date and formatted in the reader's way, our own
words (a lazy translation) are translated when read, and what people typed (Typed) is isolated
(common.bidi); other values (numbers, lists of numbers) are shown as they were recorded.
"""

from datetime import date

from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise

from common.bidi import isolate

PHRASES = {}


def register(phrases):
    PHRASES.update(phrases)


class Phrase:
    """One registered sentence with its values; str() words it in the active language."""

    def __init__(self, key, **values):
        if key not in PHRASES:
            raise KeyError(f"No phrase {key!r} is registered")
        self.key = key
        self.values = values

    def as_data(self):
        values = {}
        for name, value in self.values.items():
            if isinstance(value, date):
                values[name] = {"date": value.isoformat()}
            elif isinstance(value, Typed):
                values[name] = {"typed": str(value)}
            elif isinstance(value, Promise):
                # Our own words (a choice's label): kept as their English source, translated when read.
                with translation.override(None):
                    values[name] = {"translate": str(value)}
            else:
                values[name] = value if isinstance(value, int | float) else str(value)
        return {"phrase": self.key, "values": values}

    def __str__(self):
        return word(self.as_data())


class Phrases(tuple):
    """Several phrases read one after the other ("Still open: 3, 5. An organisation disagrees on: 5.")."""

    def as_data(self):
        return [phrase.as_data() for phrase in self]

    def __str__(self):
        return " ".join(str(phrase) for phrase in self)


class Typed(str):
    """A value someone typed (a reason, a name): isolated where the sentence is worded."""


def _value(value):
    if isinstance(value, dict) and "date" in value:
        return date_format(date.fromisoformat(value["date"]), "DATE_FORMAT")
    if isinstance(value, dict) and "typed" in value:
        return isolate(value["typed"])
    if isinstance(value, dict) and "translate" in value:
        return translation.gettext(value["translate"])
    return value


def word(data, fallback=""):
    """The words of stored phrase data (one phrase, or a list of them read one after the other).

    Anything else (text stored by an older version, or a phrase whose key is gone) gives `fallback`
    or the text itself: an old record stays readable, in the words it was recorded in.
    """
    if isinstance(data, list):
        return " ".join(word(item) for item in data)
    if isinstance(data, dict) and data.get("phrase") in PHRASES:
        text = PHRASES[data["phrase"]]
        return str(text % {name: _value(value) for name, value in data.get("values", {}).items()})
    if isinstance(data, str):
        return data
    return fallback
