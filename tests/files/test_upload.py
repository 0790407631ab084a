"""Uploads through a view using the hashing handler: on disk, hashed while streaming."""

import hashlib
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from apps.files.models import StoredFile
from apps.files.upload import HashingTemporaryFileUploadHandler

from . import samples

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.files.urls")]


def big_mp4(megabytes: int) -> bytes:
    return samples.mp4(size=256) + os.urandom(megabytes * 1024 * 1024)


def post_file(client, unit, name: str, data: bytes, query: str = ""):
    return client.post(
        f"/upload/{unit.pk}/{query}", {"file": SimpleUploadedFile(name, data, "video/mp4")}
    )


def test_a_multi_megabyte_upload_streams_to_disk_and_is_hashed_on_the_way(
    client_for, member, tree, upload_tmp_files
):
    data = big_mp4(8)
    response = post_file(client_for(member), tree["upt"], "rapat.mp4", data, "?measure")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["on_disk"] is True
    assert body["handler_sha256"] == body["sha256"] == hashlib.sha256(data).hexdigest()
    # Receiving, checking and storing 8 MB never held more than a few chunks in memory.
    chunk = HashingTemporaryFileUploadHandler.chunk_size
    assert body["peak_bytes"] < 4 * chunk < len(data)
    stored = StoredFile.objects.get(pk=body["id"])
    assert stored.size == len(data)
    assert hashlib.sha256(stored.file.read()).hexdigest() == body["sha256"]
    assert upload_tmp_files() == []  # moved into the storage, not copied


def test_a_file_past_its_types_limit_is_cut_off_while_arriving(
    settings, client_for, member, tree, upload_tmp_files, stored_names
):
    settings.FILE_MAX_VIDEO_BYTES = 1024 * 1024
    response = post_file(client_for(member), tree["upt"], "rapat.mp4", big_mp4(2))

    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("Berkas terlalu besar; batas untuk video adalah 1,0")
    assert upload_tmp_files() == []
    assert stored_names() == []
    assert StoredFile.objects.count() == 0


def test_the_limit_while_arriving_follows_the_extension(
    settings, client_for, member, tree, upload_tmp_files
):
    settings.FILE_MAX_DOCUMENT_BYTES = 1024
    settings.FILE_MAX_VIDEO_BYTES = 10 * 1024 * 1024
    response = post_file(client_for(member), tree["upt"], "surat.pdf", b"%PDF" + b"0" * 4096)
    assert response.status_code == 400
    assert "batas untuk dokumen adalah 1,0" in response.json()["error"]["message"]
    assert upload_tmp_files() == []


def test_a_disguised_upload_is_refused_with_its_message(client_for, member, tree, stored_names):
    response = post_file(client_for(member), tree["upt"], "surat.pdf", samples.exe())
    assert response.status_code == 400
    assert "program Windows (EXE)" in response.json()["error"]["message"]
    assert stored_names() == []


def test_a_request_without_a_file_says_so(client_for, member, tree):
    response = client_for(member).post(f"/upload/{tree['upt'].pk}/", {"note": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Tidak ada berkas yang dikirim."


def test_csrf_is_still_enforced(member, tree, stored_names):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = post_file(client, tree["upt"], "surat.pdf", samples.pdf())
    assert response.status_code == 403
    assert stored_names() == []


def test_a_valid_csrf_token_is_accepted(member, tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    token = _get_new_csrf_string()  # what a page would have set as cookie and meta tag
    client.cookies["csrftoken"] = token
    response = client.post(
        f"/upload/{tree['upt'].pk}/",
        {"file": SimpleUploadedFile("surat.pdf", samples.pdf())},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.content
