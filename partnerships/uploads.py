"""Checking files people attach to progress logs before anything is stored.

A file is accepted only when its extension is on the list AND its first bytes are
what that kind of file starts with; images must also open and verify in Pillow.
HTML, SVG and scripts are never accepted, whatever they are called. Accepted files
are served back only through a permission-checked view (see fieldwork_views).
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extension -> (content type, kind). Kinds: "image" (verified by Pillow, may be shown inline),
# "heic" (a phone photo Pillow cannot open without a plug-in: downloaded, never shown inline),
# "pdf", "ole" (old Office files), "ooxml" (Office files since 2007), "odf" (OpenDocument).
ALLOWED = {
    ".jpg": ("image/jpeg", "image"),
    ".jpeg": ("image/jpeg", "image"),
    ".png": ("image/png", "image"),
    ".webp": ("image/webp", "image"),
    ".heic": ("image/heic", "heic"),
    ".heif": ("image/heif", "heic"),
    ".pdf": ("application/pdf", "pdf"),
    ".doc": ("application/msword", "ole"),
    ".xls": ("application/vnd.ms-excel", "ole"),
    ".ppt": ("application/vnd.ms-powerpoint", "ole"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ooxml"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ooxml"),
    ".odt": ("application/vnd.oasis.opendocument.text", "odf"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "odf"),
    ".odp": ("application/vnd.oasis.opendocument.presentation", "odf"),
}
PHOTO_EXTENSIONS = [ext for ext, (_type, kind) in ALLOWED.items() if kind in ("image", "heic")]
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
MAX_FILES = 5


def max_upload_bytes():
    return getattr(settings, "INTERLOCK_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    content_type: str
    size: int
    is_image: bool


def _extension(name):
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _starts_right(kind, head, upload):
    if kind == "image":
        return head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (
            head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        )
    if kind == "heic":
        return head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "ole":
        return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    if kind in ("ooxml", "odf"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return False
        return "[Content_Types].xml" in names if kind == "ooxml" else "mimetype" in names
    return False


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
    # A PNG saved as photo.jpg is still a good photo: trust what Pillow found, not the name.
    return next((ctype for ctype, fmt in PILLOW_FORMATS.items() if fmt == found), None)


def check_upload(upload, *, photos_only=False):
    """The upload with its checked type, or ValidationError saying what is wrong and how to fix it."""
    name = upload.name or ""
    extension = _extension(name)
    allowed = PHOTO_EXTENSIONS if photos_only else ALLOWED
    if extension not in allowed:
        if photos_only:
            message = _("%(name)s is not a photo. Choose a JPEG, PNG, WebP or HEIC photo.")
        else:
            message = _(
                "%(name)s is a kind of file Interlock does not accept. Choose a photo, a PDF or an Office document."
            )
        raise ValidationError(message % {"name": name}, code="type")
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s. Choose a smaller file or take the photo again.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_upload_bytes())},
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty. Choose the file again.") % {"name": name}, code="empty")
    content_type, kind = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(64)
    ok = _starts_right(kind, head, upload)
    if ok and kind == "image":
        content_type = _verified_image_type(upload)
        ok = content_type is not None
    upload.seek(0)
    if not ok:
        raise ValidationError(
            _("%(name)s is not really a %(extension)s file, or it is damaged. Choose another file.")
            % {"name": name, "extension": extension.lstrip(".").upper()},
            code="content",
        )
    return CheckedFile(upload, name[-200:], content_type, upload.size, kind == "image")


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
