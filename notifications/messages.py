"""What each kind of reminder says, as translatable text filled from the reminder's context.

The scan stores plain values (titles, ISO dates, codes); `render` turns them into words in the
language that is active, which the sender sets to the recipient's preferred language.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Kind

TEXTS = {
    Kind.REVIEW_DUE: (
        _("Review of %(partnership)s due on %(due)s"),
        _("The review of %(partnership)s is due on %(due)s. Hold it with the partners and record it in Interlock."),
    ),
    Kind.REVIEW_OVERDUE: (
        _("Review of %(partnership)s is overdue"),
        _("The review of %(partnership)s was due on %(due)s and has not been recorded yet."),
    ),
    Kind.REVIEW_ESCALATED: (
        _("Escalated: the review of %(partnership)s is %(days)s days late"),
        _(
            "The review of %(partnership)s was due on %(due)s and is still not recorded. "
            "As an executive of %(ministry)s, the lead ministry, please see that it is held."
        ),
    ),
    Kind.HEALTH_CHECK_OPEN: (
        _("How is %(partnership)s going? Answer the team health check"),
        _(
            "The team health check of %(partnership)s is open until %(closes)s. It takes five minutes, "
            "and your answers are anonymous: results are only shown when at least three people answered."
        ),
    ),
    Kind.HEALTH_FLAGGED: (
        _("Health check of %(partnership)s: %(flag)s"),
        _(
            "The team health check of %(partnership)s (due %(due)s) shows a concern: %(flag)s. "
            "The average rating is %(average)s out of 5. Talk it over with the partners."
        ),
    ),
    Kind.CHARTER_SIGNATURE: (
        _("The charter of %(partnership)s waits for %(ministry)s"),
        _(
            "Version %(version)s of the charter of %(partnership)s was sent for signature on %(sent)s "
            "and still waits for the signature of %(ministry)s."
        ),
    ),
    Kind.GATE_WAITING: (
        _("A gate decision is waiting: %(partnership)s"),
        _("Since %(requested)s, %(partnership)s has been waiting for a decision to leave the phase %(phase)s."),
    ),
    Kind.MILESTONE_DUE: (
        _("Milestone due on %(due)s: %(title)s"),
        _("The milestone “%(title)s” of %(partnership)s is due on %(due)s."),
    ),
    Kind.MILESTONE_OVERDUE: (
        _("Milestone overdue: %(title)s"),
        _("The milestone “%(title)s” of %(partnership)s was due on %(due)s and is not marked done."),
    ),
    Kind.MILESTONE_ESCALATED: (
        _("Escalated: milestone %(days)s days late in %(partnership)s"),
        _(
            "The milestone “%(title)s” of %(partnership)s was due on %(due)s and is still open. "
            "As an executive of %(ministry)s, please see what it needs."
        ),
    ),
    Kind.ACTION_ITEM_DUE: (
        _("Action item due on %(due)s: %(title)s"),
        _("The action item “%(title)s” of %(partnership)s is due on %(due)s."),
    ),
    Kind.ACTION_ITEM_OVERDUE: (
        _("Action item overdue: %(title)s"),
        _("The action item “%(title)s” of %(partnership)s was due on %(due)s and is still open."),
    ),
    Kind.ACTION_ITEM_ESCALATED: (
        _("Escalated: action item %(days)s days late in %(partnership)s"),
        _(
            "The action item “%(title)s” of %(partnership)s was due on %(due)s and is still open. "
            "As an executive of %(ministry)s, please see what it needs."
        ),
    ),
    Kind.FIELD_REPORT_DUE: (
        _("Report due: %(indicator)s"),
        _(
            "The measurement of “%(indicator)s” in %(partnership)s for %(start)s to %(end)s is due. "
            "Report it in Interlock."
        ),
    ),
    Kind.RENEWAL: (
        _("%(partnership)s ends on %(end)s: decide on renewal"),
        _(
            "%(partnership)s ends on %(end)s, in %(days)s days. Evaluate it and take it through the "
            "assessment-and-renewal gate to renew it for a new cycle or close it."
        ),
    ),
    Kind.DIGEST: (
        _("Your weekly digest: %(count)s things need your attention"),
        _("These partnerships of your ministries need an executive's attention this week."),
    ),
    Kind.EVALUATOR_ASSIGNED: (
        _("You are asked to evaluate %(partnership)s"),
        _("You are now the evaluator of %(partnership)s. Its health results and reviews are open to you in Interlock."),
    ),
}

DATE_KEYS = {"due", "closes", "sent", "requested", "start", "end"}


def _localised(context):
    """Dates in the active language's format, and codes as their translated labels."""
    from assessments.models import HealthCheck
    from partnerships.models import Phase

    values = dict(context)
    for key in DATE_KEYS & values.keys():
        values[key] = date_format(date.fromisoformat(values[key]), "DATE_FORMAT")
    if "phase" in values:
        values["phase"] = Phase(values["phase"]).label
    if "flag" in values:
        values["flag"] = HealthCheck.Flag(values["flag"]).label.lower()
    return values


def render(kind, context):
    """(title, body) of a reminder in the active language."""
    title, body = TEXTS[kind]
    values = _localised(context)
    return str(title) % values, str(body) % values


def render_items(items):
    """The digest's lines: each item is a small reminder of its own (kind, context, url)."""
    lines = []
    for item in items:
        title, _body = render(item["kind"], item["context"])
        lines.append({"title": title, "url": item["url"]})
    return lines
