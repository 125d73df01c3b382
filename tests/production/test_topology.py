"""The production shape on loopback: two web nodes behind nginx, two workers, one beat, PostgreSQL, Redis, S3.

Every process is started as an operator starts it (`bin/serve web|worker|beat`, README "Run it in production"),
each web node with its own empty folder (INTERLOCK_VAR_DIR), so nothing may depend on a node's local disk.
Through the balancer and the nodes themselves the test checks that:

- a session made on one node is good on the other (sessions live in the database);
- a photo uploaded through one node downloads, byte for byte, through the other (files live in the bucket), and
  no node's folder holds a copy;
- a change made on one node renews the portfolio the other node had cached, at once (the cache version lives in
  the database, the cache in Redis);
- with one web node and one worker killed (SIGKILL) mid-run, no request through the balancer fails and every
  reminder the beat's scan made is sent, once in the inbox, and e-mailed once but for one in flight at the kill.

bin/test runs it (marked `fault`; `-m "not fault"` skips it). nginx is Debian's (bin/test installs it as root).
"""

import os
import re
import shutil
import subprocess
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import boto3
import pytest
import requests
from django.utils import timezone

from tests.builders import jpeg
from tests.processes import (
    HOST,
    ROOT,
    VENV_BIN,
    Postgres,
    Redis,
    Service,
    SmtpSink,
    process_environment,
    services,
    wait_until,
)

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PASSWORD = "a long password for the topology test"
PARTNERSHIPS = 40  # each reminds two coordinators of its review
EXPECTED = 2 * PARTNERSHIPS
GRACE = 5.0  # seconds: an e-mail accepted this long before the kill may not have been committed yet
DEADLINE = 420  # seconds for the whole test, from the first node started
KEYS = {"AWS_ACCESS_KEY_ID": "interlock-test", "AWS_SECRET_ACCESS_KEY": "interlock-test-secret"}

pytestmark = [
    pytest.mark.fault,
    pytest.mark.skipif(
        NGINX is None or services.find_pg_bin() is None or services.find_redis() is None,
        reason="needs nginx, PostgreSQL's server programs and redis-server (bin/test installs them as root)",
    ),
]

# Two ministries' coordinators and field officers; the partnerships between them have their review due in five
# days (the beat's scan reminds both coordinators), the first one carries the uploads.
SETUP = f"""
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from ministries.models import Membership, Ministry, Role
from partnerships.models import Participation, Partnership

ministries = [
    Ministry.objects.create(name=f"Ministry {{n}}", short_name=f"M{{n}}") for n in range(2)
]
for n, ministry in enumerate(ministries):
    for role in (Role.COORDINATOR, Role.FIELD_STAFF):
        user = get_user_model().objects.create_user(f"{{role}}{{n}}", f"{{role}}{{n}}@example.gov", {PASSWORD!r})
        Membership.objects.create(user=user, ministry=ministry, role=role)
due = timezone.localdate() + timedelta(days=5)
for n in range({PARTNERSHIPS}):
    partnership = Partnership.objects.create(
        title=f"Partnership {{n}}", problem="A problem.", public_value="A value.", next_review_due=due,
        start_date=timezone.localdate() - timedelta(days=30),
    )
    Participation.objects.create(partnership=partnership, ministry=ministries[0], role=Participation.Role.LEAD)
    Participation.objects.create(partnership=partnership, ministry=ministries[1])
"""


def nginx_conf(folder, port, upstreams):
    """A balancer as a ministry would run it: round robin, and a request a node failed to answer tried on the next."""
    servers = "\n".join(f"        server {HOST}:{p} max_fails=1 fail_timeout=30s;" for p in upstreams)
    return f"""
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    client_max_body_size 20m;
    upstream interlock {{
{servers}
    }}
    server {{
        listen {HOST}:{port};
        location / {{
            proxy_pass http://interlock;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_connect_timeout 2s;
        }}
    }}
}}
"""


def csrf(session, url):
    page = session.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def sign_in(base, username):
    session = requests.Session()
    token = csrf(session, f"{base}/login/")
    response = session.post(
        f"{base}/login/",
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": f"{base}/login/"},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def on(session, base):
    """The same signed-in browser, talking to another address (the cookies go with it)."""
    other = requests.Session()
    other.cookies.update(session.cookies)
    other.headers["Referer"] = f"{base}/"
    return other


def test_two_web_nodes_behind_nginx_two_workers_and_one_beat(tmp_path):
    started = time.monotonic()
    checked = []
    with ExitStack() as stack:
        postgres = Postgres(stack)
        redis_server = Redis(stack, tmp_path)
        sink = SmtpSink()
        threading.Thread(target=sink.serve_forever, daemon=True).start()
        stack.callback(sink.server_close)
        stack.callback(sink.shutdown)

        endpoint = os.environ.get("TEST_S3_ENDPOINT_URL")
        assert endpoint, "TEST_S3_ENDPOINT_URL is not set: run the tests with bin/test, which starts an S3 server"
        bucket = f"interlock-{uuid.uuid4().hex[:12]}"
        s3 = boto3.client(
            "s3", endpoint_url=endpoint, region_name="us-east-1", **{k.lower(): v for k, v in KEYS.items()}
        )
        s3.create_bucket(Bucket=bucket)

        balancer_port = services.free_port()
        base = f"http://{HOST}:{balancer_port}"
        common = process_environment(postgres, redis_server, sink, tmp_path / "deploy")
        common.update(
            KEYS,
            ALLOWED_HOSTS=HOST,
            CSRF_TRUSTED_ORIGINS=f"http://{HOST}:{balancer_port}",
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            CACHE_URL=f"redis://{HOST}:{redis_server.port}/3",
            AWS_STORAGE_BUCKET_NAME=bucket,
            AWS_S3_ENDPOINT_URL=endpoint,
            AWS_S3_REGION_NAME="us-east-1",
            # Each node renders its pages from the templates; the assets are not what this test is about.
            STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
            PORTFOLIO_CACHE_SECONDS="600",
            WEB_WORKERS="2",
            WORKER_CONCURRENCY="2",
        )

        # Deploy: migrate once (bin/serve migrate), then the test data.
        for command in (["bin/serve", "migrate"], [str(VENV_BIN / "python"), "manage.py", "shell", "-c", SETUP]):
            done = subprocess.run(command, cwd=ROOT, env=common, capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        deadline = time.monotonic() + DEADLINE  # from the first node started: migrating may take minutes

        def node_env(name, **more):
            folder = tmp_path / name
            folder.mkdir()
            return {**common, "INTERLOCK_VAR_DIR": str(folder), **more}

        web_ports = [services.free_port(), services.free_port()]
        webs = [
            Service(f"web{n}", ["bin/serve", "web"], node_env(f"web{n}", BIND=f"{HOST}:{port}"), tmp_path)
            for n, port in enumerate(web_ports)
        ]
        workers = [Service(f"worker{n}", ["bin/serve", "worker"], node_env(f"worker{n}"), tmp_path) for n in range(2)]
        beat = Service("beat", ["bin/serve", "beat"], node_env("beat"), tmp_path)
        balancer_dir = tmp_path / "nginx"
        balancer_dir.mkdir()
        (balancer_dir / "nginx.conf").write_text(nginx_conf(balancer_dir, balancer_port, web_ports))
        balancer = Service(
            "nginx", [NGINX, "-p", str(balancer_dir), "-c", str(balancer_dir / "nginx.conf")], common, tmp_path
        )
        everyone = [*webs, balancer, *workers, beat]
        for service in everyone:
            stack.callback(service.kill)
        try:
            for service in [*webs, balancer]:
                service.start()
            nodes = [f"http://{HOST}:{port}" for port in web_ports]

            def answers(url):
                return requests.get(f"{url}/healthz", timeout=5).status_code == 200

            for url in [*nodes, base]:
                assert wait_until(lambda url=url: answers(url), deadline, every=0.5), "\n".join(
                    f"== {s.name}\n{s.tail()}" for s in everyone
                )

            # 1. A session made through the balancer is good on both nodes.
            coordinator = sign_in(base, "coordinator0")
            for url in nodes:
                home = on(coordinator, url).get(f"{url}/", timeout=30)
                assert home.status_code == 200, (url, home.status_code)
                assert "/login/" not in home.url, (url, home.url)
            checked.append("a session made through the balancer is good on each web node")

            # 2. A photo uploaded through node 0 comes back, byte for byte, through node 1; no node keeps a copy.
            officer = on(sign_in(base, "field_staff0"), nodes[0])
            (partnership_id,) = postgres.query("SELECT id FROM partnerships_partnership WHERE title = 'Partnership 0'")[
                0
            ]
            photo = jpeg().read()
            token = csrf(officer, f"{nodes[0]}/partnerships/progress/new/")
            posted = officer.post(
                f"{nodes[0]}/partnerships/progress/new/",
                data={
                    "csrfmiddlewaretoken": token,
                    "partnership": partnership_id,
                    "date": timezone.localdate().isoformat(),
                    "text": "The northern office opened its doors.",
                },
                files={"photos": ("door.jpg", photo, "image/jpeg")},
                timeout=60,
                allow_redirects=False,
            )
            assert posted.status_code == 302, posted.text[-3000:]
            (attachment_id,) = postgres.query("SELECT id FROM results_progressattachment")[0]
            download = on(officer, nodes[1]).get(
                f"{nodes[1]}/partnerships/{partnership_id}/files/{attachment_id}/", timeout=30
            )
            assert download.status_code == 200
            stored = s3.list_objects_v2(Bucket=bucket)["Contents"]
            assert len(stored) == 1
            assert download.content == s3.get_object(Bucket=bucket, Key=stored[0]["Key"])["Body"].read()
            local = [p for n in range(2) for p in (tmp_path / f"web{n}").rglob("*") if p.is_file()]
            assert [p for p in local if "media" in p.parts] == []
            checked.append("a photo uploaded through web0 downloads through web1 from the bucket, no local copy")

            # 3. A change on node 0 renews the portfolio node 1 had cached, at once.
            reader = on(coordinator, nodes[1])
            before = reader.get(f"{nodes[1]}/portfolio/", timeout=60)
            assert before.status_code == 200
            assert "Families served" not in before.text
            writer = on(coordinator, nodes[0])
            token = csrf(writer, f"{nodes[0]}/partnerships/{partnership_id}/results/new/")
            (ministry_id,) = postgres.query("SELECT id FROM ministries_ministry WHERE short_name = 'M0'")[0]
            added = writer.post(
                f"{nodes[0]}/partnerships/{partnership_id}/results/new/",
                data={
                    "csrfmiddlewaretoken": token,
                    "name": "Families served",
                    "definition": "Families with a case plan",
                    "unit": "number",
                    "baseline": "0",
                    "target": "500",
                    "direction": "increase",
                    "frequency": "3",
                    "owner_ministry": ministry_id,
                },
                timeout=60,
                allow_redirects=False,
            )
            assert added.status_code == 302, added.text[-3000:]
            after = reader.get(f"{nodes[1]}/portfolio/", timeout=60)
            assert "1 indicator with a target" in after.text
            assert "1 indicator with a target" not in before.text
            checked.append("a change through web0 renews the portfolio web1 had cached")

            # 4. Kill a web node and a worker mid-run: no request through the balancer fails, no reminder is lost
            # or sent twice.
            for service in [*workers, beat]:
                service.start()
            assert wait_until(lambda: len(sink.message_ids()) > 0, deadline, every=0.2), "nothing was sent:\n" + (
                "\n".join(f"== {s.name}\n{s.tail()}" for s in [*workers, beat])
            )
            failures, statuses, stop = [], [], threading.Event()

            def browse():
                browser = on(coordinator, base)
                while not stop.is_set():
                    try:
                        statuses.append(browser.get(f"{base}/partnerships/", timeout=30).status_code)
                    except requests.RequestException as error:
                        failures.append(repr(error))

            browsing = threading.Thread(target=browse)
            browsing.start()
            time.sleep(2)
            killed_at = time.monotonic()
            webs[0].kill()
            workers[0].kill()
            time.sleep(3)
            workers[0].start()  # what a service manager does; the web node stays down
            time.sleep(3)
            stop.set()
            browsing.join(timeout=60)

            def settled():
                (unsent,) = postgres.query("SELECT count(*) FROM notifications_reminder WHERE sent_at IS NULL")[0]
                (made,) = postgres.query("SELECT count(*) FROM notifications_reminder")[0]
                return made == EXPECTED and unsent == 0

            assert wait_until(settled, deadline), "not every reminder was sent in time:\n" + "\n".join(
                f"== {s.name}\n{s.tail()}" for s in [*workers, beat]
            )
            time.sleep(3)  # anything still queued must send nothing more
        finally:
            for service in everyone:
                service.kill()

        reminders = postgres.query(
            "SELECT r.id, count(n.id) FROM notifications_reminder r"
            " LEFT JOIN notifications_notification n ON n.reminder_id = r.id GROUP BY r.id"
        )

    assert failures == []
    assert set(statuses) == {200}, sorted(set(statuses))
    assert len(statuses) > 5
    checked.append(f"{len(statuses)} requests through nginx while web0 was killed: none failed")
    assert len(reminders) == EXPECTED
    assert [pk for pk, count in reminders if count != 1] == []
    with sink.lock:
        accepted = list(sink.accepted)
    ids = [message_id for message_id, _began, _done in accepted]
    assert set(ids) == {f"<reminder-{pk}@interlock.test>" for pk, _count in reminders}
    # A second copy only of an e-mail in flight when its worker was killed.
    twice = {message_id for message_id in ids if ids.count(message_id) > 1}
    # In flight: its conversation, or the commit just after it (GRACE on a busy machine), overlaps the kill.
    in_flight = {message_id for message_id, began, done in accepted if began <= killed_at <= done + GRACE}
    timings = [
        (m, round(began - killed_at, 1), round(done - killed_at, 1)) for m, began, done in accepted if m in twice
    ]
    assert twice <= in_flight, f"sent twice, seconds from the kill: {timings}"
    checked.append(
        f"{EXPECTED} reminders sent with worker0 killed mid-run: each once in the inbox, "
        f"{len(twice)} e-mail(s) twice of {len(in_flight)} in flight"
    )
    print("\nProduction shape checked:\n- " + "\n- ".join(checked) + f"\n({time.monotonic() - started:.0f} s)")
