"""One page of hits per kind of thing: one query each, whatever the number of hits (the total comes from a
window over the same query)."""

from dataclasses import dataclass

from django.db.models import Count, Window

from common.textsearch import matching, snippet
from search.sources import applicable


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


def search_source(source, *, user, text, language, ministry=None, phase="", offset=0, limit=5, full_text=None):
    """One page of `source`'s hits for `text` among what `user` may see, best first."""
    queryset = source.rows(user)
    if ministry is not None:
        queryset = source.ministry(queryset, ministry)
    if phase:
        queryset = source.phase(queryset, phase)
    queryset = matching(queryset, source.fields, text, language=language, full_text=full_text)
    rows = list(queryset.annotate(found_in_all=Window(Count("pk")))[offset : offset + limit])
    hits = [
        Hit(
            kind=source.kind,
            title=source.title(row),
            url=source.url(row),
            context=source.context(row),
            snippet=snippet(row, source.fields, text),
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
