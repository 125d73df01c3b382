"""What a person typed, isolated from the words around it, wherever it is shown.

Pages wrap it in <bdi>. Where there is no markup (a plain-text e-mail, an e-mail subject, a
spreadsheet cell, a sentence stored and filled in later) the same isolation is written with the
Unicode isolate characters: FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE. Inside them the text
takes its own direction from its first letter, and outside them it counts as one neutral block: a
Hebrew title in an English sentence, or "Budget 2026" in a Hebrew one, keeps its order and does not
pull the numbers and punctuation next to it to its side. Every e-mail client and spreadsheet program
that follows Unicode's bidirectional algorithm (6.3 and later) honours them; the characters are
invisible.
"""

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolate(value):
    """`value` as text in one isolate; empty text stays empty (an isolate of nothing only gets in the way)."""
    text = "" if value is None else str(value)
    if not text:
        return text
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"


def isolate_each(values, separator=", "):
    """A list of typed things ("Ministry A, משרד ב"): each one its own isolate, so the commas stay between them."""
    return separator.join(isolate(value) for value in values if value not in (None, ""))


def strip_isolates(text):
    """The text without isolate characters: for what a program reads back (an import, a comparison)."""
    return str(text).replace(FIRST_STRONG_ISOLATE, "").replace(POP_DIRECTIONAL_ISOLATE, "")
