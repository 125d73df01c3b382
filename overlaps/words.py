"""Words of a text, as the SQLite finder and the reasons compare them."""

import re

# Words shorter than this (the, and, de, les) say nothing about what a partnership does.
SIGNIFICANT_WORD = 4
WORD = re.compile(r"\w+")


def words(text):
    return {word for word in WORD.findall(text.lower()) if len(word) >= SIGNIFICANT_WORD and not word.isdigit()}


def word_similarity(a, b):
    """The SQLite stand-in for pg_trgm's similarity: words in common over words in either."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def shared_share(a, b):
    """The share of the shorter text's words found in the other: "the same audience" in other words."""
    shorter = min(len(a), len(b))
    return len(a & b) / shorter if shorter else 0.0
