"""Backup and restore of one installation: the PostgreSQL database (pg_dump, custom format)
and every object in the default file storage (local MEDIA_ROOT or an S3 bucket), in one
dated, uncompressed tar archive with a manifest of SHA-256 sums.

Archive layout (``zi-portal-YYYYmmdd-HHMMSS.tar``)::

    database.dump       pg_dump --format=custom (compressed by pg_dump)
    files/<name>        each storage object under its storage name
    manifest.json       format, creation time, database and file sizes and SHA-256 sums

The management commands ``backup``, ``restore`` and ``verify_files`` are the operator's
interface (README, "Security and operations"); this module holds their work.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = "database.dump"
FILES_PREFIX = "files/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore step that cannot go on; the message says what and what to do."""


# --- PostgreSQL client binaries -------------------------------------------------------------


def client_binary(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"Program {name} tidak ditemukan. Pasang klien PostgreSQL (Debian/Ubuntu: "
            f"apt-get install postgresql-client; versinya sama dengan server atau lebih baru)."
        )
    return path


def _pg_env() -> tuple[dict[str, str], str]:
    """Environment and database name for pg_dump/pg_restore from DATABASES['default']."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env, db["NAME"]


def _run(args: list[str], env: dict[str, str]) -> None:
    # The program is a PostgreSQL client found on PATH; the arguments come from settings.
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        program = Path(args[0]).name
        raise BackupError(f"{program} gagal (kode {result.returncode}): {result.stderr.strip()}")


# --- Storage --------------------------------------------------------------------------------


def walk_storage(storage=default_storage, path: str = "") -> Iterator[str]:
    """Every object name in ``storage`` (local directories or S3 prefixes), sorted."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from walk_storage(storage, f"{path}/{directory}" if path else directory)


class _HashingReader(io.RawIOBase):
    """Reads a file object and computes the SHA-256 of what passed through."""

    def __init__(self, fh):
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, n=-1):
        data = self.fh.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def sha256_of(fh) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    while chunk := fh.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size


# --- Backup ---------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    database_bytes: int
    files: int
    file_bytes: int


def backup(output_dir: Path, *, stdout=None) -> BackupResult:
    """Write ``zi-portal-<timestamp>.tar`` into ``output_dir`` and return what went in.
    The archive appears under its final name only when complete."""
    pg_dump = client_binary("pg_dump")
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = output_dir / f"zi-portal-{stamp}.tar"
    if final.exists():
        raise BackupError(f"Arsip {final} sudah ada; tunggu sedetik lalu ulangi.")
    partial = output_dir / f".{final.name}.partial"
    env, name = _pg_env()
    manifest: dict = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"name": name},
        "storage": settings.STORAGES["default"]["BACKEND"],
        "files": [],
    }
    try:
        with tempfile.TemporaryDirectory(dir=output_dir, prefix=".dump-") as tmp:
            dump = Path(tmp) / DATABASE_MEMBER
            _run([pg_dump, "--format=custom", f"--file={dump}", f"--dbname={name}"], env)
            with dump.open("rb") as fh:
                db_sha, db_size = sha256_of(fh)
            manifest["database"].update(
                {"member": DATABASE_MEMBER, "sha256": db_sha, "size": db_size}
            )
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
                tar.add(dump, arcname=DATABASE_MEMBER)
                for object_name in walk_storage():
                    manifest["files"].append(_add_object(tar, object_name))
                    if stdout is not None:
                        stdout.write(f"  {object_name}")
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(
        path=final,
        database_bytes=db_size,
        files=len(manifest["files"]),
        file_bytes=sum(f["size"] for f in manifest["files"]),
    )


def _add_object(tar: tarfile.TarFile, name: str) -> dict:
    storage = default_storage
    size = storage.size(name)
    info = tarfile.TarInfo(FILES_PREFIX + name)
    info.size = size
    try:
        info.mtime = int(storage.get_modified_time(name).timestamp())
    except (NotImplementedError, OSError):
        info.mtime = int(timezone.now().timestamp())
    with storage.open(name, "rb") as fh:
        reader = _HashingReader(fh)
        tar.addfile(info, reader)
    if reader.size != size:
        raise BackupError(f"Berkas {name} berubah selama pencadangan; ulangi pencadangan.")
    return {"name": name, "size": size, "sha256": reader.sha.hexdigest()}


# --- Restore --------------------------------------------------------------------------------


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError(
            "Arsip ini tidak memuat manifest.json: bukan cadangan ZI Portal."
        ) from None
    manifest = json.load(tar.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')!r} tidak dikenal.")
    return manifest


def _safe_name(name: str) -> str:
    parts = Path(name).parts
    if not name or name.startswith("/") or ".." in parts:
        raise BackupError(f"Nama berkas tidak aman di arsip: {name!r}")
    return name


@dataclass
class CheckResult:
    manifest: dict
    problems: list[str] = field(default_factory=list)


def check_archive(archive: Path) -> CheckResult:
    """Every member the manifest lists is present with its size and SHA-256."""
    with tarfile.open(archive, "r:") as tar:
        manifest = read_manifest(tar)
        result = CheckResult(manifest)
        expected = [(DATABASE_MEMBER, manifest["database"])] + [
            (FILES_PREFIX + _safe_name(f["name"]), f) for f in manifest["files"]
        ]
        for member_name, entry in expected:
            try:
                fh = tar.extractfile(member_name)
            except KeyError:
                fh = None
            if fh is None:
                result.problems.append(f"tidak ada di arsip: {member_name}")
                continue
            sha, size = sha256_of(fh)
            if (sha, size) != (entry["sha256"], entry["size"]):
                result.problems.append(f"isi tidak cocok dengan manifest: {member_name}")
    return result


def database_table_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        return cursor.fetchone()[0]


@dataclass
class RestoreResult:
    files: int
    skipped: int


def restore(archive: Path, *, force: bool = False, stdout=None) -> RestoreResult:
    """Restore ``archive`` into the configured database and default storage. Refuses a
    database with tables and files that exist with other content, unless ``force``."""
    pg_restore = client_binary("pg_restore")
    checked = check_archive(archive)
    if checked.problems:
        raise BackupError(
            "Arsip rusak, tidak ada yang dipulihkan:\n  " + "\n  ".join(checked.problems)
        )
    manifest = checked.manifest
    env, name = _pg_env()
    tables = database_table_count()
    if tables and not force:
        raise BackupError(
            f"Basis data {name} tidak kosong ({tables} tabel). Pulihkan ke basis data baru "
            f"yang kosong (createdb, tanpa migrate), atau tambahkan --force untuk menimpa isinya."
        )
    storage = default_storage
    conflicts = []
    for entry in manifest["files"]:
        if storage.exists(entry["name"]):
            with storage.open(entry["name"], "rb") as fh:
                if sha256_of(fh)[0] != entry["sha256"]:
                    conflicts.append(entry["name"])
    if conflicts and not force:
        raise BackupError(
            "Berkas berikut sudah ada di penyimpanan dengan isi lain (tambahkan --force untuk "
            "menimpanya):\n  " + "\n  ".join(conflicts[:20])
        )

    connection.close()
    with (
        tempfile.TemporaryDirectory(prefix="zi-restore-") as tmp,
        tarfile.open(archive, "r:") as tar,
    ):
        dump = Path(tmp) / DATABASE_MEMBER
        with tar.extractfile(DATABASE_MEMBER) as src, dump.open("wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
        args = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error"]
        if force and tables:
            args += ["--clean", "--if-exists"]
        args += ["--single-transaction", f"--dbname={name}", str(dump)]
        _run(args, env)

        restored = skipped = 0
        for entry in manifest["files"]:
            object_name = entry["name"]
            if storage.exists(object_name):
                if object_name not in conflicts:
                    skipped += 1  # already there with the same content
                    continue
                storage.delete(object_name)
            with tar.extractfile(FILES_PREFIX + object_name) as src:
                saved = storage.save(object_name, File(src, name=object_name))
            if saved != object_name:
                raise BackupError(f"Penyimpanan menyimpan {object_name} sebagai {saved}.")
            restored += 1
            if stdout is not None:
                stdout.write(f"  {object_name}")
    return RestoreResult(files=restored, skipped=skipped)
