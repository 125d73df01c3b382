from assessments import services
from assessments.models import PointAnswer
from charters import services as partnership_services
from tests.partnerships.test_views import COMPLETE_CHARTER


def settle_points(partnership, numbers, status=PointAnswer.Status.ADDRESSED):
    services.answers_for(partnership)
    PointAnswer.objects.filter(partnership=partnership, point__number__in=list(numbers)).update(
        status=status, answer="<p>Agreed.</p>"
    )


def sign_charter(partnership, signers):
    """Complete, send and sign the current draft; `signers` are (user, ministry) pairs."""
    version = partnership.charter_versions.get(status="draft")
    version = partnership_services.charter_save(
        version=version,
        by=None,
        expected_revision=version.revision,
        fields=COMPLETE_CHARTER,
        assignments=[],
        milestones=[],
    )
    partnership_services.charter_send_for_signature(version=version, by=None)
    for user, ministry in signers:
        partnership_services.charter_sign(version=version, ministry=ministry, by=user)
    return version
