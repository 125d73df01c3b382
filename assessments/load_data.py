"""Team health checks in bulk, for `manage.py generate_load_data` (benchmarks only)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.health_services import FALLING_BY, LOW_AVERAGE
from assessments.models import HealthCheck
from partnerships.models import Phase

BATCH = 5_000
QUARTER = timedelta(days=91)


def generate(*, partnerships, rng, rounds=8):
    """Quarterly checks, the last `rounds` of them, for partnerships at work.

    Only the figures the portfolio reads are made (how many answered, the average and the flag);
    the answers themselves are not, since nothing at portfolio level reads them.
    """
    today = timezone.localdate()
    checks = []
    for p in partnerships:
        if p.phase not in (Phase.APPLICATION, Phase.ASSESSMENT):
            continue
        average = Decimal(rng.randrange(260, 480)) / 100
        previous = None
        for n in range(rounds, 0, -1):
            due = today - QUARTER * n
            if due < p.start_date:
                continue
            average = max(Decimal("1.00"), min(Decimal("5.00"), average + Decimal(rng.randrange(-60, 45)) / 100))
            flag = ""
            if average < LOW_AVERAGE:
                flag = HealthCheck.Flag.LOW
            elif previous is not None and average <= previous - FALLING_BY:
                flag = HealthCheck.Flag.FALLING
            checks.append(
                HealthCheck(
                    partnership=p,
                    due_date=due,
                    opens_on=due - timedelta(days=7),
                    closes_on=due + timedelta(days=14),
                    response_count=rng.randrange(3, 12),
                    average=average,
                    flag=flag,
                )
            )
            previous = average
    HealthCheck.objects.bulk_create(checks, batch_size=BATCH)
    return len(checks)
