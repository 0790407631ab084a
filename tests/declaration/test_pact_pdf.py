"""Each employee's Pakta Integritas as a PDF (FRM-02): made once by the worker when the
pact is signed or recorded, parsed back with pypdf (kop, statements as signed, the
employee, the witness, place and date), the beat job, and who may download it."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from pypdf import PdfReader

from apps.declaration import services, texts
from apps.declaration.models import Pact, Placement
from apps.declaration.tasks import render_missing_pact_pdfs, render_pact_pdf
from apps.files.models import StoredFile
from apps.units.models import Unit

from .conftest import import_rows, nip, record, scan

pytestmark = pytest.mark.django_db

HEAD_NIP = "197001011995031001"


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text().split()) for p in pages)


def stored_text(stored) -> str:
    with stored.file.open("rb") as fh:
        return pdf_text(fh.read())


@pytest.fixture
def upt(tree):
    Unit.objects.filter(pk=tree["upt"].pk).update(
        head_name="Ir. Kepala UPT Satu, M.T.",
        head_nip=HEAD_NIP,
        head_title="Kepala UPT",
        address="Jl. Soekarno-Hatta No. 1\nBandung 40123",
    )
    return Unit.objects.get(pk=tree["upt"].pk)


@pytest.fixture
def placement(sekretaris, upt, staff_user):
    import_rows(sekretaris, upt, (nip(900), "Pegawai Berakun", "Analis Kepegawaian", ""))
    return Placement.objects.select_related("employee", "unit").get()


def sign(user, placement) -> Pact:
    with scope(tenant=placement.tenant_id):
        return services.pact_sign(
            actor=user, placement=placement, ip_address="10.0.0.5", agreed=True
        )


def record_paper(actor, placement, day=datetime.date(2026, 1, 15)) -> Pact:
    with scope(tenant=placement.tenant_id):
        return services.pact_record_scan(
            actor=actor, placement=placement, uploaded=scan(), signed_on=day
        )


# --- made by the worker, once ------------------------------------------------------------


def test_signing_queues_the_pact_pdf_after_commit(
    staff_user, placement, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: queued.append((task, *ids)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pact = sign(staff_user, placement)
    assert queued == [] and pact.pdf_state == "pending" and pact.pdf_file_id is None
    for callback in callbacks:
        callback()
    assert queued == [(render_pact_pdf, pact.tenant_id, pact.pk)]


def test_the_worker_makes_the_pact_pdf_once_in_the_frm02_layout(
    staff_user, placement, sekretaris, pcycle, monkeypatch
):
    import apps.declaration.services.pact_pdf as pact_pdf

    record(sekretaris, pcycle)  # the charter names the place: Bandung
    pact = sign(staff_user, placement)
    renders = []
    real = pact_pdf.render_pdf

    def render_and_redeliver(template_name, context):
        renders.append(template_name)
        # The same task delivered again while the first run holds the claim.
        assert render_pact_pdf(pact.tenant_id, pact.pk) is False
        return real(template_name, context)

    monkeypatch.setattr(pact_pdf, "render_pdf", render_and_redeliver)
    assert render_pact_pdf(pact.tenant_id, pact.pk) is True
    assert render_pact_pdf(pact.tenant_id, pact.pk) is False
    assert renders == ["declaration/pact_pdf.html"]
    pact.refresh_from_db()
    assert pact.pdf_state == "ready"
    assert StoredFile.objects.filter(original_name__startswith="pakta-integritas-").count() == 1
    stored = pact.pdf_file
    assert stored.content_type == "application/pdf"
    assert stored.original_name == f"pakta-integritas-{nip(900)}-UPT1.pdf"
    text = stored_text(stored)
    # The unit's kop: agency, Unit Organisasi, unit, address.
    assert "KEMENTERIAN ALFA DITJEN SATU UPT SATU" in text
    assert "Jl. Soekarno-Hatta No. 1 Bandung 40123" in text
    assert "PAKTA INTEGRITAS" in text
    assert "Saya, Pegawai Berakun, Analis Kepegawaian, menyatakan sebagai berikut:" in text
    for statement in texts.pact_statements("UPT Satu"):
        assert statement in text
    assert "Menyaksikan, Kepala UPT Satu" in text
    assert "Ir. Kepala UPT Satu, M.T." in text and f"NIP {HEAD_NIP}" in text
    signed_day = texts.long_date(timezone.localdate(pact.signed_at))
    assert f"Bandung, {signed_day} Pembuat Pernyataan," in text
    assert f"Pegawai Berakun NIP {nip(900)}" in text
    assert f"Ditandatangani secara elektronik di ZI Portal pada {signed_day}" in text
    assert "dari alamat IP 10.0.0.5" in text
    assert "FRM-02/SOP/UPM/DJBM-199 Rev:00" in text and "Halaman 1 dari 1" in text


def test_the_pdf_prints_the_statement_as_it_was_signed(staff_user, placement, monkeypatch):
    pact = sign(staff_user, placement)
    # The wording changes in a later version: the signed pact keeps its own.
    monkeypatch.setattr(texts, "pact_statements", lambda unit_name: ["Teks versi baru."])
    assert render_pact_pdf(pact.tenant_id, pact.pk) is True
    pact.refresh_from_db()
    text = stored_text(pact.pdf_file)
    assert "Teks versi baru" not in text
    assert "Bersikap transparan, jujur, obyektif, dan akuntabel" in text


def test_a_paper_pact_gets_its_pdf_with_the_day_it_was_signed(sekretaris, placement):
    pact = record_paper(sekretaris, placement)
    assert pact.pdf_state == "pending"
    assert render_pact_pdf(pact.tenant_id, pact.pk) is True
    pact.refresh_from_db()
    text = stored_text(pact.pdf_file)
    assert "15 Januari 2026 Pembuat Pernyataan," in text  # no charter: no place
    assert "Ditandatangani di atas kertas" in text
    assert "secara elektronik" not in text


def test_the_heads_own_pact_is_witnessed_by_the_head_above(sekretaris, upt, tree):
    Unit.objects.filter(pk=tree["kanwil"].pk).update(
        head_name="Kepala Kanwil Satu", head_nip="196801011990031002", head_title="Kepala Kanwil"
    )
    import_rows(sekretaris, upt, (HEAD_NIP, "Ir. Kepala UPT Satu, M.T.", "Kepala UPT", "ya"))
    pact = record_paper(sekretaris, Placement.objects.get())
    assert render_pact_pdf(pact.tenant_id, pact.pk) is True
    pact.refresh_from_db()
    text = stored_text(pact.pdf_file)
    assert "Menyaksikan, Kepala Kanwil Satu Kepala Kanwil Satu NIP 196801011990031002" in text


def test_without_a_recorded_head_the_witness_is_left_to_sign_by_hand(sekretaris, tree):
    import_rows(sekretaris, tree["upt"], (nip(1), "Budi", "Staf", ""))
    pact = record_paper(sekretaris, Placement.objects.get())
    assert render_pact_pdf(pact.tenant_id, pact.pk) is True
    pact.refresh_from_db()
    text = stored_text(pact.pdf_file)
    assert "Menyaksikan, Pimpinan UPT Satu ……" in text and "NIP ……" in text


def test_the_beat_job_queues_the_pacts_whose_pdf_is_due(staff_user, placement, monkeypatch):
    queued = []
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: queued.append(ids) or True)
    pact = sign(staff_user, placement)
    assert render_missing_pact_pdfs() == 1
    assert queued == [(pact.tenant_id, pact.pk)]
    assert render_pact_pdf(pact.tenant_id, pact.pk) is True
    assert render_missing_pact_pdfs() == 0
    assert len(queued) == 1


def test_a_failed_render_gives_the_pact_back(staff_user, placement, monkeypatch):
    import apps.declaration.services.pact_pdf as pact_pdf

    pact = sign(staff_user, placement)

    def broken(template_name, context):
        raise RuntimeError("weasyprint crashed")

    monkeypatch.setattr(pact_pdf, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        render_pact_pdf(pact.tenant_id, pact.pk)
    pact.refresh_from_db()
    assert (pact.pdf_state, pact.pdf_file_id) == ("pending", None)


def test_the_pact_pdf_task_opens_the_rows_agency_only(staff_user, placement, other_tenant):
    pact = sign(staff_user, placement)
    assert render_pact_pdf(other_tenant.pk, pact.pk) is False  # not in its scope
    pact.refresh_from_db()
    assert (pact.pdf_state, pact.pdf_file_id) == ("pending", None)


# --- the download link -------------------------------------------------------------------


def test_who_may_download_a_pact_pdf(
    client_for,
    staff_user,
    placement,
    sekretaris,
    unit_leader,
    admin,
    verifier,
    member,
    no_role,
    sibling_member,
    sibling_sekretaris,
    other_admin,
):
    sign(staff_user, placement)
    url = reverse("declaration:pact_pdf", args=[placement.pk])
    assert Client().get(url).status_code == 302  # to the login page
    # The employee themself, the unit's team and head, and whoever sees its roster.
    for user in (staff_user, sekretaris, unit_leader, admin, verifier, member):
        response = client_for(user).get(url + "?unduh=1")
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert 'attachment; filename="pakta-integritas-' in response["Content-Disposition"]
    # A member without a role, another unit, another agency: as if it did not exist.
    for user in (no_role, sibling_member, sibling_sekretaris, other_admin):
        assert client_for(user).get(url).status_code == 404, user
    assert StoredFile.objects.filter(original_name__startswith="pakta-integritas-").count() == 1


def test_the_download_makes_the_pdf_when_the_worker_has_not_run(client_for, staff_user, placement):
    sign(staff_user, placement)
    response = client_for(staff_user).get(reverse("declaration:pact_pdf", args=[placement.pk]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    pact = Pact.objects.get()
    assert pact.pdf_state == "ready" and pact.pdf_file.size == len(content)
    assert "Pegawai Berakun" in pdf_text(content)


def test_an_unsigned_pact_has_no_pdf(client_for, sekretaris, placement):
    url = reverse("declaration:pact_pdf", args=[placement.pk])
    assert client_for(sekretaris).get(url).status_code == 404


def test_the_pdf_link_says_so_while_the_worker_makes_it(client_for, staff_user, placement):
    sign(staff_user, placement)
    Pact.objects.update(pdf_state="running", pdf_claimed_at=timezone.now())
    response = client_for(staff_user).get(
        reverse("declaration:pact_pdf", args=[placement.pk]), follow=True
    )
    assert response.redirect_chain == [(reverse("declaration:pact", args=[placement.pk]), 302)]
    assert "PDF sedang dibuat" in response.content.decode()


def test_the_pact_page_my_pacts_and_the_roster_link_the_pdf(
    client_for, staff_user, sekretaris, placement, upt
):
    url = reverse("declaration:pact_pdf", args=[placement.pk])
    roster = reverse("declaration:roster", args=[upt.pk])
    assert url not in client_for(sekretaris).get(roster).content.decode()  # not signed yet
    sign(staff_user, placement)
    for user, page in (
        (staff_user, reverse("declaration:pact", args=[placement.pk])),
        (staff_user, reverse("declaration:my_pact")),
        (sekretaris, roster),
        (sekretaris, reverse("declaration:employee", args=[placement.employee_id])),
    ):
        assert url in client_for(user).get(page).content.decode(), page
