"""Checking a receipt or invoice attached to an expenditure before it is stored (see common.uploads).

Files are served back only through a permission-checked view, always as a download
(see views.expenditure_attachment), never from MEDIA_URL.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from common.uploads import check_file

ALLOWED = [".pdf", ".jpg", ".jpeg", ".png", ".webp", ".doc", ".xls", ".docx", ".xlsx", ".odt", ".ods", ".csv"]
ACCEPT = ",".join(ALLOWED)


def max_bytes():
    return settings.INTERLOCK_BUDGET_ATTACHMENT_MAX_BYTES


def check_attachment(upload):
    """The content type of an acceptable upload, or ValidationError saying what to do instead."""
    _extension, content_type, _kind = check_file(
        upload,
        allowed=ALLOWED,
        max_bytes=max_bytes(),
        wrong_type_message=_(
            "%(name)s is a kind of file Interlock does not accept. "
            "Choose a PDF, a photo, an Office document or a CSV file."
        ),
    )
    return content_type
