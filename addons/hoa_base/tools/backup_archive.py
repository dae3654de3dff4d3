"""Backup archives of one Odoo database: format, checks and retention policy.

Plain Python (standard library only), shared by the scheduled action of hoa_base
(``hoa.backup``) and by ``scripts/hoa_backup.py`` (``make backup`` / ``make restore``).

An archive ``<db>_<YYYYmmdd_HHMMSS>.hoabackup`` is an uncompressed tar holding:

* ``db.dump``: ``pg_dump --format=custom`` of the database (compressed by pg_dump);
* ``filestore.tar.gz``: the database's filestore (attachments);
* ``manifest.json``: format, database, date, Odoo version and series, installed modules
  with their versions, and the SHA-256 and size of both parts.

A restore verifies every checksum before it touches anything.
"""

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile

FORMAT = "hoa-backup-1"
SUFFIX = ".hoabackup"
DUMP = "db.dump"
FILESTORE = "filestore.tar.gz"
MANIFEST = "manifest.json"
_NAME_RE = re.compile(r"^(?P<db>.+)_(?P<stamp>\d{8}_\d{6})" + re.escape(SUFFIX) + "$")
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for a person."""


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_stream(stream):
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _run(cmd, env, what):
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(
            f"{what} failed (exit code {result.returncode}): {result.stderr.strip()}"
        )
    return result


def archive_name(dbname, when):
    return f"{dbname}_{when.strftime('%Y%m%d_%H%M%S')}{SUFFIX}"


def parse_archive_name(filename):
    """(database, datetime) of an archive file name, or None for any other file."""
    match = _NAME_RE.match(os.path.basename(filename))
    if not match:
        return None
    when = datetime.datetime.strptime(match["stamp"], "%Y%m%d_%H%M%S")
    return match["db"], when


def create_archive(
    dbname,
    target_dir,
    *,
    filestore_dir,
    modules,
    odoo_version,
    odoo_series,
    pg_env=None,
    pg_dump="pg_dump",
    now=None,
):
    """Write one archive of ``dbname`` into ``target_dir`` and return its path.

    ``modules`` maps each installed module to its version. The archive is written
    under a temporary name and renamed when complete: a crash never leaves a half
    archive with a valid name.
    """
    now = now or datetime.datetime.now()
    os.makedirs(target_dir, exist_ok=True)
    path = os.path.join(target_dir, archive_name(dbname, now))
    if os.path.exists(path):
        raise BackupError(f"{path} already exists")
    with tempfile.TemporaryDirectory(prefix="hoa-backup-") as work:
        dump = os.path.join(work, DUMP)
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--file", dump, dbname],
            pg_env,
            f"pg_dump of {dbname}",
        )
        filestore = os.path.join(work, FILESTORE)
        with tarfile.open(filestore, "w:gz") as tar:
            if filestore_dir and os.path.isdir(filestore_dir):
                tar.add(filestore_dir, arcname=".")
        manifest = {
            "format": FORMAT,
            "database": dbname,
            "date": now.isoformat(timespec="seconds"),
            "odoo_version": odoo_version,
            "odoo_series": odoo_series,
            "modules": dict(sorted(modules.items())),
            "files": {
                name: {
                    "sha256": _sha256_file(os.path.join(work, name)),
                    "size": os.path.getsize(os.path.join(work, name)),
                }
                for name in (DUMP, FILESTORE)
            },
        }
        partial = path + ".partial"
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DUMP)
            tar.add(filestore, arcname=FILESTORE)
        os.replace(partial, path)
    return path


def verify_archive(path):
    """Check an archive against its manifest; return the manifest.

    Raises BackupError when a part is missing, added or altered."""
    if not os.path.isfile(path):
        raise BackupError(f"No backup archive at {path}")
    try:
        with tarfile.open(path, "r:") as tar:
            members = {member.name: member for member in tar.getmembers()}
            if MANIFEST not in members:
                raise BackupError(f"{path} is not a hoa-suite backup (no {MANIFEST})")
            manifest = json.loads(tar.extractfile(members[MANIFEST]).read())
            if manifest.get("format") != FORMAT:
                raise BackupError(
                    f"{path} has an unknown format {manifest.get('format')!r}"
                )
            expected = manifest.get("files") or {}
            if set(expected) != {DUMP, FILESTORE} or set(members) != {
                MANIFEST,
                *expected,
            }:
                raise BackupError(
                    f"{path} was altered: its files {sorted(members)} do not match "
                    "its manifest"
                )
            for name, meta in expected.items():
                digest, size = _sha256_stream(tar.extractfile(members[name]))
                if digest != meta.get("sha256") or size != meta.get("size"):
                    raise BackupError(
                        f"{path} is damaged or was altered: the checksum of {name} "
                        "does not match its manifest. Nothing was restored."
                    )
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(
            f"{path} is not a readable backup archive: {error}"
        ) from error
    return manifest


def restore_archive(
    path,
    dbname,
    *,
    filestore_root,
    pg_env=None,
    pg_restore="pg_restore",
    createdb="createdb",
    dropdb="dropdb",
):
    """Restore a verified archive into the NEW database ``dbname`` and its filestore.

    The caller checks that ``dbname`` does not exist yet; ``createdb`` fails anyway
    if it does. On a failed restore the new database and filestore are removed again.
    """
    manifest = verify_archive(path)
    filestore_dir = os.path.join(filestore_root, dbname)
    if os.path.exists(filestore_dir) and os.listdir(filestore_dir):
        raise BackupError(f"The filestore {filestore_dir} already exists")
    _run([createdb, "--template=template0", dbname], pg_env, f"createdb {dbname}")
    try:
        with tempfile.TemporaryDirectory(prefix="hoa-restore-") as work:
            with tarfile.open(path, "r:") as tar:
                tar.extractall(work, members=[tar.getmember(DUMP)], filter="data")
                tar.extractall(work, members=[tar.getmember(FILESTORE)], filter="data")
            _run(
                [
                    pg_restore,
                    "--no-owner",
                    "--no-acl",
                    "--exit-on-error",
                    "--dbname",
                    dbname,
                    os.path.join(work, DUMP),
                ],
                pg_env,
                f"pg_restore into {dbname}",
            )
            os.makedirs(filestore_dir, exist_ok=True)
            with tarfile.open(os.path.join(work, FILESTORE), "r:gz") as tar:
                tar.extractall(filestore_dir, filter="data")
    except BaseException:
        subprocess.run([dropdb, "--if-exists", dbname], env=pg_env, check=False)
        shutil.rmtree(filestore_dir, ignore_errors=True)
        raise
    return manifest


def retention(dates, daily=14, weekly=8, monthly=12):
    """Which backups to keep: the newest of each of the last ``daily`` days, of the last
    ``weekly`` ISO weeks and of the last ``monthly`` months that have a backup.

    ``dates`` is an iterable of datetimes; returns ``(keep, delete)``, two sorted lists.
    The newest backup is always kept.
    """
    ordered = sorted(set(dates), reverse=True)
    keep = set(ordered[:1])
    for count, bucket in (
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ):
        seen = []
        for when in ordered:
            key = bucket(when)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(when)
    delete = [when for when in ordered if when not in keep]
    return sorted(keep), sorted(delete)


def apply_retention(target_dir, dbname, daily=14, weekly=8, monthly=12):
    """Delete the archives of ``dbname`` in ``target_dir`` that the policy drops.

    Returns ``(kept, deleted)`` lists of file names.
    """
    if not os.path.isdir(target_dir):
        return [], []
    by_date = {}
    for filename in os.listdir(target_dir):
        parsed = parse_archive_name(filename)
        if parsed and parsed[0] == dbname:
            by_date[parsed[1]] = filename
    keep, delete = retention(by_date, daily, weekly, monthly)
    for when in delete:
        os.remove(os.path.join(target_dir, by_date[when]))
    return [by_date[d] for d in keep], [by_date[d] for d in delete]
