"""Every action the audit trail records, with what people read on the audit pages.

The values are the stable identifiers stored in ``AuditEvent.action`` (filters and
tests use them); the labels are Indonesian. ``audit_record`` accepts members only, so a
new kind of change starts here. Rows written by an older version with an action no
longer listed are still shown, as their raw string (Zulip's ``AuditLogEventType``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # Agencies, people and roles
    TENANT_CREATE = "tenant.create", _("Instansi dibuat")
    TENANT_UPDATE = "tenant.update", _("Data instansi diubah")
    USER_CREATE = "user.create", _("Pengguna dibuat")
    USER_JOIN = "user.join", _("Pengguna yang sudah ada bergabung")
    USER_UPDATE = "user.update", _("Data pengguna diubah")
    MEMBERSHIP_ADD = "membership.add", _("Pengguna ditambahkan ke instansi")
    MEMBERSHIP_REMOVE = "membership.remove", _("Pengguna dikeluarkan dari instansi")
    MEMBERSHIP_ACTIVATE = "membership.activate", _("Akses pengguna diaktifkan")
    MEMBERSHIP_SUSPEND = "membership.suspend", _("Akses pengguna ditangguhkan")
    USER_LOGIN_UNLOCK = "user.login_unlock", _("Kunci masuk pengguna dibuka")
    ROLE_ASSIGN = "role.assign", _("Peran diberikan")
    ROLE_REVOKE = "role.revoke", _("Peran dicabut")
    ROLE_UPDATE = "role.update", _("Penugasan peran diubah")
    USER_ACTIVATE = "user.activate", _("Akun diaktifkan")
    USER_DEACTIVATE = "user.deactivate", _("Akun dinonaktifkan")
    INVITATION_CREATE = "invitation.create", _("Undangan dikirim")
    INVITATION_RESEND = "invitation.resend", _("Undangan dikirim ulang")
    INVITATION_ACCEPT = "invitation.accept", _("Undangan diterima")
    INVITATION_DECLINE = "invitation.decline", _("Undangan ditolak")
    INVITATION_CANCEL = "invitation.cancel", _("Undangan dibatalkan")
    API_TOKEN_CREATE = "api_token.create", _("Token API dibuat")
    API_TOKEN_REVOKE = "api_token.revoke", _("Token API dicabut")
    # Two-factor authentication (apps/accounts/twofactor)
    TWO_FACTOR_ENABLE = "two_factor.enable", _("Verifikasi dua langkah diaktifkan")
    TWO_FACTOR_DISABLE = "two_factor.disable", _("Verifikasi dua langkah dinonaktifkan")
    TWO_FACTOR_RESET = "two_factor.reset", _("Verifikasi dua langkah direset admin")
    TWO_FACTOR_RECOVERY_CODES = "two_factor.recovery_codes", _("Kode pemulihan dibuat ulang")
    TWO_FACTOR_RECOVERY_CODE_USED = (
        "two_factor.recovery_code_used",
        _("Masuk dengan kode pemulihan"),
    )
    TENANT_TWO_FACTOR = "tenant.two_factor", _("Aturan verifikasi dua langkah instansi diubah")
    # Units
    UNIT_CREATE = "unit.create", _("Unit dibuat")
    UNIT_UPDATE = "unit.update", _("Data unit diubah")
    UNIT_MOVE = "unit.move", _("Unit dipindahkan")
    UNIT_IMPORT = "unit.import", _("Unit diimpor")
    UNIT_TYPE_CREATE = "unit_type.create", _("Jenis unit dibuat")
    UNIT_TYPE_UPDATE = "unit_type.update", _("Jenis unit diubah")
    UNIT_TYPE_DELETE = "unit_type.delete", _("Jenis unit dihapus")
    # Cycles and teams
    CYCLE_CREATE = "cycle.create", _("Siklus dibuat")
    CYCLE_STAGE_CHANGE = "cycle.stage_change", _("Tahap siklus dilanjutkan")
    CYCLE_STAGE_CORRECT = "cycle.stage_correct", _("Tahap siklus dikoreksi")
    DECREE_UPLOAD = "decree.upload", _("SK tim diunggah")
    TEAM_MEMBER_ADD = "team_member.add", _("Anggota tim ditambahkan")
    TEAM_MEMBER_REMOVE = "team_member.remove", _("Anggota tim dikeluarkan")
    CHANGE_AGENT_ADD = "change_agent.add", _("Agen perubahan ditambahkan")
    CHANGE_AGENT_REMOVE = "change_agent.remove", _("Agen perubahan dikeluarkan")
    ACTION_PLAN_ADD = "action_plan.add", _("Rencana aksi ditambahkan")
    ACTION_PLAN_DELETE = "action_plan.delete", _("Rencana aksi dihapus")
    ACTION_PLAN_UPDATE = "action_plan.update", _("Rencana aksi diubah")
    # Declaration
    DECLARATION_RECORD = "declaration.record", _("Pencanangan dicatat")
    DECLARATION_UPDATE = "declaration.update", _("Pencanangan diubah")
    DECLARATION_SCAN = "declaration.scan", _("Pindaian pencanangan diunggah")
    PACT_SIGN = "pact.sign", _("Pakta integritas ditandatangani")
    PACT_SCAN = "pact.scan", _("Pindaian pakta integritas diunggah")
    PLACEMENT_END = "placement.end", _("Penempatan pegawai diakhiri")
    ROSTER_IMPORT = "roster.import", _("Daftar pegawai diimpor")
    SERVICE_USER_ADD = "service_user.add", _("Pengguna layanan ditambahkan")
    SERVICE_USER_REMOVE = "service_user.remove", _("Pengguna layanan dihapus")
    SERVICE_USER_IMPORT = "service_user.import", _("Pengguna layanan diimpor")
    # Identification
    IDENTIFICATION_OPEN = "identification.open", _("Identifikasi dibuka")
    IDENTIFICATION_UPDATE = "identification.update", _("Identifikasi diubah")
    IDENTIFICATION_SUBMIT = "identification.submit", _("Identifikasi diajukan")
    IDENTIFICATION_REPORT = "identification.report", _("Laporan identifikasi dibuat")
    IDENTIFICATION_RETURN = "identification.return", _("Identifikasi dikembalikan")
    IDENTIFICATION_COMPLETE = "identification.complete", _("Identifikasi dinyatakan lengkap")
    # Work plan
    PLAN_START = "plan.start", _("Rencana kerja dimulai")
    PLAN_REVISE = "plan.revise", _("Rencana kerja direvisi")
    PLAN_APPROVE_AREA = "plan.approve_area", _("Rencana kerja area disetujui")
    PLAN_RATIFY = "plan.ratify", _("Rencana kerja disahkan")
    PLAN_SUPERSEDE = "plan.supersede", _("Revisi rencana kerja digantikan")
    PLAN_IMPORT = "plan.import", _("Rencana kerja diimpor")
    PLAN_ITEM_ADD = "plan_item.add", _("Kegiatan rencana kerja ditambahkan")
    PLAN_ITEM_UPDATE = "plan_item.update", _("Kegiatan rencana kerja diubah")
    PLAN_ITEM_DELETE = "plan_item.delete", _("Kegiatan rencana kerja dihapus")
    PLAN_ITEM_RESTORE = "plan_item.restore", _("Kegiatan rencana kerja dipulihkan")
    TASK_CREATE = "task.create", _("Tugas dibuat")
    TASK_STATUS = "task.status", _("Status tugas diubah")
    TASK_COMMENT = "task.comment", _("Komentar tugas ditambahkan")
    TASK_ATTACH = "task.attach", _("Lampiran tugas ditambahkan")
    NUDGE_SEND = "nudge.send", _("Pengingat dikirim kepada pegawai")
    # Reports (monev) and their recommendations
    REPORT_DRAFT = "report.draft", _("Draf laporan disusun")
    REPORT_UPDATE = "report.update", _("Isi laporan diubah")
    REPORT_SUBMIT = "report.submit", _("Laporan diajukan ke Pimpinan Unit")
    REPORT_RETURN = "report.return", _("Laporan dikembalikan")
    REPORT_APPROVE = "report.approve", _("Laporan disetujui dan terbit")
    REPORT_SUPERSEDE = "report.supersede", _("Laporan digantikan koreksinya")
    REPORT_CORRECT = "report.correct", _("Koreksi laporan dibuat")
    REPORT_PDF = "report.pdf", _("PDF laporan dibuat")
    REPORT_SCAN = "report.scan", _("Pindaian laporan diunggah")
    AGENT_REALISATION = "agent.realisation", _("Realisasi rencana aksi dicatat")
    AGENT_CHANGE = "agent.change", _("Kontribusi perubahan dicatat")
    AGENT_REPORT_SETTINGS = "agent.report_settings", _("Pengaturan laporan Agen Perubahan diubah")
    RECOMMENDATION_ADD = "recommendation.add", _("Rekomendasi ditambahkan")
    RECOMMENDATION_UPDATE = "recommendation.update", _("Rekomendasi diubah")
    RECOMMENDATION_DELETE = "recommendation.delete", _("Rekomendasi dihapus")
    RECOMMENDATION_FOLLOW_UP = "recommendation.follow_up", _("Tindak lanjut rekomendasi dicatat")
    DASHBOARD_EXPORT = "dashboard.export", _("PDF dasbor pimpinan diminta")
    CALENDAR_ENSURE = "calendar.ensure", _("Kalender kegiatan disiapkan")
    CALENDAR_ENTRY_UPDATE = "calendar_entry.update", _("Jadwal kalender diubah")
    # Evidence and files
    FILE_STORE = "file.store", _("Berkas disimpan")
    VERIFICATION_LEVEL_UPDATE = "verification_level.update", _("Jenjang verifikasi diubah")
    EVIDENCE_ADD = "evidence.add", _("Bukti dukung ditambahkan")
    EVIDENCE_REVISE = "evidence.revise", _("Revisi bukti dukung diunggah")
    EVIDENCE_SUBMIT = "evidence.submit", _("Bukti dukung diajukan untuk verifikasi")
    EVIDENCE_VERIFY = "evidence.verify", _("Bukti dukung diverifikasi")
    EVIDENCE_RETURN = "evidence.return", _("Bukti dukung dikembalikan")
    EVIDENCE_WITHDRAW = "evidence.withdraw", _("Bukti dukung ditarik")
    EVIDENCE_COMMENT = "evidence.comment", _("Komentar bukti dukung ditulis")
    EVIDENCE_VERIFY_MANY = "evidence.verify_many", _("Beberapa bukti dukung diverifikasi sekaligus")
    # Assessment
    ASSESSMENT_OPEN = "assessment.open", _("Penilaian dibuka")
    ASSESSMENT_ASSIGN = "assessment.assign", _("Penilai ditugaskan")
    ASSESSMENT_UNASSIGN = "assessment.unassign", _("Penugasan penilai dicabut")
    ASSESSMENT_ANSWER = "assessment.answer", _("Jawaban penilaian disimpan")
    ASSESSMENT_FACTS = "assessment.facts", _("Fakta penilaian dicatat")
    ASSESSMENT_IMPORT = "assessment.import", _("Penilaian diimpor")
    ASSESSMENT_FINALISE = "assessment.finalise", _("Penilaian difinalkan")
    ASSESSMENT_REOPEN = "assessment.reopen", _("Penilaian dibuka kembali")
    ASSESSMENT_RELEASE = "assessment.release", _("Hasil penilaian dirilis")
    # Surveys (SKM, IPAK, IPKP)
    SURVEY_CREATE = "survey.create", _("Survei disiapkan")
    SURVEY_UPDATE = "survey.update", _("Pengaturan survei diubah")
    SURVEY_ITEMS = "survey.items", _("Butir kuesioner survei diubah")
    SURVEY_OPEN = "survey.open", _("Survei dibuka untuk responden")
    SURVEY_CLOSE = "survey.close", _("Survei ditutup")
    SURVEY_PUBLISH = "survey.publish", _("Hasil survei dipublikasikan")
    SURVEY_LINK = "survey.link", _("Kode QR atau tautan survei dibuat")
    SURVEY_INVITE = "survey.invite", _("Undangan survei dikirim ke pengguna layanan")
    SURVEY_RESPONSE = "survey.response", _("Jawaban survei diterima")
    SURVEY_SUGGESTION_REVIEW = "survey.suggestion_review", _("Saran responden ditinjau")
    SURVEY_FOLLOW_UP = "survey.follow_up", _("Tindak lanjut survei dicatat")
    SURVEY_PDF = "survey.pdf", _("PDF laporan survei dibuat")


def action_label(action: str) -> str:
    """The Indonesian label of ``action``; the raw string when it is not enumerated."""
    try:
        return str(AuditAction(action).label)
    except ValueError:
        return action


def action_choices() -> list[tuple[str, str]]:
    """(action, label) of every enumerated action, sorted by what people read."""
    return sorted(((a.value, str(a.label)) for a in AuditAction), key=lambda c: c[1].lower())
