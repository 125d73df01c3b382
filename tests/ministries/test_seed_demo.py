from base64 import b32decode
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from ministries.models import Cluster, FieldUnit, Jurisdiction, Membership, Ministry, Role


def counts():
    return [m.objects.count() for m in (Cluster, Ministry, FieldUnit, User, Membership)]


def test_seed_demo_loads_the_seeds_and_a_second_run_changes_nothing(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = counts()
    call_command("seed_demo", stdout=StringIO())

    assert counts() == first
    assert Cluster.objects.count() == 7
    citizenship = Ministry.objects.get(short_name="MCZCR")
    assert sorted(c.name for c in citizenship.clusters.all()) == ["Business & Economic Development", "Human Services"]
    assert Ministry.objects.filter(jurisdiction__name="Israel").count() == 8
    israel = Jurisdiction.objects.get(name="Israel")
    assert (israel.name_fr, israel.name_he) == ("Israël", "ישראל")
    assert Cluster.objects.get(slug="education").name_he == "חינוך"
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert "interlock-demo-2026" in out.getvalue()
    assert User.objects.get(username="field").check_password("interlock-demo-2026")


def test_the_demo_executive_signs_in_with_the_printed_key(client, db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    key = out.getvalue().split("the code it shows after the password: ")[1].split()[0]
    client.post(reverse("login"), {"username": "executive", "password": "interlock-demo-2026"})

    asked = client.get(reverse("dashboards:home"))
    response = client.post(reverse("accounts:two_factor_verify"), {"code": f"{totp(b32decode(key)):06d}"})

    assert asked.url.startswith(reverse("accounts:two_factor_verify"))
    assert response.url == reverse("dashboards:home")
    assert client.get(reverse("dashboards:home")).status_code == 200
    assert not TOTPDevice.objects.filter(user__username="coordinator").exists()
