"""Whatever is posted to a form, Interlock answers without a server error and keeps its data.

Each form is read from the page that shows it (the names of its inputs, selects and text
areas, their options and values), then Hypothesis posts mixtures of plausible values and
hostile ones: empty strings, huge strings, right-to-left text and control characters, NUL
bytes, numbers out of range, impossible dates, choices that are not offered, the ids of
another partnership's objects, formset management forms with nonsense counts, and files
that are not what they say.

Two properties, for every form:
- the answer is never a 5xx;
- when the post is refused (4xx, the form shown again, or a redirect with an error message),
  no row of Interlock's tables changed.

Each example runs in a savepoint that is rolled back, so accepted posts do not pile up.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboards.models import PortfolioVersion
from ministries import services as ministry_services
from tests.builders import ROLES, jpeg, pdf
from tests.security.pages import PAGES

# Derandomized so that CI runs the same examples every time (a failure is reproducible, never a
# flake); no example database, so nothing is written into the working tree. The numbers of
# examples keep the file under 90 seconds on two cores.
FUZZ = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PROJECT_APPS = [
    "api",
    "accounts",
    "ministries",
    "partnerships",
    "assessments",
    "budgets",
    "notifications",
    "lessons",
    "relations",
    "competences",
    "overlaps",
    "dashboards",
]


# Reading the forms of a page


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, "textarea" or "select"
    options: list = field(default_factory=list)  # values of a select, radios or checkboxes
    default: list = field(default_factory=list)  # what the page fills in
    multiple: bool = False


@dataclass
class Form:
    action: str
    fields: dict


class FormReader(HTMLParser):
    """The POST forms of a page, with their fields."""

    def __init__(self, page_path):
        super().__init__()
        self.page_path = page_path
        self.forms = []
        self._form = self._select = self._textarea = None

    def _field(self, name, kind):
        return self._form.fields.setdefault(name, Field(name, kind))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(attrs.get("action") or self.page_path).path
            self._form = Form(action, {}) if (attrs.get("method") or "").lower() == "post" else None
            return
        if self._form is None or (not attrs.get("name") and tag != "option"):
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            current = self._field(attrs["name"], kind)
            value = attrs.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio"):
                current.options.append(value)
                current.multiple = kind == "checkbox"
                if "checked" in attrs:
                    current.default.append(value)
            elif kind != "file":
                current.default = [value]
        elif tag == "select":
            self._select = self._field(attrs["name"], "select")
            self._select.multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select.options.append(value)
            if "selected" in attrs:
                self._select.default.append(value)
        elif tag == "textarea":
            self._textarea = self._field(attrs["name"], "textarea")
            self._textarea.default = [""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.default = [self._textarea.default[0] + data]

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(response, page_path):
    reader = FormReader(page_path)
    reader.feed(response.content.decode())
    return reader.forms


def fields_posting_to(client, page_url, target_url):
    """The fields of every form on `page_url` that posts to `target_url` (the CSRF token left out)."""
    response = client.get(page_url)
    assert response.status_code == 200, f"GET {page_url} answered {response.status_code}"
    fields = {}
    for form in post_forms(response, page_url):
        if form.action == target_url:
            fields.update(form.fields)
    fields.pop("csrfmiddlewaretoken", None)
    return fields


# What is posted


NUMBERS = [
    "-1",
    "0",
    "-0.000001",
    "1.999999999",
    "2147483648",
    "-9223372036854775809",
    "99999999999999999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "1,5",
    "0x1F",
]
DATES = ["2026-02-30", "0000-00-00", "99999-01-01", "2026-13-01", "31/12/2026", "1900-01-01", "9999-12-31", "yesterday"]
TEXTS = [
    "",
    " ",
    "\u202eevil\u202c",
    "مرحبا بالعالم",
    "שלום עולם",
    "\t\r\n\x0b\x0c\x1b\x7f\x85",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "\ufeff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🤝",  # noqa: RUF001 - look-alike letters are the point: hostile input
]
# Built when drawn, so that the strategies' descriptions stay short.
HUGE = st.sampled_from([("x", 20_000), ("ש", 5_000), ("9", 400)]).map(lambda pair: pair[0] * pair[1])
CHOICES = ["not-a-choice", "LEAD", "on", "true", "[]", "{}"]
COUNTS = ["-1", "0", "3", "1001", "1000000", "abc", "", "2.5"]
UPLOADS = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(["photo.jpg", "report.pdf", "page.html", "x.svg", "../../evil.pdf", "ü" * 120 + ".pdf"]),
    st.sampled_from([jpeg().read(), pdf().read(), b"<html><script>alert(1)</script>", b"", b"\x00" * 64]),
)
# Any text but NUL (which gets a test of its own) and lone surrogates (which no browser can send).
UNICODE = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)


def foreign_ids(w):
    """Ids a tampered form might send: another partnership's objects, other people, nothing at all."""
    objects = [
        w.foreign,
        w.foreign_milestone,
        w.foreign_indicator,
        w.foreign_meeting,
        w.foreign_team,
        w.outsider_ministry,
    ]
    people = [w.outsider, w.external_evaluator, w.administrator]
    return [str(o.pk) for o in objects + people] + ["999999999", "-5", "1 OR 1=1"]


def plausible(f, w):
    """A value the page itself would send for this field."""
    if f.kind in ("select", "radio", "checkbox"):
        offered = [o for o in f.options if o] or f.options
        if not offered:
            return st.just([])
        if f.multiple:
            return st.lists(st.sampled_from(offered), max_size=3, unique=True)
        return st.sampled_from(offered).map(lambda value: [value])
    if f.default and f.default[0]:
        return st.just(f.default)
    return st.just([typical(f, w)])


def typical(f, w):
    """A filled-in value for an empty field of this kind."""
    return {
        "date": w.today.isoformat(),
        "number": "12",
        "email": "claire.tremblay@example.gov",
        "url": "https://example.gov/report",
    }.get(f.kind, "Agreed with every partner.")


def hostile(f, w):
    if f.name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
        one = st.sampled_from(COUNTS)
    else:
        one = st.one_of(
            st.sampled_from(TEXTS),
            HUGE,
            UNICODE,
            st.sampled_from(NUMBERS),
            st.sampled_from(DATES),
            st.sampled_from(CHOICES),
            st.sampled_from(foreign_ids(w)),
        )
    return st.one_of(one.map(lambda value: [value]), st.lists(one, min_size=2, max_size=3))


def field_values(f, w):
    """Plausible twice as often as hostile; sometimes the field is left out altogether."""
    if f.kind == "file":
        return st.one_of(st.just(None), UPLOADS.map(lambda upload: [upload]))
    return st.one_of(plausible(f, w), plausible(f, w), hostile(f, w), st.just(None))


def post_data(fields, w):
    """A strategy for a whole post: every field's values, the left-out fields dropped."""
    return st.fixed_dictionaries({name: field_values(f, w) for name, f in fields.items()}).map(
        lambda data: {name: values for name, values in data.items() if values is not None}
    )


def filled_in(fields, w):
    """The post a careful person would make: the page's values, empty fields filled in."""
    data = {}
    for name, f in fields.items():
        if f.kind == "file":
            continue
        if f.kind in ("select", "radio", "checkbox"):
            offered = f.default or [o for o in f.options if o][:1]
            if offered:
                data[name] = offered
        else:
            data[name] = f.default if f.default and f.default[0] else [typical(f, w)]
    return data


# The invariant


def project_tables():
    # The portfolio's version counter moves on after any POST (dashboards/cache.py); it holds nobody's data.
    return sorted(
        model._meta.db_table
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed and not model._meta.proxy and model is not PortfolioVersion
    )


def snapshot():
    """Every row of Interlock's own tables as text, in one query: {table: sorted rows}."""
    quote = connection.ops.quote_name
    # The table names are our models' own, never input: S608 does not apply.
    parts = [
        f"SELECT '{table}', (SELECT coalesce(array_agg(t::text ORDER BY t::text), '{{}}') FROM {quote(table)} t)"  # noqa: S608
        for table in project_tables()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def changes(before, after):
    """{table: (rows gone, rows new)} for the tables that differ."""
    return {
        table: (sorted(set(before[table]) - set(after[table])), sorted(set(after[table]) - set(before[table])))
        for table in before
        if before[table] != after[table]
    }


def refused(response):
    """4xx, the form shown again, or a redirect carrying an error message."""
    if response.status_code >= 400 or response.status_code == 200:
        return True
    return any(m.level >= message_levels.ERROR for m in get_messages(response.wsgi_request))


def post_and_check(client, url, data):
    """Post; never a 5xx, and a refused post leaves every row as it was. Returns the response."""
    client.cookies.pop("messages", None)  # only this post's messages count
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code < 500, f"POST {url} answered {response.status_code}"
    if refused(response):
        assert changes(before, snapshot()) == {}, f"POST {url} was refused ({response.status_code}) but saved"
    return response


# The forms


@dataclass
class Spec:
    """A form: where it posts, who posts it, the page that shows it, and any step before it."""

    name: str
    actor: str
    kwargs: Any = None  # world -> kwargs of the URL
    page: Any = None  # world -> URL of the page showing the form, when not the form's own URL
    before: Any = None  # (client, world) -> None: what must happen first (the wizard's earlier steps)
    label: str = ""

    @property
    def id(self):
        return self.label or self.name

    def url(self, w):
        return reverse(self.name, kwargs=self.kwargs(w) if self.kwargs else {})

    def page_url(self, w):
        return self.page(w) if self.page else self.url(w)


def on(attr="partnership", **more):
    def build(w):
        return {"pk": getattr(w, attr).pk, **{key: getattr(w, value).pk for key, value in more.items()}}

    return build


def page(name, attr="partnership", **more):
    return lambda w: reverse(name, kwargs=on(attr, **more)(w))


def point_1(w):
    return {"pk": w.partnership.pk, "number": 1}


def wizard_step(step):
    return lambda _w: {"step": step}


NEED = {"title": "Children first", "problem": "Families fall between programs.", "public_value": "One door."}


def partners(w):
    return {
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-ministry": str(w.ministry.pk),
        "partners-0-role": "lead",
        "partners-0-gain_share": "50",
        "partners-0-risk_share": "50",
        "partners-1-ministry": str(w.other_ministry.pk),
        "partners-1-role": "supporting",
        "partners-1-gain_share": "50",
        "partners-1-risk_share": "50",
    }


def after_need(client, w):
    assert client.post(reverse("partnerships:create", kwargs={"step": "need"}), NEED).status_code == 302


def after_partners(client, w):
    after_need(client, w)
    assert client.post(reverse("partnerships:create", kwargs={"step": "partners"}), partners(w)).status_code == 302


def invitation_link(w):
    return {"token": ministry_services.invitation_token(w.invitation)}


FORMS = [
    Spec("ministries:invite", "administrator", on("ministry")),
    Spec("ministries:person", "administrator", on("ministry", user_pk="coordinator")),
    Spec(
        "ministries:membership_edit",
        "administrator",
        on("ministry", membership_pk="membership"),
        page=page("ministries:person", "ministry", user_pk="coordinator"),
    ),
    Spec("ministries:person_deactivate", "administrator", on("ministry", user_pk="coordinator")),
    Spec("ministries:new", "administrator"),
    Spec("ministries:edit", "administrator", on("ministry")),
    Spec("ministries:sign_in_settings", "administrator", on("ministry")),
    Spec("ministries:unit_new", "administrator", on("ministry")),
    Spec("ministries:unit_edit", "administrator", on("ministry", unit_pk="unit")),
    Spec("ministries:jurisdiction_new", "administrator"),
    Spec(
        "ministries:jurisdiction_edit",
        "administrator",
        lambda w: {"jurisdiction_pk": w.ministry.jurisdiction_id},
    ),
    Spec("ministries:region_new", "administrator"),
    Spec("ministries:region_edit", "administrator", lambda w: {"region_pk": w.region.pk}),
    Spec("ministries:invitation_accept", "anonymous", invitation_link),
    Spec("imports:new", "administrator"),
    Spec("accounts:profile", "coordinator"),
    Spec("accounts:two_factor_setup", "executive"),
    Spec("accounts:set_language", "coordinator", page=lambda w: reverse("accounts:profile")),
    Spec("login", "anonymous"),
    Spec("api:tokens", "coordinator"),
    Spec(
        "api:token_revoke", "coordinator", lambda w: {"token_pk": w.api_token.pk}, page=lambda w: reverse("api:tokens")
    ),
    Spec("password_change", "coordinator"),
    Spec("partnerships:create", "coordinator", wizard_step("need"), label="partnerships:create[need]"),
    Spec(
        "partnerships:create",
        "coordinator",
        wizard_step("partners"),
        before=after_need,
        label="partnerships:create[partners]",
    ),
    Spec(
        "partnerships:create",
        "coordinator",
        wizard_step("setup"),
        before=after_partners,
        label="partnerships:create[setup]",
    ),
    Spec("partnerships:edit", "coordinator", on()),
    Spec("partnerships:participations", "coordinator", on()),
    Spec("partnerships:structure", "coordinator", on()),
    Spec(
        "ministries:person_edit",
        "administrator",
        lambda w: {"pk": w.ministry.pk, "membership_pk": w.coordinator.memberships.get().pk},
    ),
    Spec("partnerships:team_new", "coordinator", on()),
    Spec("partnerships:team_edit", "coordinator", on(team_pk="team")),
    Spec("partnerships:engagement_add", "coordinator", on(participation_pk="stakeholder")),
    Spec("ministries:site_new", "coordinator"),
    Spec("ministries:site_edit", "coordinator", on("joint_site")),
    Spec("charters:charter_edit", "coordinator", on()),
    Spec("charters:charter_new_version", "coordinator", on("signing")),
    Spec("charters:charter_sign", "executive", on("signing"), page=page("charters:charter", "signing")),
    Spec("charters:charter_send", "coordinator", on(), page=page("charters:charter")),
    Spec("assessments:point_edit", "coordinator", point_1),
    Spec(
        "assessments:point_position",
        "coordinator",
        point_1,
        page=page("assessments:points"),
    ),
    Spec("assessments:evidence_add", "coordinator", point_1),
    Spec("assessments:worksheet_value", "coordinator", on()),
    Spec("assessments:worksheet_partners", "coordinator", on()),
    Spec("assessments:worksheet_conflict", "coordinator", on()),
    Spec("assessments:gate_request", "coordinator", on("signing"), page=page("assessments:gate", "signing")),
    Spec("assessments:gate_decide", "executive", on()),
    Spec("assessments:gate_position", "executive", on("committee"), page=page("assessments:gate", "committee")),
    Spec("assessments:health_answer", "field_officer", on(check_pk="health_check")),
    Spec("relations:survey_answer", "field_officer", on(survey_pk="relationship_survey")),
    Spec("relations:cluster_survey_answer", "field_officer", on("cluster", survey_pk="cluster_survey")),
    Spec("competences:mine", "field_officer"),
    Spec("competences:sharing", "coordinator", page=lambda w: reverse("competences:mine")),
    Spec("assessments:review_add", "coordinator", on()),
    Spec("assessments:evaluation_add", "evaluator", on()),
    Spec("assessments:expectation_add", "coordinator", on()),
    Spec("assessments:evaluator_assign", "coordinator", on()),
    Spec("lessons:record", "coordinator", on()),
    Spec("overlaps:mark", "coordinator", on(other="signing")),
    Spec("budgets:setup", "coordinator", on("signing")),
    Spec("budgets:edit", "coordinator", on()),
    Spec("budgets:grant_add", "coordinator", on(funder_pk="funder")),
    Spec("budgets:grant_edit", "coordinator", on(funder_pk="funder", grant_pk="grant")),
    Spec("budgets:contributions", "coordinator", on()),
    Spec("budgets:transfer_add", "coordinator", on()),
    Spec(
        "budgets:transfer_action",
        "coordinator",
        lambda w: {"pk": w.partnership.pk, "transfer_pk": w.transfer.pk, "action": "send"},
        page=page("budgets:transfers"),
    ),
    Spec("budgets:expenditure_add", "coordinator", on()),
    Spec("results:progress_new", "field_officer"),
    Spec("results:progress_edit", "field_officer", on(log_pk="progress_log")),
    Spec("results:milestone_new", "coordinator", on()),
    Spec("results:milestone_edit", "coordinator", on(milestone_pk="milestone")),
    Spec("results:milestone_done", "field_officer", on(milestone_pk="milestone")),
    Spec("results:indicator_new", "coordinator", on()),
    Spec("results:indicator_edit", "coordinator", on(indicator_pk="indicator")),
    Spec("results:measurement_new", "field_officer", on(indicator_pk="indicator")),
    Spec("results:measurement_edit", "field_officer", on(measurement_pk="measurement")),
    Spec(
        "results:measurement_review",
        "coordinator",
        on(measurement_pk="submitted_measurement"),
        page=page("results:indicator", indicator_pk="indicator"),
    ),
    Spec("meetings:meeting_new", "coordinator", on()),
    Spec("meetings:meeting_edit", "coordinator", on(meeting_pk="meeting")),
    Spec("meetings:decision_new", "coordinator", on()),
    Spec("meetings:meeting_decision_new", "coordinator", on(meeting_pk="meeting")),
    Spec("meetings:conflict_decide", "coordinator", on(conflict_pk="conflict")),
    Spec("meetings:decision_verdict", "coordinator", on(decision_pk="decision")),
    Spec(
        "meetings:decision_vote",
        "executive",
        on(decision_pk="vote_decision"),
        page=page("meetings:meeting", meeting_pk="meeting"),
    ),
    Spec("meetings:action_new", "coordinator", on()),
    Spec("meetings:meeting_action_new", "coordinator", on(meeting_pk="meeting")),
    Spec("meetings:action_status", "coordinator", on(item_pk="action_item"), page=page("meetings:meetings")),
    Spec("meetings:conflict_new", "field_officer", on()),
    Spec("meetings:conflict_edit", "coordinator", on(conflict_pk="conflict")),
    Spec(
        "meetings:conflict_escalate",
        "coordinator",
        on(conflict_pk="conflict"),
        page=page("meetings:conflict", conflict_pk="conflict"),
    ),
]
FORM_IDS = [spec.id for spec in FORMS]


def prepared(world, as_role, spec):
    """The signed-in client, the form's URL and its fields as the page shows them."""
    client = as_role(spec.actor)
    if spec.before:
        spec.before(client, world)
    url = spec.url(world)
    fields = fields_posting_to(client, spec.page_url(world), url)
    # A form with nothing but hidden fields is a button (send, withdraw...): those count too.
    assert fields or spec.name in BUTTONS, f"{spec.page_url(world)} shows no form posting to {url}"
    return client, url, fields


BUTTONS = {"charters:charter_send", "api:token_revoke"}


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
@FUZZ
@given(data=st.data())
def test_any_post_is_answered_without_error_and_a_refusal_changes_nothing(world, as_role, spec, data):
    client, url, fields = prepared(world, as_role, spec)
    post = data.draw(post_data(fields, world), label="post")

    with transaction.atomic():
        if spec.before:
            spec.before(client, world)
        post_and_check(client, url, post)
        transaction.set_rollback(True)


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
def test_a_nul_character_in_any_field_is_refused_not_a_server_error(world, as_role, spec):
    """PostgreSQL cannot store NUL in text: a NUL in any one field of an otherwise careful post is no 5xx."""
    client, url, fields = prepared(world, as_role, spec)
    careful = filled_in(fields, world)
    for name in [name for name, f in fields.items() if f.kind != "file"]:
        with transaction.atomic():
            if spec.before:
                spec.before(client, world)
            post_and_check(client, url, {**careful, name: ["Agreed\x00 with every partner"]})
            transaction.set_rollback(True)


def test_every_form_on_every_page_is_fuzzed(world, as_role):
    """A page that shows a form posting fields somewhere must have that form in FORMS."""
    fuzzed = {spec.name for spec in FORMS}
    missing = set()
    for role in ROLES[1:]:
        client = as_role(role)
        for name, (kwargs_for, expected) in PAGES.items():
            if expected[role] != 200:
                continue
            url = reverse(name, kwargs=kwargs_for(world))
            response = client.get(url)
            if not response["Content-Type"].startswith("text/html"):
                continue
            for form in post_forms(response, url):
                posted = {n: f for n, f in form.fields.items() if n != "csrfmiddlewaretoken"}
                target = resolve(form.action).view_name
                if posted and target not in fuzzed and not target.startswith("admin:"):
                    missing.add(f"{target} (on {name} as {role})")
    assert sorted(missing) == []


# What the fuzzing found, pinned down


def test_the_language_switch_reads_a_next_without_a_slash_as_a_path(world, as_role):
    # redirect() took "hello" for a URL name and failed to reverse it: a 500.
    response = as_role("coordinator").post(reverse("accounts:set_language"), {"language": "fr", "next": "hello"})

    assert (response.status_code, response.url) == (302, "hello")


def test_a_username_longer_than_any_account_is_refused_before_it_is_tried(world, as_role):
    from axes.models import AccessAttempt

    # Django checked the length only in the browser; django-axes then failed storing the name: a 500.
    response = as_role("anonymous").post(reverse("login"), {"username": "x" * 300, "password": "a-long-pass-phrase"})

    assert response.context["form"].errors == {
        "username": ["Ensure this value has at most 150 characters (it has 300)."]
    }
    assert AccessAttempt.objects.count() == 0


def test_a_feed_page_number_too_long_is_the_first_page(world, as_role):
    # The page number went straight into OFFSET: past a bigint, a 500. Like every number typed
    # into a query string (common.numbers.parse_positive_int), one of more digits than any page
    # could have is the first page.
    url = reverse("results:progress", kwargs={"pk": world.partnership.pk})

    response = as_role("coordinator").get(url, {"page": "9" * 30})

    assert (response.status_code, response.context["page"].number) == (200, 1)


def test_a_forged_form_count_does_not_make_thousands_of_forms(world, as_role):
    from partnerships.forms import MAX_MINISTRIES

    client = as_role("coordinator")
    before = world.partnership.participations.count()

    response = client.post(
        f"/partnerships/{world.partnership.pk}/ministries/",
        {"partners-TOTAL_FORMS": "1000000", "partners-INITIAL_FORMS": "0"},
    )

    assert response.status_code == 200
    assert len(response.context["formset"].forms) <= MAX_MINISTRIES
    assert world.partnership.participations.count() == before
