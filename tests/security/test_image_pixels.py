"""An image with more pixels than the limit is refused with a message next to its field.

A 100-megapixel PNG of one colour is a file of about 100 kB: it passed the 10 MB limit and was
shown inline, where it unpacks to hundreds of megabytes in the browser.
"""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from budgets.attachments import check_attachment
from results.models import ProgressAttachment, ProgressLog
from tests.builders import jpeg


def one_colour_png(width, height, name="plan.png"):
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(scope="module")
def hundred_megapixels():
    return one_colour_png(10_000, 10_000).read()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_100_megapixel_photo_is_refused_next_to_the_field(client_for, partnership, unit_officer, hundred_megapixels):
    assert len(hundred_megapixels) < 200_000
    photo = SimpleUploadedFile("plan.png", hundred_megapixels, content_type="image/png")

    response = client_for(unit_officer).post(
        reverse("results:progress_new"),
        {
            "partnership": partnership.pk,
            "date": timezone.localdate().isoformat(),
            "text": "The site plan.",
            "photos": [photo],
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["photos"] == [
        "plan.png has too many pixels; the limit is 40 megapixels. "
        "Make the image smaller (for example 4000 × 3000 pixels) and choose it again."
    ]
    assert (ProgressLog.objects.count(), ProgressAttachment.objects.count()) == (0, 0)


def test_a_receipt_image_over_the_limit_is_refused(settings):
    settings.INTERLOCK_IMAGE_MAX_MEGAPIXELS = 1

    with pytest.raises(ValidationError) as refused:
        check_attachment(one_colour_png(1001, 1000, name="receipt.png"))

    assert refused.value.code == "pixels"


def test_an_image_at_the_limit_is_accepted(settings):
    settings.INTERLOCK_IMAGE_MAX_MEGAPIXELS = 1

    assert check_attachment(one_colour_png(1000, 1000, name="receipt.png")) == "image/png"
    assert check_attachment(jpeg(name="receipt.jpg")) == "image/jpeg"


def test_an_image_past_pillows_own_limit_is_refused_the_same_way(settings):
    settings.INTERLOCK_IMAGE_MAX_MEGAPIXELS = 1000
    # Pillow itself refuses past twice its MAX_IMAGE_PIXELS (about 180 megapixels) before we measure.
    huge = one_colour_png(1, 1)
    data = bytearray(huge.read())
    data[16:24] = (200_000).to_bytes(4, "big") + (200_000).to_bytes(4, "big")  # the IHDR's width and height
    data[29:33] = zlib.crc32(data[12:29]).to_bytes(4, "big")

    with pytest.raises(ValidationError) as refused:
        check_attachment(SimpleUploadedFile("receipt.png", bytes(data), content_type="image/png"))

    assert refused.value.code == "pixels"
