"""Back up and restore the database and the uploaded files together, and prove a restore equal.

A backup is a folder:

    manifest.json      when, from which engine, each table's row count and content digest, each file's sha256
    database.dump      PostgreSQL: pg_dump's custom format (restored with pg_restore)
    database.sqlite3   SQLite: a consistent copy made with SQLite's online backup
    files/...          every file of the default storage (local folder or S3 bucket), byte for byte

Files are read and written through Django's storage API, so a backup taken from a bucket restores into a
local folder or another bucket alike. The manifest's digests are what `restore` checks after restoring:
a restore that differs in any row or byte fails loudly instead of being trusted.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path, PurePosixPath

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""


def storage_files(storage=None, folder=""):
    """Every file name in the storage, depth first, sorted."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local media folder nobody has uploaded to yet
        return []
    names = [str(PurePosixPath(folder, name)) if folder else name for name in sorted(files)]
    for sub in sorted(folders):
        names += storage_files(storage, str(PurePosixPath(folder, sub)) if folder else sub)
    return names


def sha256_of(handle):
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def table_digests(using="default"):
    """Each table's row count and a digest of its rows in a stable order: equal digests, equal content."""
    conn = connections[using]
    result = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            quoted = conn.ops.quote_name(table)
            columns = [c.name for c in conn.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names come from the database itself
            rows = sorted(json.dumps(row, default=_plain) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = {"rows": len(rows), "columns": columns, "sha256": digest}
    return result


def _plain(value):
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return str(value)


def _sqlite_copy(folder):
    return sqlite3.connect(Path(folder) / "database.sqlite3")


def _pg_env(settings_dict):
    env = {**os.environ}
    for key, value in (
        ("PGHOST", settings_dict.get("HOST")),
        ("PGPORT", settings_dict.get("PORT")),
        ("PGUSER", settings_dict.get("USER")),
        ("PGPASSWORD", settings_dict.get("PASSWORD")),
        ("PGDATABASE", settings_dict.get("NAME")),
    ):
        if value:
            env[key] = str(value)
    return env


def _run(command, env=None):
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client tools.") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def backup(destination):
    """Write a backup of the database and the files into `destination` (a new or empty folder)."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: give a new folder, so that no backup is overwritten.")
    destination.mkdir(parents=True, exist_ok=True)
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={destination / 'database.dump'}"],
            env=_pg_env(settings_dict),
        )
    elif connection.vendor == "sqlite":
        with closing(sqlite3.connect(settings_dict["NAME"])) as live, closing(_sqlite_copy(destination)) as copy:
            live.backup(copy)
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    files = {}
    for name in storage_files():
        target = destination / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        with target.open("rb") as copy:
            files[name] = sha256_of(copy)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "tables": table_digests(),
        "files": files,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(source, *, replace=False):
    """Restore a backup into the configured (empty) database and storage, then check it is equal."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{source} has no {MANIFEST}: is it a folder made by `manage.py backup`?") from error
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"This backup is of a {manifest['engine']} database; the settings name {connection.vendor}.")
    if not replace and _holds_data():
        raise BackupError("The database already holds partnerships. Restore into an empty one, or add --replace.")
    settings_dict = connection.settings_dict
    connection.close()
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={settings_dict['NAME']}",
                str(source / "database.dump"),
            ],
            env=_pg_env(settings_dict),
        )
    else:
        with closing(_sqlite_copy(source)) as copy, closing(sqlite3.connect(settings_dict["NAME"])) as live:
            copy.backup(live)
    for name in manifest["files"]:
        if default_storage.exists(name):
            default_storage.delete(name)
        with (source / "files" / name).open("rb") as handle:
            saved = default_storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}; restore into an empty folder or bucket.")
    return differences(manifest)


def differences(manifest):
    """What the live database and storage do not have as the manifest says: an empty list when equal."""
    found = []
    live = table_digests()
    for table, expected in manifest["tables"].items():
        actual = live.get(table)
        if actual is None:
            found.append(f"table {table} is missing")
        elif actual["sha256"] != expected["sha256"]:
            found.append(f"table {table}: {actual['rows']} rows, the backup has {expected['rows']}, or they differ")
    for name, digest in manifest["files"].items():
        try:
            with default_storage.open(name, "rb") as handle:
                if sha256_of(handle) != digest:
                    found.append(f"file {name} differs")
        except FileNotFoundError:
            found.append(f"file {name} is missing")
    return found


def _holds_data():
    with connection.cursor() as cursor:
        if "partnerships_partnership" not in connection.introspection.table_names(cursor):
            return False
        cursor.execute("SELECT 1 FROM partnerships_partnership LIMIT 1")
        return cursor.fetchone() is not None
