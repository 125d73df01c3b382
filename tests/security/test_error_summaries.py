"""Every form the URL walk reaches, sent without its fields: when it comes back with errors, the page says so first.

The error summary (templates/components/error_summary.html) sits at the top of the page and the title starts
with "Error:" whenever a field is marked invalid, whichever form it is.
"""

import re

import pytest
from django.urls import reverse

from tests.security.pages import PAGES

# How many forms each role reached when this test was written: the walk must not quietly check fewer.
FORMS_REACHED = {"coordinator": 41, "field_officer": 10, "administrator": 13}


def field_id(tag):
    found = re.search(r'\sid="([^"]+)"', tag)
    return found and found.group(1)


def field_name(tag):
    return re.search(r'\sname="([^"]+)"', tag).group(1)


def forms_answered(world, client, role):
    """(URL name, response) for each page of the role that answers an empty POST with its form again."""
    for name, (kwargs_for, expected) in PAGES.items():
        if expected[role] != 200 or name.startswith("admin:"):
            continue
        url = reverse(name, kwargs=kwargs_for(world))
        # Not quite empty: a view binding `request.POST or None` would leave an empty form unbound.
        response = client.post(url, {"unknown": "x"})
        page = response.content.decode() if response.get("Content-Type", "").startswith("text/html") else ""
        if response.status_code == 200 and "<html" in page and "is-invalid" in page:
            yield name, page


@pytest.mark.parametrize("role", FORMS_REACHED)
def test_error_summary_on_every_form_sent_without_fields(world, as_role, role):
    client = as_role(role)
    checked = []
    for name, page in forms_answered(world, client, role):
        title = " ".join(re.search(r"<title>(.*?)</title>", page, re.S).group(1).split())
        summary = re.search(r'<div class="alert alert-danger error-summary"\s+role="alert"(.*?)</div>', page, re.S)
        assert summary, f"{name}: a form with errors and no error summary"
        # By the fields' names: a list of radio buttons is one field, linked by its first button.
        fields = {field_id(tag): field_name(tag) for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", page)}
        invalid = {field_name(tag) for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*is-invalid[^>]*>", page)}
        linked = {fields.get(target) for target in re.findall(r'href="#([^"]+)"', summary.group(1))}
        assert (title.startswith("Error: "), sorted(invalid - linked)) == (True, []), name
        checked.append(name)
    assert len(checked) >= FORMS_REACHED[role]
