import factory
from django.contrib.auth import get_user_model

from ministries.models import Cluster, FieldUnit, Membership, Ministry, Role

PASSWORD = "a-long-pass-phrase"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov")
    password = factory.django.Password(PASSWORD)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    shared_vision = "Healthy, self-reliant communities."


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ministry

    name = factory.Sequence(lambda n: f"Ministry of Things {n}")
    short_name = factory.Sequence(lambda n: f"MT{n}")
    jurisdiction = "Ontario"


class FieldUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldUnit

    ministry = factory.SubFactory(MinistryFactory)
    name = factory.Sequence(lambda n: f"District {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    ministry = factory.SubFactory(MinistryFactory)
    role = Role.COORDINATOR


def person(ministry, role, **kwargs):
    """A user holding `role` in `ministry`."""
    return MembershipFactory(ministry=ministry, role=role, **kwargs).user
