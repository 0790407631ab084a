"""file_store / file_store_bytes: stored once per unit, in one piece, under a content path."""

import hashlib

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from apps.audit.models import AuditEvent
from apps.files import services
from apps.files.checks import FileRefused
from apps.files.models import FileKind, StoredFile
from apps.files.services import file_store, file_store_bytes

from . import samples

pytestmark = pytest.mark.django_db


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_it_stores_a_file_under_a_path_made_of_tenant_unit_and_hash(member, tree, stored_names):
    data = samples.pdf()
    sha = hashlib.sha256(data).hexdigest()

    stored = file_store(actor=member, unit=tree["upt"], uploaded=upload("Surat Tugas.pdf", data))

    assert stored.tenant_id == tree["upt"].tenant_id
    assert stored.unit == tree["upt"]
    assert stored.sha256 == sha
    assert stored.size == len(data)
    assert (stored.kind, stored.content_type, stored.extension) == (
        FileKind.DOCUMENT,
        "application/pdf",
        "pdf",
    )
    assert stored.original_name == "Surat Tugas.pdf"
    assert stored.uploaded_by == member
    expected = f"files/{stored.tenant_id}/{tree['upt'].pk}/{sha[:2]}/{sha}.pdf"
    assert stored.file.name == expected
    assert stored_names() == [expected]
    with default_storage.open(expected, "rb") as fh:
        assert fh.read() == data


def test_the_users_name_never_reaches_the_storage_path(member, tree):
    name = "passwd %2F 'x'; <b>.png"
    stored = file_store(actor=member, unit=tree["upt"], uploaded=upload(name, samples.png()))
    assert "passwd" not in stored.file.name
    assert stored.original_name == name


def test_it_records_the_new_file_in_the_audit_trail(member, tree):
    stored = file_store(actor=member, unit=tree["upt"], uploaded=upload("a.pdf", samples.pdf()))
    event = AuditEvent.objects.get(action="file.store")
    assert event.tenant_id == stored.tenant_id
    assert event.actor == member
    assert event.object_id == str(stored.pk)
    assert event.after["sha256"] == stored.sha256


def test_the_same_content_twice_in_a_unit_is_stored_once(member, tree, stored_names):
    data = samples.pdf()
    first = file_store(actor=member, unit=tree["upt"], uploaded=upload("a.pdf", data))
    second = file_store(actor=member, unit=tree["upt"], uploaded=upload("salinan a.pdf", data))

    assert second.pk == first.pk
    assert second.original_name == "a.pdf"  # the row as first stored
    assert StoredFile.objects.count() == 1
    assert len(stored_names()) == 1
    assert AuditEvent.objects.filter(action="file.store").count() == 1


def test_the_same_content_in_another_unit_or_agency_gets_its_own_row(
    member, sibling_member, other_admin, tree, other_tree, stored_names
):
    data = samples.png()
    a = file_store(actor=member, unit=tree["upt"], uploaded=upload("a.png", data))
    b = file_store(actor=sibling_member, unit=tree["upt2"], uploaded=upload("a.png", data))
    c = file_store(actor=other_admin, unit=other_tree["upt"], uploaded=upload("a.png", data))

    assert len({a.pk, b.pk, c.pk}) == 3
    assert {a.sha256, b.sha256, c.sha256} == {a.sha256}
    assert c.tenant_id == other_tree["upt"].tenant_id
    assert len(stored_names()) == 3


def test_it_uses_the_hash_computed_by_the_upload_handler(member, tree):
    uploaded = upload("a.pdf", samples.pdf())
    uploaded.sha256 = "ab" * 32  # what the handler attached while the file arrived
    stored = file_store(actor=member, unit=tree["upt"], uploaded=uploaded)
    assert stored.sha256 == "ab" * 32


def test_it_stores_generated_bytes(member, tree):
    data = samples.pdf()
    stored = file_store_bytes(actor=None, unit=tree["upt"], name="Laporan Triwulan.pdf", data=data)
    assert stored.uploaded_by is None
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.file.read() == data


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("kosong.pdf", b"", "empty"),
        ("../a.pdf", samples.pdf(), "bad_name"),
        ("a/b.pdf", samples.pdf(), "bad_name"),
        ("a\x07.pdf", samples.pdf(), "bad_name"),
        ("surat.pdf", samples.exe(), "type_mismatch"),
        ("surat.pdf", samples.html(), "type_mismatch"),
        ("surat.pdf", samples.plain_zip(), "archive"),
        ("arsip.zip", samples.plain_zip(), "archive"),
        ("sk.docx", samples.plain_zip(), "archive"),
        ("foto.jpg", samples.png(), "type_mismatch"),
    ],
)
def test_refused_files_leave_nothing_behind(member, tree, stored_names, name, data, code):
    with pytest.raises(FileRefused) as info:
        file_store_bytes(actor=member, unit=tree["upt"], name=name, data=data)
    assert info.value.code == code
    assert StoredFile.objects.count() == 0
    assert stored_names() == []


def test_an_uploaded_file_with_control_characters_in_its_name_is_refused(member, tree):
    with pytest.raises(FileRefused, match="karakter kontrol"):
        file_store(actor=member, unit=tree["upt"], uploaded=upload("a\x07.pdf", samples.pdf()))


def test_too_big_is_refused_with_the_limit_of_its_type(settings, member, tree, stored_names):
    settings.FILE_MAX_IMAGE_BYTES = 50
    with pytest.raises(FileRefused, match="batas untuk gambar adalah 50\xa0bita"):
        file_store(actor=member, unit=tree["upt"], uploaded=upload("a.png", samples.png()))
    assert stored_names() == []


def test_nothing_is_half_saved_when_the_row_cannot_be_written(
    monkeypatch, member, tree, stored_names
):
    written = []
    real_save = StoredFile.save

    def failing_save(self, *args, **kwargs):
        written.extend(stored_names())  # the object is in the storage at this point
        raise IntegrityError("simulated failure")

    monkeypatch.setattr(StoredFile, "save", failing_save)
    with pytest.raises(IntegrityError):
        file_store(actor=member, unit=tree["upt"], uploaded=upload("a.pdf", samples.pdf()))

    assert len(written) == 1
    assert stored_names() == []
    monkeypatch.setattr(StoredFile, "save", real_save)
    assert StoredFile.objects.count() == 0


def test_nothing_is_half_saved_when_the_audit_record_fails(monkeypatch, member, tree, stored_names):
    def broken_audit(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        file_store(actor=member, unit=tree["upt"], uploaded=upload("a.pdf", samples.pdf()))
    assert StoredFile.objects.count() == 0  # the row was rolled back with the audit record
    assert stored_names() == []


def test_a_concurrent_upload_of_the_same_content_returns_the_winners_row(
    monkeypatch, member, tree, stored_names
):
    data = samples.pdf()
    winner = file_store(actor=member, unit=tree["upt"], uploaded=upload("a.pdf", data))
    # This upload checked for the content before the winner's row was committed.
    lookups = iter([None])
    real_existing = services._existing
    monkeypatch.setattr(
        services, "_existing", lambda unit, sha: next(lookups, None) or real_existing(unit, sha)
    )

    loser = file_store(actor=member, unit=tree["upt"], uploaded=upload("b.pdf", data))

    assert loser.pk == winner.pk
    assert stored_names() == [winner.file.name]  # its own copy is gone, the winner's stays


def test_the_shared_object_survives_when_both_uploads_wrote_the_same_name(
    monkeypatch, member, tree, stored_names
):
    """Object storages can hand both racers the same key; the loser must not delete it."""
    data = samples.pdf()
    winner = file_store(actor=member, unit=tree["upt"], uploaded=upload("a.pdf", data))
    monkeypatch.setattr(services, "_existing", lambda unit, sha: None)
    storage_class = type(storages["default"])
    monkeypatch.setattr(
        storage_class, "save", lambda self, name, content, max_length=None: winner.file.name
    )
    with pytest.raises(IntegrityError):
        # with _existing patched out, the winner is not found again: the error surfaces
        file_store(actor=member, unit=tree["upt"], uploaded=upload("b.pdf", data))
    assert stored_names() == [winner.file.name]
    assert winner.file.read() == data
