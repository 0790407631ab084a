#!/usr/bin/env bash
# Backup round trip on the demo data, as an operator would do it (README, "Backup and
# restore"): seed_demo into a fresh database with its own media folder, `backup`, drop that
# database and delete the media folder, `restore` into a new empty database and media
# folder, then `verify_files` (every stored file's SHA-256 matches its row) and compare the
# row counts before and after. Exit code 0 only when everything matched.
#
# Usage: scripts/backup-roundtrip.sh        (CI runs it; tests/core/test_backup.py too)
# Knob: ZI_ROUNDTRIP_NAME (database name prefix, default zi_roundtrip_<pid>).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
eval "$(scripts/services.sh env --test)"

name="${ZI_ROUNDTRIP_NAME:-zi_roundtrip_$$}"
server="${DATABASE_URL%/*}"
work="$(mktemp -d "${TMPDIR:-/tmp}/zi-roundtrip.XXXXXX")"
source_db="${name}_src"
target_db="${name}_dst"

cleanup() {
    psql "$server/postgres" -qAtc "DROP DATABASE IF EXISTS $source_db" >/dev/null 2>&1 || true
    psql "$server/postgres" -qAtc "DROP DATABASE IF EXISTS $target_db" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

manage() { # manage DB MEDIA ARGS...: manage.py against that database and media folder
    local db=$1 media=$2
    shift 2
    DJANGO_SETTINGS_MODULE=zi_portal.settings.test DATABASE_URL="$server/$db" \
        MEDIA_ROOT="$media" FILE_STORAGE=local "$PYTHON" manage.py "$@"
}

counts() { # row counts of the tables that matter, one line
    manage "$1" "$2" shell --no-imports -c '
from django.apps import apps
from django_scopes import scopes_disabled
with scopes_disabled():
    print(" ".join(f"{m._meta.label}={m._default_manager.count()}" for m in apps.get_models()
                   if m._meta.app_label.startswith(("accounts", "tenants", "units", "files",
                                                   "evidence", "cycles", "audit"))))
' | tail -n 1
}

echo "==> seed_demo into $source_db"
psql "$server/postgres" -qAtc "CREATE DATABASE $source_db" >/dev/null
manage "$source_db" "$work/media-src" migrate --noinput -v 0
manage "$source_db" "$work/media-src" seed_demo >/dev/null
manage "$source_db" "$work/media-src" verify_files
before="$(counts "$source_db" "$work/media-src")"

echo "==> backup"
archive="$(manage "$source_db" "$work/media-src" backup --output-dir "$work/backups" | tail -n 1)"
ls -l "$archive"

echo "==> drop $source_db, delete its media folder"
psql "$server/postgres" -qAtc "DROP DATABASE $source_db" >/dev/null
rm -rf "$work/media-src"

echo "==> restore into the new, empty $target_db"
psql "$server/postgres" -qAtc "CREATE DATABASE $target_db" >/dev/null
manage "$target_db" "$work/media-dst" restore "$archive"

echo "==> verify"
manage "$target_db" "$work/media-dst" verify_files
after="$(counts "$target_db" "$work/media-dst")"
if [[ "$before" != "$after" ]]; then
    echo "row counts differ after restore:" >&2
    echo "  before: $before" >&2
    echo "  after:  $after" >&2
    exit 1
fi
echo "rows: $after"
echo "==> round trip complete: every stored file and row came back"
