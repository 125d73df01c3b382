"""A backup restores: a populated database and its files, restored into a new database and a new bucket, are equal.

The backup and the restore run as an operator runs them (`manage.py backup` / `restore` in their own processes);
the equality is then checked by the test itself, with SQL over every table and the bytes of every file, not only
by the digests the restore command checks.
"""

import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import boto3
import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from charters.models import CharterSignature
from common.backups import table_digests
from ministries.models import Role
from results.models import Measurement, ProgressAttachment
from tests.builders import approved, indicator_for, jpeg, make_partnership, quarter, sign_charter
from tests.factories import person

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"AWS_ACCESS_KEY_ID": "interlock-test", "AWS_SECRET_ACCESS_KEY": "interlock-test-secret"}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", **env},
        capture_output=True,
        text=True,
        timeout=180,
    )


def database_url(name):
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{name}"


def admin_connection():
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"], port=s["PORT"], user=s["USER"], password=s["PASSWORD"] or None, dbname="postgres",
        autocommit=True,
    )  # fmt: skip


def contents(dbname):
    """Each table's row count and an md5 of its rows in text form, computed by PostgreSQL itself."""
    s = connection.settings_dict
    with psycopg.connect(
        host=s["HOST"], port=s["PORT"], user=s["USER"], password=s["PASSWORD"] or None, dbname=dbname
    ) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            table: db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608
            ).fetchone()
            for table in sorted(tables)
        }


@pytest.fixture
def endpoint():
    url = os.environ.get("TEST_S3_ENDPOINT_URL")
    if not url:
        pytest.fail("TEST_S3_ENDPOINT_URL is not set: run the tests with bin/test, which starts an S3 server")
    return url


@pytest.fixture
def new_database():
    name = f"restore_{uuid.uuid4().hex[:10]}"
    with admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def populated(transactional_db, settings, tmp_path, client_for, ministry, other_ministry):
    """Committed rows (pg_dump reads from its own connection): a signed charter, approved measurements, a photo."""
    settings.MEDIA_ROOT = tmp_path / "media"
    partnership = make_partnership([ministry, other_ministry])
    lead, partner = person(ministry, Role.EXECUTIVE), person(other_ministry, Role.EXECUTIVE)
    sign_charter(partnership, [(lead, ministry), (partner, other_ministry)])
    reporter, reviewer = person(ministry, Role.FIELD_STAFF), person(ministry, Role.COORDINATOR)
    indicator = indicator_for(partnership, ministry)
    for n in (1, 2, 3):
        approved(indicator, reporter, reviewer, quarter(n), value=10 * n)
    photo = jpeg()
    posted = client_for(reporter).post(
        reverse("results:progress_new"),
        {
            "partnership": partnership.pk,
            "date": date(2026, 5, 4).isoformat(),
            "text": "Intake open.",
            "photos": [photo],
        },
    )
    assert posted.status_code == 302
    return partnership


def test_a_backup_restores_into_a_new_database_and_bucket_equal_to_the_original(
    populated, new_database, endpoint, settings, tmp_path
):
    folder = tmp_path / "backup"
    source_db = connection.settings_dict["NAME"]
    bucket = f"restored-{uuid.uuid4().hex[:10]}"
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **{k.lower(): v for k, v in KEYS.items()})
    s3.create_bucket(Bucket=bucket)
    attachment = ProgressAttachment.objects.get()
    original_photo = attachment.file.read()

    backed_up = manage(
        "backup", str(folder), env={"DATABASE_URL": database_url(source_db), "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    )
    restored = manage(
        "restore",
        str(folder),
        env={
            "DATABASE_URL": database_url(new_database),
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            **KEYS,
        },
    )

    assert backed_up.returncode == 0, backed_up.stderr
    assert restored.returncode == 0, restored.stderr
    assert "every table and file is identical" in restored.stdout
    original, copy = contents(source_db), contents(new_database)
    assert copy == original
    assert original["partnerships_partnership"][0] == 1
    assert original["charters_chartersignature"][0] == CharterSignature.objects.count() == 2
    assert original["results_measurement"][0] == Measurement.objects.count() == 3
    assert s3.get_object(Bucket=bucket, Key=attachment.file.name)["Body"].read() == original_photo


def test_a_restore_refuses_a_database_that_already_holds_partnerships(populated, settings, tmp_path):
    folder = tmp_path / "backup"
    env = {"DATABASE_URL": database_url(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    manage("backup", str(folder), env=env)

    refused = manage("restore", str(folder), env=env)
    again = manage("backup", str(folder), env=env)

    assert refused.returncode == 1
    assert "already holds partnerships" in refused.stderr
    assert again.returncode == 1
    assert "is not empty" in again.stderr


def test_a_restore_that_differs_from_its_backup_fails_and_names_what_differs(
    populated, new_database, settings, tmp_path
):
    folder = tmp_path / "backup"
    manage(
        "backup",
        str(folder),
        env={"DATABASE_URL": database_url(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(settings.MEDIA_ROOT)},
    )
    name = ProgressAttachment.objects.get().file.name
    (folder / "files" / name).write_bytes(b"not the photo that was backed up")

    restored = manage(
        "restore",
        str(folder),
        env={"DATABASE_URL": database_url(new_database), "MEDIA_ROOT": str(tmp_path / "new-media")},
    )

    assert restored.returncode == 1
    assert f"file {name} differs" in restored.stderr


def test_a_folder_that_is_not_a_backup_is_refused_with_a_way_out(tmp_path, db):
    restored = manage("restore", str(tmp_path), env={"DATABASE_URL": database_url(connection.settings_dict["NAME"])})

    assert restored.returncode == 1
    assert "is it a folder made by `manage.py backup`?" in restored.stderr


def test_sqlite_backups_restore_equal_too(tmp_path):
    """The embedded default: SQLite's online backup, then the same digests."""
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    media = str(tmp_path / "media")
    for db in (live, copy):
        assert (
            manage("migrate", "--no-input", env={"DATABASE_URL": f"sqlite:///{db}", "MEDIA_ROOT": media}).returncode
            == 0
        )
    create = "from ministries.models import Ministry; Ministry.objects.create(short_name='MX', name='Ministry X')"
    seeded = manage("shell", "-c", create, env={"DATABASE_URL": f"sqlite:///{live}", "MEDIA_ROOT": media})
    backed_up = manage("backup", str(tmp_path / "b"), env={"DATABASE_URL": f"sqlite:///{live}", "MEDIA_ROOT": media})
    restored = manage("restore", str(tmp_path / "b"), env={"DATABASE_URL": f"sqlite:///{copy}", "MEDIA_ROOT": media})

    assert (seeded.returncode, backed_up.returncode, restored.returncode) == (0, 0, 0), restored.stderr
    assert "0 files" in backed_up.stdout
    assert "identical" in restored.stdout


@pytest.mark.django_db
def test_table_digests_change_when_a_row_changes(ministry):
    before = table_digests()["ministries_ministry"]
    ministry.name = "Renamed"
    ministry.save()

    after = table_digests()["ministries_ministry"]

    assert (before["rows"], after["rows"]) == (1, 1)
    assert before["sha256"] != after["sha256"]
