"""One beat sends, however many are started: the scheduler holds a lease in the database.

`bin/run` and `bin/serve beat` start one beat and refuse a second on the same machine (a pidfile,
a lock file), but nothing on one machine sees a beat started by mistake on another. Every beat
shares the database, so the right to start the scans is a lease there (`SchedulerLease`): the
holder renews it at every tick; any other beat logs that it is standing by and sends nothing, and
takes over once the holder has stopped renewing for INTERLOCK_BEAT_LEASE_SECONDS (or at once when
the holder stopped cleanly and gave the lease back).

CELERY_BEAT_SCHEDULER names `LeasedScheduler`; celery loads it after Django is set up.
"""

import contextlib
import logging
import os
import socket
import uuid
from datetime import timedelta

from celery.beat import PersistentScheduler
from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone

from notifications.models import SchedulerLease

log = logging.getLogger(__name__)

LEASE = "beat"


@transaction.atomic
def lease_take(*, name, holder, seconds):
    """Take or renew the lease `name` for `holder` for `seconds`; whether `holder` holds it now."""
    now = timezone.now()
    until = now + timedelta(seconds=seconds)
    mine_or_lapsed = Q(holder=holder) | Q(expires_at__lt=now)
    if SchedulerLease.objects.filter(mine_or_lapsed, name=name).update(holder=holder, expires_at=until):
        return True
    try:
        with transaction.atomic():
            SchedulerLease.objects.create(name=name, holder=holder, expires_at=until)
    except IntegrityError:  # another beat holds it (or took it a moment ago)
        return False
    return True


def lease_release(*, name, holder):
    """Give the lease back, so that a beat standing by takes over at its next tick."""
    SchedulerLease.objects.filter(name=name, holder=holder).delete()


class LeasedScheduler(PersistentScheduler):
    """Celery's file-backed scheduler that sends only while it holds the beat lease."""

    def __init__(self, *args, **kwargs):
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.holding = None  # unknown until the first tick
        super().__init__(*args, **kwargs)

    @property
    def lease_seconds(self):
        return settings.INTERLOCK_BEAT_LEASE_SECONDS

    def _hold(self):
        # A long-lived process outside any request: drop a connection the database has closed
        # (a restart) or that outlived CONN_MAX_AGE, as Django does around each request.
        close_old_connections()
        try:
            holding = lease_take(name=LEASE, holder=self.holder, seconds=self.lease_seconds)
        except DatabaseError as error:
            # Without the database nobody can tell who holds the lease: send nothing (the scans
            # need the database anyway) and ask again at the next tick.
            log.warning("Beat %s cannot renew its lease (%s): it sends nothing.", self.holder, error)
            holding = False
        if holding != self.holding:
            if holding:
                log.warning("Beat %s holds the beat lease: it starts the scheduled scans.", self.holder)
            else:
                log.warning(
                    "Beat %s is standing by: another beat holds the lease and starts the scans. "
                    "Run exactly one beat; this one takes over only if that one stops.",
                    self.holder,
                )
        self.holding = holding
        return holding

    def tick(self, *args, **kwargs):
        # Renew at least three times per lease, so that a slow tick never lets it lapse.
        renew_within = self.lease_seconds / 3
        if not self._hold():
            return renew_within
        return min(super().tick(*args, **kwargs), renew_within)

    def close(self):
        if self.holding:
            with contextlib.suppress(DatabaseError):  # unreachable: the lease lapses on its own
                lease_release(name=LEASE, holder=self.holder)
        super().close()
