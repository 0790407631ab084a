"""The identification services: who may do what, the workflow, validation, nothing
half-saved, the stage guard and the PDF report."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.core.imports import RowsInvalid
from apps.core.models import StateChange
from apps.core.tasks import send_outbox_batch
from apps.cycles.services import cycle_change_stage
from apps.files.models import StoredFile
from apps.identification import services
from apps.identification.checks import (
    normalize_phone,
    parse_percent,
    submission_checklist,
    submission_gaps,
)
from apps.identification.importing import ServiceUserRow
from apps.identification.models import (
    Identification,
    ServiceUser,
    Status,
)
from apps.identification.tasks import render_identification_report

from .conftest import ALL_MET, GOOD_INFO, add_users, fill, make_cycle

pytestmark = pytest.mark.django_db


def counts():
    return (
        Identification.objects.count(),
        StateChange.objects.count(),
        ServiceUser.objects.count(),
        AuditEvent.objects.count(),
    )


# --- pure rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("81234567890", "+6281234567890"),  # Excel dropped the leading 0
        ("(022) 4231-234", "+62224231234"),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalised_to_plus_62(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "0812-ABCD-789", "+1 202 555 0100", "08", "0" * 16])
def test_phone_numbers_that_are_not_indonesian_are_refused(raw):
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw)
    assert "No. telp./WA" in info.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0812 345", "terlalu pendek: nomor HP terdiri dari 10–13 angka"),
        ("0812 3456 7890 12", "terlalu panjang: nomor HP terdiri dari 10–13 angka"),
        ("+62 812 3456 7890 1234", "terlalu panjang: nomor HP terdiri dari 10–13 angka bila"),
        ("022 1234", "terlalu pendek: nomor telepon terdiri dari 9–12 angka"),
        ("0274 1234 567 890", "terlalu panjang: nomor telepon terdiri dari 9–12 angka"),
        ("0150 1234 567", "setelah 0 (atau +62) harus ada kode wilayah atau 8"),
    ],
)
def test_phone_numbers_outside_the_indonesian_lengths_are_refused_with_the_bounds(raw, message):
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw)
    assert message in info.value.messages[0]
    assert raw.strip() in info.value.messages[0]  # the user sees what they typed


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812 3456 78", "+62812345678"),  # 10 digits, the shortest mobile number
        ("0812 3456 7890 1", "+62812345678901"),  # 13 digits, the longest
        ("0274 123456", "+62274123456"),
        ("021 1234 5678", "+622112345678"),
    ],
)
def test_phone_numbers_at_the_bounds_are_accepted(raw, expected):
    assert normalize_phone(raw) == expected


def test_service_user_texts_have_bounds_users_understand(identification, ketua_tim):
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.service_user_add(
            actor=ketua_tim,
            identification=identification,
            name="1234 5678",
            service="L" * 201,
            finished_on="2026-01-02",
            email=("a" * 250) + "@contoh.id",
        )
    errors = info.value.message_dict
    assert errors == {
        "name": ["Nama harus berisi huruf, bukan hanya angka atau tanda baca."],
        "service": ["Paling banyak 200 karakter (sekarang 201)."],
        "email": ["Alamat e-mail paling banyak 254 karakter (sekarang 260)."],
    }
    assert counts() == before


def test_long_notes_are_refused_with_their_limit(submitted, tpu_user):
    with pytest.raises(ValidationError) as info:
        services.identification_decide(
            actor=tpu_user,
            identification=submitted,
            outcome="return",
            requirements=ALL_MET,
            notes={"req_level": "x" * 501},
            note="y" * 4001,
        )
    assert info.value.message_dict == {
        "note": ["Maksimal 4000 karakter (sekarang 4001); persingkat teksnya."],
        "req_level_note": ["Maksimal 500 karakter (sekarang 501); persingkat teksnya."],
    }
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.req_level is None


def test_a_long_unit_note_is_refused(identification, ketua_tim):
    with pytest.raises(ValidationError) as info:
        services.identification_update(
            actor=ketua_tim, identification=identification, unit_note="z" * 4001
        )
    assert info.value.message_dict == {
        "unit_note": ["Maksimal 4000 karakter (sekarang 4001); persingkat teksnya."]
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("95,5", Decimal("95.50")), ("100", Decimal("100.00")), ("0", Decimal("0.00")), ("", None)],
)
def test_percentages_accept_a_decimal_comma(raw, expected):
    assert parse_percent(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("100.01", "antara 0 dan 100"),
        ("-1", "antara 0 dan 100"),
        ("97,125", "dua angka di belakang koma"),
        ("sembilan", "berupa angka"),
        ("NaN", "antara 0 dan 100"),
    ],
)
def test_bad_percentages_are_refused_with_a_message(raw, message):
    with pytest.raises(ValidationError) as info:
        parse_percent(raw)
    assert message in info.value.messages[0]


# --- opening and filling ----------------------------------------------------------------


def test_the_unit_opens_one_identification_per_cycle(cycle, ketua_tim):
    identification = services.identification_open(actor=ketua_tim, cycle=cycle)
    assert (identification.status, identification.unit_id) == (Status.DRAFT, cycle.unit_id)
    assert AuditEvent.objects.filter(action="identification.open").count() == 1
    with pytest.raises(ValidationError, match="sudah dibuka"):
        services.identification_open(actor=ketua_tim, cycle=cycle)


@pytest.mark.parametrize("who", ["member", "tpu_user", "admin", "sibling_member"])
def test_only_the_units_leaders_open_and_fill(request, cycle, identification, who):
    actor = request.getfixturevalue(who)
    before = counts()
    with pytest.raises(AccessDenied):
        services.identification_update(actor=actor, identification=identification, tlhp_percent="9")
    with pytest.raises(AccessDenied):
        services.identification_submit(actor=actor, identification=identification)
    assert counts() == before


def test_an_identification_opens_only_before_pembangunan(tree, template, ketua_tim):
    late = make_cycle(tree["upt"], template, stage="pembangunan", year=2025)
    with pytest.raises(ValidationError, match="tahap Pencanangan atau Identifikasi"):
        services.identification_open(actor=ketua_tim, cycle=late)
    assert not Identification.objects.exists()


def test_unit_information_is_parsed_and_audited(identification, sekretaris):
    services.identification_update(
        actor=sekretaris,
        identification=identification,
        lhkan_percent="99,25",
        sakip_grade="bb",
        pk_y2=False,
    )
    identification.refresh_from_db()
    assert identification.lhkan_percent == Decimal("99.25")
    assert identification.sakip_grade == "BB"
    assert identification.pk_y2 is False
    event = AuditEvent.objects.get(action="identification.update")
    assert event.after == {"lhkan_percent": "99.25", "sakip_grade": "BB", "pk_y2": False}


def test_every_bad_field_is_reported_and_nothing_is_saved(identification, ketua_tim):
    services.identification_update(
        actor=ketua_tim, identification=identification, tlhp_percent="50"
    )
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.identification_update(
            actor=ketua_tim,
            identification=identification,
            tlhp_percent="80",
            lhkan_percent="101",
            sakip_grade="E",
            realisation_y1="abc",
            pk_y1="mungkin",
        )
    errors = info.value.message_dict
    assert set(errors) == {"lhkan_percent", "sakip_grade", "realisation_y1", "pk_y1"}
    assert "AA, A, BB, B, CC, C, D" in errors["sakip_grade"][0]
    identification.refresh_from_db()
    assert identification.tlhp_percent == Decimal("50.00")  # the valid change is not kept
    assert counts() == before


# --- service users ----------------------------------------------------------------------


def test_a_service_user_is_stored_normalised(identification, ketua_tim):
    row = services.service_user_add(
        actor=ketua_tim,
        identification=identification,
        name="  Siti   Aminah ",
        service="Izin pemanfaatan ruang milik jalan",
        finished_on="15/01/2026",
        phone="0813 1111 2222",
        email="Siti@Contoh.ID",
    )
    assert (row.name, row.phone, row.email, row.finished_on) == (
        "Siti Aminah",
        "+6281311112222",
        "siti@contoh.id",
        datetime.date(2026, 1, 15),
    )
    assert (row.unit_id, row.cycle_id) == (identification.unit_id, identification.cycle_id)


def test_bad_service_users_are_refused_field_by_field(identification, ketua_tim):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.service_user_add(
            actor=ketua_tim,
            identification=identification,
            name="",
            service="Konsultasi",
            finished_on=tomorrow.isoformat(),
            phone="12",
            email="bukan-email",
        )
    errors = info.value.message_dict
    assert set(errors) == {"name", "finished_on", "phone", "email"}
    assert "masa depan" in errors["finished_on"][0]
    with pytest.raises(ValidationError) as info:
        services.service_user_add(
            actor=ketua_tim,
            identification=identification,
            name="Tanpa Kontak",
            service="Konsultasi",
            finished_on="2026-01-02",
        )
    assert info.value.message_dict["phone"] == ["Isi no. telp./WA atau alamat e-mail."]
    assert counts() == before


def test_the_same_service_user_twice_is_refused(identification, ketua_tim):
    add_users(identification, ketua_tim, 1)
    row = ServiceUser.objects.get()
    with pytest.raises(ValidationError, match="sudah ada"):
        services.service_user_add(
            actor=ketua_tim,
            identification=identification,
            name=row.name.upper(),
            service=row.service,
            finished_on=row.finished_on.isoformat(),
            email="lain@contoh.id",
        )


def test_an_import_adds_every_row_or_none(identification, ketua_tim):
    add_users(identification, ketua_tim, 1)
    existing = ServiceUser.objects.get()
    good = ServiceUserRow(2, "Ani", "Konsultasi", "2026-01-05", "+6281200000001", "")
    twin = ServiceUserRow(
        3, existing.name, existing.service, existing.finished_on.isoformat(), "", "a@b.id"
    )
    before = counts()
    with pytest.raises(RowsInvalid) as info:
        services.service_user_import(
            actor=ketua_tim, identification=identification, rows=[good, twin]
        )
    assert info.value.messages == ["Baris 3 (nama): Sudah ada di daftar pengguna layanan."]
    assert counts() == before
    created = services.service_user_import(
        actor=ketua_tim, identification=identification, rows=[good]
    )
    assert [u.name for u in created] == ["Ani"]
    assert AuditEvent.objects.filter(action="service_user.import").count() == 1


def test_removing_a_service_user_is_audited(identification, ketua_tim):
    add_users(identification, ketua_tim, 2)
    row = ServiceUser.objects.first()
    services.service_user_remove(actor=ketua_tim, service_user=row)
    assert ServiceUser.objects.count() == 1
    assert AuditEvent.objects.get(action="service_user.remove").before["name"] == row.name


def test_a_submitted_identification_is_frozen_for_the_unit(submitted, ketua_tim):
    before = counts()
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.identification_update(actor=ketua_tim, identification=submitted, tlhp_percent="1")
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        add_users(submitted, ketua_tim, 1, start=50)
    with pytest.raises(ValidationError, match="tidak dapat diajukan"):
        services.identification_submit(actor=ketua_tim, identification=submitted)
    assert counts() == before


def test_submitting_is_refused_while_a_part_is_empty_naming_each(identification, ketua_tim):
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.identification_submit(actor=ketua_tim, identification=identification)
    assert info.value.messages == [
        "Identifikasi belum dapat diajukan ke TPU. Lengkapi dahulu:",
        "Persentase pelaporan LHKAN belum diisi.",
        "Persentase tindak lanjut hasil pemeriksaan (TLHP) belum diisi.",
        "Nilai SAKIP tahun 2025 belum diisi.",
        "Keberadaan Perjanjian Kinerja tahun 2025, 2024, 2023 belum diisi.",
        "Capaian realisasi kinerja tahun 2025, 2024 belum diisi.",
        "Belum ada data pengguna layanan: tambahkan paling sedikit satu orang.",
    ]
    # Filled but for one PK year and without service users: still refused, naming those.
    services.identification_update(
        actor=ketua_tim, identification=identification, **{**GOOD_INFO, "pk_y2": None}
    )
    with pytest.raises(ValidationError) as info:
        services.identification_submit(actor=ketua_tim, identification=identification)
    assert info.value.messages[1:] == [
        "Keberadaan Perjanjian Kinerja tahun 2024 belum diisi.",
        "Belum ada data pengguna layanan: tambahkan paling sedikit satu orang.",
    ]
    identification.refresh_from_db()
    assert identification.status == Status.DRAFT
    assert counts()[:3] == (before[0], before[1], 0)
    # Answered (even "Tidak ada") and one service user: the TPU judges the rest.
    services.identification_update(actor=ketua_tim, identification=identification, pk_y2=False)
    add_users(identification, ketua_tim, 1)
    submitted = services.identification_submit(actor=ketua_tim, identification=identification)
    assert submitted.status == Status.SUBMITTED


def test_the_checklist_follows_what_the_unit_filled(identification, ketua_tim):
    checklist = submission_checklist(identification, 0)
    assert [item.key for item in checklist] == [
        "lhkan_percent",
        "tlhp_percent",
        "sakip_grade",
        "pk",
        "realisation",
        "service_users",
    ]
    assert not any(item.done for item in checklist)
    fill(identification, ketua_tim, users=1, sakip_grade="C", pk_y1=False)
    assert submission_gaps(identification, 1) == []
    assert all(item.done for item in submission_checklist(identification, 1))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("112,5", Decimal("112.50")), ("1000", Decimal("1000.00")), ("0", Decimal("0.00"))],
)
def test_key_target_realisation_may_exceed_100_up_to_1000(identification, ketua_tim, raw, expected):
    services.identification_update(
        actor=ketua_tim, identification=identification, realisation_y1=raw, realisation_y2=raw
    )
    identification.refresh_from_db()
    assert identification.realisation_y1 == identification.realisation_y2 == expected


@pytest.mark.parametrize("raw", ["1000,01", "9875", "-0,5"])
def test_key_target_realisation_beyond_1000_is_refused(identification, ketua_tim, raw):
    with pytest.raises(ValidationError) as info:
        services.identification_update(
            actor=ketua_tim, identification=identification, realisation_y1=raw
        )
    assert info.value.message_dict["realisation_y1"] == [
        "Capaian realisasi kinerja harus antara 0 dan 1000 persen (melebihi 100 boleh bila "
        "target terlampaui)."
    ]


@pytest.mark.parametrize("field", ["lhkan_percent", "tlhp_percent"])
def test_lhkan_and_tlhp_stay_within_100(identification, ketua_tim, field):
    with pytest.raises(ValidationError) as info:
        services.identification_update(
            actor=ketua_tim, identification=identification, **{field: "100,01"}
        )
    assert info.value.message_dict[field] == ["Persentase harus antara 0 dan 100."]


def test_the_database_refuses_realisation_beyond_1000(identification):
    from django.db import IntegrityError, transaction

    identification.realisation_y1 = Decimal("1000.01")
    with pytest.raises(ValidationError) as info:
        identification.full_clean()
    assert "realisation_y1" in info.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Identification.objects.filter(pk=identification.pk).update(
            realisation_y2=Decimal("1000.01")
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Identification.objects.filter(pk=identification.pk).update(lhkan_percent=Decimal("100.01"))


# --- the TPU's decision -----------------------------------------------------------------


def test_the_tpu_returns_with_the_computed_gaps_and_its_note(identification, ketua_tim, tpu_user):
    fill(identification, ketua_tim, users=4, pk_y3=False, sakip_grade="CC")
    services.identification_submit(actor=ketua_tim, identification=identification)
    returned = services.identification_decide(
        actor=tpu_user,
        identification=identification,
        outcome="return",
        requirements={**ALL_MET, "req_public_impact": None},
        note="Lampirkan PK 2023 yang ditandatangani.",
    )
    assert returned.status == Status.RETURNED
    assert returned.missing_items == [
        "Persyaratan administrasi belum diperiksa TPU: Mempunyai dampak yang luas pada "
        "masyarakat apabila melakukan pembangunan ZI.",
        "Nilai SAKIP tahun 2025 (CC) di bawah batas minimal B.",
        "Perjanjian Kinerja tahun 2023 belum ada.",
        "Data pengguna layanan baru 4 dari minimal 10 orang.",
        "Lampirkan PK 2023 yang ditandatangani.",
    ]
    event = StateChange.objects.get(transition="return")
    assert (event.from_state, event.to_state) == ("submitted", "returned")
    assert event.data["missing_items"] == returned.missing_items
    assert event.reason == "Lampirkan PK 2023 yang ditandatangani."
    assert AuditEvent.objects.get(action="identification.return").reason == (
        "Lampirkan PK 2023 yang ditandatangani."
    )
    # The unit may edit again, then submit again.
    services.identification_update(actor=ketua_tim, identification=returned, pk_y3=True)
    assert services.identification_submit(actor=ketua_tim, identification=returned).status == (
        Status.SUBMITTED
    )


def test_complete_is_refused_while_anything_is_missing_and_nothing_is_saved(
    identification, ketua_tim, tpu_user
):
    fill(identification, ketua_tim, users=9)
    services.identification_submit(actor=ketua_tim, identification=identification)
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.identification_decide(
            actor=tpu_user, identification=identification, outcome="complete", requirements=ALL_MET
        )
    assert info.value.messages == [
        "Identifikasi belum dapat dinyatakan lengkap. Yang masih kurang:",
        "Data pengguna layanan baru 9 dari minimal 10 orang.",
    ]
    identification.refresh_from_db()
    assert identification.status == Status.SUBMITTED
    assert identification.req_level is None  # the checklist was not half-saved
    assert counts() == before


def test_returning_needs_something_to_complete(submitted, tpu_user):
    with pytest.raises(ValidationError) as info:
        services.identification_decide(
            actor=tpu_user, identification=submitted, outcome="return", requirements=ALL_MET
        )
    assert "nyatakan lengkap" in info.value.message_dict["note"][0]


def test_complete_makes_the_unit_a_candidate_and_queues_the_report(
    submitted, tpu_user, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: queued.append((task, *ids)))
    with django_capture_on_commit_callbacks(execute=True):
        done = services.identification_decide(
            actor=tpu_user, identification=submitted, outcome="complete", requirements=ALL_MET
        )
    assert (done.status, done.decided_by, done.missing_items) == (Status.COMPLETE, tpu_user, [])
    # Besides the notices' e-mails (the outbox's own task, tests/notifications).
    queued = [q for q in queued if q[0] is not send_outbox_batch]
    assert queued == [(render_identification_report, done.tenant_id, done.pk)]
    assert done.report_state == "pending"
    assert AuditEvent.objects.filter(action="identification.complete").count() == 1


@pytest.mark.parametrize("who", ["conflicted_tpu", "ketua_tim", "verifier", "admin"])
def test_only_a_tpu_assessor_without_a_role_in_the_unit_decides(request, submitted, who):
    before = counts()
    with pytest.raises(AccessDenied) as info:
        services.identification_decide(
            actor=request.getfixturevalue(who),
            identification=submitted,
            outcome="complete",
            requirements=ALL_MET,
        )
    if who == "conflicted_tpu":
        assert "benturan kepentingan" in str(info.value)
    assert counts() == before


def test_a_tpu_assessor_of_another_branch_does_not_decide(submitted, tree):
    from apps.accounts.roles import Role
    from tests.factories import UserFactory, grant, make_unit

    elsewhere = UserFactory()
    grant(
        elsewhere, make_unit(tree["root"], code="ES2", type_code="eselon-1"), Role.PENILAI_TPU, "MP"
    )
    with pytest.raises(AccessDenied):
        services.identification_decide(
            actor=elsewhere, identification=submitted, outcome="complete", requirements=ALL_MET
        )


def test_a_draft_cannot_be_decided(identification, tpu_user):
    with pytest.raises(ValidationError, match="sedang diajukan"):
        services.identification_decide(
            actor=tpu_user, identification=identification, outcome="complete", requirements=ALL_MET
        )


def test_an_unknown_outcome_is_refused(submitted, tpu_user):
    with pytest.raises(ValidationError) as info:
        services.identification_decide(
            actor=tpu_user, identification=submitted, outcome="setujui", requirements=ALL_MET
        )
    assert info.value.message_dict["outcome"] == ["Keputusan tidak dikenal."]


# --- the stage guard --------------------------------------------------------------------


def test_pembangunan_waits_for_a_complete_identification(submitted, tpu_user, admin):
    cycle = submitted.cycle
    with pytest.raises(ValidationError) as info:
        cycle_change_stage(actor=admin, cycle=cycle, to_stage="pembangunan", reason="Lanjut.")
    assert info.value.messages == ["Identifikasi belum dinyatakan lengkap oleh TPU."]
    services.identification_decide(
        actor=tpu_user, identification=submitted, outcome="complete", requirements=ALL_MET
    )
    assert (
        cycle_change_stage(actor=admin, cycle=cycle, to_stage="pembangunan", reason="Lanjut.").stage
        == "pembangunan"
    )


def test_another_cycles_complete_identification_does_not_count(complete, sibling_cycle, admin):
    with pytest.raises(ValidationError, match="belum dinyatakan lengkap"):
        cycle_change_stage(actor=admin, cycle=sibling_cycle, to_stage="pembangunan", reason="x")


# --- the report -------------------------------------------------------------------------


def test_the_report_pdf_names_the_unit_and_the_outcome(complete):
    stored = services.identification_report_store(identification=complete)
    complete.refresh_from_db()
    assert complete.report_file_id == stored.pk
    assert stored.content_type == "application/pdf"
    with stored.file.open("rb") as fh:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)
    text = " ".join(text.split())
    assert "LAPORAN HASIL IDENTIFIKASI" in text
    assert "UPT Satu" in text
    assert "Ditjen Satu" in text  # the Unit Organisasi (Eselon I)
    assert "LENGKAP – unit ditetapkan sebagai Calon Unit Kerja" in text
    assert "Pengguna 09" in text and "+6281234560009" in text
    # Rendering again keeps the stored file.
    assert services.identification_report_store(identification=complete).pk == stored.pk


def test_the_report_task_is_idempotent_and_skips_incomplete_ones(complete, submitted):
    tenant_id = complete.tenant_id
    assert render_identification_report(tenant_id, complete.pk) is True
    assert render_identification_report(tenant_id, complete.pk) is False
    assert render_identification_report(tenant_id, submitted.pk) is False
    assert render_identification_report(tenant_id, 999999) is False
    assert render_identification_report(999999, complete.pk) is None  # no such agency
    complete.refresh_from_db()
    assert complete.report_state == "ready" and complete.report_file_id
    assert AuditEvent.objects.filter(action="identification.report").count() == 1


def test_the_report_task_run_twice_renders_once(complete, monkeypatch):
    """Two deliveries of the same task (a redelivery after a lost ack, or a double queue):
    the second finds the row claimed, renders nothing and stores nothing."""
    import apps.identification.services.report as identification_services

    renders = []
    real = identification_services.render_pdf

    def render_and_redeliver(template_name, context):
        renders.append(template_name)
        # The same task delivered again while the first run holds the claim.
        assert render_identification_report(complete.tenant_id, complete.pk) is False
        return real(template_name, context)

    monkeypatch.setattr(identification_services, "render_pdf", render_and_redeliver)
    assert render_identification_report(complete.tenant_id, complete.pk) is True
    assert render_identification_report(complete.tenant_id, complete.pk) is False
    assert renders == ["identification/report_pdf.html"]
    assert StoredFile.objects.filter(original_name__startswith="laporan-hasil").count() == 1


def test_a_failed_render_gives_the_report_back_and_a_stale_claim_is_taken_again(
    complete, monkeypatch, settings
):
    import apps.identification.services.report as identification_services

    def broken(template_name, context):
        raise RuntimeError("weasyprint crashed")

    monkeypatch.setattr(identification_services, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        render_identification_report(complete.tenant_id, complete.pk)
    complete.refresh_from_db()
    assert (complete.report_state, complete.report_file_id) == ("pending", None)
    monkeypatch.undo()

    # A worker that died holding the claim: the row is left until its lease runs out.
    Identification.objects.filter(pk=complete.pk).update(
        report_state="running", report_claimed_at=timezone.now()
    )
    assert render_identification_report(complete.tenant_id, complete.pk) is False
    settings.TASK_CLAIM_SECONDS = 0
    assert render_identification_report(complete.tenant_id, complete.pk) is True


def test_no_report_before_completion(submitted):
    with pytest.raises(ValidationError, match="setelah identifikasi lengkap"):
        services.identification_report_store(identification=submitted)


def test_the_pdf_fetcher_reads_only_local_static_files():
    from apps.core.pdf import BASE_URL, static_file_fetcher

    fetcher = static_file_fetcher()
    assert fetcher.fetch(BASE_URL + "static/css/portal.css").read()
    for url in (
        "https://example.com/static/css/portal.css",
        "file:///etc/passwd",
        BASE_URL + "media/x.pdf",
        BASE_URL + "static/../../etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.django_db(transaction=True)
def test_completing_while_the_broker_is_down_succeeds_and_a_beat_job_queues_the_report_later(
    private_broker, submitted, tpu_user
):
    import json

    import redis
    from django.conf import settings

    from apps.identification.tasks import render_missing_reports

    private_broker.stop()
    done = services.identification_decide(
        actor=tpu_user, identification=submitted, outcome="complete", requirements=ALL_MET
    )
    done.refresh_from_db()
    assert (done.status, done.report_file_id) == (Status.COMPLETE, None)

    private_broker.start()
    assert render_missing_reports() == 1
    queued = redis.Redis(port=private_broker.port).lrange(settings.CELERY_TASK_DEFAULT_QUEUE, 0, -1)
    headers = [json.loads(m)["headers"] for m in queued]
    assert [(h["task"], h["argsrepr"]) for h in headers] == [
        (render_identification_report.name, f"({done.tenant_id}, {done.pk})")
    ]
