"""Checking a receipt or invoice attached to an expenditure before it is stored.

A file is accepted only when its extension is on the list, it is within the size
limit AND its first bytes are what that kind of file starts with. CSV files must be
plain text that is not HTML. Files are served back only through a permission-checked
view, always as a download (see views.expenditure_attachment), never from MEDIA_URL.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extension -> (content type, kind of check)
ALLOWED = {
    ".pdf": ("application/pdf", "pdf"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".png": ("image/png", "png"),
    ".webp": ("image/webp", "webp"),
    ".doc": ("application/msword", "ole"),
    ".xls": ("application/vnd.ms-excel", "ole"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ooxml"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml"),
    ".odt": ("application/vnd.oasis.opendocument.text", "odf"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "odf"),
    ".csv": ("text/csv", "csv"),
}
ACCEPT = ",".join(ALLOWED)
# What a browser would treat as a page or a script if it ever rendered the file.
MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe", b"<head")


def max_bytes():
    return getattr(settings, "INTERLOCK_BUDGET_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


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


def _starts_right(kind, head, upload):
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
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
    if kind == "csv":
        return _is_plain_text(upload)
    return False


def check_attachment(upload):
    """The content type of an acceptable upload, or ValidationError saying what to do instead."""
    name = upload.name or ""
    extension = extension_of(name)
    if extension not in ALLOWED:
        raise ValidationError(
            _(
                "%(name)s is a kind of file Interlock does not accept. "
                "Choose a PDF, a photo, an Office document or a CSV file."
            )
            % {"name": name},
            code="type",
        )
    if upload.size > max_bytes():
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s. Choose a smaller file.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())},
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty. Choose the file again.") % {"name": name}, code="empty")
    content_type, kind = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(64)
    ok = _starts_right(kind, head, upload)
    upload.seek(0)
    if not ok:
        raise ValidationError(
            _("%(name)s is not really a %(extension)s file, or it is damaged. Choose another file.")
            % {"name": name, "extension": extension.lstrip(".").upper()},
            code="content",
        )
    return content_type
