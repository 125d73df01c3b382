"""Checking a partnership against the requirements of the gate out of its current phase.

Each requirement kind has a checker; every requirement is met, missing, or waived for this partnership
by the approving level (a waived requirement does not block the gate, and says who waived it and why).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from assessments.models import GateRequirement, GateWaiver
from assessments.review_services import partnership_latest_evaluation, partnership_reviews_held
from budgets.services import partnership_has_contributions
from charters.models import CharterVersion
from common import phrases
from common.bidi import isolate_each
from common.phrases import Phrase, Phrases, Typed
from results.reporting import partnership_has_indicator_with_target

MET, MISSING, WAIVED = "met", "missing", "waived"

# What a requirement's line says. The gate request and the decision keep these as a key and values
# (common.phrases), so that whoever reads the requirements "at the time" reads them in their language.
phrases.register(
    {
        "gate.points": gettext_lazy("Points %(points)s addressed"),
        "gate.points.met": gettext_lazy("All addressed, with no open disagreement."),
        "gate.points.open": gettext_lazy("Still open: %(numbers)s."),
        "gate.points.disputed": gettext_lazy("An organisation disagrees on: %(numbers)s."),
        "gate.ministries": ngettext_lazy(
            "At least %(count)s organisation takes part", "At least %(count)s organisations take part", "count"
        ),
        "gate.ministries.met": ngettext_lazy(
            "%(count)s organisation takes part.", "%(count)s organisations take part.", "count"
        ),
        "gate.ministries.missing": ngettext_lazy(
            "Only %(count)s organisation takes part.", "Only %(count)s organisations take part.", "count"
        ),
        "gate.charter": gettext_lazy("Charter signed by every participating organisation"),
        "gate.charter.none": gettext_lazy("No version is signed by every organisation yet."),
        "gate.charter.missing": gettext_lazy("Not signed by: %(names)s."),
        "gate.charter.met": gettext_lazy("Version %(number)s is signed by every organisation."),
        "gate.budget": gettext_lazy("A budget with contributions"),
        "gate.budget.met": gettext_lazy("The budget has contributions."),
        "gate.budget.missing": gettext_lazy("No organisation has pledged a contribution yet."),
        "gate.indicator": gettext_lazy("At least one indicator with a target"),
        "gate.indicator.met": gettext_lazy("An indicator with a target is set."),
        "gate.indicator.missing": gettext_lazy("Add an indicator with a baseline and a target."),
        "gate.review": gettext_lazy("At least one review held"),
        "gate.review.met": ngettext_lazy(
            "%(count)s review held in this cycle.", "%(count)s reviews held in this cycle.", "count"
        ),
        "gate.review.missing": gettext_lazy("No review held in this cycle yet."),
        "gate.evaluation": gettext_lazy("An evaluation done"),
        "gate.evaluation.missing": gettext_lazy("No evaluation in this cycle yet."),
        "gate.evaluation.met": gettext_lazy("Evaluated; recommendation: %(what)s."),
        "gate.waived": gettext_lazy("Waived by %(person)s on %(date)s: %(reason)s"),
    }
)


@dataclass
class RequirementResult:
    label_words: Phrase
    state: str
    detail_words: Phrase | Phrases
    fix_url: str = ""
    requirement_id: int | None = None
    waiver_reason: str = ""

    @property
    def label(self):
        return str(self.label_words)

    @property
    def detail(self):
        return str(self.detail_words)

    @property
    def blocks(self):
        """Only a missing requirement keeps the gate shut."""
        return self.state == MISSING

    def as_dict(self):
        """The result as a snapshot keeps it: the words as the recorder read them (what older snapshots
        hold, and the fallback) and, in `label_words` and `detail_words`, the phrases to word for each reader."""
        return {
            "label": self.label,
            "label_words": self.label_words.as_data(),
            "state": self.state,
            "detail": self.detail,
            "detail_words": self.detail_words.as_data(),
            "fix_url": self.fix_url,
            "requirement_id": self.requirement_id,
            "waiver_reason": self.waiver_reason,
        }


def check_points(partnership, requirement, answers):
    numbers = requirement.point_numbers
    by_number = {a.point.number: a for a in answers}
    open_numbers = [n for n in numbers if n not in by_number or not by_number[n].is_settled]
    label = Phrase("gate.points", points=requirement.points)
    url = reverse("assessments:points", args=[partnership.pk])
    if not open_numbers:
        return RequirementResult(label, MET, Phrase("gate.points.met"), url)
    disputed = [n for n in open_numbers if n in by_number and by_number[n].disagreements]
    detail = [Phrase("gate.points.open", numbers=", ".join(map(str, open_numbers)))]
    if disputed:
        detail.append(Phrase("gate.points.disputed", numbers=", ".join(map(str, disputed))))
    return RequirementResult(label, MISSING, Phrases(detail), url)


def check_min_ministries(partnership, requirement, answers):
    wanted = requirement.number or 2
    count = len(partnership.participant_ministry_ids)
    label = Phrase("gate.ministries", count=wanted)
    url = reverse("partnerships:participations", args=[partnership.pk])
    if count >= wanted:
        return RequirementResult(label, MET, Phrase("gate.ministries.met", count=count), url)
    return RequirementResult(label, MISSING, Phrase("gate.ministries.missing", count=count), url)


def check_charter_signed(partnership, requirement, answers):
    label = Phrase("gate.charter")
    url = reverse("charters:charter", args=[partnership.pk])
    signed = (
        CharterVersion.objects.filter(partnership=partnership, status=CharterVersion.Status.SIGNED)
        .prefetch_related("signatures")
        .first()
    )
    if signed is None:
        return RequirementResult(label, MISSING, Phrase("gate.charter.none"), url)
    missing = partnership.signing_ministry_ids - {s.ministry_id for s in signed.signatures.all()}
    if missing:
        names = isolate_each(
            sorted(p.ministry.short_name for p in partnership.participations.all() if p.ministry_id in missing)
        )
        return RequirementResult(label, MISSING, Phrase("gate.charter.missing", names=names), url)
    return RequirementResult(label, MET, Phrase("gate.charter.met", number=signed.number), url)


def check_budget(partnership, requirement, answers):
    label = Phrase("gate.budget")
    if partnership_has_contributions(partnership):
        return RequirementResult(label, MET, Phrase("gate.budget.met"))
    return RequirementResult(label, MISSING, Phrase("gate.budget.missing"))


def check_indicator(partnership, requirement, answers):
    label = Phrase("gate.indicator")
    if partnership_has_indicator_with_target(partnership):
        return RequirementResult(label, MET, Phrase("gate.indicator.met"))
    return RequirementResult(label, MISSING, Phrase("gate.indicator.missing"))


def check_review(partnership, requirement, answers):
    label = Phrase("gate.review")
    count = partnership_reviews_held(partnership, cycle=partnership.cycle)
    if count >= (requirement.number or 1):
        return RequirementResult(label, MET, Phrase("gate.review.met", count=count))
    return RequirementResult(label, MISSING, Phrase("gate.review.missing"))


def check_evaluation(partnership, requirement, answers):
    label = Phrase("gate.evaluation")
    evaluation = partnership_latest_evaluation(partnership, cycle=partnership.cycle)
    if evaluation is None:
        return RequirementResult(label, MISSING, Phrase("gate.evaluation.missing"))
    recommendation = dict(evaluation._meta.get_field("recommendation").flatchoices)[evaluation.recommendation]
    return RequirementResult(label, MET, Phrase("gate.evaluation.met", what=recommendation))


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
            result.detail_words = Phrase(
                "gate.waived",
                person=Typed(waiver.waived_by.get_full_name() or waiver.waived_by.get_username()),
                date=timezone.localdate(waiver.waived_at),
                reason=Typed(waiver.reason),
            )
        results.append(result)
    return results
