"""Demo evidence for `manage.py seed_demo`: a unit's cycle with evidence in every state."""

from django.core.files.base import ContentFile
from django_scopes import scope

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.cycles.models import Cycle
from apps.evidence import services
from apps.evidence.chain import chain_for
from apps.evidence.models import EvidenceItem
from apps.lke.models import Question


def text_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF showing ``title`` and ``lines`` (Helvetica)."""

    def esc(text: str) -> str:
        return (
            text.encode("latin-1", "replace")
            .decode("latin-1")
            .replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
        )

    body = ["BT /F1 16 Tf 56 780 Td (" + esc(title) + ") Tj ET"]
    y = 750
    for line in lines:
        body.append(f"BT /F1 11 Tf 56 {y} Td (" + esc(line) + ") Tj ET")
        y -= 16
    stream = "\n".join(body).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _person(unit, role, area=""):
    assignment = (
        RoleAssignment.objects.filter(unit=unit, role=role, area=area)
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else None


def chain_verifiers(unit) -> list:
    """A verifier for each level of ``unit``'s verification chain (None where the demo has
    nobody holding it)."""
    verifiers = []
    for step in chain_for(unit):
        qs = RoleAssignment.objects.filter(role=step.role).select_related("user")
        qs = (
            qs.filter(unit__path__in=unit.ancestor_paths(include_self=True))
            if step.reach
            else qs.filter(unit_id=step.anchor_unit)
        )
        first = qs.first()
        verifiers.append(first.user if first else None)
    return verifiers


def seed_evidence(*, tenant, unit_code: str, year: int) -> None:
    """Evidence for the cycle of ``unit_code`` in ``year``; skipped when it has some."""
    with scope(tenant=tenant.pk):
        cycle = Cycle.objects.filter(unit__code=unit_code, year=year).select_related("unit").first()
        if cycle is None or EvidenceItem.objects.filter(cycle=cycle).exists():
            return
        unit = cycle.unit
        member = _person(unit, Role.ANGGOTA_POKJA, "MP")
        ketua_tim = _person(unit, Role.KETUA_TIM)
        if member is None or ketua_tim is None:
            return
        verifiers = chain_verifiers(unit)
        questions = {q.code: q for q in Question.objects.filter(version_id=cycle.template_id)}

        def add(actor, code, title, lines, requirement_index=0):
            question = questions[code]
            requirements = list(question.evidence.all())
            upload = ContentFile(
                text_pdf(title, lines), name=title.lower().replace(" ", "-")[:60] + ".pdf"
            )
            return services.evidence_add(
                actor=actor,
                cycle=cycle,
                question=question,
                requirement=requirements[requirement_index] if requirements else None,
                uploaded=upload,
                title=title,
            )

        def verify_all(item, levels):
            for verifier in verifiers[:levels]:
                if verifier is None:
                    return
                item.refresh_from_db()
                services.evidence_verify(actor=verifier, item=item, comment="Sesuai.")

        sk = add(
            member,
            "PPA1A",
            "SK Tim Kerja Pembangunan ZI",
            [
                f"Keputusan Kepala {unit.name}",
                "tentang Tim Kerja Pembangunan Zona Integritas",
                f"Tahun {year}",
            ],
        )
        services.evidence_submit(actor=member, item=sk)
        verify_all(sk, len(verifiers))

        plan = add(
            ketua_tim,
            "PPA2A",
            "Rencana Kerja Pembangunan ZI",
            ["Rencana kerja enam area perubahan", "disahkan Pimpinan Unit"],
        )
        services.evidence_submit(actor=ketua_tim, item=plan)
        verify_all(plan, 1)

        monev = add(
            member,
            "PPA1B",
            "Notulen Rapat Pemilihan Tim",
            ["Notulen rapat pemilihan anggota tim", "daftar hadir terlampir"],
        )
        services.evidence_submit(actor=member, item=monev)
        if verifiers and verifiers[0]:
            services.evidence_return(
                actor=verifiers[0],
                item=monev,
                comment="Daftar hadir belum dilampirkan; mohon unggah ulang lengkap.",
            )
            # The unit answers in the item's thread.
            services.evidence_comment_add(
                actor=member,
                item=monev,
                body="Daftar hadir sedang dimintakan tanda tangan pimpinan; diunggah minggu ini.",
            )

        # While an item waits, its verifier asks in the thread and the unit answers there.
        social = add(
            member,
            "PPA2C",
            "Dokumentasi Sosialisasi ZI Triwulan I",
            ["Foto banner dan unggahan media sosial", "forum pengguna layanan Maret"],
        )
        services.evidence_submit(actor=member, item=social)
        if verifiers and verifiers[0]:
            services.evidence_comment_add(
                actor=verifiers[0],
                item=social,
                body="Apakah forum pengguna layanan bulan Maret juga diikuti pemangku "
                "kepentingan dari luar unit? Mohon sebutkan pesertanya.",
            )
            services.evidence_comment_add(
                actor=member,
                item=social,
                body="Ya: perwakilan asosiasi kontraktor dan dua pemerintah kabupaten; daftar "
                "hadir ada di halaman 3.",
            )

        add(
            member,
            "PPA2B",
            "Draf Target Prioritas",
            ["Draf target prioritas WBK", "belum diajukan"],
        )
        services.evidence_add(
            actor=member,
            cycle=cycle,
            question=questions["PPA1A"],
            url="https://pu-demo.go.id/zona-integritas",
            title="Halaman ZI di situs web unit",
        )
