"""Demo assessments for `manage.py seed_demo`: PJN1-JBR's penilaian mandiri (final), the
TPU's preliminary assessment started from it, scored by two area sub-teams with notes
and recommendations, finalised and released; the facts for the TPI eligibility."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django_scopes import scope

from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.accounts.services import role_assign
from apps.assessment import services
from apps.assessment.models import Assessment, Level
from apps.cycles.models import Cycle, Stage
from apps.cycles.services import cycle_change_stage
from apps.cycles.stages import stage_reached
from apps.lke.engine import model as m
from apps.lke.selectors import engine_template
from apps.tenants.services import membership_ensure

SECOND_TPU = ("penilai.tpu.tl@pu-demo.go.id", "Sri Wahyuni", "198909092014022003")

# The unit's own view of itself: strong, with a few gaps.
# HBA/HPA come from PJN1-JBR's closed IPAK/IPKP surveys of the year (apps.demo.surveys,
# seeded first): opening each level takes their values, the assessors leave them.
MANDIRI_GAPS = {"PPA2B": "B", "PPB1B": "B", "PRB2A": "B", "PPE2A": "C"}
# What the TPU found differently, with its note; recommendations for the unit marked.
TPU_FINDINGS = [
    ("PPA1B", "B", "SOP pemilihan anggota Tim Kerja belum disahkan Pimpinan.", True),
    (
        "PPA3A",
        "B",
        "Sebagian kegiatan rencana kerja area PW belum terlaksana; percepat dan laporkan di monev.",
        True,
    ),
    ("PRA1A", {"agents": 6, "changes": 4}, "Dua agen perubahan belum punya inisiatif.", False),
    ("PPB1A", "B", "Sebagian SOP belum mengacu peta proses bisnis terbaru.", True),
    ("PPB1B", "C", "Sebagian SOP belum diterapkan di seluruh seksi.", False),
]


def _best(question: m.Question):
    if question.kind == m.CHOICE:
        return max(question.options, key=lambda o: o.value).code
    if question.kind == m.COMPUTED:
        return {c.name: (0 if c.name == "this_year" else 5) for c in question.count_inputs}
    return str(question.answer_type.maximum * Decimal("0.9"))


def _person(unit, role, area=""):
    found = RoleAssignment.objects.filter(unit=unit, role=role, area=area).select_related("user")
    first = found.first()
    return first.user if first else None


def _second_assessor(tenant, admin, password: str) -> User:
    email, name, nip = SECOND_TPU
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=name, nip=nip)
        user.set_password(password)
        user.full_clean()
        user.save()
    membership_ensure(tenant=tenant, user=user)
    from apps.units.models import Unit

    bina_marga = Unit.objects.get(code="BM")
    if not RoleAssignment.objects.filter(user=user, role=Role.PENILAI_TPU, area="TL").exists():
        role_assign(actor=admin, user=user, unit=bina_marga, role=Role.PENILAI_TPU, area="TL")
    return user


def _answer(actor, assessment, code, value, note="", rec=False):
    current = assessment.answers.filter(question__code=code).values_list("version", flat=True)
    services.answer_save(
        actor=actor,
        assessment=assessment,
        question_code=code,
        value=value,
        note=note,
        is_recommendation=rec,
        expected_version=current.first() or 0,
    )


def seed_assessment(
    *, tenant, unit_code: str, year: int, admin, password: str, stdout=None
) -> None:
    """Skipped when the cycle already has an assessment (idempotent)."""
    with scope(tenant=tenant.pk):
        cycle = Cycle.objects.filter(unit__code=unit_code, year=year).select_related("unit").first()
        if cycle is None:
            return
        tpu_tl = _second_assessor(tenant, admin, password)
        if stdout is not None:
            stdout.write(f"Penilai TPU area TL (demo penilaian LKE): {tpu_tl.email}")
        if Assessment.objects.filter(cycle=cycle).exists():
            return
        unit = cycle.unit
        ketua_tim = _person(unit, Role.KETUA_TIM)
        pokja_mp = _person(unit, Role.ANGGOTA_POKJA, "MP")
        tpu_lead = User.objects.filter(email="penilai.tpu@pu-demo.go.id").first()
        if ketua_tim is None or tpu_lead is None:
            return
        template = engine_template(cycle.template)

        mandiri = services.assessment_open(
            actor=admin, cycle=cycle, level=Level.MANDIRI, lead=ketua_tim
        )
        if pokja_mp is not None:
            services.assessor_assign(actor=ketua_tim, assessment=mandiri, user=pokja_mp, area="MP")
        from_surveys = set(
            mandiri.answers.filter(source_survey__isnull=False).values_list(
                "question__code", flat=True
            )
        )
        for code, question in template.questions.items():
            if code in from_surveys:
                continue
            value = MANDIRI_GAPS.get(code) or _best(question)
            actor = pokja_mp if pokja_mp is not None and question.area_code == "MP" else ketua_tim
            _answer(actor, mandiri, code, value)
        services.assessment_finalise(actor=ketua_tim, assessment=mandiri)

        # The TPU assesses from stage penilaian pendahuluan on (a stage guard of the work
        # plan may keep the cycle where it is: then no TPU assessment is shown).
        if not stage_reached(cycle.stage, Stage.PENILAIAN_PENDAHULUAN):
            try:
                cycle = cycle_change_stage(
                    actor=admin,
                    cycle=cycle,
                    to_stage=Stage.PENILAIAN_PENDAHULUAN,
                    reason="Rencana Kerja disahkan; penilaian mandiri final. Presentasi "
                    "desk kepada TPU.",
                )
            except ValidationError as exc:
                if stdout is not None:
                    stdout.write(f"{unit_code}: penilaian TPU belum dibuka: {exc.messages[0]}")
                return
        tpu = services.assessment_open(
            actor=admin, cycle=cycle, level=Level.TPU, lead=tpu_lead, seed=True
        )
        services.assessor_assign(actor=tpu_lead, assessment=tpu, user=tpu_lead, area="MP")
        services.assessor_assign(actor=tpu_lead, assessment=tpu, user=tpu_tl, area="TL")
        for code, value, note, rec in TPU_FINDINGS:
            actor = tpu_tl if template.questions[code].area_code == "TL" else tpu_lead
            _answer(actor, tpu, code, value, note, rec)
        services.assessment_finalise(actor=tpu_lead, assessment=tpu)
        services.assessment_release(actor=tpu_lead, assessment=tpu)

        services.cycle_facts_update(
            actor=admin,
            cycle=cycle,
            declared_on=date(year, 1, 15),
            building_start=date(year - 1, 2, 1),
            sakip_grade="BB",
            tlhp_percent=Decimal("100"),
            lhkan_percent=Decimal("100"),
            key_target_percent=Decimal("100"),
        )
