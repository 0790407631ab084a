"""Demo Rencana Kerja and Pokja tasks for `manage.py seed_demo` (idempotent): the team
first (apps.demo.teams), then revision 1 approved and ratified, tasks in every status,
and revision 2 drafted with its reason: an SDM activity approved by the Ketua Tim in place
of the missing Ketua Pokja SDM, and an activity deleted from the draft (restorable)."""

import datetime

from django.core.files.base import ContentFile
from django_scopes import scope

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.cycles.models import Cycle
from apps.demo.evidence import text_pdf
from apps.demo.teams import seed_team
from apps.lke.models import Question
from apps.workplan import services
from apps.workplan.models import PlanRevision

# (area, action, description, output, PIC, months, LKE questions): seed 003 FRM-04's examples.
ITEMS = [
    (
        "MP",
        "Monitoring dan evaluasi pembangunan ZI",
        "Rapat monev bulanan dan penyusunan laporan pelaksanaan kegiatan.",
        "Laporan monev bulanan dan matriks rencana vs realisasi",
        "Ketua Pokja Manajemen Perubahan",
        list(range(1, 13)),
        ["PPA2A", "PPA2B"],
    ),
    (
        "MP",
        "Pembentukan Tim Kerja dan Agen Perubahan",
        "",
        "SK Tim Kerja dan SK Agen Perubahan",
        "Ketua Tim Kerja",
        [1],
        ["PPA1A", "PPA1B"],
    ),
    (
        "MP",
        "Sosialisasi pembangunan ZI kepada pegawai dan pengguna layanan",
        "Banner, media sosial, dan forum pengguna layanan.",
        "Dokumentasi sosialisasi",
        "Ketua Pokja Manajemen Perubahan",
        [2, 5, 8],
        ["PPA1A"],
    ),
    (
        "TL",
        "Penyusunan peta proses bisnis dan SOP kegiatan utama",
        "",
        "Peta proses bisnis dan SOP yang ditetapkan",
        "Ketua Pokja Penataan Tata Laksana",
        [2, 3],
        ["PPB1A"],
    ),
    (
        "TL",
        "Penerapan e-office dan sistem kepegawaian berbasis aplikasi",
        "",
        "Tangkapan layar aplikasi dan laporan pemanfaatan",
        "Ketua Pokja Penataan Tata Laksana",
        [4, 5, 6],
        ["PPB2A"],
    ),
]


def _holder(unit, role, area=""):
    row = (
        RoleAssignment.objects.filter(unit=unit, role=role, area=area)
        .select_related("user")
        .first()
    )
    return row.user if row else None


def seed_workplan(*, tenant, unit_code: str, year: int, admin) -> None:
    with scope(tenant=tenant.pk):
        cycle = Cycle.objects.filter(unit__code=unit_code, year=year).select_related("unit").first()
        if cycle is None:
            return
        seed_team(cycle=cycle, admin=admin)
        if PlanRevision.objects.filter(cycle=cycle).exists():
            return
        unit = cycle.unit
        ketua = _holder(unit, Role.KETUA_TIM)
        head = _holder(unit, Role.PIMPINAN_UNIT)
        pokja = {area: _holder(unit, Role.KETUA_POKJA, area) for area in ("MP", "TL")}
        member = _holder(unit, Role.ANGGOTA_POKJA, "MP")
        if None in (ketua, head, member, *pokja.values()):
            return
        questions = {
            q.code: q
            for q in Question.objects.filter(version_id=cycle.template_id).select_related(
                "indicator__aspect__area"
            )
        }
        revision = services.plan_start(actor=ketua, cycle=cycle)
        for area, action, description, output, pic, months, codes in ITEMS:
            services.plan_item_add(
                actor=ketua,
                revision=revision,
                area=area,
                action=action,
                description=description,
                output=output,
                pic=pic,
                months=months,
                questions=[questions[c] for c in codes if c in questions],
            )
        for area, approver in pokja.items():
            services.plan_area_approve(actor=approver, revision=revision, area=area)
        services.plan_ratify(actor=head, revision=revision)

        items = {item.action: item for item in revision.items.all()}
        monev = items["Monitoring dan evaluasi pembangunan ZI"]
        sk = items["Pembentukan Tim Kerja dan Agen Perubahan"]
        peta = items["Penyusunan peta proses bisnis dan SOP kegiatan utama"]
        done = services.task_create(
            actor=pokja["MP"],
            item=monev,
            title=f"Laporan monev bulan Januari {year}",
            due_on=datetime.date(year, 2, 5),
            assignees=[member],
        )
        services.task_attach(
            actor=member,
            task=done,
            question=questions["PPA2A"],
            uploaded=ContentFile(
                text_pdf("Laporan Monev Januari", [unit.name, f"Tahun {year}"]),
                name=f"laporan-monev-januari-{year}.pdf",
            ),
        )
        services.task_set_status(actor=member, task=done, status="telah")
        services.task_comment_add(
            actor=pokja["MP"], task=done, text="Terima kasih, laporan sudah diajukan ke verifikasi."
        )
        ongoing = services.task_create(
            actor=ketua,
            item=sk,
            title="Unggah SK Tim Kerja dan SK Agen Perubahan sebagai bukti dukung",
            due_on=datetime.date(year, 1, 31),
            assignees=[member, ketua],
        )
        services.task_set_status(actor=member, task=ongoing, status="sedang")
        services.task_comment_add(
            actor=member, task=ongoing, text="SK Agen Perubahan masih menunggu tanda tangan."
        )
        services.task_create(
            actor=pokja["TL"],
            item=peta,
            title="Draf peta proses bisnis layanan utama",
            due_on=datetime.date(year, 3, 15),
            assignees=[pokja["TL"]],
        )
        services.task_create(
            actor=pokja["MP"],
            item=monev,
            title=f"Laporan monev bulan Desember {year}",
            due_on=datetime.date(year, 12, 31),
            assignees=[member],
        )
        services.plan_revise(
            actor=ketua,
            cycle=cycle,
            reason=(
                "Sosialisasi ditambah pada bulan November sesuai arahan Pimpinan; kegiatan "
                "SDM ditambahkan; penerapan e-office ditunda ke tahun berikutnya."
            ),
        )
        draft = PlanRevision.objects.get(cycle=cycle, status="draft")
        social = draft.items.get(action__startswith="Sosialisasi")
        services.plan_item_update(
            actor=ketua,
            item=social,
            area=social.area,
            action=social.action,
            description=social.description,
            output=social.output,
            pic=social.pic,
            months=[2, 5, 8, 11],
            questions=list(social.questions.select_related("indicator__aspect__area")),
        )
        # The unit has no Ketua Pokja SDM yet: the Ketua Tim approves that area in place.
        services.plan_item_add(
            actor=ketua,
            revision=draft,
            area="SDM",
            action="Analisis kebutuhan pelatihan dan rencana pengembangan kompetensi pegawai",
            description="Training need analysis per jabatan, disusul rencana pelatihan.",
            output="Dokumen TNA dan rencana pengembangan kompetensi",
            pic="Ketua Tim Kerja",
            months=[3, 4],
            questions=[questions[c] for c in ("PPC3A", "PPC3B") if c in questions],
        )
        services.plan_area_approve(actor=ketua, revision=draft, area="SDM")
        # Deleted from the draft but kept until ratification: it can still be restored.
        services.plan_item_delete(
            actor=ketua, item=draft.items.get(action__startswith="Penerapan e-office")
        )
