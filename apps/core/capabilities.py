"""The names of everything the access policy decides (``apps.core.access.can``).

Only the names live here, below every app, so any app may name a capability; which roles
grant it, how far they reach and what excludes them is the table in
``apps/accounts/policy/table.py`` (``POLICY``), which has a row for every member.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy


class Capability(TextChoices):
    UNIT_VIEW = "unit.view", gettext_lazy("melihat unit dan datanya")
    UNIT_ADMIN = "unit.admin", gettext_lazy("mengelola unit, pegawai dan peran")
    PEOPLE_MANAGE = "people.manage", gettext_lazy("mengelola pengguna dan peran instansi")
    AGENCY_ADMIN = "agency.admin", gettext_lazy("mengelola pengaturan tingkat instansi")
    AUDIT_VIEW = "audit.view", gettext_lazy("membaca log audit")
    CYCLE_MANAGE = "cycle.manage", gettext_lazy("membuka siklus dan mengubah tahapnya")
    TEAM_MANAGE = "team.manage", gettext_lazy("mengatur Tim Kerja dan Agen Perubahan")
    ACTION_PLAN_EDIT = "action_plan.edit", gettext_lazy("menulis setiap Rencana Aksi")
    DECLARATION_MANAGE = (
        "declaration.manage",
        gettext_lazy("mengelola pencanangan, daftar pegawai dan pakta integritas"),
    )
    IDENTIFICATION_FILL = "identification.fill", gettext_lazy("mengisi identifikasi")
    IDENTIFICATION_DECIDE = "identification.decide", gettext_lazy("memutuskan identifikasi")
    EVIDENCE_SUBMIT = "evidence.submit", gettext_lazy("menambah dan mengajukan bukti dukung")
    EVIDENCE_VERIFY = "evidence.verify", gettext_lazy("memverifikasi bukti dukung")
    EVIDENCE_READ_VERIFIED = (
        "evidence.read_verified",
        gettext_lazy("membaca bukti dukung yang sudah terverifikasi saja"),
    )
    EVIDENCE_READ_ALL = (
        "evidence.read_all",
        gettext_lazy("membaca bukti dukung yang masih dikerjakan"),
    )
    PLAN_EDIT = "plan.edit", gettext_lazy("menyusun Rencana Kerja")
    PLAN_APPROVE_AREA = "plan.approve_area", gettext_lazy("menyetujui area Rencana Kerja")
    PLAN_APPROVE_IN_PLACE = (
        "plan.approve_in_place",
        gettext_lazy("menyetujui area tanpa Ketua Pokja atas nama Ketua Pokja"),
    )
    PLAN_RATIFY = "plan.ratify", gettext_lazy("mengesahkan Rencana Kerja")
    TASK_MANAGE = "task.manage", gettext_lazy("membuat dan mengerjakan tugas Pokja")
    TASK_WORK = "task.work", gettext_lazy("mengerjakan tugas yang ditugaskan kepadanya")
    ASSESSMENT_MANAGE = (
        "assessment.manage",
        gettext_lazy("membuka penilaian, menugaskan, merilis dan membuka kembali"),
    )
    ASSESSMENT_READ_ALL = (
        "assessment.read_all",
        gettext_lazy("membaca setiap tingkat penilaian, dirilis atau belum"),
    )
    ASSESSMENT_LEAD_MANDIRI = (
        "assessment.lead_mandiri",
        gettext_lazy("memimpin penilaian mandiri"),
    )
    ASSESSMENT_ANSWER_MANDIRI = (
        "assessment.answer_mandiri",
        gettext_lazy("menjawab penilaian mandiri"),
    )
    ASSESSMENT_ANSWER_TPU = "assessment.answer_tpu", gettext_lazy("menilai sebagai TPU")
    ASSESSMENT_ANSWER_TPI = "assessment.answer_tpi", gettext_lazy("mengevaluasi sebagai TPI")
    REPORT_VIEW = "report.view", gettext_lazy("membaca laporan unit dan rekomendasinya")
    REPORT_EDIT = "report.edit", gettext_lazy("menyusun draf laporan dan rekomendasinya")
    REPORT_AGENT_EDIT = (
        "report.agent_edit",
        gettext_lazy("menyusun laporan triwulan Agen Perubahan dan realisasi rencana aksinya"),
    )
    REPORT_APPROVE = "report.approve", gettext_lazy("menyetujui atau mengembalikan laporan")
    DASHBOARD_VIEW = (
        "dashboard.view",
        gettext_lazy("membaca dasbor pimpinan (kemajuan unit, skor, antrean)"),
    )
    SURVEY_VIEW = (
        "survey.view",
        gettext_lazy("membaca survei unit (SKM, IPAK, IPKP), hasil dan saran responden"),
    )
    SURVEY_MANAGE = (
        "survey.manage",
        gettext_lazy("menyiapkan, membuka, menutup dan mempublikasikan survei unit"),
    )
    NUDGE_SEND = (
        "nudge.send",
        gettext_lazy("mengirim pengingat kepada pegawai unit yang tertinggal"),
    )
