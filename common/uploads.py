"""Checking files people upload, before anything is stored.

A file is accepted only when its extension is on the caller's list, it is within the
size limit, AND its first bytes are what that kind of file starts with. HTML, SVG
and scripts are never accepted, whatever they are called. Apps keep their own list
of what they accept (see partnerships.uploads, budgets.attachments) and serve files
back only through permission-checked views, as downloads.
"""

import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

# Extension -> (content type, kind of check), for every kind of file Interlock may take.
KNOWN = {
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".png": ("image/png", "png"),
    ".webp": ("image/webp", "webp"),
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
    ".csv": ("text/csv", "text"),
    ".txt": ("text/plain", "text"),
}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
# Kinds Pillow reads the size of; it needs a plugin for HEIC, which is never shown inline.
MEASURED_IMAGES = {"jpeg", "png", "webp"}
# What a browser would treat as a page or a script if it ever rendered the file.
MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe", b"<head")


def extension_of(name):
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _is_plain_text(upload):
    upload.seek(0)
    data = upload.read()
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # spreadsheets saved on Windows
        except UnicodeDecodeError:
            return False
    head = text.lstrip().lower().encode()
    return not any(marker in head[:4096] for marker in MARKUP)


def _zip_holds(upload, member):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return member in set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def starts_right(kind, head, upload):
    """Whether the file's first bytes (and, for zips, its contents) match its kind."""
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if kind == "heic":
        return head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "ole":
        return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    if kind == "ooxml":
        return head.startswith(b"PK\x03\x04") and _zip_holds(upload, "[Content_Types].xml")
    if kind == "odf":
        return head.startswith(b"PK\x03\x04") and _zip_holds(upload, "mimetype")
    if kind == "text":
        return _is_plain_text(upload)
    return False


def check_file(upload, *, allowed, max_bytes, wrong_type_message, too_big_message=None):
    """(extension, content type, kind) of an acceptable upload, or ValidationError saying how to fix it.

    `allowed`: the extensions the caller accepts (keys of KNOWN). The messages name what to
    do instead; `wrong_type_message` takes %(name)s, `too_big_message` %(name)s, %(size)s, %(limit)s.
    """
    name = upload.name or ""
    extension = extension_of(name)
    if extension not in allowed:
        raise ValidationError(wrong_type_message % {"name": name}, code="type")
    if upload.size > max_bytes:
        message = too_big_message or _("%(name)s is %(size)s; the limit is %(limit)s. Choose a smaller file.")
        raise ValidationError(
            message % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty. Choose the file again.") % {"name": name}, code="empty")
    content_type, kind = KNOWN[extension]
    upload.seek(0)
    ok = starts_right(kind, upload.read(64), upload)
    upload.seek(0)
    if not ok:
        raise_not_really(name, extension)
    if kind in MEASURED_IMAGES:
        check_pixels(upload, name=name, extension=extension)
    return extension, content_type, kind


def check_pixels(upload, *, name, extension):
    """ValidationError when an image has more pixels than INTERLOCK_IMAGE_MAX_MEGAPIXELS.

    A one-colour PNG of 10,000 x 10,000 pixels is a 100 kB file that unpacks to 300 MB in whoever
    draws it, browser or server. Pillow reads the size from the header without unpacking; it refuses
    on its own only past about 180 megapixels (a DecompressionBombError), far above our limit.
    """
    limit = settings.INTERLOCK_IMAGE_MAX_MEGAPIXELS
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        width = height = None
    except Exception:  # Pillow raises many kinds of error for a broken or hostile file: all mean "refuse".
        raise_not_really(name, extension)
    finally:
        upload.seek(0)
    if width is None or width * height > limit * 1_000_000:
        raise ValidationError(
            _(
                "%(name)s has too many pixels; the limit is %(limit)s megapixels. "
                "Make the image smaller (for example 4000 × 3000 pixels) and choose it again."
            )
            % {"name": name, "limit": limit},
            code="pixels",
        )


def raise_not_really(name, extension):
    raise ValidationError(
        _("%(name)s is not really a %(extension)s file, or it is damaged. Choose another file.")
        % {"name": name, "extension": extension.lstrip(".").upper()},
        code="content",
    )
