"""What each recorded action is called on the audit pages, in Indonesian.

The ``action`` strings stay stable identifiers in the database (filters and tests use
them); people read these labels. An action without a label (added later, or written by
an older version) is shown as its raw string, never hidden.
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # Agencies, people and roles
    "tenant.create": _("Instansi dibuat"),
    "tenant.update": _("Data instansi diubah"),
    "user.create": _("Pengguna dibuat"),
    "user.join": _("Pengguna yang sudah ada bergabung"),
    "user.update": _("Data pengguna diubah"),
    "membership.activate": _("Akses pengguna diaktifkan"),
    "membership.suspend": _("Akses pengguna ditangguhkan"),
    "user.login_unlock": _("Kunci masuk pengguna dibuka"),
    "role.assign": _("Peran diberikan"),
    "role.revoke": _("Peran dicabut"),
    "user.activate": _("Akun diaktifkan"),
    "user.deactivate": _("Akun dinonaktifkan"),
    "invitation.create": _("Undangan dikirim"),
    "invitation.resend": _("Undangan dikirim ulang"),
    "invitation.accept": _("Undangan diterima"),
    "invitation.decline": _("Undangan ditolak"),
    "invitation.cancel": _("Undangan dibatalkan"),
    # Two-factor authentication (apps/accounts/twofactor)
    "two_factor.enable": _("Verifikasi dua langkah diaktifkan"),
    "two_factor.disable": _("Verifikasi dua langkah dinonaktifkan"),
    "two_factor.reset": _("Verifikasi dua langkah direset admin"),
    "two_factor.recovery_codes": _("Kode pemulihan dibuat ulang"),
    "two_factor.recovery_code_used": _("Masuk dengan kode pemulihan"),
    "tenant.two_factor": _("Aturan verifikasi dua langkah instansi diubah"),
    # Units
    "unit.create": _("Unit dibuat"),
    "unit.update": _("Data unit diubah"),
    "unit.move": _("Unit dipindahkan"),
    "unit.import": _("Unit diimpor"),
    "unit_type.create": _("Jenis unit dibuat"),
    # Cycles and teams
    "cycle.create": _("Siklus dibuat"),
    "cycle.stage_change": _("Tahap siklus dilanjutkan"),
    "cycle.stage_correct": _("Tahap siklus dikoreksi"),
    "decree.upload": _("SK tim diunggah"),
    "team_member.add": _("Anggota tim ditambahkan"),
    "team_member.remove": _("Anggota tim dikeluarkan"),
    "change_agent.add": _("Agen perubahan ditambahkan"),
    "change_agent.remove": _("Agen perubahan dikeluarkan"),
    "action_plan.add": _("Rencana aksi ditambahkan"),
    "action_plan.delete": _("Rencana aksi dihapus"),
    "action_plan.update": _("Rencana aksi diubah"),
    # Declaration
    "declaration.record": _("Pencanangan dicatat"),
    "declaration.update": _("Pencanangan diubah"),
    "declaration.scan": _("Pindaian pencanangan diunggah"),
    "pact.sign": _("Pakta integritas ditandatangani"),
    "pact.scan": _("Pindaian pakta integritas diunggah"),
    "placement.end": _("Penempatan pegawai diakhiri"),
    "roster.import": _("Daftar pegawai diimpor"),
    "service_user.add": _("Pengguna layanan ditambahkan"),
    "service_user.remove": _("Pengguna layanan dihapus"),
    "service_user.import": _("Pengguna layanan diimpor"),
    # Identification
    "identification.open": _("Identifikasi dibuka"),
    "identification.update": _("Identifikasi diubah"),
    "identification.submit": _("Identifikasi diajukan"),
    "identification.report": _("Laporan identifikasi dibuat"),
    "identification.return": _("Identifikasi dikembalikan"),
    "identification.complete": _("Identifikasi dinyatakan lengkap"),
    # Work plan
    "plan.start": _("Rencana kerja dimulai"),
    "plan.revise": _("Rencana kerja direvisi"),
    "plan.approve_area": _("Rencana kerja area disetujui"),
    "plan.ratify": _("Rencana kerja disahkan"),
    "plan.supersede": _("Revisi rencana kerja digantikan"),
    "plan.import": _("Rencana kerja diimpor"),
    "plan_item.add": _("Kegiatan rencana kerja ditambahkan"),
    "plan_item.update": _("Kegiatan rencana kerja diubah"),
    "plan_item.delete": _("Kegiatan rencana kerja dihapus"),
    "plan_item.restore": _("Kegiatan rencana kerja dipulihkan"),
    "task.create": _("Tugas dibuat"),
    "task.status": _("Status tugas diubah"),
    "task.comment": _("Komentar tugas ditambahkan"),
    "task.attach": _("Lampiran tugas ditambahkan"),
    "calendar.ensure": _("Kalender kegiatan disiapkan"),
    "calendar_entry.update": _("Jadwal kalender diubah"),
    # Evidence and files
    "file.store": _("Berkas disimpan"),
    "verification_level.update": _("Jenjang verifikasi diubah"),
    "evidence.comment": _("Komentar bukti dukung ditulis"),
    "evidence.verify_many": _("Beberapa bukti dukung diverifikasi sekaligus"),
    "evidence.revise": _("Revisi bukti dukung diunggah"),
    "evidence.submit": _("Bukti dukung diajukan"),
    "evidence.verify": _("Bukti dukung diverifikasi (satu tingkat)"),
    "evidence.return": _("Bukti dukung dikembalikan"),
    "evidence.withdraw": _("Bukti dukung ditarik"),
    # Assessment
    "assessment.open": _("Penilaian dibuka"),
    "assessment.assign": _("Penilai ditugaskan"),
    "assessment.unassign": _("Penugasan penilai dicabut"),
    "assessment.answer": _("Jawaban penilaian disimpan"),
    "assessment.facts": _("Fakta penilaian dicatat"),
    "assessment.import": _("Penilaian diimpor"),
    "assessment.finalise": _("Penilaian difinalkan"),
    "assessment.reopen": _("Penilaian dibuka kembali"),
    "assessment.release": _("Hasil penilaian dirilis"),
}


def action_label(action: str) -> str:
    """The Indonesian label of ``action``; the raw string when it has none."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def action_choices(actions) -> list[tuple[str, str]]:
    """(action, label) for a filter, sorted by what people read."""
    return sorted(((a, action_label(a)) for a in actions), key=lambda c: c[1].lower())
