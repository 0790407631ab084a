"""Evidence pages: the access matrix, uploads through the browser endpoint, actions,
downloads with ranges, the verifier queue and completeness."""

import re

import pytest
from django.urls import reverse
from django_scopes import scope

from apps.evidence import services
from apps.evidence.models import EvidenceItem
from apps.units.models import Unit
from tests.factories import EvidenceItemFactory

from .conftest import MINIMAL_PDF, pdf

pytestmark = pytest.mark.django_db


def upload(client, cycle, question, name="bukti.pdf", content=None, **extra):
    data = {"file": pdf(name, name.encode()) if content is None else content, **extra}
    return client.post(
        reverse("evidence:upload", args=[cycle.pk, question.code]),
        data,
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )


def make_item(actor, cycle, question, name="a.pdf", *, submit=False, **kwargs):
    return EvidenceItemFactory(
        actor=actor, cycle=cycle, question=question, name=name, submit=submit, **kwargs
    )


def test_a_member_uploads_through_the_browser_endpoint(client_for, member, cycle, question):
    response = upload(client_for(member), cycle, question, "sk-tim.pdf")
    assert response.status_code == 201, response.content
    item = EvidenceItem.objects.get(pk=response.json()["item"])
    assert item.title == "sk-tim.pdf" and item.status == "draft"
    assert item.revisions.get().stored_file.sha256


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.pdf", b"", "kosong"),
        ("laporan.pdf.exe", b"MZ\x90\x00" + b"\x00" * 100, ""),
        ("arsip.zip", b"PK\x03\x04" + b"\x00" * 100, ""),
        ("menyamar.pdf", b"MZ\x90\x00" + b"\x00" * 100, ""),
    ],
)
def test_refused_uploads_answer_400_in_indonesian_and_save_nothing(
    client_for, member, cycle, question, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = upload(
        client_for(member), cycle, question, content=SimpleUploadedFile(name, content)
    )
    assert response.status_code == 400
    text = response.json()["error"]["message"]
    assert text and message.lower() in text.lower()
    assert not EvidenceItem.objects.exists()


def test_a_path_in_the_file_name_never_reaches_storage(client_for, member, cycle, question):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = upload(
        client_for(member),
        cycle,
        question,
        content=SimpleUploadedFile("../../etc/passwd.pdf", MINIMAL_PDF),
    )
    assert response.status_code == 201
    stored = EvidenceItem.objects.get().revisions.get().stored_file
    assert stored.original_name == "passwd.pdf"
    assert ".." not in stored.file.name and stored.file.name.startswith("files/")


def test_a_plain_form_post_of_a_link_redirects_with_a_message(client_for, member, cycle, question):
    c = client_for(member)
    response = c.post(
        reverse("evidence:upload", args=[cycle.pk, question.code]),
        {"url": "https://unit.example.go.id/maklumat"},
        follow=True,
    )
    assert response.status_code == 200
    assert "ditambahkan sebagai draf" in response.content.decode()
    response = c.post(
        reverse("evidence:upload", args=[cycle.pk, question.code]), {"url": "ftp://x"}, follow=True
    )
    assert "https://" in response.content.decode()
    assert EvidenceItem.objects.count() == 1


def test_upload_access_matrix(
    client, client_for, cycle, question, sibling_member, verifier, other_admin
):
    assert upload(client, cycle, question).status_code == 302  # to login
    assert upload(client_for(verifier), cycle, question).status_code == 403
    assert upload(client_for(sibling_member), cycle, question).status_code == 404
    assert upload(client_for(other_admin), cycle, question).status_code == 404
    assert not EvidenceItem.objects.exists()


def test_pages_access_matrix(
    client, client_for, member, sibling_member, verifier, other_admin, cycle, question
):
    item = make_item(member, cycle, question, submit=True)
    revision = item.revisions.get()
    urls = [
        reverse("evidence:cycle", args=[cycle.pk]),
        reverse("evidence:question", args=[cycle.pk, question.code]),
        reverse("evidence:download", args=[revision.pk]),
    ]
    from django.test import Client

    for url in urls:
        assert Client().get(url).status_code == 302
        assert client_for(member).get(url).status_code == 200, url
        assert client_for(verifier).get(url).status_code == 200, url
        assert client_for(sibling_member).get(url).status_code == 404, url
        assert client_for(other_admin).get(url).status_code == 404, url
    missing = client_for(other_admin).get(reverse("evidence:cycle", args=[999999]))
    assert missing.status_code == 404


def test_an_assessor_sees_exactly_the_verified_evidence(
    client_for, member, verifier, es1_verifier, tpi_user, tpu_user, cycle, question
):
    verified = make_item(member, cycle, question, "terverifikasi.pdf", submit=True)
    pending = make_item(member, cycle, question, "menunggu.pdf", submit=True)
    with scope(tenant=cycle.tenant_id):
        for who in (verifier, es1_verifier, tpi_user):
            verified.refresh_from_db()
            services.evidence_verify(actor=who, item=verified)
    body = (
        client_for(tpu_user)
        .get(reverse("evidence:question", args=[cycle.pk, question.code]))
        .content.decode()
    )
    assert "terverifikasi.pdf" in body and "menunggu.pdf" not in body
    pending_revision = pending.revisions.get()
    assert (
        client_for(tpu_user)
        .get(reverse("evidence:download", args=[pending_revision.pk]))
        .status_code
        == 404
    )
    body = (
        client_for(member)
        .get(reverse("evidence:question", args=[cycle.pk, question.code]))
        .content.decode()
    )
    assert "terverifikasi.pdf" in body and "menunggu.pdf" in body


def test_verifier_returns_with_a_required_comment_and_the_member_sees_it(
    client_for, member, verifier, cycle, question
):
    item = make_item(member, cycle, question, submit=True)
    c = client_for(verifier)
    url = reverse("evidence:action", args=[item.pk, "kembalikan"])
    response = c.post(url, {"comment": ""}, follow=True)
    assert "alasan pengembalian" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "in_verification"
    c.post(url, {"comment": "Tanda tangan kepala belum ada"})
    item.refresh_from_db()
    assert item.status == "returned"
    body = (
        client_for(member)
        .get(reverse("evidence:question", args=[cycle.pk, question.code]))
        .content.decode()
    )
    assert "Tanda tangan kepala belum ada" in body


def test_member_cannot_verify_and_unknown_actions_are_404(client_for, member, cycle, question):
    item = make_item(member, cycle, question, submit=True)
    c = client_for(member)
    assert c.post(reverse("evidence:action", args=[item.pk, "verifikasi"])).status_code == 403
    assert c.post(reverse("evidence:action", args=[item.pk, "hapus"])).status_code == 404
    item.refresh_from_db()
    assert item.level == 0


def test_place_in_the_chain_is_shown(client_for, member, verifier, cycle, question):
    item = make_item(member, cycle, question, submit=True)
    client_for(verifier).post(reverse("evidence:action", args=[item.pk, "verifikasi"]))
    body = (
        client_for(member)
        .get(reverse("evidence:question", args=[cycle.pk, question.code]))
        .content.decode()
    )
    assert "Menunggu Verifikasi Eselon I (2 dari 3)" in body
    assert "Diverifikasi tingkat 1 dari 3" in body  # the step, in the history
    assert "Terverifikasi" not in body  # the final status only when every level passed


def test_download_streams_with_ranges(client_for, member, cycle, question):
    item = make_item(member, cycle, question)
    revision = item.revisions.get()
    c = client_for(member)
    url = reverse("evidence:download", args=[revision.pk])
    full = b"".join(c.get(url).streaming_content)
    assert full.startswith(b"%PDF")
    partial = c.get(url, HTTP_RANGE="bytes=0-3")
    assert partial.status_code == 206
    assert b"".join(partial.streaming_content) == b"%PDF"
    assert partial["Content-Range"].startswith("bytes 0-3/")


def test_queue_lists_what_awaits_me(client_for, member, verifier, es1_verifier, cycle, question):
    make_item(member, cycle, question, "satu.pdf", submit=True)
    make_item(member, cycle, question, "dua.pdf", submit=True)
    body = client_for(verifier).get(reverse("evidence:queue")).content.decode()
    assert "satu.pdf" in body and "dua.pdf" in body
    assert re.search(r"<td>UPT Satu</td><td>MP</td><td class=\"text-end\">2</td>", body)
    body = client_for(es1_verifier).get(reverse("evidence:queue")).content.decode()
    assert "satu.pdf" not in body and "Tidak ada bukti" in body


def test_completeness_rises_when_evidence_is_verified(
    client_for, admin, member, verifier, es1_verifier, tpi_user, cycle, question
):
    requirement = question.evidence.first()
    with scope(tenant=cycle.tenant_id):
        item = services.evidence_add(
            actor=member,
            cycle=cycle,
            question=question,
            requirement=requirement,
            uploaded=pdf("sk.pdf", b"sk"),
        )
        services.evidence_submit(actor=member, item=item)
    c = client_for(admin)
    before = c.get(reverse("evidence:completeness"), {"tahun": 2026}).content.decode()
    with scope(tenant=cycle.tenant_id):
        for who in (verifier, es1_verifier, tpi_user):
            item.refresh_from_db()
            services.evidence_verify(actor=who, item=item)
    after = c.get(reverse("evidence:completeness"), {"tahun": 2026}).content.decode()
    assert "0/" in before and "1/" in after
    assert "Kementerian Alfa" in after  # rolled up to the root, shown one level at a time
    kanwil = c.get(
        reverse("evidence:completeness"),
        {"tahun": 2026, "unit": Unit.objects.get_parent(cycle.unit).pk},
    ).content.decode()
    assert "UPT Satu" in kanwil and "1/" in kanwil


def test_pages_keep_their_query_budget(
    client_for, member, cycle, question, django_assert_max_num_queries
):
    c = client_for(member)
    urls = [
        reverse("evidence:cycle", args=[cycle.pk]),
        reverse("evidence:question", args=[cycle.pk, question.code]),
        reverse("evidence:queue"),
        reverse("evidence:completeness") + "?tahun=2026",
    ]
    make_item(member, cycle, question, "awal.pdf", submit=True)
    counts = {}
    for url in urls:
        c.get(url)
        with django_assert_max_num_queries(25) as ctx:
            c.get(url)
        counts[url] = len(ctx.captured_queries)
    for i in range(15):
        make_item(member, cycle, question, f"tambah-{i}.pdf", submit=i % 2 == 0)
    for url in urls:
        with django_assert_max_num_queries(counts[url]) as ctx:
            assert c.get(url).status_code == 200


def test_a_tpi_verifier_reads_what_awaits_them_but_not_other_pending_items(
    client_for, member, verifier, es1_verifier, tpi_user, cycle, question
):
    at_tpi = make_item(member, cycle, question, "di-tpi.pdf", submit=True)
    make_item(member, cycle, question, "di-kanwil.pdf", submit=True)
    with scope(tenant=cycle.tenant_id):
        for who in (verifier, es1_verifier):
            at_tpi.refresh_from_db()
            services.evidence_verify(actor=who, item=at_tpi)
    c = client_for(tpi_user)
    body = c.get(reverse("evidence:question", args=[cycle.pk, question.code])).content.decode()
    assert "di-tpi.pdf" in body and "di-kanwil.pdf" not in body
    assert c.get(reverse("evidence:download", args=[at_tpi.revisions.get().pk])).status_code == 200
    assert c.post(reverse("evidence:action", args=[at_tpi.pk, "verifikasi"])).status_code == 302
    at_tpi.refresh_from_db()
    assert at_tpi.status == "verified"


def test_the_upload_endpoint_still_checks_csrf(member, cycle, question):
    """The view is csrf_exempt only to install the hashing upload handler first; the
    inner handler is csrf_protect."""
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(member)
    response = c.post(
        reverse("evidence:upload", args=[cycle.pk, question.code]),
        {"file": pdf("tanpa-token.pdf", b"x")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 403
    assert not EvidenceItem.objects.exists()
    c.get(reverse("evidence:question", args=[cycle.pk, question.code]))
    token = c.cookies["csrftoken"].value
    response = c.post(
        reverse("evidence:upload", args=[cycle.pk, question.code]),
        {"file": pdf("dengan-token.pdf", b"y")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201
