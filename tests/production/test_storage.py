"""Uploads go to an S3-compatible store when one is configured, and come back only through our views.

bin/test starts a moto S3 server on loopback and names it in TEST_S3_ENDPOINT_URL.
"""

import io
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from assessments.models import PointEvidence
from budgets import services as budget_services
from budgets.models import Budget, Expenditure
from config.storage import s3_storage
from ministries.models import Role
from partnerships import services as partnership_services
from results.models import ProgressAttachment
from tests.factories import FieldUnitFactory, MembershipFactory, person

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"access_key": "interlock-test", "secret_key": "interlock-test-secret"}


@pytest.fixture
def endpoint():
    url = os.environ.get("TEST_S3_ENDPOINT_URL")
    if not url:
        pytest.fail("TEST_S3_ENDPOINT_URL is not set: run the tests with bin/test, which starts an S3 server")
    return url


@pytest.fixture
def s3(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )


@pytest.fixture
def bucket(s3, endpoint, settings, tmp_path):
    """A fresh bucket, made the default storage the way settings.py does when AWS_STORAGE_BUCKET_NAME is set."""
    name = f"interlock-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(bucket_name=name, endpoint_url=endpoint, region_name="us-east-1", **KEYS),
    }
    return name


@pytest.fixture
def shared_partnership(ministry, other_ministry):
    return partnership_services.partnership_create(
        created_by=None,
        fields={"title": "One door for families", "problem": "Families fall between programs.", "public_value": "."},
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ],
    )


@pytest.fixture
def reporter(ministry):
    unit = FieldUnitFactory(ministry=ministry, name="Thunder Bay Office")
    return MembershipFactory(ministry=ministry, role=Role.FIELD_STAFF, field_unit=unit, user__username="tbay").user


@pytest.fixture
def partner(other_ministry):
    return person(other_ministry, Role.COORDINATOR, user__username="partner")


def photo_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def post_photo(client, partnership, content):
    photo = io.BytesIO(content)
    photo.name = "site.jpg"
    return client.post(
        reverse("results:progress_new"),
        {
            "partnership": partnership.pk,
            "date": timezone.localdate().isoformat(),
            "text": "Opened intake.",
            "photos": [photo],
        },
    )


def test_progress_photo_is_stored_in_the_bucket_and_downloaded_through_the_view(
    bucket, s3, client_for, shared_partnership, reporter, partner, outsider, tmp_path
):
    content = photo_bytes()
    posted = post_photo(client_for(reporter), shared_partnership, content)
    attachment = ProgressAttachment.objects.get()
    url = reverse("results:attachment", args=[shared_partnership.pk, attachment.pk])

    stored = s3.get_object(Bucket=bucket, Key=attachment.file.name)["Body"].read()
    download = client_for(partner).get(url)
    hidden = client_for(outsider).get(url)

    assert posted.status_code == 302
    assert stored == content
    assert (download.status_code, b"".join(download.streaming_content)) == (200, content)
    assert download["Content-Disposition"] == 'attachment; filename="site.jpg"'
    assert hidden.status_code == 404
    assert not (tmp_path / "media").exists()  # nothing went to the local folder


def test_stored_files_are_private_and_never_linked(
    bucket, s3, endpoint, client_for, shared_partnership, reporter, partner
):
    post_photo(client_for(reporter), shared_partnership, photo_bytes())
    attachment = ProgressAttachment.objects.get()

    grants = s3.get_object_acl(Bucket=bucket, Key=attachment.file.name)["Grants"]
    download = client_for(partner).get(reverse("results:attachment", args=[shared_partnership.pk, attachment.pk]))
    page = client_for(partner).get(reverse("results:progress", args=[shared_partnership.pk]))

    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]
    assert (download.streaming, "Location" in download) == (True, False)
    assert (endpoint in page.text, bucket in page.text) == (False, False)
    assert reverse("results:attachment", args=[shared_partnership.pk, attachment.pk]) in page.text


def test_a_removed_photo_is_deleted_from_the_bucket(
    bucket, s3, client_for, shared_partnership, reporter, django_capture_on_commit_callbacks
):
    client = client_for(reporter)
    post_photo(client, shared_partnership, photo_bytes())
    attachment = ProgressAttachment.objects.get()
    log = attachment.log

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("results:progress_edit", args=[shared_partnership.pk, log.pk]),
            {"date": log.date.isoformat(), "text": "Opened intake in two offices.", "remove": [attachment.pk]},
        )

    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_point_evidence_is_stored_in_the_bucket_and_a_lost_file_answers_404(
    bucket, s3, client_for, shared_partnership, coordinator, partner
):
    client_for(coordinator).post(
        reverse("assessments:evidence_add", args=[shared_partnership.pk, 1]),
        {"label": "Minutes", "file": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")},
    )
    evidence = PointEvidence.objects.get()
    url = reverse("assessments:evidence_file", args=[shared_partnership.pk, evidence.pk])

    download = client_for(partner).get(url)
    s3.delete_object(Bucket=bucket, Key=evidence.file.name)
    lost = client_for(partner).get(url)

    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert download["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert lost.status_code == 404


def test_the_bucket_settings_from_the_environment_send_uploads_to_the_bucket(s3, endpoint, tmp_path):
    """settings.py reads the AWS_* variables: a fresh process saves through default_storage into the bucket."""
    name = f"interlock-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        AWS_STORAGE_BUCKET_NAME=name,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID=KEYS["access_key"],
        AWS_SECRET_ACCESS_KEY=KEYS["secret_key"],
        AWS_LOCATION="ontario",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    save = (
        "import django; django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "print(default_storage.save('progress/note.txt', ContentFile(b'hello')))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", save], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )

    assert (result.returncode, result.stdout) == (0, "progress/note.txt\n"), result.stderr
    assert s3.get_object(Bucket=name, Key="ontario/progress/note.txt")["Body"].read() == b"hello"
    assert not (tmp_path / "media").exists()


def test_budget_receipt_is_stored_in_the_bucket_and_a_lost_file_answers_404(
    bucket, s3, client_for, ministry, other_ministry, coordinator, partner, outsider
):
    partnership = partnership_services.partnership_create(
        created_by=None,
        fields={
            "title": "One door for families",
            "problem": "Families fall between programs.",
            "public_value": ".",
            "start_date": date(2026, 4, 1),
            "end_date": date(2029, 3, 31),
        },
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ],
    )
    budget_services.budget_create(
        partnership=partnership,
        by=None,
        fields={
            "currency": "CAD",
            "fiscal_year_start_month": 4,
            "first_year": 2026,
            "last_year": 2028,
            "managed_by": Budget.ManagedBy.LEAD,
            "field_units_may_record": False,
        },
    )
    receipt = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    client_for(coordinator).post(
        reverse("budgets:expenditure_add", args=[partnership.pk]),
        {
            "date": "2026-06-15",
            "category": "travel",
            "amount": "42.10",
            "spender": f"ministry-{ministry.pk}",
            "description": "Bus to Sioux Lookout",
            "attachment": SimpleUploadedFile("receipt.pdf", receipt, "application/pdf"),
        },
    )
    expenditure = Expenditure.objects.get()
    url = reverse("budgets:expenditure_attachment", args=[partnership.pk, expenditure.pk])

    stored = s3.get_object(Bucket=bucket, Key=expenditure.attachment.name)["Body"].read()
    download = client_for(partner).get(url)
    hidden = client_for(outsider).get(url)
    s3.delete_object(Bucket=bucket, Key=expenditure.attachment.name)
    lost = client_for(partner).get(url)

    assert stored == receipt
    assert b"".join(download.streaming_content) == receipt
    assert download["Content-Disposition"] == 'attachment; filename="receipt.pdf"'
    assert (hidden.status_code, lost.status_code) == (404, 404)
