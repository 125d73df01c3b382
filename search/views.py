from django.shortcuts import render
from django.utils.translation import get_language

from common.numbers import parse_positive_int
from search.forms import SearchForm
from search.queries import search_everything, search_source
from search.sources import BY_KIND, SOURCES, applicable

PAGE_SIZE = 20
FIRST_OF_EACH = 5


def results(request):
    form = SearchForm(request.GET or None)
    found, page, searched_for, query = [], None, "", request.GET.copy()
    query.pop("page", None)
    other_kinds = query.copy()
    other_kinds.pop("kind", None)
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        searched_for = data["q"]
        common = {"user": request.user, "text": data["q"], "language": get_language()}
        source = BY_KIND.get(data["kind"])
        if source is None:
            found = search_everything(
                SOURCES, ministry=data["ministry"], phase=data["phase"], limit=FIRST_OF_EACH, **common
            )
        elif applicable(source, ministry=data["ministry"], phase=data["phase"]):
            number = parse_positive_int(request.GET.get("page"), 1)
            one = search_source(
                source,
                ministry=data["ministry"],
                phase=data["phase"],
                offset=(number - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
                **common,
            )
            found, page = [one], ResultPage(number, one.total)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "found": [group for group in found if group.total] if page is None else found,
            "page": page,
            "query": query.urlencode(),
            "query_without_kind": other_kinds.urlencode(),
            "searched_for": searched_for,
            "total": sum(group.total for group in found),
        },
    )


class ResultPage:
    """What components/pagination.html reads, from the total the search query counted itself."""

    def __init__(self, number, total):
        self.number = number
        self.num_pages = max(1, -(-total // PAGE_SIZE))
        self.has_previous = number > 1
        self.has_next = number < self.num_pages
        self.has_other_pages = self.has_previous or self.has_next
        self.previous_page_number = number - 1
        self.next_page_number = number + 1
