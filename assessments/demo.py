"""Demo answers and gate decisions, so that the demo partnerships' phases are earned, not set."""

from django.contrib.auth import get_user_model

from assessments import services
from assessments.models import GateRequest
from partnerships.models import Partnership, Phase

ANSWERS = {
    1: "A <strong>service-delivery</strong> partnership: families meet one door instead of three.",
    2: "Each ministry gains more than it spends; see the worksheet.",
    3: "The ministries together hold the interests, the knowledge and the authority. School boards join as advisers.",
}


def seed_demo(stdout):
    """For demo partnerships already past initiation, record points 1–3 and the approved gate."""
    User = get_user_model()
    created = 0
    for partnership in Partnership.objects.with_participants().exclude(phase=Phase.INITIATION):
        if GateRequest.objects.filter(partnership=partnership).exists():
            continue
        lead = partnership.lead.ministry
        coordinator = User.objects.filter(memberships__ministry=lead, memberships__role="coordinator").first()
        executive = User.objects.filter(memberships__ministry=lead, memberships__role="executive").first()
        if coordinator is None or executive is None:
            continue
        reached = partnership.phase
        for answer in services.answers_for(partnership)[:3]:
            services.point_answer_save(
                answer=answer,
                by=coordinator,
                expected_revision=answer.revision,
                text=ANSWERS[answer.point.number],
                status="addressed",
                not_applicable_reason="",
                owner=coordinator,
            )
        # The demo partnership was created straight into its phase; replay the gate that led there.
        Partnership.objects.filter(pk=partnership.pk).update(phase=Phase.INITIATION)
        request = services.gate_request(partnership=partnership, by=coordinator, note="Points 1 to 3 are agreed.")
        services.gate_decide(request=request, by=executive, outcome="go", reason="The groundwork is done.")
        Partnership.objects.filter(pk=partnership.pk).update(phase=reached)
        created += 1
    return created
