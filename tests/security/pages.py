"""The URL table of the security walk: each URL name, the objects it needs and the status each role gets.

Shared by test_url_walk.py and test_bad_input.py. A URL that is not here fails the walk.
"""

from django.conf import settings
from django.urls import URLResolver, get_resolver

from tests.builders import ROLES


def url_names(resolver=None, namespace=""):
    """Every URL name in the URLconf, namespaced, in order; unnamed patterns as `<unnamed ...>`."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif str(pattern.pattern).lstrip("^").startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            continue
        else:
            yield namespace + (pattern.name or f"<unnamed {pattern.pattern}>")


def walked(name):
    # The admin's own pages are Django's; its index proves only staff get in.
    return not name.startswith("admin:") or name == "admin:index"


URL_NAMES = list(dict.fromkeys(name for name in url_names() if walked(name)))


def everyone(status, *, anonymous=302, **roles):
    """Signed-in people get `status` unless named; anonymous people are sent to sign in."""
    return {"anonymous": anonymous, **{role: roles.get(role, status) for role in ROLES[1:]}}


def participants(status=200, **roles):
    """A page of the partnership: the outsider gets 404."""
    return everyone(status, outsider=404, **roles)


def only(*allowed, status=200):
    """A page of the partnership that only `allowed` roles may open; the other participants get 403."""
    return participants(403, **dict.fromkeys(allowed, status))


POST_ONLY = everyone(405)


def none(_w):
    return {}


def of_partnership(_w=None, **more):
    """kwargs for a page of the world's partnership, plus `name=attribute of the world` pairs."""

    def build(w):
        return {"pk": w.partnership.pk, **{key: getattr(w, attr).pk for key, attr in more.items()}}

    return build if _w is None else build(_w)


def of_signing(w):
    return {"pk": w.signing.pk}


def api(status=200, **roles):
    """An API call: anonymous callers get 401 (no redirect to a sign-in page)."""
    return {**everyone(status, **roles), "anonymous": 401}


def api_of_partnership(**roles):
    """An API call about the partnership: the outsider gets 404, as on its pages."""
    return api(200, outsider=404, **roles)


PAGES = {
    # Health probes for load balancers: open to all, nothing private in them
    "healthz": (none, everyone(200, anonymous=200)),
    "readyz": (none, everyone(200, anonymous=200)),
    # The test client comes from 127.0.0.1, which METRICS_ALLOWED_IPS lets in; other addresses get 404.
    "metrics": (none, everyone(200, anonymous=200)),
    # The installed app's service worker: a static script, served from the root for its scope
    "service_worker": (none, everyone(200, anonymous=200)),
    # Accounts and signing in
    "dashboards:home": (none, everyone(200)),
    "accounts:profile": (none, everyone(200)),
    "accounts:set_language": (none, everyone(405, anonymous=405)),
    "login": (none, everyone(302, anonymous=200)),
    "logout": (none, everyone(405)),
    "password_change": (none, everyone(200)),
    "password_change_done": (none, everyone(200)),
    # Two-step sign-in: the personas have no device yet, so the code page sends them on (or to set-up)
    "accounts:two_factor_setup": (none, everyone(200)),
    "accounts:two_factor_verify": (none, everyone(302)),
    "accounts:two_factor_turn_off": (none, POST_ONLY),
    # Single sign-on: off in the walk (no provider is set), so its start and callback do not exist; the page
    # that explains a refusal is open to all and answers 403, the refusal it explains
    "accounts:sso_start": (none, everyone(404, anonymous=404)),
    "accounts:sso_callback": (none, everyone(404, anonymous=404)),
    "accounts:sso_refused": (none, everyone(403, anonymous=403)),
    # The security log: the ministry's administrators only; to anyone else it does not exist
    "security:log": (lambda w: {"pk": w.ministry.pk}, everyone(404, administrator=200)),
    "security:mine": (none, everyone(404, administrator=302)),
    # Ministries: the people are private to the ministry and to administrators
    "ministries:clusters": (none, everyone(200)),
    "ministries:detail": (lambda w: {"pk": w.ministry.pk}, everyone(200)),
    "ministries:people": (lambda w: {"pk": w.ministry.pk}, everyone(200, outsider=404)),
    # Any organisation's administrator adds one nobody has brought in; its own administrators change it
    "ministries:new": (none, everyone(404, administrator=200)),
    "ministries:edit": (lambda w: {"pk": w.ministry.pk}, everyone(403, outsider=404, administrator=200)),
    "ministries:sign_in_settings": (lambda w: {"pk": w.ministry.pk}, everyone(404, administrator=200)),
    # Only the ministry's own administrators change a person's name and role.
    "ministries:person_edit": (
        lambda w: {"pk": w.ministry.pk, "membership_pk": w.coordinator.memberships.get().pk},
        everyone(403, outsider=404, administrator=200),
    ),
    # People, units and regions are kept by the organisation's administrators (and support): others get 404
    "ministries:invite": (lambda w: {"pk": w.ministry.pk}, everyone(404, administrator=200)),
    "ministries:invitations": (lambda w: {"pk": w.ministry.pk}, everyone(404, administrator=200)),
    "ministries:invitation_action": (
        lambda w: {"pk": w.ministry.pk, "invitation_pk": w.invitation.pk, "action": "resend"},
        POST_ONLY,
    ),
    "ministries:person": (
        lambda w: {"pk": w.ministry.pk, "user_pk": w.coordinator.pk},
        everyone(404, administrator=200),
    ),
    "ministries:person_deactivate": (
        lambda w: {"pk": w.ministry.pk, "user_pk": w.coordinator.pk},
        everyone(404, administrator=200),
    ),
    "ministries:membership_edit": (lambda w: {"pk": w.ministry.pk, "membership_pk": w.membership.pk}, POST_ONLY),
    "ministries:membership_remove": (lambda w: {"pk": w.ministry.pk, "membership_pk": w.membership.pk}, POST_ONLY),
    "ministries:unit_new": (lambda w: {"pk": w.ministry.pk}, everyone(404, administrator=200)),
    "ministries:unit_edit": (lambda w: {"pk": w.ministry.pk, "unit_pk": w.unit.pk}, everyone(404, administrator=200)),
    "ministries:jurisdictions": (none, everyone(404, administrator=200)),
    "ministries:jurisdiction_new": (none, everyone(404, administrator=200)),
    "ministries:jurisdiction_edit": (
        lambda w: {"jurisdiction_pk": w.ministry.jurisdiction_id},
        everyone(404, administrator=200),
    ),
    "ministries:regions": (none, everyone(404, administrator=200)),
    "ministries:region_new": (none, everyone(404, administrator=200)),
    "ministries:region_edit": (lambda w: {"region_pk": w.region.pk}, everyone(404, administrator=200)),
    # The link in an invitation: open to all; a link that is not one is refused with a page that says so
    "ministries:invitation_accept": (lambda w: {"token": "not-a-token"}, everyone(410, anonymous=410)),
    # Joint sites: everyone sees them; coordinators and administrators add them; the site is changed
    # only by those of the organisations that run it (and support administrators): others get 404.
    "ministries:sites": (none, everyone(200)),
    "ministries:site_new": (none, everyone(403, coordinator=200, outsider=200, administrator=200)),
    "ministries:site_edit": (
        lambda w: {"pk": w.joint_site.pk},
        everyone(404, coordinator=200, administrator=200),
    ),
    # The REST API: the same rules as the pages (api/views.py reuses them); the token page is the person's own
    "api:schema": (none, api()),
    "api:reference": (none, api()),
    "api:partnerships": (none, api()),
    "api:partnership": (of_partnership, api_of_partnership()),
    "api:charter_versions": (of_partnership, api_of_partnership()),
    "api:points": (of_partnership, api_of_partnership()),
    "api:gates": (of_partnership, api_of_partnership()),
    "api:indicators": (of_partnership, api_of_partnership()),
    "api:measurements": (of_partnership, api_of_partnership()),
    "api:milestones": (of_partnership, api_of_partnership()),
    "api:progress_logs": (of_partnership, api_of_partnership()),
    "api:meetings": (of_partnership, api_of_partnership()),
    "api:decisions": (of_partnership, api_of_partnership()),
    "api:action_items": (of_partnership, api_of_partnership()),
    "api:action_item": (of_partnership(item_pk="action_item"), api_of_partnership()),
    "api:budget": (of_partnership, api_of_partnership()),
    "api:expenditures": (of_partnership, api_of_partnership()),
    "api:health_checks": (of_partnership, api_of_partnership()),
    "api:reviews": (of_partnership, api_of_partnership()),
    "api:tokens": (none, everyone(200)),
    "api:token_revoke": (lambda w: {"token_pk": w.api_token.pk}, POST_ONLY),
    # Dashboards: everyone sees the partnerships they may see
    "dashboards:executive": (none, everyone(200)),
    "dashboards:map": (none, everyone(200)),
    "dashboards:export": (lambda w: {"fmt": "csv"}, everyone(200)),
    # Points for thought and gates
    "assessments:points": (of_partnership, participants()),
    "assessments:point_edit": (lambda w: {"pk": w.partnership.pk, "number": 1}, only("coordinator")),
    "assessments:point_card": (lambda w: {"pk": w.partnership.pk, "number": 1}, participants()),
    "assessments:point_position": (lambda w: {"pk": w.partnership.pk, "number": 1}, POST_ONLY),
    "assessments:evidence_add": (lambda w: {"pk": w.partnership.pk, "number": 1}, only("coordinator")),
    "assessments:evidence_file": (of_partnership(evidence_pk="evidence"), participants()),
    "assessments:evidence_remove": (of_partnership(evidence_pk="evidence"), POST_ONLY),
    "assessments:worksheet_value": (of_partnership, participants()),
    "assessments:worksheet_partners": (of_partnership, participants()),
    "assessments:worksheet_conflict": (of_partnership, participants()),
    "assessments:gate": (of_partnership, participants()),
    "assessments:gate_request": (of_partnership, POST_ONLY),
    "assessments:gate_withdraw": (of_partnership, POST_ONLY),
    "assessments:gate_waive": (of_partnership, POST_ONLY),
    "assessments:gate_waiver_withdraw": (of_partnership, POST_ONLY),
    # The lead ministry's executives decide; an administrator is not the approving level.
    "assessments:gate_decide": (of_partnership, only("executive")),
    # The world's partnership is in its first phase: no earlier gate, the approving level is sent back.
    "assessments:gate_record_past": (of_partnership, only("executive", status=302)),
    # Under a steering committee each member ministry's executive records its position.
    "assessments:gate_position": (of_partnership, POST_ONLY),
    # Health checks, reviews and evaluations
    "assessments:health": (of_partnership, participants()),
    "assessments:health_open": (of_partnership, POST_ONLY),
    # The team answers; evaluators and administrators are not part of it.
    "assessments:health_answer": (
        of_partnership(check_pk="health_check"),
        only("field_officer", "coordinator", "executive"),
    ),
    "assessments:reviews": (of_partnership, participants()),
    "assessments:review_add": (of_partnership, only("coordinator")),
    "assessments:review_detail": (of_partnership(review_pk="review"), participants()),
    "assessments:evaluation_add": (of_partnership, only("evaluator")),
    "assessments:evaluation_detail": (of_partnership(evaluation_pk="evaluation"), participants()),
    "assessments:expectation_add": (of_partnership, only("coordinator")),
    "assessments:expectation_withdraw": (of_partnership(expectation_pk="expectation"), POST_ONLY),
    "assessments:evaluator_assign": (of_partnership, only("coordinator")),
    "assessments:evaluator_remove": (of_partnership(assignment_pk="assignment"), POST_ONLY),
    # Relations between the parties: the survey is answered by the team, as health checks are.
    "relations:relations": (of_partnership, participants()),
    "relations:survey_open": (of_partnership, POST_ONLY),
    "relations:survey_answer": (
        of_partnership(survey_pk="relationship_survey"),
        only("field_officer", "coordinator", "executive"),
    ),
    # A cluster's survey: the people of its organisations (MCSS and MOH), anyone else 404; its team answers.
    "relations:cluster": (lambda w: {"pk": w.cluster.pk}, participants()),
    "relations:cluster_survey_open": (lambda w: {"pk": w.cluster.pk}, POST_ONLY),
    "relations:cluster_survey_answer": (
        lambda w: {"pk": w.cluster.pk, "survey_pk": w.cluster_survey.pk},
        only("field_officer", "coordinator", "executive"),
    ),
    # Collaboration competence: one's own page; the team's figures for every participant; the
    # organisation's for its administrators and executives (its other people 403, others 404).
    "competences:mine": (none, everyone(200)),
    "competences:sharing": (none, POST_ONLY),
    "competences:team": (of_partnership, participants()),
    "competences:organisation": (
        lambda w: {"pk": w.ministry.pk},
        everyone(403, outsider=404, executive=200, administrator=200),
    ),
    # Money: the lead ministry's coordinators and executives manage; its coordinators set up.
    "budgets:budget": (of_partnership, participants()),
    # The budget exists already: the coordinator who may set one up is sent to it.
    "budgets:setup": (of_partnership, only("coordinator", status=302)),
    # A funder's grants: the participants' coordinators record them.
    "budgets:grant_add": (of_partnership(funder_pk="funder"), only("coordinator")),
    "budgets:grant_edit": (of_partnership(funder_pk="funder", grant_pk="grant"), only("coordinator")),
    "budgets:edit": (of_partnership, only("coordinator", "executive")),
    "budgets:contributions": (of_partnership, only("coordinator", "executive")),
    "budgets:transfers": (of_partnership, participants()),
    "budgets:transfer_add": (of_partnership, only("coordinator", "executive")),
    "budgets:transfer_action": (
        lambda w: {"pk": w.partnership.pk, "transfer_pk": w.transfer.pk, "action": "send"},
        POST_ONLY,
    ),
    "budgets:expenditures": (of_partnership, participants()),
    # Field staff record only for their own unit, and only when the managers allow it (not here).
    "budgets:expenditure_add": (of_partnership, only("coordinator", "executive")),
    "budgets:expenditure_remove": (of_partnership(expenditure_pk="expenditure"), POST_ONLY),
    "budgets:expenditure_attachment": (of_partnership(expenditure_pk="expenditure"), participants()),
    "budgets:export_csv": (lambda w: {"pk": w.partnership.pk, "sheet": "summary"}, participants()),
    "budgets:export_xlsx": (of_partnership, participants()),
    # Partnerships and charters
    "partnerships:list": (none, everyone(200)),
    # Lessons: read by everyone who sees the partnership, recorded by its participants' team
    "lessons:library": (none, everyone(200)),
    "overlaps:list": (none, everyone(200)),
    "overlaps:partnership": (of_partnership, participants()),
    "overlaps:mark": (of_partnership(other="signing"), only("coordinator", "executive")),
    "lessons:partnership": (of_partnership, participants()),
    "lessons:record": (of_partnership, only("coordinator", "executive", "evaluator")),
    # Search: everyone signed in; each finds only what they may see (tests/search)
    "search:results": (none, everyone(200)),
    # Coordinators start partnerships, the outsider (a coordinator elsewhere) included.
    "partnerships:create": (lambda w: {"step": "need"}, everyone(403, outsider=200, coordinator=200)),
    "partnerships:detail": (of_partnership, participants()),
    "partnerships:edit": (of_partnership, only("coordinator")),
    # Any partner's coordinator proposes a change to the parties or the structure; all partners agree.
    "partnerships:participations": (of_partnership, only("coordinator")),
    "partnerships:structure": (of_partnership, only("coordinator")),
    "partnerships:proposal": (of_partnership(proposal_pk="proposal"), participants()),
    "partnerships:proposal_answer": (of_partnership(proposal_pk="proposal"), POST_ONLY),
    "partnerships:proposal_withdraw": (of_partnership(proposal_pk="proposal"), POST_ONLY),
    "partnerships:participation_withdraw": (
        lambda w: {
            "pk": w.partnership.pk,
            "participation_pk": w.partnership.participations.get(role="supporting", kind="participant").pk,
        },
        POST_ONLY,
    ),
    "partnerships:history": (of_partnership, participants()),
    # Only a superuser of no participating ministry states a reason; the world's superuser takes part
    "partnerships:support_access": (of_partnership, everyone(404)),
    # Standing teams: every participant sees them; the lead's coordinators keep them.
    "partnerships:teams": (of_partnership, participants()),
    "partnerships:team_new": (of_partnership, only("coordinator")),
    "partnerships:team_edit": (of_partnership(team_pk="team"), only("coordinator")),
    "partnerships:reuse": (of_partnership, POST_ONLY),
    "partnerships:record_existing": (none, POST_ONLY),
    # A stakeholder's engagement log: the participants' coordinators record contacts.
    "partnerships:engagement_add": (of_partnership(participation_pk="stakeholder"), only("coordinator")),
    # The lead ministry's coordinators and executives decide after a pilot; this one is no pilot: back to it.
    "partnerships:pilot_decision": (of_partnership, only("coordinator", "executive", status=302)),
    "charters:charter": (of_partnership, participants()),
    "charters:charter_edit": (of_partnership, only("coordinator")),
    # Version 1 is still a draft: a new version is not needed, the coordinator is sent to edit it.
    "charters:charter_new_version": (of_partnership, only("coordinator", status=302)),
    "charters:charter_send": (of_partnership, POST_ONLY),
    "charters:charter_sign": (of_partnership, POST_ONLY),
    "charters:charter_compare": (of_partnership, participants()),
    "charters:charter_version": (lambda w: {"pk": w.partnership.pk, "number": 1}, participants()),
    "charters:charter_print": (lambda w: {"pk": w.partnership.pk, "number": 1}, participants()),
    "charters:charter_pdf": (lambda w: {"pk": w.partnership.pk, "number": 1}, participants()),
    # Field work and results. The progress form lists only one's own partnerships (none: an empty page).
    "results:progress_new": (none, everyone(200)),
    "results:progress_targets": (none, everyone(200)),
    "results:progress_mine": (none, everyone(200)),
    # Offline: the pages a phone keeps are each person's own; entries are sent to the JSON endpoints.
    "results:offline_pages": (none, everyone(200)),
    "results:progress_send": (none, POST_ONLY),
    "results:progress": (of_partnership, participants()),
    # Only the author corrects a progress log.
    "results:progress_edit": (of_partnership(log_pk="progress_log"), only("field_officer")),
    "results:attachment": (of_partnership(attachment_pk="attachment"), participants()),
    "results:milestone_new": (of_partnership, only("coordinator")),
    "results:milestone_edit": (of_partnership(milestone_pk="milestone"), only("coordinator")),
    # The milestone's owner (the field officer) may also mark it done.
    "results:milestone_done": (of_partnership(milestone_pk="milestone"), only("coordinator", "field_officer")),
    "results:milestone_reopen": (of_partnership(milestone_pk="milestone"), POST_ONLY),
    "results:results": (of_partnership, participants()),
    "results:indicator_new": (of_partnership, only("coordinator")),
    "results:indicator": (of_partnership(indicator_pk="indicator"), participants()),
    "results:indicator_edit": (of_partnership(indicator_pk="indicator"), only("coordinator")),
    "results:measurement_new": (of_partnership(indicator_pk="indicator"), only("coordinator", "field_officer")),
    "results:measurement_send": (of_partnership(indicator_pk="indicator"), POST_ONLY),
    # A draft is corrected by whoever reports for its place: the ministry's field staff and coordinators.
    "results:measurement_edit": (
        of_partnership(measurement_pk="measurement"),
        only("coordinator", "field_officer"),
    ),
    "results:measurement_submit": (of_partnership(measurement_pk="measurement"), POST_ONLY),
    "results:measurement_review": (of_partnership(measurement_pk="submitted_measurement"), POST_ONLY),
    "results:period_lock": (of_partnership(period_pk="period"), POST_ONLY),
    # Meetings, decisions, action items and conflicts
    # Calendar feeds: the secret in the address is the key (calendar programs cannot sign in)
    "calendars:calendar": (none, everyone(200)),
    "calendars:renew": (none, POST_ONLY),
    "calendars:person_feed": (lambda w: {"token": "not-a-token"}, everyone(404, anonymous=404)),
    "calendars:partnership_feed": (
        lambda w: {"token": "not-a-token", "pk": w.partnership.pk},
        everyone(404, anonymous=404),
    ),
    "calendars:partnership_calendar": (of_partnership, participants()),
    # Imports from spreadsheets: an organisation's administrators (the world's is also support staff)
    # Coordinators (the outsider is one) import partnerships, not units.
    "imports:new": (none, everyone(403, administrator=200, coordinator=200, outsider=200)),
    "imports:template": (
        lambda w: {"kind": "units", "extension": "xlsx"},
        everyone(403, administrator=200, coordinator=404, outsider=404),
    ),
    "imports:preview": (lambda w: {"pk": w.import_run.pk}, everyone(404, administrator=200)),
    "imports:progress": (lambda w: {"pk": w.import_run.pk}, everyone(404, administrator=200)),
    "imports:discard": (lambda w: {"pk": w.import_run.pk}, POST_ONLY),
    "meetings:meetings": (of_partnership, participants()),
    "meetings:meeting_new": (of_partnership, only("coordinator")),
    "meetings:meeting": (of_partnership(meeting_pk="meeting"), participants()),
    "meetings:meeting_edit": (of_partnership(meeting_pk="meeting"), only("coordinator")),
    "meetings:meeting_decision_new": (of_partnership(meeting_pk="meeting"), only("coordinator")),
    "meetings:meeting_action_new": (of_partnership(meeting_pk="meeting"), only("coordinator")),
    "meetings:decision_new": (of_partnership, only("coordinator")),
    "meetings:decision_verdict": (of_partnership(decision_pk="decision"), only("coordinator")),
    # Each party's executive (or delegate, or representative at the meeting) casts its own vote.
    "meetings:decision_vote": (of_partnership(decision_pk="vote_decision"), POST_ONLY),
    "meetings:action_new": (of_partnership, only("coordinator")),
    "meetings:action_status": (of_partnership(item_pk="action_item"), POST_ONLY),
    # The partners' own people raise conflicts; evaluators and administrators look on.
    "meetings:conflict_new": (of_partnership, only("coordinator", "executive", "field_officer")),
    "meetings:conflict": (of_partnership(conflict_pk="conflict"), participants()),
    "meetings:conflict_edit": (of_partnership(conflict_pk="conflict"), only("coordinator")),
    "meetings:conflict_decide": (of_partnership(conflict_pk="conflict"), only("coordinator")),
    "meetings:conflict_escalate": (of_partnership(conflict_pk="conflict"), POST_ONLY),
    "meetings:conflict_withdraw": (of_partnership(conflict_pk="conflict"), POST_ONLY),
    # The inbox: a notification opens (and follows its link) for its recipient only.
    "notifications:inbox": (none, everyone(200)),
    "notifications:badge": (none, everyone(200)),
    "notifications:mark_all_read": (none, POST_ONLY),
    "notifications:open": (lambda w: {"pk": w.notification.pk}, everyone(404, coordinator=302)),
    "notifications:mark_read": (lambda w: {"pk": w.notification.pk}, POST_ONLY),
    # The admin: staff only; everyone else is sent to the admin's own sign-in page.
    "admin:index": (none, everyone(302, administrator=200)),
}
