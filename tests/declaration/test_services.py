"""Services of the declaration app: the charter and its stage guard, the roster import
(all or nothing, moves with history) and the integrity pacts."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope
from pypdf import PdfReader

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.cycles import services as cycle_services
from apps.declaration import services
from apps.declaration.importing import Action, RowsInvalid
from apps.declaration.models import Declaration, Employee, Pact, Placement, Witness
from apps.declaration.selectors import pact_share
from apps.declaration.tasks import render_charter_pdf, render_missing_charter_pdfs
from tests.factories import make_tenant

from .conftest import WITNESSES, import_rows, nip, record, record_with_scan, scan

pytestmark = pytest.mark.django_db


def move(cycle, actor, to_stage, reason="Sesuai jadwal."):
    with scope(tenant=cycle.tenant_id):
        return cycle_services.cycle_change_stage(
            actor=actor, cycle=cycle, to_stage=to_stage, reason=reason
        )


# --- Charter --------------------------------------------------------------------------


def test_the_team_records_the_charter_with_its_witnesses_and_an_audit_record(sekretaris, pcycle):
    declaration = record(sekretaris, pcycle)
    assert declaration.unit_id == pcycle.unit_id and declaration.place == "Bandung"
    assert [w.name for w in declaration.witnesses.all()] == ["Dr. Inspektur", "Ir. Dirjen"]
    event = AuditEvent.objects.get(action="declaration.record")
    assert event.actor == sekretaris and "Dr. Inspektur – Inspektur Jenderal" in str(event.after)


def test_recording_again_corrects_the_charter_and_replaces_the_witnesses(sekretaris, pcycle):
    record(sekretaris, pcycle)
    record(sekretaris, pcycle, place="Jakarta", witnesses=WITNESSES[:1])
    declaration = Declaration.objects.get()
    assert declaration.place == "Jakarta"
    assert list(declaration.witnesses.values_list("name", flat=True)) == ["Dr. Inspektur"]
    assert AuditEvent.objects.filter(action="declaration.update").count() == 1


# --- Charter PDF, made by the worker --------------------------------------------------


def charter_text(stored) -> str:
    with stored.file.open("rb") as fh:
        pages = PdfReader(io.BytesIO(fh.read())).pages
    return " ".join(" ".join(p.extract_text().split()) for p in pages)


def test_recording_the_charter_queues_its_pdf_after_commit(
    sekretaris, pcycle, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: queued.append((task, *ids)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        declaration = record(sekretaris, pcycle)
    assert queued == [] and declaration.pdf_state == "pending"
    for callback in callbacks:
        callback()
    assert queued == [(render_charter_pdf, pcycle.tenant_id, declaration.pk)]


def test_the_worker_makes_the_charter_pdf_once(sekretaris, pcycle, monkeypatch):
    import apps.declaration.services.charter as charter

    declaration = record(sekretaris, pcycle)
    renders = []
    real = charter.render_pdf

    def render_and_redeliver(template_name, context):
        renders.append(template_name)
        # The same task delivered again while the first run holds the claim.
        assert render_charter_pdf(pcycle.tenant_id, declaration.pk) is False
        return real(template_name, context)

    monkeypatch.setattr(charter, "render_pdf", render_and_redeliver)
    assert render_charter_pdf(pcycle.tenant_id, declaration.pk) is True
    assert render_charter_pdf(pcycle.tenant_id, declaration.pk) is False
    assert renders == ["declaration/charter_pdf.html"]
    declaration.refresh_from_db()
    assert declaration.pdf_state == "ready"
    stored = declaration.pdf_file
    assert stored.content_type == "application/pdf"
    assert stored.original_name == f"piagam-pencanangan-{pcycle.unit.code}-{pcycle.year}.pdf"
    text = charter_text(stored)
    assert "PIAGAM PENCANANGAN" in text and "Pada hari ini, Kamis, tanggal 15 Januari 2026" in text


def test_the_charter_pdf_task_opens_the_rows_agency_only(sekretaris, pcycle):
    declaration = record(sekretaris, pcycle)
    assert render_charter_pdf(pcycle.tenant_id + 1000, declaration.pk) is None  # no agency
    other = make_tenant(code="LAIN", name="Instansi Lain")
    assert render_charter_pdf(other.pk, declaration.pk) is False  # not in its scope
    declaration.refresh_from_db()
    assert (declaration.pdf_state, declaration.pdf_file_id) == ("pending", None)


def test_correcting_the_charter_makes_a_new_pdf(sekretaris, pcycle):
    declaration = record(sekretaris, pcycle)
    assert render_charter_pdf(pcycle.tenant_id, declaration.pk) is True
    first = Declaration.objects.get().pdf_file_id
    record(sekretaris, pcycle, place="Jakarta")
    assert Declaration.objects.get().pdf_state == "pending"
    assert render_charter_pdf(pcycle.tenant_id, declaration.pk) is True
    declaration.refresh_from_db()
    assert declaration.pdf_file_id != first and "Jakarta" in charter_text(declaration.pdf_file)


def test_the_beat_job_queues_the_charters_whose_pdf_is_due(sekretaris, pcycle, monkeypatch):
    queued = []
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: queued.append(ids) or True)
    declaration = record(sekretaris, pcycle)
    assert render_missing_charter_pdfs() == 1
    assert queued == [(pcycle.tenant_id, declaration.pk)]
    assert render_charter_pdf(pcycle.tenant_id, declaration.pk) is True
    assert render_missing_charter_pdfs() == 0
    assert len(queued) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"witnesses": []}, "witnesses", "paling sedikit satu saksi"),
        (
            {"witnesses": [{"name": "A", "title": "Staf", "institution": "UPT Satu"}]},
            "witnesses",
            "instansi/unit lain",
        ),
        (
            {"witnesses": [{"name": "A", "title": "", "institution": "Inspektorat"}]},
            "witnesses",
            "jabatan wajib diisi",
        ),
        ({"place": "  "}, "place", "Tempat pencanangan wajib diisi."),
        ({"declared_on": datetime.date(2024, 1, 5)}, "declared_on", "tahun 2026"),
        (
            {"declared_on": datetime.date.today() + datetime.timedelta(days=1)},
            "declared_on",
            "setelah hari ini",
        ),
        ({"head_nip": "123"}, "head_nip", "18 angka"),
    ],
)
def test_bad_charter_input_is_refused_in_indonesian_and_nothing_is_saved(
    sekretaris, pcycle, overrides, field, text, settings
):
    with pytest.raises(ValidationError) as caught:
        record(sekretaris, pcycle, **overrides)
    messages = " ".join(caught.value.message_dict[field])
    assert text in messages
    assert not Declaration.objects.exists() and not Witness.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="declaration").exists()


def test_only_the_units_team_or_an_admin_may_record_the_charter(
    pcycle, member, verifier, sibling_sekretaris, admin, tree
):
    for outsider in (member, verifier, sibling_sekretaris):
        with pytest.raises(AccessDenied):
            record(outsider, pcycle)
    assert not Declaration.objects.exists()
    assert record(admin, pcycle).recorded_by == admin


def test_the_charter_is_fixed_once_the_cycle_left_pencanangan(sekretaris, admin, pcycle):
    record_with_scan(sekretaris, pcycle)
    move(pcycle, admin, "identifikasi")
    pcycle.refresh_from_db()
    with pytest.raises(ValidationError, match="tahap Pencanangan"):
        record(sekretaris, pcycle, place="Jakarta")
    with scope(tenant=pcycle.tenant_id), pytest.raises(ValidationError):
        services.declaration_attach_scan(
            actor=sekretaris, declaration=Declaration.objects.get(), uploaded=scan("baru.pdf")
        )
    assert Declaration.objects.get().place == "Bandung"


def test_a_refused_scan_leaves_the_charter_without_one(sekretaris, pcycle):
    from django.core.files.uploadedfile import SimpleUploadedFile

    declaration = record(sekretaris, pcycle)
    with scope(tenant=pcycle.tenant_id), pytest.raises(ValidationError):
        services.declaration_attach_scan(
            actor=sekretaris,
            declaration=declaration,
            uploaded=SimpleUploadedFile("piagam.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        )
    assert Declaration.objects.get().scan_id is None


# --- The stage guard -------------------------------------------------------------------


def test_no_identifikasi_before_the_charter_is_recorded(admin, sekretaris, pcycle):
    with pytest.raises(ValidationError) as caught:
        move(pcycle, admin, "identifikasi")
    assert "Piagam pencanangan belum dicatat" in caught.value.messages[0]
    record(sekretaris, pcycle)
    with pytest.raises(ValidationError) as caught:
        move(pcycle, admin, "identifikasi")
    assert "unggah pindaian piagam" in caught.value.messages[0]
    pcycle.refresh_from_db()
    assert pcycle.stage == "pencanangan"
    with scope(tenant=pcycle.tenant_id):
        services.declaration_attach_scan(
            actor=sekretaris, declaration=Declaration.objects.get(), uploaded=scan()
        )
    assert move(pcycle, admin, "identifikasi").stage == "identifikasi"


def test_a_correction_back_to_pencanangan_is_not_guarded_and_reopens_the_charter(
    admin, sekretaris, pcycle
):
    record_with_scan(sekretaris, pcycle)
    move(pcycle, admin, "identifikasi")
    cycle = move(pcycle, admin, "pencanangan", reason="Salah tanggal piagam.")
    assert cycle.stage == "pencanangan"
    assert record(sekretaris, cycle, place="Cirebon").place == "Cirebon"


# --- Roster ---------------------------------------------------------------------------


def test_an_import_creates_employees_and_their_current_placements(sekretaris, tree, staff_user):
    plan = import_rows(
        sekretaris,
        tree["upt"],
        (nip(1), "Budi", "Kepala Seksi", "ya"),
        (nip(900), "Pegawai Berakun", "Analis", ""),
    )
    assert plan.summary[Action.NEW] == 2
    budi = Employee.objects.get(nip=nip(1))
    assert budi.lhkpn_obliged and budi.user is None
    assert Employee.objects.get(nip=nip(900)).user == staff_user  # linked by NIP
    assert Placement.objects.filter(unit=tree["upt"], ended_on__isnull=True).count() == 2
    assert AuditEvent.objects.get(action="roster.import").after["baru"] == [nip(1), nip(900)]


def test_an_import_with_one_bad_row_saves_nothing_and_lists_every_error(sekretaris, tree):
    with pytest.raises(RowsInvalid) as caught:
        import_rows(
            sekretaris,
            tree["upt"],
            (nip(1), "Budi", "Kepala Seksi", "ya"),
            ("12345", "Ani", "Staf", ""),
            (nip(1), "Budi Lagi", "Staf", ""),
            (nip(3), "", "Staf", ""),
            (nip(4), "Citra", "Staf", "mungkin"),
        )
    errors = {(e.line, e.column): e.message for e in caught.value.row_errors}
    assert errors[(3, "nip")] == "NIP harus terdiri dari 18 angka."
    assert "sudah ada di baris 2" in errors[(4, "nip")]
    assert errors[(5, "nama")] == "Kolom nama wajib diisi."
    assert "“ya” atau “tidak”" in errors[(6, "wajib_lhkpn")]
    assert not Employee.objects.exists() and not Placement.objects.exists()
    assert not AuditEvent.objects.filter(action="roster.import").exists()


def test_an_employee_of_another_unit_is_offered_as_a_move_and_keeps_history(
    sekretaris, sibling_sekretaris, tree
):
    import_rows(sibling_sekretaris, tree["upt2"], (nip(7), "Dewi", "Bendahara", "ya"))
    with pytest.raises(ValidationError, match="masih tercatat di unit lain"):
        import_rows(sekretaris, tree["upt"], (nip(7), "Dewi", "Kepala Subbag", "ya"))
    assert Placement.objects.get(ended_on__isnull=True).unit == tree["upt2"]

    plan = import_rows(
        sekretaris, tree["upt"], (nip(7), "Dewi", "Kepala Subbag", "ya"), accept_moves=True
    )
    assert plan.moves[0].from_unit_name == "UPT Dua"
    old, new = Placement.objects.order_by("id")
    assert (old.unit, old.position, old.ended_on is not None) == (tree["upt2"], "Bendahara", True)
    assert "Pindah ke UPT Satu" in old.end_reason
    assert (new.unit, new.position, new.ended_on) == (tree["upt"], "Kepala Subbag", None)
    assert Employee.objects.count() == 1


def test_importing_the_same_file_again_changes_nothing_and_a_change_updates(sekretaris, tree):
    import_rows(sekretaris, tree["upt"], (nip(1), "Budi", "Staf", "tidak"))
    plan = import_rows(sekretaris, tree["upt"], (nip(1), "Budi", "Staf", "tidak"))
    assert plan.summary[Action.SAME] == 1
    plan = import_rows(sekretaris, tree["upt"], (nip(1), "Budi S.", "Kepala Seksi", "ya"))
    assert plan.rows[0].action == Action.UPDATE
    placement = Placement.objects.get()
    assert (placement.employee.name, placement.position, placement.employee.lhkpn_obliged) == (
        "Budi S.",
        "Kepala Seksi",
        True,
    )


def test_a_wrong_role_cannot_import_a_roster(member, verifier, sibling_sekretaris, tree):
    for outsider in (member, verifier, sibling_sekretaris):
        with pytest.raises(AccessDenied):
            import_rows(outsider, tree["upt"], (nip(1), "Budi", "Staf", ""))
    assert not Employee.objects.exists()


def test_employee_add_reports_errors_per_form_field(sekretaris, tree):
    with scope(tenant=tree["upt"].tenant_id), pytest.raises(ValidationError) as caught:
        services.employee_add(
            actor=sekretaris,
            unit=tree["upt"],
            nip="1985",
            name="",
            position="Staf",
            lhkpn_obliged=False,
        )
    assert set(caught.value.message_dict) == {"nip", "name"}


def test_an_employee_leaves_the_unit_and_stays_in_its_history(sekretaris, tree):
    import_rows(sekretaris, tree["upt"], (nip(1), "Budi", "Staf", ""))
    placement = Placement.objects.get()
    with scope(tenant=tree["upt"].tenant_id):
        with pytest.raises(ValidationError) as caught:
            services.placement_end(
                actor=sekretaris, placement=placement, ended_on=datetime.date(2000, 1, 1), reason=""
            )
        assert set(caught.value.message_dict) == {"reason", "ended_on"}
        services.placement_end(
            actor=sekretaris, placement=placement, ended_on=placement.started_on, reason="Pensiun"
        )
    assert pact_share(tree["upt"]).total == 0
    assert Placement.objects.get().end_reason == "Pensiun"


# --- Pakta Integritas -----------------------------------------------------------------


def test_an_employee_signs_online_once_with_time_and_ip(sekretaris, tree, staff_user):
    import_rows(sekretaris, tree["upt"], (nip(900), "Pegawai Berakun", "Analis", ""))
    placement = Placement.objects.get()
    with scope(tenant=tree["upt"].tenant_id):
        with pytest.raises(ValidationError, match="Centang pernyataan"):
            services.pact_sign(
                actor=staff_user, placement=placement, ip_address="10.0.0.5", agreed=False
            )
        pact = services.pact_sign(
            actor=staff_user, placement=placement, ip_address="10.0.0.5", agreed=True
        )
        with pytest.raises(ValidationError, match="sudah ditandatangani"):
            services.pact_sign(actor=staff_user, placement=placement, ip_address=None, agreed=True)
    assert (pact.method, pact.signer, pact.ip_address) == ("online", staff_user, "10.0.0.5")
    assert "Saya, Pegawai Berakun, Analis, menyatakan" in pact.statement
    assert "penyimpangan integritas di UPT Satu" in pact.statement
    assert pact_share(tree["upt"]) == type(pact_share(tree["upt"]))(signed=1, total=1)


def test_an_unlinked_employee_with_the_same_nip_is_linked_when_signing(sekretaris, tree):
    import_rows(sekretaris, tree["upt"], (nip(901), "Datang Kemudian", "Staf", ""))
    from tests.factories import make_member

    later = make_member(tree["upt"].tenant, full_name="Datang Kemudian", nip=nip(901))
    placement = Placement.objects.get()
    with scope(tenant=tree["upt"].tenant_id):
        services.pact_sign(actor=later, placement=placement, ip_address=None, agreed=True)
    assert Employee.objects.get().user == later


def test_nobody_signs_for_someone_else(sekretaris, admin, tree, staff_user):
    import_rows(sekretaris, tree["upt"], (nip(1), "Budi", "Staf", ""))
    placement = Placement.objects.get()
    for other in (sekretaris, admin, staff_user):
        with scope(tenant=tree["upt"].tenant_id), pytest.raises(AccessDenied):
            services.pact_sign(actor=other, placement=placement, ip_address=None, agreed=True)
    assert not Pact.objects.exists()


def test_the_team_records_a_paper_pact_with_its_scan(sekretaris, member, tree):
    import_rows(sekretaris, tree["upt"], (nip(1), "Budi", "Staf", ""), (nip(2), "Ani", "Staf", ""))
    placement = Placement.objects.get(employee__nip=nip(1))
    with scope(tenant=tree["upt"].tenant_id):
        with pytest.raises(AccessDenied):
            services.pact_record_scan(
                actor=member,
                placement=placement,
                uploaded=scan(),
                signed_on=datetime.date(2026, 1, 15),
            )
        with pytest.raises(ValidationError, match="setelah hari ini"):
            services.pact_record_scan(
                actor=sekretaris,
                placement=placement,
                uploaded=scan(),
                signed_on=datetime.date(2999, 1, 1),
            )
        pact = services.pact_record_scan(
            actor=sekretaris,
            placement=placement,
            uploaded=scan(),
            signed_on=datetime.date(2026, 1, 15),
        )
    assert pact.method == "scan" and pact.scan.original_name == "pindaian.pdf"
    share = pact_share(tree["upt"])
    assert (share.signed, share.total, str(share.percent)) == (1, 2, "50.00")


def test_a_move_needs_a_new_pact_in_the_new_unit(sekretaris, sibling_sekretaris, tree, staff_user):
    import_rows(sibling_sekretaris, tree["upt2"], (nip(900), "Pegawai Berakun", "Staf", ""))
    with scope(tenant=tree["upt"].tenant_id):
        services.pact_sign(
            actor=staff_user, placement=Placement.objects.get(), ip_address=None, agreed=True
        )
    assert pact_share(tree["upt2"]).signed == 1
    import_rows(
        sekretaris, tree["upt"], (nip(900), "Pegawai Berakun", "Analis", ""), accept_moves=True
    )
    assert (pact_share(tree["upt2"]).total, pact_share(tree["upt"]).signed) == (0, 0)
    assert Pact.objects.get().unit == tree["upt2"]  # the old pact stays with its placement


# --- printed NIPs and titles --------------------------------------------------------

PRINTED = "19830606 200801 1 011"
DIGITS = "198306062008011011"


@pytest.mark.parametrize(
    "raw", [PRINTED, "19830606.200801.1.011", "19830606-200801-1-011", f"  {DIGITS} "]
)
def test_a_printed_nip_is_normalised_everywhere_it_is_entered(sekretaris, pcycle, tree, raw):
    assert record(sekretaris, pcycle, head_nip=raw).head_nip == DIGITS
    with scope(tenant=tree["upt"].tenant_id):
        placement = services.employee_add(
            actor=sekretaris,
            unit=tree["upt"],
            nip=raw,
            name="Bayu Setiawan",
            position="Kepala Subbagian Umum",
            lhkpn_obliged=True,
        )
    assert placement.employee.nip == DIGITS
    # The roster file: the same person again is the same employee (no duplicate).
    plan = import_rows(sekretaris, tree["upt"], (raw.replace(" ", ". "), "Bayu", "Kasubbag", "ya"))
    assert [(r.row.nip, r.action) for r in plan.rows] == [(DIGITS, Action.UPDATE)]
    assert Employee.objects.get().nip == DIGITS


@pytest.mark.parametrize(
    "raw", ["19830606 200801 1 01", "19830606 200801 1 0111", "1983O606200801l011"]
)
def test_a_printed_nip_with_a_wrong_digit_count_is_refused_not_truncated(sekretaris, tree, raw):
    with pytest.raises(RowsInvalid) as caught:
        import_rows(sekretaris, tree["upt"], (raw, "Bayu", "Staf", ""))
    assert [(e.column, e.message) for e in caught.value.row_errors] == [
        ("nip", "NIP harus terdiri dari 18 angka.")
    ]
    assert not Employee.objects.exists()


@pytest.mark.parametrize(
    ("title", "unit", "expected"),
    [
        (
            "Kepala Satker",
            "Satker PJN Wilayah I Jawa Barat",
            "Kepala Satker PJN Wilayah I Jawa Barat",
        ),
        ("Kepala Balai Besar", "Balai Besar PJN Jawa Barat", "Kepala Balai Besar PJN Jawa Barat"),
        ("Kepala satker", "Satker P2JN", "Kepala Satker P2JN"),
        ("Kepala", "Kantor Imigrasi Bandung", "Kepala Kantor Imigrasi Bandung"),
        ("Kepala UPT Satu", "UPT Satu", "Kepala UPT Satu"),
        ("", "UPT Satu", "UPT Satu"),
    ],
)
def test_a_title_and_its_unit_name_never_repeat_the_unit_type(title, unit, expected):
    from apps.declaration.texts import title_with_unit

    assert title_with_unit(title, unit) == expected
