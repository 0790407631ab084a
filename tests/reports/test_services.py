"""Monev reports (FRM-04) as services: drafting from the plan and the tasks, carry-over of
recommendations, the figures, the way to issue and the corrections; bad input refused with
an Indonesian message and nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.core.workflow import history_of
from apps.reports import sections, services
from apps.reports.models import Recommendation, Report
from apps.reports.periods import counted, first_working_day, percent, percent_text, terbilang
from apps.workplan import services as plan_services
from apps.workplan.models import Task

from .conftest import JUNE, at, complete, draft_all, issue, report_of, travel

pytestmark = pytest.mark.django_db


# --- Pure parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "total", "text"),
    [
        (5, 8, "62,50%"),  # seed 003's example
        (1, 32, "3,13%"),  # an exact half, rounded up (not to the even 3,12)
        (1, 8, "12,50%"),
        (1, 3, "33,33%"),
        (2, 3, "66,67%"),
        (0, 2, "0,00%"),
        (3, 3, "100,00%"),
        (0, 0, "–"),
    ],
)
def test_percentages_have_two_decimals_and_exact_halves_round_up(done, total, text):
    assert percent_text(percent(done, total)) == text


def test_percent_is_exact():
    assert percent(5, 8) == Decimal("62.50")
    assert percent(1, 32) == Decimal("3.13")


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (8, "delapan"),
        (11, "sebelas"),
        (15, "lima belas"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (115, "seratus lima belas"),
        (1000, "seribu"),
        (2026, "dua ribu dua puluh enam"),
    ],
)
def test_numbers_in_words(number, words):
    assert terbilang(number) == words
    assert counted(number) == f"{number} ({words})"


@pytest.mark.parametrize(
    ("month", "first"),
    [
        (datetime.date(2026, 6, 1), datetime.date(2026, 6, 2)),  # Monday, Hari Lahir Pancasila
        (datetime.date(2026, 8, 1), datetime.date(2026, 8, 3)),  # Saturday
        (datetime.date(2027, 1, 1), datetime.date(2027, 1, 4)),  # Friday, Tahun Baru
        (datetime.date(2026, 7, 1), datetime.date(2026, 7, 1)),  # Wednesday
    ],
)
def test_the_first_working_day_skips_weekends_and_fixed_holidays(month, first):
    assert first_working_day(month) == first


# --- Drafting by the portal ----------------------------------------------------------------


def test_the_portal_drafts_every_month_just_ended_on_the_first_working_day(cycle, tenant):
    # 1 June 2026 is a holiday: May's report is drafted on the 2nd, not the 1st.
    made = draft_all(tenant, at(2026, 6, 1, 10))
    assert [r.period_start.month for r in made] == [1, 2, 3, 4]
    made = draft_all(tenant, at(2026, 6, 2, 0))
    assert [r.period_start.month for r in made] == [5]
    report = report_of(cycle, 5)
    assert report.status == "draft" and report.created_by is None and report.cycle == cycle
    assert report.period_end == datetime.date(2026, 5, 31)
    assert report.meeting_agenda == "Monitoring dan Evaluasi Pembangunan ZI Bulan Mei Tahun 2026"
    history = list(history_of(report))
    assert [(h.transition, h.to_state, h.actor_id) for h in history] == [("draft", "draft", None)]
    assert AuditEvent.objects.filter(action="report.draft", object_id=str(report.pk)).count() == 1


def test_drafting_twice_makes_each_report_once(cycle, tenant):
    first = draft_all(tenant, at(2026, 7, 1))
    again = draft_all(tenant, at(2026, 7, 1, 15))
    assert len(first) == 6 and again == []
    assert Report.objects.filter(unit=cycle.unit).count() == 6


def test_a_missed_month_is_caught_up_by_the_next_run(cycle, tenant):
    """Beat did not run (Redis down) from June to mid-September: the next run makes
    every missing month, none twice."""
    draft_all(tenant, at(2026, 5, 4))
    made = draft_all(tenant, at(2026, 9, 15))
    assert [r.period_start.month for r in made] == [5, 6, 7, 8]
    assert Report.objects.filter(unit=cycle.unit).count() == 8


def test_the_units_own_time_zone_decides_the_day(cycle, tenant, tree):
    """1 July 2026, 00:30 in Jayapura is still 30 June in Jakarta."""
    moment = datetime.datetime(2026, 6, 30, 15, 30, tzinfo=datetime.UTC)
    assert [r.period_start.month for r in draft_all(tenant, moment)] == [1, 2, 3, 4, 5]
    unit = cycle.unit
    unit.time_zone = "Asia/Jayapura"
    unit.save(update_fields=["time_zone"])
    assert [r.period_start.month for r in draft_all(tenant, moment)] == [6]


def test_drafting_starts_with_the_month_the_cycle_entered_pembangunan(cycle, tenant):
    from apps.core.workflow import history_record

    with scope(tenant=tenant.pk), travel(at(2026, 4, 10)):
        history_record(
            cycle, "advance", from_state="identifikasi", to_state="pembangunan", actor=None
        )
    made = draft_all(tenant, at(2026, 7, 1))
    assert [r.period_start.month for r in made] == [4, 5, 6]


def test_no_report_before_pembangunan_nor_outside_the_cycles_year(cycle, tenant):
    cycle.stage = "identifikasi"
    cycle.save(update_fields=["stage"])
    assert draft_all(tenant, at(2026, 7, 1)) == []
    cycle.stage = "penilaian_pendahuluan"  # later stages keep drafting
    cycle.save(update_fields=["stage"])
    made = draft_all(tenant, at(2027, 3, 1))
    monev = [r for r in made if r.kind == "monev"]
    assert [r.period_start for r in monev][-1] == datetime.date(2026, 12, 1)
    assert len(monev) == 12
    # and the year's annual report (tests/reports/test_annual.py)
    assert [r.kind for r in made if r.kind != "monev"] == ["tahunan"]


def test_the_team_drafts_a_past_month_by_hand_and_the_job_leaves_it(cycle, ketua_tim, tenant):
    with scope(tenant=tenant.pk), travel(at(2026, 3, 3)):
        report = services.report_draft(
            actor=ketua_tim, cycle=cycle, kind="monev", year=2026, month=2
        )
    assert report.created_by == ketua_tim
    assert [r.period_start.month for r in draft_all(tenant, at(2026, 3, 3))] == [1]
    assert Report.objects.filter(unit=cycle.unit, period_start__month=2).count() == 1


@pytest.mark.parametrize(
    ("year", "month", "message"),
    [
        (2025, 12, "Bulan Desember 2025 di luar siklus Pembangunan ZI 2026"),
        (2026, 13, "Bulan 13/2026 di luar siklus Pembangunan ZI 2026"),
        (2026, 7, "Laporan bulan Juli 2026 baru dapat disusun setelah bulan itu berakhir."),
    ],
)
def test_a_month_outside_the_cycle_or_not_over_is_refused(cycle, ketua_tim, year, month, message):
    with (
        scope(tenant=cycle.tenant_id),
        travel(at(2026, 7, 20)),
        pytest.raises(ValidationError) as exc,
    ):
        services.report_draft(actor=ketua_tim, cycle=cycle, kind="monev", year=year, month=month)
    assert message in exc.value.message_dict["month"][0]
    assert not Report.objects.exists()


def test_a_month_drafted_already_is_refused_by_hand(cycle, ketua_tim, tenant):
    draft_all(tenant, at(2026, 3, 3))
    with scope(tenant=tenant.pk), travel(at(2026, 3, 4)), pytest.raises(ValidationError) as exc:
        services.report_draft(actor=ketua_tim, cycle=cycle, kind="monev", year=2026, month=1)
    assert exc.value.message_dict["month"] == ["Laporan bulan Januari 2026 sudah ada."]


@pytest.mark.parametrize("who", ["unit_leader", "pokja_tl", "anggota", "verifier", "admin"])
def test_only_the_team_drafts_by_hand(request, cycle, who):
    user = request.getfixturevalue(who)
    with scope(tenant=cycle.tenant_id), travel(at(2026, 3, 3)), pytest.raises(AccessDenied):
        services.report_draft(actor=user, cycle=cycle, kind="monev", year=2026, month=2)
    assert not Report.objects.exists()


# --- Section C from the plan and the tasks -------------------------------------------------


def test_section_c_is_the_months_planned_activities_with_their_realisation(plan, cycle, tenant):
    draft_all(tenant, at(2026, 7, 1))
    c = sections.section_c(report_of(cycle, 6))
    rows = [row for area in c["areas"] for row in area["rows"]]
    assert [row["action"] for row in rows] == [action for _a, action, *_ in JUNE]
    assert [a["code"] for a in c["areas"]] == ["MP", "TL", "SDM", "AK", "PW", "PP"]
    assert [row["realisation"] for row in rows] == [
        "telah", "telah", "belum", "sedang", "telah", "telah", "sedang", "telah"
    ]  # fmt: skip
    assert (c["done"], c["total"], c["percent"]) == (5, 8, "62.50")
    assert c["plan_revision"] == 1
    # May: the same eight planned, no task due in May: nothing done.
    may = sections.section_c(report_of(cycle, 5))
    assert (may["done"], may["total"], may["percent"]) == (0, 8, "0.00")


def test_tasks_of_an_earlier_revisions_item_count_for_its_copy(
    plan, cycle, ketua_tim, member, pokja_tl, unit_leader, tenant
):
    with scope(tenant=tenant.pk), travel(at(2026, 2, 1)):
        plan_services.plan_revise(actor=ketua_tim, cycle=cycle, reason="Jadwal disesuaikan.")
        draft = cycle.plan_revisions.get(status="draft")
        for area in sorted({row[0] for row in JUNE}):
            approver = {"MP": member, "TL": pokja_tl}.get(area, ketua_tim)
            plan_services.plan_area_approve(actor=approver, revision=draft, area=area)
        plan_services.plan_ratify(actor=unit_leader, revision=draft)
    draft_all(tenant, at(2026, 7, 1))
    c = sections.section_c(report_of(cycle, 6))
    assert c["plan_revision"] == 2
    assert (c["done"], c["total"]) == (5, 8)


def test_section_c_says_when_no_plan_is_ratified(cycle, tenant):
    draft_all(tenant, at(2026, 7, 1))
    c = sections.section_c(report_of(cycle, 6))
    assert c == {"plan_revision": None, "areas": [], "done": 0, "total": 0, "percent": None}


def test_the_team_notes_an_activity_of_the_month_only(plan, cycle, ketua_tim, tenant):
    draft_all(tenant, at(2026, 7, 1))
    june = report_of(cycle, 6)
    item = plan.items.get(action=JUNE[2][1])
    with scope(tenant=tenant.pk):
        services.report_notes_update(
            actor=ketua_tim, report=june, notes={item.pk: "ABK dibuat Oktober."}
        )
        other = plan.items.get(action="Sosialisasi ZI")
        with pytest.raises(ValidationError):
            services.report_notes_update(actor=ketua_tim, report=june, notes={other.pk: "x"})
    row = next(
        r
        for a in sections.section_c(report_of(cycle, 6))["areas"]
        for r in a["rows"]
        if r["id"] == item.pk
    )
    assert row["note"] == "ABK dibuat Oktober."


# --- Recommendations carried over (section B) ----------------------------------------------


def add_recommendation(report, actor, pic, text="Penyusunan Analisa Beban Kerja", **values):
    values.setdefault("target_on", datetime.date(2026, 10, 31))
    values.setdefault("area", "SDM")
    with scope(tenant=report.tenant_id):
        return services.recommendation_add(actor=actor, report=report, text=text, pic=pic, **values)


def test_open_recommendations_carry_over_until_done(
    plan, cycle, tenant, ketua_tim, unit_leader, anggota, member
):
    draft_all(tenant, at(2026, 6, 2))
    may = report_of(cycle, 5)
    abk = add_recommendation(may, ketua_tim, anggota)
    skp = add_recommendation(
        may, ketua_tim, member, text="Penyusunan SKP", target_on=datetime.date(2026, 12, 31)
    )
    issue(may, ketua_tim, unit_leader)
    draft_all(tenant, at(2026, 7, 1))
    june = report_of(cycle, 6)
    b = sections.section_b(june)
    assert [r["id"] for a in b["areas"] for r in a["rows"]] == [abk.pk, skp.pk]
    assert (b["done"], b["total"], b["percent"]) == (0, 2, "0.00")
    with scope(tenant=tenant.pk):
        services.recommendation_follow_up(
            actor=ketua_tim, report=june, recommendation=abk, status="done",
            follow_up="ABK dan peta jabatan ditetapkan.", evidence_note="SK Kepala Balai",
        )  # fmt: skip
        services.recommendation_follow_up(
            actor=ketua_tim, report=june, recommendation=skp, status="in_progress",
            follow_up="Draf SKP disusun.",
        )  # fmt: skip
    b = sections.section_b(report_of(cycle, 6))
    assert (b["done"], b["total"], b["percent"]) == (1, 2, "50.00")
    issue(report_of(cycle, 6), ketua_tim, unit_leader, at(2026, 7, 8))
    assert Recommendation.objects.get(pk=abk.pk).closed_in == report_of(cycle, 6)
    draft_all(tenant, at(2026, 8, 3))
    july = sections.section_b(report_of(cycle, 7))
    assert [r["id"] for a in july["areas"] for r in a["rows"]] == [skp.pk]
    assert july["areas"][0]["rows"][0]["follow_up"] == "Draf SKP disusun."
    # The issued June report keeps what it showed.
    issued = report_of(cycle, 6).sections["b"]
    assert [(r["id"], r["status"]) for a in issued["areas"] for r in a["rows"]] == [
        (abk.pk, "done"),
        (skp.pk, "in_progress"),
    ]


def test_a_recommendation_needs_text_pic_and_target_date(cycle, tenant, ketua_tim, sibling_member):
    draft_all(tenant, at(2026, 6, 2))
    may = report_of(cycle, 5)
    with scope(tenant=tenant.pk), pytest.raises(ValidationError) as exc:
        services.recommendation_add(actor=ketua_tim, report=may, text="", pic=None, target_on=None)
    assert exc.value.message_dict == {
        "text": ["Tuliskan rekomendasinya."],
        "pic": ["Pilih PIC: pegawai yang bertanggung jawab menindaklanjuti."],
        "target_on": ["Isi target waktu tindak lanjut rekomendasi."],
    }
    with scope(tenant=tenant.pk), pytest.raises(ValidationError) as exc:
        services.recommendation_add(
            actor=ketua_tim, report=may, text="Susun SOP", pic=sibling_member,
            target_on=datetime.date(2026, 4, 30),
        )  # fmt: skip
    assert "Anggota Dua bukan" in exc.value.message_dict["pic"][0]
    assert exc.value.message_dict["target_on"] == [
        "Target waktu tidak boleh sebelum bulan laporan (Mei 2026)."
    ]
    assert not Recommendation.objects.exists()


def test_follow_up_in_progress_says_what_was_done(cycle, tenant, ketua_tim, unit_leader, anggota):
    draft_all(tenant, at(2026, 6, 2))
    rec = add_recommendation(report_of(cycle, 5), ketua_tim, anggota)
    issue(report_of(cycle, 5), ketua_tim, unit_leader)
    draft_all(tenant, at(2026, 7, 1))
    with scope(tenant=tenant.pk), pytest.raises(ValidationError) as exc:
        services.recommendation_follow_up(
            actor=ketua_tim, report=report_of(cycle, 6), recommendation=rec, status="done"
        )
    assert exc.value.message_dict == {"follow_up": ["Tuliskan tindak lanjut yang sudah dilakukan."]}
    assert Recommendation.objects.get(pk=rec.pk).status == "not_started"


def test_a_recommendation_of_an_issued_report_cannot_be_deleted(
    cycle, tenant, ketua_tim, unit_leader, anggota
):
    draft_all(tenant, at(2026, 6, 2))
    rec = add_recommendation(report_of(cycle, 5), ketua_tim, anggota)
    other = add_recommendation(report_of(cycle, 5), ketua_tim, anggota, text="Dihapus")
    with scope(tenant=tenant.pk):
        services.recommendation_delete(actor=ketua_tim, recommendation=other)
    assert not Recommendation.objects.filter(pk=other.pk).exists()
    issue(report_of(cycle, 5), ketua_tim, unit_leader)
    with scope(tenant=tenant.pk), pytest.raises(ValidationError) as exc:
        services.recommendation_delete(actor=ketua_tim, recommendation=rec)
    assert "sudah diajukan atau terbit" in exc.value.messages[0]


# --- Submit, return, approve, revisions ----------------------------------------------------


def test_submission_needs_the_meeting_and_freezes_sections_b_and_c(plan, cycle, tenant, ketua_tim):
    draft_all(tenant, at(2026, 7, 1))
    june = report_of(cycle, 6)
    with scope(tenant=tenant.pk), pytest.raises(ValidationError) as exc:
        services.report_submit(actor=ketua_tim, report=june)
    assert exc.value.messages == [
        "Tanggal rapat monev belum diisi.",
        "Tempat rapat belum diisi.",
        "Pimpinan rapat belum diisi.",
        "Peserta rapat belum diisi.",
        "Belum dicatat apakah Pimpinan Unit hadir dalam rapat.",
    ]
    assert report_of(cycle, 6).status == "draft"
    june = complete(june, ketua_tim, at(2026, 7, 6))
    with scope(tenant=tenant.pk), travel(at(2026, 7, 6)):
        june = services.report_submit(actor=ketua_tim, report=june)
    assert june.status == "submitted" and june.sections["c"]["done"] == 5
    # A task done after the submission does not change what the head approves.
    with scope(tenant=tenant.pk):
        task = Task.objects.get(item__revision=plan, item__area="PW", due_on__month=6)
        plan_services.task_set_status(actor=ketua_tim, task=task, status="telah")
    assert sections.section_c(report_of(cycle, 6))["done"] == 6
    assert report_of(cycle, 6).sections["c"]["percent"] == "62.50"
    with scope(tenant=tenant.pk), pytest.raises(ValidationError) as exc:
        services.report_update(actor=ketua_tim, report=june, obstacles="Diubah")
    assert "menunggu persetujuan Pimpinan Unit" in exc.value.messages[0]


def test_the_head_returns_with_a_reason_then_approves(plan, cycle, tenant, ketua_tim, unit_leader):
    draft_all(tenant, at(2026, 7, 1))
    june = complete(report_of(cycle, 6), ketua_tim, at(2026, 7, 6))
    with scope(tenant=tenant.pk), travel(at(2026, 7, 6)):
        june = services.report_submit(actor=ketua_tim, report=june)
        with pytest.raises(ValidationError) as exc:
            services.report_return(actor=unit_leader, report=june, reason=" ")
        assert exc.value.message_dict == {"reason": ["Tuliskan alasan laporan dikembalikan."]}
        june = services.report_return(
            actor=unit_leader, report=june, reason="Lengkapi daftar hadir."
        )
        assert june.status == "returned" and june.sections == {}
        june = services.report_update(actor=ketua_tim, report=june, attendees="A\nB\nC\nD")
        june = services.report_submit(actor=ketua_tim, report=june)
        june = services.report_approve(actor=unit_leader, report=june)
    assert june.status == "issued" and june.pdf_state == "pending"
    assert (june.signer_name, june.signer_title) == ("Kepala UPT Satu", "Kepala UPT Satu")
    assert june.approved_by == unit_leader and june.issued_at is not None
    steps = [(h.transition, h.to_state, h.reason) for h in history_of(june)]
    assert steps == [
        ("draft", "draft", ""),
        ("submit", "submitted", ""),
        ("return", "returned", "Lengkapi daftar hadir."),
        ("submit", "submitted", ""),
        ("approve", "issued", ""),
    ]


@pytest.mark.parametrize("who", ["ketua_tim", "member", "es1_leader", "verifier"])
def test_only_the_head_approves(request, plan, cycle, tenant, ketua_tim, who):
    draft_all(tenant, at(2026, 7, 1))
    june = complete(report_of(cycle, 6), ketua_tim, at(2026, 7, 6))
    with scope(tenant=tenant.pk), travel(at(2026, 7, 6)):
        june = services.report_submit(actor=ketua_tim, report=june)
        with pytest.raises(AccessDenied) as exc:
            services.report_approve(actor=request.getfixturevalue(who), report=june)
    assert str(exc.value) == "Hanya Pimpinan Unit yang dapat menyetujui laporan ini."
    assert report_of(cycle, 6).status == "submitted"


@pytest.mark.parametrize("who", ["unit_leader", "pokja_tl", "anggota", "sibling_sekretaris"])
def test_only_the_team_writes_a_draft(request, cycle, tenant, who):
    draft_all(tenant, at(2026, 7, 1))
    before = AuditEvent.objects.count()
    with scope(tenant=tenant.pk), pytest.raises(AccessDenied):
        services.report_update(
            actor=request.getfixturevalue(who), report=report_of(cycle, 6), meeting_place="X"
        )
    assert report_of(cycle, 6).meeting_place == "" and AuditEvent.objects.count() == before


def test_the_ketua_pokja_mp_writes_the_monev(cycle, tenant, member):
    draft_all(tenant, at(2026, 7, 1))
    with scope(tenant=tenant.pk):
        services.report_update(actor=member, report=report_of(cycle, 6), meeting_place="Aula")
    assert report_of(cycle, 6).meeting_place == "Aula"


def test_an_issued_report_is_frozen_and_corrected_by_a_new_revision(
    plan, cycle, tenant, ketua_tim, unit_leader
):
    draft_all(tenant, at(2026, 7, 1))
    june = issue(report_of(cycle, 6), ketua_tim, unit_leader, at(2026, 7, 8))
    with scope(tenant=tenant.pk), pytest.raises(ValidationError) as exc:
        services.report_update(actor=ketua_tim, report=june, meeting_place="Aula")
    assert exc.value.messages == [
        "Laporan Monitoring dan Evaluasi Juni 2026 sudah terbit dan tidak dapat diubah. "
        "Untuk memperbaikinya, buat koreksi (revisi baru) dengan alasannya."
    ]
    with scope(tenant=tenant.pk), travel(at(2026, 7, 9)):
        with pytest.raises(ValidationError):
            services.report_correct(actor=ketua_tim, report=june, reason="")
        correction = services.report_correct(
            actor=ketua_tim, report=june, reason="Peserta rapat kurang satu."
        )
        with pytest.raises(ValidationError):  # one open correction at a time
            services.report_correct(actor=ketua_tim, report=june, reason="Lagi")
    assert (correction.revision, correction.status, correction.based_on) == (2, "draft", june)
    assert correction.meeting_place == june.meeting_place
    assert str(correction) == "Laporan Monitoring dan Evaluasi Juni 2026 (revisi 2)"
    issue(correction, ketua_tim, unit_leader, at(2026, 7, 10))
    old, new = report_of(cycle, 6, 1), report_of(cycle, 6, 2)
    assert (old.status, new.status) == ("superseded", "issued")
    assert old.sections["c"]["percent"] == "62.50"  # the old revision stays readable
    assert [h.reason for h in history_of(old)][-1] == "Peserta rapat kurang satu."


def test_a_correction_that_reopens_a_recommendation_carries_it_again(
    cycle, tenant, ketua_tim, unit_leader, anggota
):
    draft_all(tenant, at(2026, 6, 2))
    rec = add_recommendation(report_of(cycle, 5), ketua_tim, anggota)
    issue(report_of(cycle, 5), ketua_tim, unit_leader)
    draft_all(tenant, at(2026, 7, 1))
    with scope(tenant=tenant.pk):
        services.recommendation_follow_up(
            actor=ketua_tim, report=report_of(cycle, 6), recommendation=rec, status="done",
            follow_up="Selesai.",
        )  # fmt: skip
    june = issue(report_of(cycle, 6), ketua_tim, unit_leader, at(2026, 7, 7))
    assert Recommendation.objects.get(pk=rec.pk).closed_in == june
    with scope(tenant=tenant.pk), travel(at(2026, 7, 8)):
        correction = services.report_correct(
            actor=ketua_tim, report=june, reason="ABK belum ditetapkan, baru draf."
        )
        services.recommendation_follow_up(
            actor=ketua_tim, report=correction, recommendation=rec, status="in_progress",
            follow_up="Draf ABK.",
        )  # fmt: skip
    issue(correction, ketua_tim, unit_leader, at(2026, 7, 9))
    assert Recommendation.objects.get(pk=rec.pk).closed_in is None
    draft_all(tenant, at(2026, 8, 3))
    july = sections.section_b(report_of(cycle, 7))
    assert [r["id"] for a in july["areas"] for r in a["rows"]] == [rec.pk]


def test_a_deactivated_unit_gets_no_drafts(cycle, tenant):
    unit = cycle.unit
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    assert draft_all(tenant, at(2026, 7, 1)) == []
