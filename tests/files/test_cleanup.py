"""manage.py files_cleanup: orphaned objects go, young ones and referenced ones stay."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from apps.files.services import file_store_bytes

from . import samples

pytestmark = pytest.mark.django_db


def age(name: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(default_storage.path(name), (then, then))


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("files_cleanup", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def kept(member, tree):
    stored = file_store_bytes(actor=member, unit=tree["upt"], name="a.pdf", data=samples.pdf())
    age(stored.file.name, 100)
    return stored


@pytest.fixture
def old_orphan(tree):
    name = default_storage.save(f"files/{tree['upt'].tenant_id}/9/ab/orphan.pdf", ContentFile(b"x"))
    age(name, 30)
    return name


@pytest.fixture
def young_orphan(tree):
    return default_storage.save(f"files/{tree['upt'].tenant_id}/9/cd/young.pdf", ContentFile(b"y"))


def test_it_removes_old_orphans_only(kept, old_orphan, young_orphan, stored_names):
    out, err = run()
    assert f"dihapus: {old_orphan}" in out
    assert "Objek yatim dihapus: 1; dibiarkan (lebih muda): 1; baris tanpa berkas: 0." in out
    assert err == ""
    assert stored_names() == sorted([kept.file.name, young_orphan])


def test_dry_run_deletes_nothing(kept, old_orphan, young_orphan, stored_names):
    before = stored_names()
    out, _err = run("--dry-run")
    assert f"akan dihapus: {old_orphan}" in out
    assert "Objek yatim akan dihapus: 1;" in out
    assert stored_names() == before


def test_older_than_is_in_hours(kept, old_orphan, young_orphan, stored_names):
    run("--older-than", "48")
    assert old_orphan in stored_names()
    run("--older-than", "0")
    assert stored_names() == [kept.file.name]


def test_it_reports_rows_whose_object_is_missing(kept, stored_names):
    default_storage.delete(kept.file.name)
    out, err = run()
    assert f"berkas hilang: StoredFile #{kept.pk}" in err
    assert kept.file.name in err
    assert "baris tanpa berkas: 1." in out


def test_it_leaves_files_outside_its_own_folder_alone(stored_names):
    other = default_storage.save("avatars/someone.png", ContentFile(b"z"))
    age(other, 1000)
    run("--older-than", "0")
    assert stored_names() == [other]


def test_an_empty_storage_is_fine():
    out, _err = run()
    assert "Objek yatim dihapus: 0" in out
