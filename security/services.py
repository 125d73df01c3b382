from ministries.permissions import ministry_ids
from security.models import SecurityEvent


def client_address(request):
    """The address Django saw. Behind a proxy, the proxy settings decide what REMOTE_ADDR holds."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


# Not @transaction.atomic: it is one INSERT, atomic by itself, and a savepoint would add two queries
# to every page that exports.
def security_event_record(*, kind, user=None, request=None, ministries=None, partnership=None, detail="", username=""):
    """Record one event in the log of each ministry it concerns: the given ones, else the person's own.

    The one way events are written, so every log line carries the same who, where and when.
    A person of no ministry (a support superuser, a mistyped name) still leaves a row, without a ministry.
    """
    if ministries is None:
        ids = sorted(ministry_ids(user)) if user is not None and user.is_authenticated else []
    else:
        ids = sorted({getattr(m, "pk", m) for m in ministries})
    name = username or (user.get_username() if user is not None and user.is_authenticated else "")
    rows = [
        SecurityEvent(
            ministry_id=ministry_id,
            user=user if user is not None and user.is_authenticated else None,
            username=name[:150],
            kind=kind,
            detail=detail[:500],
            partnership=partnership,
            ip_address=client_address(request),
        )
        for ministry_id in ids or [None]
    ]
    return SecurityEvent.objects.bulk_create(rows)
