"""Every page its own title: a screen-reader user hears the title first, and tells tabs and pages apart by it.

Walks the URL table as each role and collects the <title> of every page it gets; two kinds of page (two URL
names) never share a title, except the executive's home, which is the portfolio itself.
"""

import re
from collections import defaultdict
from html import unescape

import pytest
from django.urls import reverse

from tests.builders import ROLES
from tests.security.pages import PAGES

# The executive's home page is the portfolio (dashboards.homes.home renders it): one page at two addresses.
SAME_PAGE = {"dashboards:home": "dashboards:executive"}


def page_title(response):
    """The title of a whole page, whitespace as a browser shows it; None for a fragment or a file."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    page = response.content.decode()
    if "<html" not in page:
        return None
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    assert match, "a whole page without a <title>"
    return " ".join(unescape(match.group(1)).split())


@pytest.mark.parametrize("role", ROLES[1:])
def test_title_no_two_kinds_of_page_share_one(world, as_role, role):
    client = as_role(role)
    kinds = defaultdict(set)
    for name, (kwargs_for, expected) in PAGES.items():
        if expected[role] != 200:
            continue
        title = page_title(client.get(reverse(name, kwargs=kwargs_for(world))))
        if title is not None:
            assert title != "— Interlock", name
            kinds[title].add(SAME_PAGE.get(name, name))

    assert {title: sorted(names) for title, names in kinds.items() if len(names) > 1} == {}
    assert len(kinds) > 10  # the walk reached whole pages, not only fragments and files
