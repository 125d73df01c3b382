"""Every URL, for every role: who gets the page, who is refused, and how.

PAGES maps each URL name to the kwargs of the world's objects it needs and the status a GET
answers for each role. A URL that is not in PAGES fails the walk: a new page cannot slip in
without someone deciding who may open it.

- Anonymous people are sent to sign in, except on the pages open to them.
- Outsiders (a coordinator of a ministry that does not take part) get 404 on everything of the
  partnership: they must not learn that it exists.
- Participants without the right get 403; POST-only views answer 405 to a GET.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.builders import ROLES
from tests.security.pages import PAGES, POST_ONLY, URL_NAMES

# Expected statuses: a dict role -> status for a GET.


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", URL_NAMES)
def test_get_answers_each_role_as_the_rules_say(world, as_role, name, role):
    if name not in PAGES:
        pytest.fail(f"{name} is not in PAGES in {__name__}: add it, with its kwargs and the status each role gets.")
    kwargs_for, expected = PAGES[name]
    url = reverse(name, kwargs=kwargs_for(world))

    response = as_role(role).get(url)

    assert response.status_code == expected[role], f"GET {url} as {role}"
    if role == "anonymous" and expected[role] == 302:
        location = urlsplit(response.url)
        sign_in = reverse("admin:login") if name.startswith("admin:") else reverse("login")
        assert (location.path, parse_qs(location.query)) == (sign_in, {"next": [url]})


def test_the_table_names_only_urls_that_exist():
    assert sorted(set(PAGES) - set(URL_NAMES)) == []


POST_ONLY_NAMES = [name for name, (_kwargs, expected) in PAGES.items() if expected == POST_ONLY]


@pytest.mark.parametrize("name", POST_ONLY_NAMES)
def test_a_post_without_the_csrf_token_is_refused(world, db, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    kwargs_for, _expected = PAGES[name]

    response = client.post(reverse(name, kwargs=kwargs_for(world)))

    assert (response.status_code, response.reason_phrase) == (403, "Forbidden")
    assert b"CSRF" in response.content


# Query strings: the pages read a page number, filters and the like from the URL, where anyone can type.
HOSTILE_QUERY_VALUES = ["\x00", "9" * 30, "-1", "\u202eשלום", "x" * 5000]  # noqa: RUF001 - Hebrew on purpose


def query_keys():
    from dashboards.filters import PortfolioFilter
    from partnerships.filters import PartnershipFilter

    read_by_views = ["page", "show", "partnership", "period", "year", "inline", "left", "right"]
    return sorted({*read_by_views, *PartnershipFilter.base_filters, *PortfolioFilter.base_filters})


@pytest.mark.parametrize(
    "name", [name for name, (_kwargs, expected) in PAGES.items() if expected["coordinator"] == 200]
)
def test_a_hostile_query_string_is_never_a_server_error(world, as_role, name):
    client = as_role("coordinator")
    kwargs_for, _expected = PAGES[name]
    url = reverse(name, kwargs=kwargs_for(world))

    answers = {
        repr(value)[:20]: client.get(url, dict.fromkeys(query_keys(), value)).status_code
        for value in HOSTILE_QUERY_VALUES
    }

    assert [value for value, status in answers.items() if status >= 500] == []
