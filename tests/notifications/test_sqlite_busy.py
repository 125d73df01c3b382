"""On the embedded default (a SQLite file), a person's write during a reminder scan is never a 500.

Each scan was one transaction holding SQLite's only write lock longer than the busy timeout, and 9
of 50 "mark all read" posts answered 500 "database is locked". Now a scan commits subject by subject
(notifications.services.remind), a write waits for the lock up to busy_timeout (SQLite retrying it
all that time, config/settings.py), and one that still finds it taken is the "busy, send it again"
page (503, common/middleware.py), never a server error. This runs the scans in a loop in one thread
while another posts "mark all read", on a real SQLite file, in a process of its own (the suite's
database is PostgreSQL).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys, threading, time

import django
from django.conf import settings

django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
# The tables straight from the models (no migrations): seconds instead of a minute.
connection.settings_dict["TEST"] = {"NAME": sys.argv[1], "MIGRATE": False}
connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
assert connection.vendor == "sqlite" and connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from assessments import reminders
from ministries.models import Role
from notifications.models import Kind, Notification, Reminder
from partnerships.models import Partnership
from tests.builders import make_partnership
from tests.factories import MinistryFactory, person

ministries = [MinistryFactory() for _ in range(3)]
people = [person(ministry, Role.COORDINATOR) for ministry in ministries for _ in range(4)]
for number in range(int(sys.argv[2])):
    make_partnership(ministries, title=f"Partnership {number}")
Partnership.objects.update(next_review_due=timezone.localdate() + timedelta(days=5))

done = threading.Event()
scans = []


def scan_again_and_again():
    try:
        while not done.is_set():
            Reminder.objects.all().delete()  # so that each round writes every reminder again
            scans.append(reminders.scan_reviews())
    finally:
        connection.close()


scanner = threading.Thread(target=scan_again_and_again)
scanner.start()
while not scans:
    time.sleep(0.01)
client = Client(raise_request_exception=False)
client.force_login(people[0])
statuses, unread = [], []
# At least this many posts, and for as long as it takes the scanner to finish two more rounds.
first_round = len(scans)
while len(statuses) < int(sys.argv[3]) or (len(scans) < first_round + 2 and scanner.is_alive()):
    Notification.objects.create(recipient=people[0], kind=Kind.REVIEW_DUE, title="Review due")
    statuses.append(client.post(reverse("notifications:mark_all_read")).status_code)
    unread.append(Notification.objects.filter(recipient=people[0]).unread().count())
rounds = scans[first_round:]
done.set()
scanner.join()
print(json.dumps({"statuses": statuses, "unread": unread, "scans": rounds}))
"""


def test_mark_all_read_during_scans_on_sqlite_is_never_a_server_error(tmp_path):
    drop = ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "CACHE_URL")
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        INTERLOCK_VAR_DIR=str(tmp_path / "var"),
        CELERY_BROKER_URL="memory://",  # the sends queued after each commit go nowhere: this is about the lock
        SECURE_SSL_REDIRECT="0",
    )
    posts = 50
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "interlock.sqlite3"), "40", str(posts)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    made = len(seen["statuses"])
    assert made >= posts
    assert seen["statuses"] == [302] * made
    assert seen["unread"] == [0] * made
    # The posts met the scans at work: two full rounds or more, each making every reminder (40 x 12).
    assert len(seen["scans"]) >= 2
    assert set(seen["scans"]) == {480}
