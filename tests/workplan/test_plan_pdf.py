"""A ratified Rencana Kerja as a PDF: made once per ratified revision by the worker,
parsed back with pypdf (kop, items per area with their months, approvals, the
ratification), kept when superseded, the beat job, and who may download it."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from pypdf import PdfReader

from apps.accounts.models import User
from apps.core.dates import long_date
from apps.core.tasks import send_outbox_batch
from apps.files.models import StoredFile
from apps.units.models import Unit
from apps.workplan import services
from apps.workplan.models import PlanRevision
from apps.workplan.tasks import render_missing_plan_pdfs, render_plan_pdf

from .conftest import item_values, questions, ratified_plan

pytestmark = pytest.mark.django_db

HEAD_NIP = "197001011995031001"


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text().split()) for p in pages)


def stored_text(stored) -> str:
    with stored.file.open("rb") as fh:
        return pdf_text(fh.read())


def plan_files():
    return StoredFile.objects.filter(original_name__startswith="rencana-kerja-")


@pytest.fixture
def head(unit_leader, tree):
    """The Pimpinan Unit as the unit tree records its head."""
    User.objects.filter(pk=unit_leader.pk).update(nip=HEAD_NIP)
    Unit.objects.filter(pk=tree["upt"].pk).update(
        head_name=unit_leader.full_name, head_nip=HEAD_NIP, head_title="Kepala UPT"
    )
    unit_leader.refresh_from_db()
    return unit_leader


@pytest.fixture
def rich_plan(cycle, ketua_tim, member, pokja_tl, head):
    """Revision 1 with three items in two areas, approved and ratified."""
    with scope(tenant=cycle.tenant_id):
        revision = services.plan_start(actor=ketua_tim, cycle=cycle)
        for area, action, months, codes in (
            ("MP", "Pembentukan Tim Kerja dan Agen Perubahan", [1], ["PPA1A"]),
            ("MP", "Monitoring dan evaluasi bulanan", list(range(1, 13)), ["PPA2A", "PPA2B"]),
            ("TL", "Penyusunan peta proses bisnis", [2, 3], ["PPB1A"]),
        ):
            services.plan_item_add(
                actor=ketua_tim,
                revision=revision,
                questions=questions(cycle, *codes),
                **item_values(
                    area,
                    action=action,
                    months=months,
                    description="Rapat dan notulen." if area == "TL" else "",
                ),
            )
        services.plan_area_approve(actor=member, revision=revision, area="MP")
        services.plan_area_approve(actor=pokja_tl, revision=revision, area="TL")
        return services.plan_ratify(actor=head, revision=revision)


# --- made by the worker, once ------------------------------------------------------------


def test_ratifying_queues_the_plan_pdf_after_commit(
    cycle, ketua_tim, member, pokja_tl, unit_leader, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: queued.append((task, *ids)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        revision = ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)
    assert queued == [] and revision.pdf_state == "pending" and revision.pdf_file_id is None
    for callback in callbacks:
        callback()
    # Besides the notices' e-mails (the outbox's own task, tests/notifications).
    queued = [q for q in queued if q[0] is not send_outbox_batch]
    assert queued == [(render_plan_pdf, revision.tenant_id, revision.pk)]


def test_a_draft_has_no_pdf_due(cycle, ketua_tim):
    with scope(tenant=cycle.tenant_id):
        draft = services.plan_start(actor=ketua_tim, cycle=cycle)
    assert draft.pdf_state == ""
    PlanRevision.objects.filter(pk=draft.pk).update(pdf_state="pending")  # even if forced
    assert render_plan_pdf(draft.tenant_id, draft.pk) is False
    assert not plan_files().exists()


def test_the_worker_makes_the_plan_pdf_once_with_items_per_area_and_ratification(
    rich_plan, head, member, pokja_tl, monkeypatch
):
    import apps.workplan.services.plan_pdf as plan_pdf

    revision = rich_plan
    renders = []
    real = plan_pdf.render_pdf

    def render_and_redeliver(template_name, context):
        renders.append(template_name)
        # The same task delivered again while the first run holds the claim.
        assert render_plan_pdf(revision.tenant_id, revision.pk) is False
        return real(template_name, context)

    monkeypatch.setattr(plan_pdf, "render_pdf", render_and_redeliver)
    assert render_plan_pdf(revision.tenant_id, revision.pk) is True
    assert render_plan_pdf(revision.tenant_id, revision.pk) is False
    assert renders == ["workplan/plan_pdf.html"]
    revision.refresh_from_db()
    assert revision.pdf_state == "ready" and plan_files().count() == 1
    stored = revision.pdf_file
    assert stored.original_name == "rencana-kerja-UPT1-2026-rev1.pdf"
    text = stored_text(stored)
    assert "KEMENTERIAN ALFA DITJEN SATU UPT SATU" in text
    assert "RENCANA KERJA PEMBANGUNAN ZONA INTEGRITAS" in text
    assert "MENUJU WILAYAH BEBAS DARI KORUPSI (WBK)" in text and "TAHUN 2026" in text
    ratified_on = long_date(timezone.localdate(revision.ratified_at))
    assert f"Revisi : 1, disahkan {ratified_on}" in text
    assert "Jumlah kegiatan : 3 kegiatan di 2 area perubahan" in text
    # The areas in their order, each with its approval, then its items.
    mp, tl = text.index("1. Manajemen Perubahan (MP)"), text.index("2. Penataan Tata Laksana (TL)")
    assert mp < text.index("Pembentukan Tim Kerja dan Agen Perubahan") < tl
    assert tl < text.index("Penyusunan peta proses bisnis Rapat dan notulen.")
    assert f"disetujui {member.full_name} (Ketua Pokja)" in text
    assert f"disetujui {pokja_tl.full_name} (Ketua Pokja)" in text
    assert "Ketua Pokja TL" in text and "Laporan kegiatan" in text  # PIC, output
    assert "PPA2A, PPA2B" in text and "PPB1A" in text
    assert "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des" in text
    # One mark per planned month: 1 + 12 + 2.
    assert text.count("■") == 15
    # The ratification: the head, as the unit records them.
    assert f"Disahkan pada {ratified_on} Mengesahkan, Kepala UPT Satu" in text
    assert f"{head.full_name} NIP {HEAD_NIP}" in text
    assert "Rencana Kerja Pembangunan ZI · UPT Satu · 2026 · Revisi 1" in text
    assert "Halaman 1 dari" in text


def test_each_ratified_revision_has_its_own_pdf_and_the_superseded_one_keeps_it(
    rich_plan, cycle, ketua_tim, member, pokja_tl, head
):
    first = rich_plan
    assert render_plan_pdf(first.tenant_id, first.pk) is True
    with scope(tenant=cycle.tenant_id):
        second = services.plan_revise(actor=ketua_tim, cycle=cycle, reason="Tambah survei IKM.")
        services.plan_item_add(
            actor=ketua_tim,
            revision=second,
            questions=[],
            **item_values("PP", action="Survei kepuasan masyarakat", months=[6]),
        )
        for area, who in (("MP", member), ("TL", pokja_tl)):
            services.plan_area_approve(actor=who, revision=second, area=area)
        services.plan_area_approve(actor=ketua_tim, revision=second, area="PP")
        services.plan_ratify(actor=head, revision=second)
    assert render_plan_pdf(second.tenant_id, second.pk) is True
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "superseded" and first.pdf_state == "ready"
    assert first.pdf_file_id != second.pdf_file_id and plan_files().count() == 2
    text = stored_text(second.pdf_file)
    assert "Revisi : 2" in text and "Alasan revisi : Tambah survei IKM." in text
    assert "Survei kepuasan masyarakat" in text
    assert "(Ketua Tim, menggantikan Ketua Pokja yang belum ditetapkan)" in text
    assert "Survei kepuasan masyarakat" not in stored_text(first.pdf_file)


def test_a_ratifier_who_is_not_the_recorded_head_signs_as_pimpinan_unit(
    cycle, ketua_tim, member, pokja_tl, unit_leader
):
    revision = ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)
    assert render_plan_pdf(revision.tenant_id, revision.pk) is True
    revision.refresh_from_db()
    text = stored_text(revision.pdf_file)
    assert f"Mengesahkan, Pimpinan Unit UPT Satu {unit_leader.full_name}" in text


def test_the_beat_job_queues_the_revisions_whose_pdf_is_due(plan, monkeypatch):
    queued = []
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: queued.append(ids) or True)
    assert render_missing_plan_pdfs() == 1
    assert queued == [(plan.tenant_id, plan.pk)]
    assert render_plan_pdf(plan.tenant_id, plan.pk) is True
    assert render_missing_plan_pdfs() == 0
    assert len(queued) == 1


def test_a_failed_render_gives_the_revision_back_and_a_stale_claim_is_taken_again(
    plan, monkeypatch, settings
):
    import apps.workplan.services.plan_pdf as plan_pdf

    def broken(template_name, context):
        raise RuntimeError("weasyprint crashed")

    monkeypatch.setattr(plan_pdf, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        render_plan_pdf(plan.tenant_id, plan.pk)
    plan.refresh_from_db()
    assert (plan.pdf_state, plan.pdf_file_id) == ("pending", None)
    monkeypatch.undo()
    # A worker that died holding the claim: left until its lease runs out.
    PlanRevision.objects.filter(pk=plan.pk).update(
        pdf_state="running", pdf_claimed_at=timezone.now()
    )
    assert render_plan_pdf(plan.tenant_id, plan.pk) is False
    settings.TASK_CLAIM_SECONDS = 0
    assert render_plan_pdf(plan.tenant_id, plan.pk) is True


# --- the download link -------------------------------------------------------------------


def test_who_may_download_the_plan_pdf(
    client_for,
    plan,
    ketua_tim,
    unit_leader,
    member,
    anggota,
    verifier,
    admin,
    es1_leader,
    no_role,
    sibling_member,
    other_admin,
):
    url = reverse("workplan:plan_pdf", args=[plan.pk])
    assert Client().get(url).status_code == 302  # to the login page
    # Whoever sees the plan: the unit's team and head, and the roles above the unit.
    for user in (ketua_tim, unit_leader, member, anggota, verifier, admin, es1_leader):
        response = client_for(user).get(url + "?unduh=1")
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert (
            'attachment; filename="rencana-kerja-UPT1-2026-rev1.pdf"'
            in (response["Content-Disposition"])
        )
    # A member without a role, another unit, another agency: as if it did not exist.
    for user in (no_role, sibling_member, other_admin):
        assert client_for(user).get(url).status_code == 404, user
    assert plan_files().count() == 1


def test_a_draft_revision_has_no_pdf_to_download(client_for, cycle, ketua_tim):
    with scope(tenant=cycle.tenant_id):
        draft = services.plan_start(actor=ketua_tim, cycle=cycle)
    url = reverse("workplan:plan_pdf", args=[draft.pk])
    assert client_for(ketua_tim).get(url).status_code == 404
    page = client_for(ketua_tim).get(reverse("workplan:plan", args=[cycle.pk])).content.decode()
    assert url not in page


def test_the_plan_page_links_the_pdf_of_the_revision_shown(client_for, rich_plan, member):
    page = client_for(member).get(reverse("workplan:plan", args=[rich_plan.cycle_id]))
    assert reverse("workplan:plan_pdf", args=[rich_plan.pk]) in page.content.decode()
    response = client_for(member).get(reverse("workplan:plan_pdf", args=[rich_plan.pk]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rich_plan.refresh_from_db()
    assert rich_plan.pdf_state == "ready" and rich_plan.pdf_file.size == len(content)
    assert "Monitoring dan evaluasi bulanan" in pdf_text(content)


def test_the_pdf_link_says_so_while_the_worker_makes_it(client_for, plan, member):
    PlanRevision.objects.filter(pk=plan.pk).update(
        pdf_state="running", pdf_claimed_at=timezone.now()
    )
    response = client_for(member).get(reverse("workplan:plan_pdf", args=[plan.pk]), follow=True)
    expected = reverse("workplan:plan", args=[plan.cycle_id]) + "?revisi=1"
    assert response.redirect_chain == [(expected, 302)]
    assert "PDF sedang dibuat" in response.content.decode()


def test_while_a_revision_is_drafted_the_plan_page_links_the_pdf_in_force(
    client_for, plan, cycle, ketua_tim, member
):
    with scope(tenant=cycle.tenant_id):
        draft = services.plan_revise(actor=ketua_tim, cycle=cycle, reason="Jadwal digeser.")
    page = client_for(member).get(reverse("workplan:plan", args=[cycle.pk])).content.decode()
    assert "Unduh PDF revisi 1 yang berlaku" in page
    assert reverse("workplan:plan_pdf", args=[plan.pk]) in page
    assert reverse("workplan:plan_pdf", args=[draft.pk]) not in page
