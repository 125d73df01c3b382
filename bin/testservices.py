"""Run Interlock's checks and tests against throwaway PostgreSQL and Redis servers.

bin/test runs this with .venv/bin/python (standard library only, Python 3.11):

    bin/test [--pytest-only] [PYTEST_ARGS...]

1. Services. Unless DATABASE_URL is set, a fresh PostgreSQL cluster is created
   in a temporary folder and started on a free port on 127.0.0.1. Unless
   CELERY_BROKER_URL is set, a Redis server is started the same way. Unless
   INTERLOCK_E2E=0, /usr/bin/chromium must exist for the browser tests.
   Missing Debian packages are installed with one apt-get run (root only).
   Unless TEST_S3_ENDPOINT_URL is set, a moto S3 server (from .venv) is started
   on a free port too, for the storage tests. The single sign-on tests start
   their own OpenID provider with node (tests/accounts/conftest.py): node and
   npm are installed here when missing.
2. Steps, each a subprocess, stopping at the first failure:
   manage.py check, makemigrations --check, ruff check, ruff format --check,
   djlint, then pytest with the arguments given to bin/test, under
   `coverage run` (branch coverage; settings in pyproject.toml).
   --pytest-only (anywhere in the arguments) skips everything but pytest.
3. Coverage, after pytest passes: a per-module report (modules not fully run,
   with their missing lines). When pytest ran the whole suite (no paths, -k,
   -m, --lf, --deselect or --ignore), the report fails under the floor
   (fail_under in pyproject.toml) and bin/views_coverage.py fails unless every
   line of every views module was run. INTERLOCK_COVERAGE=0 skips coverage
   (faster), and so does pytest-xdist's -n (its workers would not be measured).
   The data goes to a temporary folder, or, to keep it (for `coverage html`),
   to the file COVERAGE_FILE names, with coverage.json beside it.
4. Cleanup, always (success, failure, Ctrl-C, SIGTERM): the servers are
   stopped and the temporary folders deleted.

The exit status is the failing step's (0 when all pass, 130 on Ctrl-C).
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG_LIB = Path("/usr/lib/postgresql")
CHROMIUM = Path("/usr/bin/chromium")
HOST = "127.0.0.1"
PYTEST_NO_TESTS = 5  # pytest's exit code when it collected nothing
# pytest options that run less than the whole suite: the coverage floor means nothing after them.
NARROWING_OPTIONS = {"-k", "-m", "--lf", "--last-failed", "--deselect", "--ignore", "--ignore-glob", "--co"}
NARROWING_OPTIONS |= {"--collect-only", "--sw", "--stepwise", "--sw-skip", "--stepwise-skip"}


class SetupError(Exception):
    """A service or package could not be made ready; the message says why."""


class Terminated(BaseException):
    """Raised from the SIGTERM/SIGHUP handler so that cleanup still runs."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


# --- small helpers -----------------------------------------------------------


def say(message=""):
    print(message, flush=True)


def heading(title):
    say(f"== {title}")


def is_root():
    return os.geteuid() == 0


def free_port():
    """A TCP port that is free right now: bind to port 0 and read it back."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run_quiet(cmd, what, **kwargs):
    """Run a setup command, showing its output only when it fails."""
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise SetupError(f"{what} failed (exit {result.returncode}):\n{output}")
    return result.stdout


def tail(path, lines=30):
    """The last lines of a log file, or a note that there is none."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} could not be read)"


def make_temp_dir(stack, prefix):
    """A fresh temporary folder, deleted when the stack closes."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    stack.callback(shutil.rmtree, path, ignore_errors=True)
    return path


def redact(url):
    """scheme://host:port/path of a URL, without user name or password."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"


# --- Debian packages -----------------------------------------------------------


def find_pg_bin():
    """The newest /usr/lib/postgresql/N/bin that has initdb and pg_ctl, or None."""
    candidates = []
    for bin_dir in PG_LIB.glob("*/bin"):
        version = bin_dir.parent.name
        if version.isdigit() and (bin_dir / "initdb").exists() and (bin_dir / "pg_ctl").exists():
            candidates.append((int(version), bin_dir))
    return max(candidates)[1] if candidates else None


def find_redis():
    return shutil.which("redis-server")


def missing_packages(want_postgres, want_redis, want_chromium):
    """The Debian packages to install before the services can start."""
    missing = []
    if want_postgres and find_pg_bin() is None:
        missing.append("postgresql")
    if want_redis and find_redis() is None:
        missing.append("redis-server")
    if want_chromium and not CHROMIUM.exists():
        missing.append("chromium")
    # The catalogue test runs makemessages (xgettext, msgmerge); the Hebrew PDF needs a font with Hebrew.
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        missing.append("gettext")
    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        missing.append("fonts-dejavu-core")
    # The production-shape test balances two web nodes with Debian's nginx; without root it is skipped instead.
    if is_root() and shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        missing.append("nginx-light")
    # The single sign-on tests run a real OpenID provider (tests/oidc/provider.js, from npm).
    if shutil.which("node") is None or shutil.which("npm") is None:
        missing += ["nodejs", "npm"]
    return missing


def apt_install(packages):
    """Install packages with a single apt-get update and apt-get install (root only)."""
    if not packages:
        return
    command = f"apt-get install -y {' '.join(packages)}"
    apt_get = shutil.which("apt-get")
    if not is_root() or apt_get is None:
        raise SetupError(
            f"Missing: {', '.join(packages)}. Install them as root ({command}), or run bin/test as root on "
            "Debian, or set DATABASE_URL / CELERY_BROKER_URL to running servers (INTERLOCK_E2E=0 skips Chromium)."
        )
    heading(f"{command} (missing packages; this can take a minute)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run_quiet([apt_get, "update", "-q"], "apt-get update", env=env)
    run_quiet([apt_get, "install", "-y", "-q", *packages], command, env=env)
    if missing_packages("postgresql" in packages, "redis-server" in packages, "chromium" in packages):
        raise SetupError(f"{command} succeeded, but the programs are still missing")


# --- PostgreSQL ------------------------------------------------------------------


def as_postgres(cmd):
    """PostgreSQL refuses to run as root: run its server tools as the postgres user."""
    if is_root():
        return [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--", *cmd]
    return cmd


def init_cluster(pg_bin, data_dir, cwd):
    """initdb with trust authentication, UTF-8, in the C.UTF-8 locale (C as a fallback)."""
    base = [str(pg_bin / "initdb"), "-D", str(data_dir), "--auth=trust", "-U", "postgres", "--encoding=UTF8"]
    try:
        run_quiet(as_postgres([*base, "--locale=C.UTF-8"]), "initdb", cwd=cwd)
    except SetupError:
        shutil.rmtree(data_dir, ignore_errors=True)
        run_quiet(as_postgres([*base, "--locale=C"]), "initdb (locale C)", cwd=cwd)


def stop_postgres(pg_bin, data_dir, cwd):
    """Fast shutdown, if the server got as far as writing its pid file."""
    if not (data_dir / "postmaster.pid").exists():
        return
    cmd = as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data_dir), "-m", "fast", "-w", "stop"])
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        say(f"warning: pg_ctl stop failed:\n{result.stdout}{result.stderr}")


def start_postgres(stack):
    """A throwaway cluster on a free port; returns (DATABASE_URL, description)."""
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SetupError(f"No PostgreSQL server binaries under {PG_LIB}/*/bin")
    folder = make_temp_dir(stack, "interlock-pg-")
    if is_root():
        shutil.chown(folder, user="postgres", group="postgres")
    data_dir, log = folder / "data", folder / "log"
    init_cluster(pg_bin, data_dir, cwd=folder)
    # Registered before the start, so that a start cut short is stopped too.
    stack.callback(stop_postgres, pg_bin, data_dir, folder)

    for _attempt in range(3):
        port = free_port()
        # Throwaway data needs no durability. random_page_cost as for SSD storage (the usual production
        # setting): with the default, the planner scans whole tables to find one ministry's partnerships.
        options = (
            f"-k {folder} -p {port} -c listen_addresses={HOST} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c random_page_cost=1.1"
        )
        cmd = [str(pg_bin / "pg_ctl"), "-D", str(data_dir), "-l", str(log), "-w", "-o", options, "start"]
        result = subprocess.run(as_postgres(cmd), cwd=folder, capture_output=True, text=True, check=False)
        if result.returncode == 0:
            break
        if "already in use" not in tail(log):  # lost a race for the port: try another one
            raise SetupError(f"PostgreSQL did not start:\n{result.stdout}{result.stderr}\n{tail(log)}")
    else:
        raise SetupError(f"PostgreSQL found no free port:\n{tail(log)}")

    # settings.py names the database "interlock"; makemigrations --check connects to it.
    run_quiet([str(pg_bin / "createdb"), "-h", HOST, "-p", str(port), "-U", "postgres", "interlock"], "createdb")
    # "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "15.18"
    match = re.search(r"\(PostgreSQL\) (\S+)", run_quiet([str(pg_bin / "pg_ctl"), "--version"], "pg_ctl --version"))
    version = match.group(1) if match else pg_bin.parent.name
    return f"postgres://postgres@{HOST}:{port}/interlock", f"PostgreSQL {version} on {HOST}:{port} (throwaway)"


# --- Redis -----------------------------------------------------------------------


def redis_answers(port):
    """True when a Redis server on the port answers PING with +PONG."""
    try:
        with socket.create_connection((HOST, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def wait_for_redis(process, port, timeout=15):
    """Wait until the server answers; False if it exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if redis_answers(port):
            return True
        time.sleep(0.05)
    return False


def stop_redis(process, log_file):
    """Terminate Redis and wait for it to exit (kill only returns before it does)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log_file.close()


def launch_redis(stack, server, folder, log_path):
    """Start one redis-server on a free port; returns (port, started)."""
    port = free_port()
    log_file = log_path.open("w")
    cmd = [server, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no", "--dir", str(folder)]
    # Its own session: a Ctrl-C in the terminal reaches pytest, not Redis, which
    # this script stops itself once pytest has finished with it.
    process = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    stack.callback(stop_redis, process, log_file)
    return port, wait_for_redis(process, port)


def start_redis(stack):
    """A throwaway Redis without persistence on a free port; returns (port, description)."""
    server = find_redis()
    if server is None:
        raise SetupError("redis-server is not installed")
    folder = make_temp_dir(stack, "interlock-redis-")
    log_path = folder / "redis.log"
    for _attempt in range(3):
        port, started = launch_redis(stack, server, folder, log_path)
        if started:
            break
        if "already in use" not in tail(log_path):  # lost a race for the port: try another one
            raise SetupError(f"Redis did not answer PING on {HOST}:{port}:\n{tail(log_path)}")
    else:
        raise SetupError(f"Redis found no free port:\n{tail(log_path)}")
    match = re.search(r"v=(\S+)", run_quiet([server, "--version"], "redis-server --version"))
    version = match.group(1) if match else "(unknown version)"
    return port, f"Redis {version} on {HOST}:{port} (throwaway)"


# --- S3-compatible store (moto) ---------------------------------------------------------
# The storage tests upload through the real S3 protocol. moto's server comes from requirements.txt.


def s3_answers(port):
    """True when an S3 server on the port answers a plain GET (moto lists its buckets)."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=0.5) as response:
            return response.status == 200
    except OSError:
        return False


def wait_for_s3(process, port, timeout=30):
    """Wait until the server answers; False if it exits or the time runs out (its start takes ~2 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if s3_answers(port):
            return True
        time.sleep(0.1)
    return False


def start_s3(stack):
    """A moto S3 server, in memory, on a free port; returns (endpoint URL, description)."""
    server = VENV_BIN / "moto_server"
    if not server.exists():
        raise SetupError(f"{server} is missing: run bin/bootstrap-venv (requirements.txt pins moto[server])")
    log_path = make_temp_dir(stack, "interlock-s3-") / "moto.log"
    for _attempt in range(3):
        port = free_port()
        log_file = log_path.open("w")
        cmd = [str(server), "-H", HOST, "-p", str(port)]
        # Its own session, like Redis: stopped by this script once pytest is done with it.
        process = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
        stack.callback(stop_redis, process, log_file)  # terminate, wait, close the log: the same for moto
        if wait_for_s3(process, port):
            return f"http://{HOST}:{port}", f"moto S3 server on {HOST}:{port} (throwaway)"
        if "already in use" not in tail(log_path):  # lost a race for the port: try another one
            raise SetupError(f"moto_server did not answer on {HOST}:{port}:\n{tail(log_path)}")
    raise SetupError(f"moto_server found no free port:\n{tail(log_path)}")


# --- the run -------------------------------------------------------------------------


def prepare_services(stack, env):
    """Install what is missing, start what is not given, and put the URLs in env."""
    want_postgres = not env.get("DATABASE_URL")
    want_redis = not env.get("CELERY_BROKER_URL")
    want_chromium = env.get("INTERLOCK_E2E") != "0"
    apt_install(missing_packages(want_postgres, want_redis, want_chromium))

    if want_postgres:
        env["DATABASE_URL"], description = start_postgres(stack)
        say(f"Database: {description}")
    else:
        say(f"Database: {redact(env['DATABASE_URL'])} (from DATABASE_URL)")

    if want_redis:
        port, description = start_redis(stack)
        env["CELERY_BROKER_URL"] = f"redis://{HOST}:{port}/0"
        env["CELERY_RESULT_BACKEND"] = f"redis://{HOST}:{port}/1"
        env["REDIS_URL"] = f"redis://{HOST}:{port}/2"
        say(f"Broker:   {description}")
    else:
        say(f"Broker:   {redact(env['CELERY_BROKER_URL'])} (from CELERY_BROKER_URL)")

    # S3: the storage tests need an S3-protocol server; TEST_S3_ENDPOINT_URL names a running one.
    if not env.get("TEST_S3_ENDPOINT_URL"):
        env["TEST_S3_ENDPOINT_URL"], description = start_s3(stack)
        say(f"S3:       {description}")
    else:
        say(f"S3:       {redact(env['TEST_S3_ENDPOINT_URL'])} (from TEST_S3_ENDPOINT_URL)")

    if want_chromium:
        say(f"Browser:  {CHROMIUM}")
    else:
        say("Browser:  none (INTERLOCK_E2E=0)")


def test_environment(stack):
    """The environment every step runs in: settings fixed for a repeatable run."""
    env = dict(os.environ)
    # config/settings_test.py pins the same DEBUG, SECURE_SSL_REDIRECT, STATICFILES_STORAGE and CONN_MAX_AGE for
    # pytest, so that plain pytest runs as this does; the checks before it read config.settings itself.
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(50),  # throwaway, new on every run
        DEBUG="0",
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        SECURE_SSL_REDIRECT="0",
        # No persistent connections: the live server's thread must let the test database go.
        CONN_MAX_AGE="0",
        INTERLOCK_VAR_DIR=str(make_temp_dir(stack, "interlock-var-")),
    )
    return env


def narrows(pytest_args):
    """True when the arguments make pytest run less than the whole suite (paths, -k, -m, --lf, ...)."""
    for arg in pytest_args:
        name = arg.split("=", 1)[0]
        if name in NARROWING_OPTIONS or (arg[:2] in ("-k", "-m") and len(arg) > 2):
            return True
        path = ROOT / arg.split("::")[0]
        if not arg.startswith("-") and path.exists() and path.resolve() != ROOT / "tests":
            return True
    return False


def uses_xdist(pytest_args):
    """True when pytest-xdist is asked for workers (-n N, -nauto, --numprocesses)."""
    return any(
        arg == "-n" or re.fullmatch(r"-n(\d+|auto|logical)", arg) or arg.startswith("--numprocesses")
        for arg in pytest_args
    )


def coverage_steps(pytest_args, data_file):
    """The steps after pytest: the per-module report, and the floor and views check after a whole-suite run."""
    python = str(VENV_BIN / "python")
    if narrows(pytest_args):
        # Narrowed runs still print what they covered, but cannot be held to the floor of the whole suite.
        return [
            ("coverage report (no floor: the run was narrowed)", [python, "-m", "coverage", "report", "--fail-under=0"])
        ]
    report_json = str(data_file.with_name("coverage.json"))
    return [
        ("coverage report (fails under fail_under in pyproject.toml)", [python, "-m", "coverage", "report"]),
        ("coverage json", [python, "-m", "coverage", "json", "-q", "-o", report_json]),
        ("every views module fully run", [python, str(ROOT / "bin" / "views_coverage.py"), report_json]),
    ]


def build_steps(pytest_args, pytest_only, data_file=None):
    """(heading, command, environment changes) for each step, in order; data_file None runs pytest bare."""
    python = str(VENV_BIN / "python")
    ruff = str(VENV_BIN / "ruff")
    steps = [
        ("manage.py check", [python, "manage.py", "check", "--fail-level", "WARNING"]),
        ("manage.py makemigrations --check", [python, "manage.py", "makemigrations", "--check", "--dry-run"]),
        ("ruff check", [ruff, "check", "."]),
        ("ruff format --check", [ruff, "format", "--check", "."]),
    ]
    if (ROOT / "templates").is_dir():
        steps.append(("djlint templates --lint", [str(VENV_BIN / "djlint"), "templates", "--lint"]))
    if pytest_only:
        steps = []
    steps = [(title, cmd, {}) for title, cmd in steps]
    # pytest reads its settings module from pyproject.toml (config.settings_test), not from this environment.
    pytest_env = {"DJANGO_SETTINGS_MODULE": "config.settings_test"}
    title = " ".join(["pytest", *pytest_args])
    if data_file is None:
        steps.append((title, [python, "-m", "pytest", *pytest_args], pytest_env))
        return steps
    pytest_env["COVERAGE_FILE"] = str(data_file)
    steps.append(
        (f"coverage run -m {title}", [python, "-m", "coverage", "run", "-m", "pytest", *pytest_args], pytest_env)
    )
    steps += [
        (title, cmd, {"COVERAGE_FILE": pytest_env["COVERAGE_FILE"]})
        for title, cmd in coverage_steps(pytest_args, data_file)
    ]
    return steps


def end_step(process, signum):
    """Stop an interrupted step gently, so that pytest can tear down and report.

    A Ctrl-C in a terminal has already reached the step (same process group);
    a signal sent to this process alone has not. So: a moment for the step to
    finish on its own, then the signal, then a longer wait, then SIGKILL.
    A second Ctrl-C meanwhile kills the step at once.
    """
    try:
        for wait_seconds, then_send in ((2, signum), (15, signal.SIGKILL)):
            try:
                process.wait(timeout=wait_seconds)
                return
            except subprocess.TimeoutExpired:
                process.send_signal(then_send)
    except BaseException:
        process.kill()
        raise
    finally:
        process.wait()


def run_step(title, cmd, env):
    """Run one step; returns its exit code (128+N when killed by signal N)."""
    heading(title)
    process = subprocess.Popen(cmd, cwd=ROOT, env=env)
    try:
        code = process.wait()
    except BaseException as interruption:  # Ctrl-C or SIGTERM: let the step end itself first
        end_step(process, signal.SIGTERM if isinstance(interruption, Terminated) else signal.SIGINT)
        raise
    if code < 0:
        code = 128 - code
    if "pytest" in cmd[1:6] and code == PYTEST_NO_TESTS:
        say(f"pytest collected no tests (exit code {PYTEST_NO_TESTS}): check the paths and -k/-m arguments.")
    return code


def run_steps(steps, env):
    """Run the steps in order, stopping at the first failure; returns the exit code."""
    started = time.monotonic()
    for title, cmd, changes in steps:
        code = run_step(title, cmd, {**env, **changes})
        if code != 0:
            heading(f"FAILED: {title} (exit code {code})")
            return code
    heading(f"all {len(steps)} steps passed in {time.monotonic() - started:.0f} s")
    return 0


def raise_terminated(signum, _frame):
    raise Terminated(signum)


def main(argv):
    # --pytest-only may come anywhere (pytest has no option of that name); the rest goes to pytest.
    pytest_only = "--pytest-only" in argv
    pytest_args = [arg for arg in argv if arg != "--pytest-only"]
    # Ctrl-C raises KeyboardInterrupt even when started with SIGINT ignored (as a
    # background job of a script is); the steps then get the default handling too.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, raise_terminated)
    signal.signal(signal.SIGHUP, raise_terminated)

    stack = ExitStack()
    try:
        env = test_environment(stack)
        prepare_services(stack, env)
        data_file = None
        if env.get("INTERLOCK_COVERAGE") == "0":
            say("Coverage: off (INTERLOCK_COVERAGE=0)")
        elif uses_xdist(pytest_args):
            say("Coverage: off (pytest-xdist workers are not measured; run without -n to measure)")
        else:
            kept = env.get("COVERAGE_FILE")
            data_file = Path(kept).resolve() if kept else make_temp_dir(stack, "interlock-coverage-") / ".coverage"
            say("Coverage: on (branch), floor " + ("not checked: narrowed run" if narrows(pytest_args) else "checked"))
        return run_steps(build_steps(pytest_args, pytest_only, data_file), env)
    except SetupError as error:
        say(f"bin/test: {error}")
        return 1
    except KeyboardInterrupt:
        say("\nbin/test: interrupted")
        return 130
    except Terminated as stop:
        say(f"\nbin/test: stopped by signal {stop.signum}")
        return 128 + stop.signum
    finally:
        # Cleanup must finish even if Ctrl-C is pressed again meanwhile.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        stack.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
