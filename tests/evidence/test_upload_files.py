"""Uploads carrying several files are answered file by file (or refused whole above the
limit, never kept one and dropped the rest); each upload keeps the name its uploader gave
it even when the same content is stored once for the unit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from apps.evidence import services
from apps.evidence.models import EvidenceItem, EvidenceRevision
from apps.files.models import StoredFile

from .conftest import pdf

pytestmark = pytest.mark.django_db


def post(client, url, files, **extra):
    return client.post(url, {"file": files, **extra}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


def upload_url(cycle, question):
    return reverse("evidence:upload", args=[cycle.pk, question.code])


def test_sixty_files_in_one_request_are_refused_whole_with_a_message(
    client_for, member, cycle, question
):
    files = [pdf(f"bukti-{i}.pdf", str(i).encode()) for i in range(60)]
    response = post(client_for(member), upload_url(cycle, question), files)
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "Terlalu banyak berkas" in message and "60" in message and "20" in message
    assert not EvidenceItem.objects.exists() and not StoredFile.objects.exists()


def test_several_files_are_answered_file_by_file(client_for, member, cycle, question):
    files = [
        pdf("notulen.pdf", b"1"),
        SimpleUploadedFile("program.pdf", b"MZ\x90\x00" + b"\x00" * 64),
        pdf("daftar-hadir.pdf", b"2"),
    ]
    response = post(client_for(member), upload_url(cycle, question), files)
    assert response.status_code == 201
    body = response.json()
    assert (body["stored"], body["refused"]) == (2, 1)
    by_name = {f["name"]: f for f in body["files"]}
    assert by_name["notulen.pdf"]["stored"] and by_name["daftar-hadir.pdf"]["stored"]
    assert not by_name["program.pdf"]["stored"]
    assert "tidak sesuai dengan ekstensinya" in by_name["program.pdf"]["message"]
    assert sorted(EvidenceItem.objects.values_list("title", flat=True)) == [
        "daftar-hadir.pdf",
        "notulen.pdf",
    ]


def test_several_files_all_refused_answer_400_each_with_its_message(
    client_for, member, cycle, question
):
    files = [SimpleUploadedFile("a.pdf", b"<html>"), SimpleUploadedFile("b.exe", b"MZ")]
    response = post(client_for(member), upload_url(cycle, question), files)
    assert response.status_code == 400
    assert [f["stored"] for f in response.json()["files"]] == [False, False]
    assert not EvidenceItem.objects.exists()


def test_the_page_form_gets_one_message_per_file(client_for, member, cycle, question):
    files = [pdf("satu.pdf", b"1"), SimpleUploadedFile("dua.pdf", b"bukan pdf")]
    response = client_for(member).post(upload_url(cycle, question), {"file": files}, follow=True)
    text = response.content.decode()
    assert "Bukti satu.pdf ditambahkan" in text and "dua.pdf:" in text


def test_a_one_file_endpoint_refuses_two_files_instead_of_dropping_one(
    client_for, member, cycle, question
):
    with scope(tenant=cycle.tenant_id):
        item = services.evidence_add(
            actor=member, cycle=cycle, question=question, uploaded=pdf("a.pdf", b"a")
        )
    response = post(
        client_for(member),
        reverse("evidence:revise", args=[item.pk]),
        [pdf("b.pdf", b"b"), pdf("c.pdf", b"c")],
    )
    assert response.status_code == 400
    assert "satu berkas saja" in response.json()["error"]["message"]
    assert item.revisions.count() == 1


def test_identical_content_keeps_each_uploaders_own_name(client_for, member, cycle, question, tree):
    c = client_for(member)
    first = post(c, upload_url(cycle, question), pdf("SK Tim 2026.pdf", b"same"))
    second = post(c, upload_url(cycle, question), pdf("Salinan SK.pdf", b"same"))
    assert first.status_code == second.status_code == 201
    assert StoredFile.objects.count() == 1  # the content is stored once
    one, two = (EvidenceRevision.objects.get(item_id=r.json()["item"]) for r in (first, second))
    assert (one.display_name, two.display_name) == ("SK Tim 2026.pdf", "Salinan SK.pdf")
    download = c.get(reverse("evidence:download", args=[two.pk]) + "?unduh=1")
    assert "Salinan%20SK.pdf" in download["Content-Disposition"] or (
        "Salinan SK.pdf" in download["Content-Disposition"]
    )
    page = c.get(reverse("evidence:question", args=[cycle.pk, question.code])).content.decode()
    assert "Salinan SK.pdf" in page and "SK Tim 2026.pdf" in page
    api = c.get(f"/api/v1/evidence/items/{two.item_id}/")
    assert api.status_code == 200
    assert api.json()["current_revision"]["file_name"] == "Salinan SK.pdf"
