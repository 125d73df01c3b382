"""manage.py setup_organisation: a first start with the organisation's own ministries and administrator."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from ministries.models import Cluster, Jurisdiction, Membership, Ministry, Role

CSV = """short_name,name,kind,jurisdiction,clusters
MBS,Ministry of Public and Business Service Delivery,central_agency,Ontario,
MOH,Ministry of Health,,ontario,Health and wellbeing; Children and families
MCCSS,"Ministry of Children, Community and Social Services",ministry,Ontario,Children and families
"""
PASSWORD = "a-long-first-password-for-setup"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "ministries.csv").write_text(CSV)
    (tmp_path / "password").write_text(PASSWORD + "\n")
    return tmp_path


def setup(files, **changes):
    options = {
        "ministries_csv": files / "ministries.csv",
        "admin_username": "a.morgan",
        "email": "a.morgan@example.org",
        "admin_ministry": "MBS",
        "password_file": files / "password",
        **changes,
    }
    args = [f"--{key.replace('_', '-')}={value}" for key, value in options.items() if value != ""]
    call_command("setup_organisation", *args, stdout=(files / "out.txt").open("w"))
    return (files / "out.txt").read_text()


def test_setup_creates_the_ministries_clusters_and_administrator(files, db, client):
    output = setup(files)

    admin = get_user_model().objects.get(username="a.morgan")
    signed_in = client.post(reverse("login"), {"username": "a.morgan", "password": PASSWORD})
    admin_site = client.get(reverse("admin:index"))
    assert list(
        Ministry.objects.order_by("short_name").values_list("short_name", "name", "kind", "jurisdiction__name")
    ) == [
        ("MBS", "Ministry of Public and Business Service Delivery", "central_agency", "Ontario"),
        ("MCCSS", "Ministry of Children, Community and Social Services", "ministry", "Ontario"),
        ("MOH", "Ministry of Health", "ministry", "Ontario"),
    ]
    # "ontario" is the government the first row added, whatever its case.
    assert list(Jurisdiction.objects.values_list("name", flat=True)) == ["Ontario"]
    assert list(Cluster.objects.values_list("name", "slug")) == [
        ("Children and families", "children-and-families"),
        ("Health and wellbeing", "health-and-wellbeing"),
    ]
    assert sorted(Ministry.objects.get(short_name="MOH").clusters.values_list("name", flat=True)) == [
        "Children and families",
        "Health and wellbeing",
    ]
    assert list(Membership.objects.values_list("user__username", "ministry__short_name", "role")) == [
        ("a.morgan", "MBS", Role.ADMINISTRATOR)
    ]
    assert (admin.email, admin.is_staff, admin.is_superuser) == ("a.morgan@example.org", True, False)
    assert (admin.has_perm("ministries.add_ministry"), admin.has_perm("accounts.change_user")) == (True, True)
    assert not admin.has_perm("partnerships.delete_partnership")
    # An administrator's first page after the password is the set-up of two-step sign-in.
    assert (signed_in.status_code, admin_site.status_code) == (302, 302)
    assert admin_site.url == reverse("accounts:two_factor_setup")
    assert output == (
        "Ministries: 3 created, 0 updated, 0 unchanged.\nAdministrator a.morgan created in MBS.\n"
        "At first sign-in they set up two-step sign-in with an authenticator app.\n"
    )


def test_setup_run_twice_changes_nothing_and_keeps_the_password(files, db):
    setup(files)
    (files / "password").write_text("another-long-password-entirely\n")

    output = setup(files)

    admin = get_user_model().objects.get(username="a.morgan")
    assert (Ministry.objects.count(), Cluster.objects.count(), Membership.objects.count()) == (3, 2, 1)
    assert admin.check_password(PASSWORD) is True
    assert admin.groups.count() == 1
    assert output == (
        "Ministries: 0 created, 0 updated, 3 unchanged.\n"
        "Administrator a.morgan already exists; their password is unchanged.\n"
    )


def test_setup_updates_a_ministry_whose_row_changed(files, db):
    setup(files)
    (files / "ministries.csv").write_text(
        CSV.replace("MOH,Ministry of Health,", "MOH,Ministry of Health and Long-Term Care,")
    )

    output = setup(files)

    assert Ministry.objects.get(short_name="MOH").name == "Ministry of Health and Long-Term Care"
    assert output.startswith("Ministries: 0 created, 1 updated, 2 unchanged.\n")


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("short_name,title\nMOH,Health\n", "the header row lacks the column(s) name."),
        ("short_name,name\nMOH,\n", "line 2: name is empty."),
        ("short_name,name,kind\nMOH,Ministry of Health,department\n", "line 2: kind 'department' is not one of"),
        ("short_name,name\nMOH,Ministry of Health\nMOH,Health\n", "line 3: short name MOH is listed twice."),
        ("short_name,name\n", "no ministries in the file."),
    ],
)
def test_setup_refuses_a_broken_csv_and_changes_nothing(files, db, csv_text, message):
    (files / "ministries.csv").write_text(csv_text)

    with pytest.raises(CommandError) as refused:
        setup(files)

    assert message in str(refused.value)
    assert (Ministry.objects.count(), get_user_model().objects.count()) == (0, 0)


def test_setup_refuses_an_unknown_admin_ministry_and_changes_nothing(files, db):
    with pytest.raises(CommandError) as refused:
        setup(files, admin_ministry="MTO")

    assert str(refused.value) == "--admin-ministry MTO: no ministry has that short name."
    assert (Ministry.objects.count(), get_user_model().objects.count()) == (0, 0)


def test_setup_refuses_a_weak_password(files, db):
    (files / "password").write_text("password\n")

    with pytest.raises(CommandError) as refused:
        setup(files)

    assert str(refused.value) == "The password is refused: This password is too common."
    assert get_user_model().objects.count() == 0


def test_setup_asks_for_the_password_twice_without_a_password_file(files, db, monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    setup(files, password_file="")

    assert get_user_model().objects.get(username="a.morgan").check_password(PASSWORD) is True


def test_setup_refuses_two_different_passwords(files, db, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError) as refused:
        setup(files, password_file="")

    assert str(refused.value) == "The two passwords differ. Nothing was changed."
    assert (Ministry.objects.count(), get_user_model().objects.count()) == (0, 0)
