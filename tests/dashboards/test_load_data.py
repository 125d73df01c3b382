from io import StringIO

from django.core.management import call_command

from assessments.models import PointAnswer
from ministries.models import Ministry
from partnerships.models import CharterSignature, Measurement, Participation, Partnership, ProgressLog


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
