"""serve_stored_file: streaming, byte ranges, caching headers, nginx X-Accel-Redirect."""

import os

import pytest

from apps.files.services import file_store_bytes
from apps.files.serving import serve_stored_file

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def video(member, tree):
    data = samples.mp4(size=256) + os.urandom(300_000)
    stored = file_store_bytes(actor=member, unit=tree["upt"], name="Rapat Pokja.mp4", data=data)
    return stored, data


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_streams_the_whole_file_with_safe_headers(rf, video, django_assert_num_queries):
    stored, data = video
    with django_assert_num_queries(0):
        response = serve_stored_file(rf.get("/"), stored)
        content = body(response)

    assert response.status_code == 200
    assert response.streaming
    assert content == data
    assert response["Content-Length"] == str(len(data))
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{stored.sha256}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="Rapat Pokja.mp4"'
    assert "private" in response["Cache-Control"]


def test_it_offers_a_download_with_an_rfc5987_name(rf, member, tree):
    stored = file_store_bytes(
        actor=member, unit=tree["upt"], name='Laporan "Akhir" – ÜPT.pdf', data=samples.pdf()
    )
    response = serve_stored_file(rf.get("/"), stored, as_attachment=True)
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Laporan%20%22Akhir%22%20%E2%80%93%20%C3%9CPT.pdf"
    )


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),  # the first bytes
        ("bytes=1000-", 1000, None),  # open-ended
        ("bytes=-500", -500, None),  # suffix: the last 500
        ("bytes=200-200", 200, 200),  # one byte
        ("bytes=299000-99999999", 299000, None),  # past the end: up to the end
        ("bytes=-999999999", 0, None),  # a suffix longer than the file: all of it
    ],
)
def test_it_answers_byte_ranges_with_206(rf, video, header, first, last):
    stored, data = video
    size = len(data)
    start = first if first >= 0 else size + first
    end = size - 1 if last is None else last

    response = serve_stored_file(rf.get("/", HTTP_RANGE=header), stored)

    assert response.status_code == 206
    assert body(response) == data[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert response["Content-Length"] == str(end - start + 1)


@pytest.mark.parametrize("header", ["bytes=300300-", "bytes=99999999-", "bytes=-0"])
def test_it_answers_416_for_a_range_it_cannot_satisfy(rf, video, header):
    stored, data = video
    response = serve_stored_file(rf.get("/", HTTP_RANGE=header), stored)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-5", "bytes=9-3", "bytes=-"])
def test_it_sends_the_whole_file_for_ranges_it_does_not_serve(rf, video, header):
    stored, data = video
    response = serve_stored_file(rf.get("/", HTTP_RANGE=header), stored)
    assert response.status_code == 200
    assert body(response) == data


def test_if_range_with_another_etag_sends_the_whole_file(rf, video):
    stored, data = video
    stale = serve_stored_file(rf.get("/", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"'), stored)
    assert stale.status_code == 200
    current = serve_stored_file(
        rf.get("/", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=f'"{stored.sha256}"'), stored
    )
    assert current.status_code == 206
    assert body(current) == data[:10]


def test_it_answers_304_when_the_client_has_the_content(rf, video):
    stored, _data = video
    response = serve_stored_file(rf.get("/", HTTP_IF_NONE_MATCH=f'"{stored.sha256}"'), stored)
    assert response.status_code == 304
    assert response["ETag"] == f'"{stored.sha256}"'


def test_head_sends_headers_only(rf, video):
    stored, data = video
    response = serve_stored_file(rf.head("/"), stored)
    assert response["Content-Length"] == str(len(data))
    assert body(response) == b""


def test_a_missing_object_is_a_404_before_any_byte(rf, video):
    from django.http import Http404

    stored, _data = video
    stored.file.storage.delete(stored.file.name)
    with pytest.raises(Http404):
        serve_stored_file(rf.get("/"), stored)


def test_with_x_accel_nginx_sends_the_file(settings, rf, video):
    settings.FILES_X_ACCEL_REDIRECT_PREFIX = "/protected-files/"
    stored, _data = video
    response = serve_stored_file(rf.get("/", HTTP_RANGE="bytes=0-9"), stored, as_attachment=True)

    assert response.status_code == 200
    assert not response.streaming
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-files/{stored.file.name}"
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"] == 'attachment; filename="Rapat Pokja.mp4"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.urls("tests.files.urls")
def test_a_download_view_streams_through_the_whole_stack(client_for, member, video):
    stored, data = video
    response = client_for(member).get(f"/download/{stored.pk}/", HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == data[10:20]


class _FakeBody:
    def __init__(self, data: bytes):
        self.data, self.closed = data, False

    def read(self, n: int) -> bytes:
        chunk, self.data = self.data[:n], self.data[n:]
        return chunk

    def close(self):
        self.closed = True


class _FakeBucket:
    """Just enough of boto3's Bucket for a ranged GET."""

    def __init__(self, objects: dict[str, bytes]):
        self.objects, self.requests = objects, []

    def Object(self, key):
        bucket = self

        class _Object:
            def get(self, Range):
                bucket.requests.append((key, Range))
                first, last = (int(x) for x in Range.removeprefix("bytes=").split("-"))
                return {"Body": _FakeBody(bucket.objects[key][first : last + 1])}

        return _Object()


def test_object_storage_is_asked_for_the_range_only(rf, video):
    from storages.backends.s3 import S3Storage

    stored, data = video
    storage = S3Storage(bucket_name="zi-test", location="")
    storage._bucket = _FakeBucket({stored.file.name: data})
    stored.file.storage = storage

    response = serve_stored_file(rf.get("/", HTTP_RANGE="bytes=100-199"), stored)

    assert body(response) == data[100:200]
    assert storage._bucket.requests == [(stored.file.name, "bytes=100-199")]


@pytest.mark.urls("tests.files.urls")
def test_stored_files_may_be_framed_by_the_portals_own_pages_only(client_for, member, video):
    """Pages are DENY / frame-ancestors 'none'; a stored file (the PDF preview inside the
    evidence and assessment pages) allows its own origin, no other site."""
    stored, _ = video
    client = client_for(member)
    for extra in ({}, {"HTTP_RANGE": "bytes=0-9"}, {"HTTP_IF_NONE_MATCH": f'"{stored.sha256}"'}):
        response = client.get(f"/download/{stored.pk}/", **extra)
        assert response.status_code in {200, 206, 304}
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        policy = response["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy
        assert "'none'" not in policy.split("frame-ancestors", 1)[1].split(";", 1)[0]
        assert "default-src 'self'" in policy
    page = client.get(f"/page/{stored.unit_id}/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
