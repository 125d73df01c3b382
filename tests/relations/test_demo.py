"""The demo's relationship surveys: two closed rounds, trust falling between the lead and its first partner."""

from decimal import Decimal
from io import StringIO

from partnerships.models import Partnership
from relations import demo, figures
from tests.builders import make_partnership


def test_demo_rounds_show_a_fall_in_trust_and_a_second_run_adds_nothing(ministry, other_ministry, third_ministry):
    partnership = make_partnership([ministry, other_ministry, third_ministry])

    created = demo.seed_demo(StringIO())
    again = demo.seed_demo(StringIO())

    assert (created, again) == (2 + 2 * 6 * 3, 0)
    changes = figures.trust_changes(Partnership.objects.all())
    # The lead (MCSS) rates EDU 20 points over 9 answers (2.22) instead of 29 (3.22): the pair falls to 2.72.
    assert [(c.first, c.second, c.before, c.after) for c in changes] == [
        ("EDU", "MCSS", Decimal("3.22"), Decimal("2.72"))
    ]
    assert partnership.relationship_surveys.count() == 2
