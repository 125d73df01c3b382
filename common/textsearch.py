"""Finding words in text columns: PostgreSQL full text where we have it, a plain substring match on SQLite.

The search page and the lessons library both ask `matching`; each hit's snippet comes from the database
(ts_headline) or, on SQLite, from the row already loaded, so a page of hits costs one query.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

# The text-search configuration for the reader's language; Hebrew has no stemmer in PostgreSQL, so its
# words are matched as written.
CONFIGS = {"en": "english", "fr": "french", "he": "simple"}
# Marks around the matched words that cannot come from a person's text (private-use characters), turned
# into <mark> once the snippet is escaped: ts_headline returns the stored text unescaped.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARACTERS = 160
WORDS_AT_MOST = 10


def words(text):
    return text.split()[:WORDS_AT_MOST]


def full_text_available():
    return connection.vendor == "postgresql"


def matching(queryset, fields, text, *, language, any_word=False, full_text=None):
    """The rows whose `fields` hold the words of `text` (all of them, or `any_word`), best first, each with
    what `snippet` shows."""
    if full_text is None:
        full_text = full_text_available()
    if not full_text:
        found = Q()
        for word in words(text):
            found_in_a_field = Q()
            for field in fields:
                found_in_a_field |= Q(**{f"{field}__icontains": word})
            found = (found | found_in_a_field) if any_word else (found & found_in_a_field)
        return queryset.filter(found).order_by("-pk")
    config = CONFIGS.get(language, "simple")
    vector = SearchVector(*fields, config=config)
    query = SearchQuery(" or ".join(words(text)) if any_word else text, config=config, search_type="websearch")
    document = Concat(*(part for field in fields for part in (F(field), Value(" "))), output_field=TextField())
    return (
        queryset.annotate(document_vector=vector)
        .filter(document_vector=query)
        .annotate(
            rank=SearchRank(vector, query),
            headline=SearchHeadline(
                document, query, config=config, start_sel=START, stop_sel=STOP, max_words=30, min_words=12
            ),
        )
        .order_by("-rank", "-pk")
    )


def snippet(row, fields, text):
    """Where `row` (from `matching`) holds the words, escaped, with the words in <mark>."""
    found = getattr(row, "headline", None)
    if found is None:
        found = _around_the_words(" ".join(str(getattr(row, field) or "") for field in fields), text)
    # Safe: everything a person wrote is escaped first; only our own marks become tags.
    return mark_safe(escape(found).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _around_the_words(document, text):
    """Around the first word found, with every found word marked: the SQLite stand-in for ts_headline."""
    pattern = re.compile("|".join(re.escape(word) for word in words(text)), re.IGNORECASE)
    first = pattern.search(document)
    begin = max(0, first.start() - SNIPPET_CHARACTERS // 3) if first else 0
    piece = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", document[begin : begin + SNIPPET_CHARACTERS])
    return ("…" if begin else "") + piece + ("…" if begin + SNIPPET_CHARACTERS < len(document) else "")
