"""Checking a partnership against the requirements of the gate out of its current phase.

Each requirement kind has a checker; every requirement is met, missing, or waived for this partnership
by the approving level (a waived requirement does not block the gate, and says who waived it and why).
"""

from dataclasses import asdict, dataclass

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from assessments.models import GateRequirement, GateWaiver
from assessments.review_services import partnership_latest_evaluation, partnership_reviews_held
from budgets.services import partnership_has_contributions
from charters.models import CharterVersion
from results.reporting import partnership_has_indicator_with_target

MET, MISSING, WAIVED = "met", "missing", "waived"


@dataclass
class RequirementResult:
    label: str
    state: str
    detail: str
    fix_url: str = ""
    requirement_id: int | None = None
    waiver_reason: str = ""

    @property
    def blocks(self):
        """Only a missing requirement keeps the gate shut."""
        return self.state == MISSING

    def as_dict(self):
        return asdict(self)


def check_points(partnership, requirement, answers):
    numbers = requirement.point_numbers
    by_number = {a.point.number: a for a in answers}
    open_numbers = [n for n in numbers if n not in by_number or not by_number[n].is_settled]
    label = _("Points %(points)s addressed") % {"points": requirement.points}
    url = reverse("assessments:points", args=[partnership.pk])
    if not open_numbers:
        return RequirementResult(label, MET, _("All addressed, with no open disagreement."), url)
    disputed = [n for n in open_numbers if n in by_number and by_number[n].disagreements]
    detail = _("Still open: %(numbers)s.") % {"numbers": ", ".join(map(str, open_numbers))}
    if disputed:
        detail += " " + _("An organisation disagrees on: %(numbers)s.") % {"numbers": ", ".join(map(str, disputed))}
    return RequirementResult(label, MISSING, detail, url)


def check_min_ministries(partnership, requirement, answers):
    wanted = requirement.number or 2
    count = len(partnership.participant_ministry_ids)
    label = _("At least %(count)s organisations take part") % {"count": wanted}
    url = reverse("partnerships:participations", args=[partnership.pk])
    if count >= wanted:
        return RequirementResult(label, MET, _("%(count)s organisations take part.") % {"count": count}, url)
    return RequirementResult(label, MISSING, _("Only %(count)s organisations take part.") % {"count": count}, url)


def check_charter_signed(partnership, requirement, answers):
    label = _("Charter signed by every participating organisation")
    url = reverse("charters:charter", args=[partnership.pk])
    signed = (
        CharterVersion.objects.filter(partnership=partnership, status=CharterVersion.Status.SIGNED)
        .prefetch_related("signatures")
        .first()
    )
    if signed is None:
        return RequirementResult(label, MISSING, _("No version is signed by every organisation yet."), url)
    missing = partnership.signing_ministry_ids - {s.ministry_id for s in signed.signatures.all()}
    if missing:
        names = ", ".join(
            sorted(p.ministry.short_name for p in partnership.participations.all() if p.ministry_id in missing)
        )
        return RequirementResult(label, MISSING, _("Not signed by: %(names)s.") % {"names": names}, url)
    return RequirementResult(
        label, MET, _("Version %(number)s is signed by every organisation.") % {"number": signed.number}, url
    )


def check_budget(partnership, requirement, answers):
    label = _("A budget with contributions")
    if partnership_has_contributions(partnership):
        return RequirementResult(label, MET, _("The budget has contributions."))
    return RequirementResult(label, MISSING, _("No organisation has pledged a contribution yet."))


def check_indicator(partnership, requirement, answers):
    label = _("At least one indicator with a target")
    if partnership_has_indicator_with_target(partnership):
        return RequirementResult(label, MET, _("An indicator with a target is set."))
    return RequirementResult(label, MISSING, _("Add an indicator with a baseline and a target."))


def check_review(partnership, requirement, answers):
    label = _("At least one review held")
    count = partnership_reviews_held(partnership, cycle=partnership.cycle)
    if count >= (requirement.number or 1):
        return RequirementResult(label, MET, _("%(count)s reviews held in this cycle.") % {"count": count})
    return RequirementResult(label, MISSING, _("No review held in this cycle yet."))


def check_evaluation(partnership, requirement, answers):
    label = _("An evaluation done")
    evaluation = partnership_latest_evaluation(partnership, cycle=partnership.cycle)
    if evaluation is None:
        return RequirementResult(label, MISSING, _("No evaluation in this cycle yet."))
    return RequirementResult(label, MET, _("Evaluated; recommendation: %(what)s.") % {"what": evaluation})


def charter_caution(partnership):
    """A question for whoever decides a gate while no charter version is signed by every participant:
    the partners then go on without a written agreement, which only a requirement would stop."""
    if CharterVersion.objects.filter(partnership=partnership, status=CharterVersion.Status.SIGNED).exists():
        return ""
    return _(
        "No charter version is signed by every participating organisation yet. Is it right to decide now, "
        "before the partners have signed what they agreed? Say so in your reason."
    )


CHECKERS = {
    GateRequirement.Kind.POINTS_ADDRESSED: check_points,
    GateRequirement.Kind.MIN_MINISTRIES: check_min_ministries,
    GateRequirement.Kind.CHARTER_SIGNED: check_charter_signed,
    GateRequirement.Kind.BUDGET_WITH_CONTRIBUTIONS: check_budget,
    GateRequirement.Kind.INDICATOR_WITH_TARGET: check_indicator,
    GateRequirement.Kind.REVIEW_HELD: check_review,
    GateRequirement.Kind.EVALUATION_DONE: check_evaluation,
}


def evaluate_gate(partnership, answers):
    """Results for every active requirement of the gate out of the partnership's current phase that applies
    to this kind of partnership; a requirement the approving level waived for this cycle says so."""
    requirements = [
        r for r in GateRequirement.objects.filter(phase=partnership.phase, is_active=True) if r.applies(partnership)
    ]
    waivers = {
        w.requirement_id: w
        for w in GateWaiver.objects.filter(partnership=partnership, cycle=partnership.cycle).select_related("waived_by")
    }
    results = []
    for requirement in requirements:
        result = CHECKERS[requirement.kind](partnership, requirement, answers)
        result.requirement_id = requirement.pk
        waiver = waivers.get(requirement.pk)
        if waiver is not None and result.state == MISSING:
            result.state = WAIVED
            result.waiver_reason = waiver.reason
            result.detail = _("Waived by %(person)s on %(date)s: %(reason)s") % {
                "person": waiver.waived_by.get_full_name() or waiver.waived_by.get_username(),
                "date": formats.date_format(timezone.localdate(waiver.waived_at), "DATE_FORMAT"),
                "reason": waiver.reason,
            }
        results.append(result)
    return results
