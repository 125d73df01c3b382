"""Finding text across the sources: PostgreSQL full text where we have it, a plain substring match on SQLite.

One query per source and page, whatever the number of hits: the total comes from a window over the
same query, and the snippet is computed by the database (ts_headline) or from the row already loaded.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, Q, TextField, Value, Window
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.sources import applicable

# The text-search configuration for the reader's language; Hebrew has no stemmer in PostgreSQL, so its
# words are matched as written.
CONFIGS = {"en": "english", "fr": "french", "he": "simple"}
# Marks around the matched words that cannot come from a person's text (private-use characters), turned
# into <mark> once the snippet is escaped: ts_headline returns the stored text unescaped.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARACTERS = 160
WORDS_AT_MOST = 10


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    context: str
    snippet: str


@dataclass
class Found:
    """The hits of one source on one page, and how many there are in all."""

    source: object
    hits: list
    total: int


def words(text):
    return text.split()[:WORDS_AT_MOST]


def full_text_available():
    return connection.vendor == "postgresql"


def _marked(snippet):
    # Safe: everything a person wrote is escaped first; only our own marks become tags.
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _full_text(queryset, fields, text, language):
    config = CONFIGS.get(language, "simple")
    vector = SearchVector(*fields, config=config)
    query = SearchQuery(text, config=config, search_type="websearch")
    document = Concat(*(part for field in fields for part in (F(field), Value(" "))), output_field=TextField())
    return (
        queryset.annotate(document_vector=vector)
        .filter(document_vector=query)
        .annotate(
            rank=SearchRank(vector, query),
            snippet=SearchHeadline(
                document, query, config=config, start_sel=START, stop_sel=STOP, max_words=30, min_words=12
            ),
        )
        .order_by("-rank", "-pk")
    )


def _contains(queryset, fields, text):
    for word in words(text):
        matches = Q()
        for field in fields:
            matches |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset.order_by("-pk")


def contains_snippet(row, fields, text):
    """Around the first word found, with every found word marked: the SQLite stand-in for ts_headline."""
    found = words(text)
    document = " ".join(str(getattr(row, field) or "") for field in fields)
    pattern = re.compile("|".join(re.escape(word) for word in found), re.IGNORECASE)
    first = pattern.search(document)
    begin = max(0, first.start() - SNIPPET_CHARACTERS // 3) if first else 0
    piece = document[begin : begin + SNIPPET_CHARACTERS]
    piece = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", piece)
    return ("…" if begin else "") + piece + ("…" if begin + SNIPPET_CHARACTERS < len(document) else "")


def search_source(source, *, user, text, language, ministry=None, phase="", offset=0, limit=5, full_text=None):
    """One page of `source`'s hits for `text` among what `user` may see, best first."""
    if full_text is None:
        full_text = full_text_available()
    queryset = source.rows(user)
    if ministry is not None:
        queryset = source.ministry(queryset, ministry)
    if phase:
        queryset = source.phase(queryset, phase)
    if full_text:
        queryset = _full_text(queryset, source.fields, text, language)
    else:
        queryset = _contains(queryset, source.fields, text)
    rows = list(queryset.annotate(found_in_all=Window(Count("pk")))[offset : offset + limit])
    hits = [
        Hit(
            kind=source.kind,
            title=source.title(row),
            url=source.url(row),
            context=source.context(row),
            snippet=_marked(row.snippet if full_text else contains_snippet(row, source.fields, text)),
        )
        for row in rows
    ]
    return Found(source=source, hits=hits, total=rows[0].found_in_all if rows else 0)


def search_everything(sources, *, ministry=None, phase="", **kwargs):
    """The first hits of each source that the filters apply to, in the order of `sources`."""
    return [
        search_source(source, ministry=ministry, phase=phase, **kwargs)
        for source in sources
        if applicable(source, ministry=ministry, phase=phase)
    ]
