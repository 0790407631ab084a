"""The agency of the dashboard tests, on top of tests/conftest.py's tree and cast.

Tree (2026 cycles; "·" no cycle):
    root · Kementerian Alfa
     ├─ es1 · Ditjen Satu
     │   └─ kanwil  C4 WBK pencanangan (nothing else)
     │       ├─ upt   C1 WBK penilaian pendahuluan: mandiri final (all best, 100), TPU
     │       │        released with PW's reform aspect unanswered (PW 50 %, total 92.50,
     │       │        fails the WBK area minimum); 5 items (1 verified, 1 waiting at the
     │       │        Kanwil, 1 waiting at the Eselon I, 1 returned, 1 draft); 3 tasks (1
     │       │        done, 1 overdue, 1 not due); 4 staff, 3 pacts; monev Jan on time, Feb
     │       │        late, May missing, June not due.  Also C5: 2025, tidak ditetapkan,
     │       │        mandiri final with MP's pemenuhan unanswered (96.00), 1 verified item.
     │       └─ upt2  C2 WBK penilaian pendahuluan: TPU released (all best, 100), mandiri
     │                final with MP's pemenuhan unanswered (96.00), recorded facts:
     │                eligible for the TPI; 2 verified TL items.
     └─ es1b · Ditjen Dua
         └─ kanwil_b ·
             └─ upt3  C3 WBBM identifikasi: 1 item waiting at its Kanwil; 1 overdue
                      task; 2 staff, no pact.

Everything is made on 10 June 2026 (WIB) and the figures are read on 15 June 2026.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from django_scopes import scope

from apps.accounts.roles import Role
from apps.assessment import services as assessment_services
from apps.assessment.models import Answer
from apps.cycles.models import Cycle
from apps.declaration.models import Employee, Pact, PactMethod, Placement
from apps.evidence import services as evidence_services
from apps.lke.models import EvidenceRequirement, Question
from apps.reports.models import Report
from apps.workplan.models import PlanItem, PlanRevision, Task
from tests.conftest import person
from tests.factories import CycleFactory, EvidenceItemFactory, grant, make_unit
from tests.lke.support import TEMPLATES, best_answers

WIB = datetime.timezone(datetime.timedelta(hours=7))
BUILT = datetime.datetime(2026, 6, 10, 9, tzinfo=WIB)
TODAY = datetime.date(2026, 6, 15)
NOW = datetime.datetime(2026, 6, 15, 9, tzinfo=WIB)
LKE = TEMPLATES["lke-2021"]

# Questions of areas and aspects left unanswered to make a weak area.
PW_REFORM = [c for c, q in LKE.questions.items() if q.area_code == "PW" and c.startswith("PRE")]
MP_PEMENUHAN = [c for c, q in LKE.questions.items() if q.area_code == "MP" and c.startswith("PPA")]
AREAS = ["MP", "TL", "SDM", "AK", "PW", "PP", "HASIL"]

GOOD_FACTS = {
    "declared_on": datetime.date(2025, 1, 15),
    "building_start": datetime.date(2025, 2, 1),
    "sakip_grade": "BB",
    "tlhp_percent": Decimal("100"),
    "lhkan_percent": Decimal("100"),
    "key_target_percent": Decimal("100"),
}


def travel(moment):
    return time_machine.travel(moment, tick=False)


def answers_without(*codes) -> dict:
    """The best answer to every question of lke-2021 but ``codes`` (left unanswered)."""
    return {c: v for c, v in best_answers(LKE).items() if c not in codes}


def entries_per_cycle(template_id) -> dict[str, int]:
    """Checklist entries of one cycle per heat-map column, from the LKE tables: each
    requirement of a question, or the question itself when it has none."""
    out = dict.fromkeys(AREAS, 0)
    for question in Question.objects.filter(version_id=template_id).select_related(
        "indicator__aspect__area__component"
    ):
        area = question.indicator.aspect.area
        column = "HASIL" if area.component.kind == "hasil" else area.code
        out[column] += max(EvidenceRequirement.objects.filter(question=question).count(), 1)
    return out


@dataclass
class Agency:
    units: dict
    cycles: dict
    people: dict
    items: dict = field(default_factory=dict)
    entries: dict = field(default_factory=dict)  # column -> entries of one cycle

    @property
    def per_cycle(self) -> int:
        return sum(self.entries.values())


def item(actor, cycle, code, *, submit=False, n=1):
    question = Question.objects.get(version_id=cycle.template_id, code=code)
    requirement = EvidenceRequirement.objects.filter(question=question).order_by("pk").first()
    return EvidenceItemFactory(
        actor=actor,
        cycle=cycle,
        question=question,
        requirement=requirement,
        url=f"https://bukti.example.go.id/{cycle.pk}/{code}/{n}",
        submit=submit,
    )


def verify(actor, item_, times=1):
    with scope(tenant=item_.tenant_id):
        for _ in range(times):
            item_ = evidence_services.evidence_verify(actor=actor(item_), item=item_)
    return item_


def assessment(admin, cycle, level, lead, answers, *, release=True):
    """An assessment of ``cycle`` opened, answered with ``answers``, final (and released
    when not mandiri), through the assessment services."""
    with scope(tenant=cycle.tenant_id):
        made = assessment_services.assessment_open(actor=admin, cycle=cycle, level=level, lead=lead)
    ids = dict(Question.objects.filter(version_id=made.template_id).values_list("code", "pk"))
    Answer.objects.bulk_create(
        Answer(
            tenant_id=made.tenant_id,
            assessment=made,
            question_id=ids[code],
            value=assessment_services.validate_value(LKE, code, value),
            updated_by=lead,
        )
        for code, value in answers.items()
    )
    with scope(tenant=cycle.tenant_id):
        made = assessment_services.assessment_finalise(actor=lead, assessment=made)
        if release and level != "mandiri":
            made = assessment_services.assessment_release(actor=lead, assessment=made)
    return made


def at_stage(cycle, stage):
    Cycle.objects.filter(pk=cycle.pk).update(stage=stage)
    cycle.stage = stage
    return cycle


def plan_item(cycle, actor):
    revision = PlanRevision.objects.filter(cycle=cycle).first() or PlanRevision.objects.create(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit_id=cycle.unit_id,
        number=1,
        status="ratified",
        ratified_at=timezone.now(),
        created_by=actor,
    )
    return PlanItem.objects.create(
        tenant_id=cycle.tenant_id,
        revision=revision,
        area="MP",
        action="Sosialisasi ZI",
        output="Notulen",
        pic="Ketua Pokja MP",
        months=[1],
    )


def task(cycle, actor, due_on, status="belum"):
    return Task.objects.create(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit_id=cycle.unit_id,
        item=plan_item(cycle, actor),
        area="MP",
        title=f"Tugas {due_on}",
        due_on=due_on,
        status=status,
        created_by=actor,
        done_at=timezone.now() if status == "telah" else None,
    )


_nip = iter(range(100, 10_000))


def staff(unit, *, signed_by=None, ended=False):
    """A placement in ``unit`` (current unless ``ended``), with a pact signed online by
    ``signed_by`` when given."""
    employee = Employee.objects.create(
        tenant_id=unit.tenant_id, nip=f"19850101201001{next(_nip):04d}", name="Pegawai"
    )
    placement = Placement.objects.create(
        tenant_id=unit.tenant_id,
        employee=employee,
        unit=unit,
        position="Analis",
        started_on=datetime.date(2025, 1, 1),
        ended_on=datetime.date(2026, 1, 31) if ended else None,
    )
    if signed_by is not None:
        pact(placement, signed_by)
    return placement


def pact(placement, signer):
    return Pact.objects.create(
        tenant_id=placement.tenant_id,
        placement=placement,
        employee=placement.employee,
        unit=placement.unit,
        method=PactMethod.ONLINE,
        signed_at=timezone.now(),
        statement="Pakta integritas",
        signer=signer,
        recorded_by=signer,
    )


def monev(cycle, month, issued_on=None):
    """The monev report of ``month`` 2026, issued at 10.00 WIB on ``issued_on`` or a draft."""
    start = datetime.date(2026, month, 1)
    end = datetime.date(2026 + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    issued = (
        datetime.datetime.combine(issued_on, datetime.time(10), tzinfo=WIB) if issued_on else None
    )
    return Report.objects.create(
        tenant_id=cycle.tenant_id,
        unit_id=cycle.unit_id,
        cycle=cycle,
        kind="monev",
        period_start=start,
        period_end=end,
        status="issued" if issued else "draft",
        issued_at=issued,
    )


@pytest.fixture
def agency(tree, lke, admin, verifier, es1_verifier, tpi_user, tpu_user, ketua_tim):
    return build_agency(tree, admin, verifier, es1_verifier, tpi_user, tpu_user, ketua_tim)


def build_agency(tree, admin, verifier, es1_verifier, tpi_user, tpu_user, ketua_tim) -> Agency:
    """The agency of the module docstring (the browser journey builds it too)."""
    units = dict(tree)
    units["es1b"] = make_unit(tree["root"], code="ES2", type_code="eselon-1", name="Ditjen Dua")
    units["kanwil_b"] = make_unit(
        units["es1b"], code="KW2", type_code="unit-kerja", name="Kanwil Dua"
    )
    units["upt3"] = make_unit(units["kanwil_b"], code="UPT3", name="UPT Tiga")
    people = {
        "admin": admin,
        "verifier": verifier,
        "es1_verifier": es1_verifier,
        "tpi_user": tpi_user,
        "tpu_user": tpu_user,
        "contributor": person(
            units["upt"], Role.KETUA_POKJA, "MP", full_name="Pengunggah", email="unggah@alfa.go.id"
        ),
        "verifier_b": person(
            units["kanwil_b"], Role.VERIFIKATOR, full_name="Verifikator Dua", email="v2@alfa.go.id"
        ),
        "es1b_verifier": person(
            units["es1b"], Role.VERIFIKATOR, full_name="Verifikator Es Dua", email="v3@alfa.go.id"
        ),
    }
    for unit in ("upt", "upt2", "upt3", "kanwil"):
        for area in ("MP", "TL"):
            if (unit, area) != ("upt", "MP"):
                grant(people["contributor"], units[unit], Role.KETUA_POKJA, area)
    people["ketua_tim_2"] = person(
        units["upt2"], Role.KETUA_TIM, full_name="Ketua Tim Dua", email="ketua.tim2@alfa.go.id"
    )
    contributor = people["contributor"]
    # The verifier of an item's current level: the Kanwil's, the Eselon I's, the TPI.
    chain = {
        "Verifikasi Unit Kerja/Kanwil": lambda i: (
            verifier if i.unit_id in (units["upt"].pk, units["upt2"].pk) else people["verifier_b"]
        ),
        "Verifikasi Eselon I": lambda i: es1_verifier,
        "Verifikasi TPI": lambda i: tpi_user,
    }

    def current(i):
        i.refresh_from_db()
        return chain[i.current_level_name](i)

    cycles, items = {}, {}
    with travel(BUILT):
        cycles["c1"] = CycleFactory(unit=units["upt"], stage="penilaian_pendahuluan")
        cycles["c2"] = CycleFactory(unit=units["upt2"], stage="penilaian_pendahuluan")
        cycles["c3"] = CycleFactory(unit=units["upt3"], target="wbbm", stage="identifikasi")
        cycles["c4"] = CycleFactory(unit=units["kanwil"], stage="pencanangan")
        cycles["c5"] = CycleFactory(unit=units["upt"], year=2025, stage="pembangunan")
        c1, c2, c3, c5 = cycles["c1"], cycles["c2"], cycles["c3"], cycles["c5"]

        # Evidence.
        items["verified"] = verify(current, item(contributor, c1, "PPA1A", submit=True), 3)
        items["at_kanwil"] = item(contributor, c1, "PPA1B", submit=True)
        items["at_es1"] = verify(current, item(contributor, c1, "PPA2A", submit=True))
        returned = item(contributor, c1, "PPA2B", submit=True)
        with scope(tenant=returned.tenant_id):
            items["returned"] = evidence_services.evidence_return(
                actor=verifier, item=returned, comment="Tanda tangan belum ada."
            )
        items["draft"] = item(contributor, c1, "PPA3A")
        items["c2_tl_1"] = verify(current, item(contributor, c2, "PPB1A", submit=True), 3)
        items["c2_tl_2"] = verify(current, item(contributor, c2, "PPB1B", submit=True), 3)
        items["c3_waiting"] = item(contributor, c3, "PPA1A", submit=True)
        items["c5_verified"] = verify(current, item(contributor, c5, "PPA1A", submit=True), 3)

        # Work plan tasks, staff and pacts, monev reports.
        task(c1, admin, datetime.date(2026, 5, 1), "telah")
        task(c1, admin, datetime.date(2026, 5, 1))
        task(c1, admin, datetime.date(2026, 7, 31), "sedang")
        task(c3, admin, datetime.date(2026, 6, 1))
        for signed in (True, True, True, False):
            staff(units["upt"], signed_by=admin if signed else None)
        staff(units["upt"], signed_by=admin, ended=True)  # no longer there: not counted
        staff(units["upt3"])
        staff(units["upt3"])
        monev(c1, 1, datetime.date(2026, 2, 3))  # due 5 February: on time
        monev(c1, 2, datetime.date(2026, 3, 10))  # due 5 March: late
        monev(c1, 5)  # due 5 June: not issued
        monev(c1, 6)  # due 5 July: not due yet

        # Assessments: mandiri (final) and TPU (released).
        assessment(admin, c5, "mandiri", ketua_tim, answers_without(*MP_PEMENUHAN))
        at_stage(c5, "tidak_ditetapkan")
        assessment(admin, c1, "mandiri", ketua_tim, answers_without())
        assessment(admin, c1, "tpu", tpu_user, answers_without(*PW_REFORM))
        assessment(admin, c2, "mandiri", people["ketua_tim_2"], answers_without(*MP_PEMENUHAN))
        assessment(admin, c2, "tpu", tpu_user, answers_without())
        with scope(tenant=c2.tenant_id):
            assessment_services.cycle_facts_update(actor=admin, cycle=c2, **GOOD_FACTS)
    return Agency(
        units=units,
        cycles=cycles,
        people=people,
        items=items,
        entries=entries_per_cycle(cycles["c1"].template_id),
    )


def refreshed(agency):
    """Every summary row of the agency, computed on TODAY."""
    from apps.dashboard.summaries import refresh_summaries

    with travel(NOW):
        refresh_summaries(tenant_id=agency.units["root"].tenant_id, today=TODAY)
    return agency


@pytest.fixture
def summed(agency):
    return refreshed(agency)
