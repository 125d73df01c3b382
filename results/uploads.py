"""Checking files people attach to progress logs before anything is stored (see common.uploads).

Photos must also open and verify in Pillow. Accepted files are served back only
through a permission-checked view (see fieldwork_views).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.uploads import KNOWN, check_file, raise_not_really

PHOTO_EXTENSIONS = [".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"]
DOCUMENT_EXTENSIONS = [".pdf", ".doc", ".xls", ".ppt", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"]
ALLOWED = {ext: KNOWN[ext] for ext in PHOTO_EXTENSIONS + DOCUMENT_EXTENSIONS}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_FILES = 5


def max_upload_bytes():
    return settings.INTERLOCK_UPLOAD_MAX_BYTES


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    content_type: str
    size: int
    is_image: bool


def _verified_image_type(upload):
    """The content type of an image Pillow opens and verifies, or None."""
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            found = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds of error for a broken or hostile file: all mean "refuse".
        return None
    finally:
        upload.seek(0)
    # A PNG saved as photo.jpg is still a good photo: trust what Pillow found, not the name.
    return next((ctype for ctype, fmt in PILLOW_FORMATS.items() if fmt == found), None)


def check_upload(upload, *, photos_only=False):
    """The upload with its checked type, or ValidationError saying what is wrong and how to fix it."""
    if photos_only:
        allowed = PHOTO_EXTENSIONS
        wrong_type = _("%(name)s is not a photo. Choose a JPEG, PNG, WebP or HEIC photo.")
    else:
        allowed = ALLOWED
        wrong_type = _(
            "%(name)s is a kind of file Interlock does not accept. Choose a photo, a PDF or an Office document."
        )
    extension, content_type, kind = check_file(
        upload,
        allowed=allowed,
        max_bytes=max_upload_bytes(),
        wrong_type_message=wrong_type,
        too_big_message=_(
            "%(name)s is %(size)s; the limit is %(limit)s. Choose a smaller file or take the photo again."
        ),
    )
    is_image = kind in ("jpeg", "png", "webp")
    if is_image:
        content_type = _verified_image_type(upload)
        if content_type is None:
            raise_not_really(upload.name or "", extension)
    return CheckedFile(upload, (upload.name or "")[-200:], content_type, upload.size, is_image)


def check_uploads(uploads, *, photos_only=False):
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Attach at most %(count)s files to one entry.") % {"count": MAX_FILES}, code="too_many")
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload, photos_only=photos_only))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return checked
