from io import StringIO

from django.core.management import call_command
from django.db import models

from assessments.models import HealthCheck, PointAnswer
from budgets.models import Contribution, Expenditure
from ministries.models import Ministry
from partnerships.models import (
    CharterSignature,
    Indicator,
    Measurement,
    Milestone,
    Participation,
    Partnership,
    ProgressLog,
)


def test_generate_load_data_makes_a_consistent_portfolio(db):
    out = StringIO()

    call_command("generate_load_data", ministries=8, partnerships=30, logs=600, stdout=out)

    assert Ministry.objects.filter(short_name__startswith="LD").count() == 8
    assert Partnership.objects.count() == 30
    assert all(Participation.objects.filter(partnership=p, role="lead").count() == 1 for p in Partnership.objects.all())
    assert PointAnswer.objects.count() == 30 * 15
    assert CharterSignature.objects.exists()
    made = Measurement.objects.count() + ProgressLog.objects.count()
    assert 500 <= made <= 700
    assert "Created 8 ministries, 30 partnerships" in out.getvalue()
    assert Milestone.objects.count() == 30 * 4
    assert HealthCheck.objects.exclude(partnership__phase__in=["application", "assessment"]).count() == 0
    # Money only from ministries that take part, spending only in fiscal years that have begun.
    assert not Contribution.objects.exclude(
        ministry__participations__partnership=models.F("budget__partnership")
    ).exists()
    assert all(e.fiscal_year == e.budget.fiscal_year_of(e.date) for e in Expenditure.objects.select_related("budget"))
    # The progress stored on each indicator is what its approved measurements give.
    for indicator in Indicator.objects.with_results():
        assert indicator.progress_percent == indicator.progress().percent
