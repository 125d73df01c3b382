from decimal import Decimal

import factory

from partnerships.models import Participation, Partnership
from tests.factories import MinistryFactory


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    title = factory.Sequence(lambda n: f"Integrated services {n}")
    problem = "Families fall between programs."
    public_value = "One door for families."


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    partnership = factory.SubFactory(PartnershipFactory)
    ministry = factory.SubFactory(MinistryFactory)
    role = Participation.Role.SUPPORTING


def partnership_of(*ministries, **fields):
    """A partnership led by the first ministry, the others supporting; no charter (see services for that)."""
    partnership = PartnershipFactory(**fields)
    for i, ministry in enumerate(ministries):
        ParticipationFactory(
            partnership=partnership,
            ministry=ministry,
            role=Participation.Role.LEAD if i == 0 else Participation.Role.SUPPORTING,
        )
    return partnership


def equal_shares(count):
    """Shares that add up to exactly 100, the first ministry taking the rounding."""
    share = (Decimal("100") / count).quantize(Decimal("0.01"))
    return [Decimal("100") - share * (count - 1), *[share] * (count - 1)]
