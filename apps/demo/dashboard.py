"""Demo cycles for the leadership dashboard (apps.dashboard): most Satker/UPT and some
Balai of the demo tree get a 2026 cycle in one of the stages (pencanangan … evaluasi
TPI), with their evidence in verification, their tasks and the results released so far;
four units have a 2025 cycle that ended ditetapkan or tidak ditetapkan, so that the trend
across years has two points and two units aim at WBBM in 2026.

Everything goes through the services, along the stage guards (charter, identification,
ratified work plan, eligibility, TPI result), on the dates it would have happened
(``clock.moved_to``). Answers come from ``scores.answers_for``: seeded per unit, year and
level, so every run gives the same ones. A cycle that exists already is left as it is.
"""

import datetime
import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from apps.accounts.models import User
from apps.assessment import services as assessment
from apps.assessment.models import Answer, Level
from apps.cycles.models import Cycle, Stage
from apps.cycles.services import cycle_change_stage, cycle_create
from apps.dashboard.models import DashboardExport
from apps.dashboard.selectors import dashboard_years
from apps.dashboard.services import dashboard_export_request
from apps.declaration import services as declaration
from apps.declaration import texts
from apps.evidence import services as evidence
from apps.identification import services as identification
from apps.lke.models import Question, TemplateStatus, TemplateVersion
from apps.lke.selectors import engine_template
from apps.units.models import Unit
from apps.workplan import services as workplan

from .clock import moved_to
from .declaration import charter_scan
from .evidence import chain_verifiers
from .identification import SERVICE_USERS, service_user_rows, tpu_assessor
from .people import KETUA_TIM, seed_dashboard_people
from .scores import BAIK, CUKUP, LEMAH, NYARIS, NYARIS_TPI, PW_LEMAH, UNGGUL, Profile, answers_for

CITY = {"JBR": "Bandung", "JTM": "Surabaya", "CTR": "Bandung", "BRT": "Malang"}


@dataclass(frozen=True)
class Plan:
    unit: str
    year: int
    target: str
    stage: str  # where the cycle ends
    charter: bool = True  # at pencanangan: the charter recorded already
    mandiri: Profile | None = None  # a final self-assessment without a TPU result yet
    tpu: Profile | None = None  # released TPU result (the mandiri before it more optimistic)
    tpi: Profile | None = None  # released TPI result (default: a little under the TPU's)
    evidence: bool = True


PLANS = [
    # 2025: ended. Two WBK granted (their units aim at WBBM in 2026), two not.
    Plan("PJN2-JBR", 2025, "wbk", Stage.DITETAPKAN, tpu=BAIK),
    Plan("OP-CTR", 2025, "wbk", Stage.DITETAPKAN, tpu=BAIK, evidence=False),
    Plan("P2JN-JBR", 2025, "wbk", Stage.TIDAK_DITETAPKAN, tpu=NYARIS, tpi=NYARIS_TPI),
    Plan("BDG-BRT", 2025, "wbk", Stage.TIDAK_DITETAPKAN, tpu=CUKUP, evidence=False),
    # 2026 (PJN1-JBR and PJN1-JTM: apps.demo.cycles).
    Plan("PJN2-JTM", 2026, "wbk", Stage.PENCANANGAN, charter=False),
    Plan("BBWS-BRT", 2026, "wbk", Stage.PENCANANGAN),
    Plan("BBWS-CTR", 2026, "wbk", Stage.IDENTIFIKASI),
    Plan("BBPJN-JBR", 2026, "wbk", Stage.PEMBANGUNAN),
    Plan("BDG-BRT", 2026, "wbk", Stage.PEMBANGUNAN),
    Plan("BDG-CTR", 2026, "wbk", Stage.PEMBANGUNAN, mandiri=PW_LEMAH),
    Plan("PJN2-JBR", 2026, "wbbm", Stage.PEMBANGUNAN, mandiri=UNGGUL),
    Plan("OP-CTR", 2026, "wbbm", Stage.PEMBANGUNAN, mandiri=UNGGUL),
    Plan("P2JN-JBR", 2026, "wbk", Stage.PENILAIAN_PENDAHULUAN, tpu=PW_LEMAH),
    Plan("P2JN-JTM", 2026, "wbk", Stage.PENILAIAN_PENDAHULUAN, tpu=LEMAH),
    Plan("OP-BRT", 2026, "wbk", Stage.PENILAIAN_PENDAHULUAN, tpu=BAIK),
    Plan("PJSA-BRT", 2026, "wbk", Stage.USULAN_TPI, tpu=CUKUP),
    Plan("PJSA-CTR", 2026, "wbk", Stage.EVALUASI_TPI, tpu=BAIK),
]
ORDER = [*Stage.values]

# Evidence of a cycle (links, with the question's first checklist entry): (LKE question,
# title, how far it got): "verified" through every level, waiting at level n, or returned
# by the first verifier. Submitted SUBMITTED days before the cycle's last evidence day, so
# the waits differ in age; an ended cycle's evidence was all verified.
EVIDENCE = [
    ("PPA1A", "SK Tim Kerja Pembangunan ZI", "verified"),
    ("PPB1A", "SOP layanan utama yang ditetapkan", 3),
    ("PPC3A", "Dokumen analisis kebutuhan pelatihan", 2),
    ("PPE2A", "Laporan pengendalian gratifikasi", 1),
    ("PPF1A", "Standar pelayanan yang dipublikasikan", 1),
    ("PPA2C", "Dokumentasi sosialisasi ZI", "returned"),
]
SUBMITTED = [120, 75, 45, 20, 6, 30]
# Tasks: (plan item area, title, due (month, day), status).
TASKS = [
    ("MP", "Laporan monev triwulan III", (10, 10), "telah"),
    ("PW", "Unggah bukti pengendalian gratifikasi dan SPIP", (9, 30), "sedang"),
    ("PW", "Penilaian risiko dan pengendalian intern (SPIP)", (8, 31), "belum"),
]
ITEMS = [
    ("MP", "Monitoring dan evaluasi pembangunan ZI", list(range(1, 13)), ["PPA2A", "PPA2B"]),
    ("PW", "Pengendalian gratifikasi dan penerapan SPIP", [2, 6, 9], ["PPE2A"]),
]


def _moment(year: int, month: int, day: int, shift: int = 0) -> datetime.datetime:
    day_ = datetime.date(year, month, day) + datetime.timedelta(days=shift)
    return timezone.make_aware(datetime.datetime.combine(day_, datetime.time(9, 0)))


class _Refused(Exception):
    """A guard kept the cycle where it is (said on stdout)."""


class _Seeder:
    def __init__(self, *, admin, plan: Plan, unit: Unit, team, version, engine, stdout):
        self.admin, self.plan, self.unit, self.stdout = admin, plan, unit, stdout
        self.head, self.ketua = team
        self.version, self.engine = version, engine
        self.shift = sorted(KETUA_TIM).index(unit.code) if unit.code in KETUA_TIM else 0
        self.rng = random.Random(f"{unit.code}-{plan.year}")
        self.cycle = None

    def at(self, month: int, day: int, shift: int | None = None):
        return moved_to(_moment(self.plan.year, month, day, self.shift if shift is None else shift))

    def wants(self, stage: str) -> bool:
        """Whether the cycle goes as far as ``stage`` (a decision comes after them all)."""
        return ORDER.index(self.plan.stage) >= ORDER.index(stage)

    def move(self, to_stage: str, month: int, day: int, reason: str) -> None:
        with self.at(month, day):
            try:
                self.cycle = cycle_change_stage(
                    actor=self.admin, cycle=self.cycle, to_stage=to_stage, reason=reason
                )
            except ValidationError as exc:
                self.stdout.write(
                    f"{self.unit.code} {self.plan.year}: tetap di tahap {self.cycle.stage}: "
                    f"{exc.messages[0]}"
                )
                raise _Refused from exc

    def run(self) -> None:
        plan, year = self.plan, self.plan.year
        with self.at(1, 6):
            self.cycle = cycle_create(
                actor=self.admin,
                unit=self.unit,
                year=year,
                target=plan.target,
                template=self.version,
            )
        if not plan.charter:
            return
        with self.at(1, 12):
            self.charter()
        if not self.wants(Stage.IDENTIFIKASI):
            return
        self.move(Stage.IDENTIFIKASI, 1, 20, "Piagam Pencanangan ditandatangani dan dipindai.")
        if not self.wants(Stage.PEMBANGUNAN):
            return
        with self.at(2, 2):
            self.identification()
        self.move(
            Stage.PEMBANGUNAN, 2, 12, "Identifikasi TPU lengkap: unit menjadi Calon Unit Kerja."
        )
        with self.at(2, 20):
            items = self.work_plan()
        self.tasks(items)
        late = self.wants(Stage.USULAN_TPI)  # evidence closes after penilaian pendahuluan
        if plan.evidence:
            self.evidence(
                last=_moment(year, 9, 20) if late else min(timezone.now(), _moment(year, 12, 1))
            )
        mandiri = None
        if plan.mandiri or plan.tpu:
            mandiri = self.assess(
                Level.MANDIRI, plan.mandiri or plan.tpu.shifted(self.rng, 4, 10), 8, 14
            )
        if not self.wants(Stage.PENILAIAN_PENDAHULUAN):
            return
        self.move(
            Stage.PENILAIAN_PENDAHULUAN, 9, 1, "Rencana Kerja disahkan; penilaian mandiri final."
        )
        with self.at(9, 2):
            assessment.cycle_facts_update(
                actor=self.admin, cycle=self.cycle, building_start=datetime.date(year - 1, 3, 1)
            )
        tpu = self.assess(Level.TPU, plan.tpu, 9, 25, start=mandiri) if plan.tpu else None
        if not self.wants(Stage.USULAN_TPI):
            return
        self.move(Stage.USULAN_TPI, 10, 6, "Memenuhi seluruh syarat usulan ke TPI.")
        if not self.wants(Stage.EVALUASI_TPI):
            return
        self.move(
            Stage.EVALUASI_TPI, 10, 20, "Desk evaluation dan evaluasi lapangan TPI dijadwalkan."
        )
        self.assess(Level.TPI, plan.tpi or plan.tpu.shifted(self.rng, -3, 0), 11, 18, start=tpu)
        if plan.stage == Stage.DITETAPKAN:
            self.move(Stage.USULAN_TPN, 11, 25, "Hasil evaluasi TPI memenuhi syarat WBK.")
            self.move(Stage.DITETAPKAN, 12, 15, "Ditetapkan Menuju WBK oleh TPN.")
        elif plan.stage == Stage.TIDAK_DITETAPKAN:
            if plan.tpi is None:  # the TPI's result sufficed; the TPN did not grant it
                self.move(Stage.USULAN_TPN, 11, 25, "Hasil evaluasi TPI memenuhi syarat WBK.")
            self.move(
                Stage.TIDAK_DITETAPKAN, 12, 15, "Tidak ditetapkan; dibina untuk tahun berikutnya."
            )

    def charter(self) -> None:
        unit = self.unit
        parent = Unit.objects.get(path=unit.path[: -Unit.steplen])
        declared_on = _moment(self.plan.year, 1, 12, self.shift).date()
        record = declaration.declaration_record(
            actor=self.admin,
            cycle=self.cycle,
            declared_on=declared_on,
            place=CITY[unit.code.rsplit("-", 1)[-1]],
            head_name=unit.head_name,
            head_title=texts.title_with_unit(unit.head_title, unit.name),
            witnesses=[
                {"name": parent.head_name, "title": parent.head_title, "institution": parent.name}
            ],
        )
        declaration.declaration_attach_scan(
            actor=self.admin, declaration=record, uploaded=charter_scan(unit, declared_on)
        )

    def identification(self) -> None:
        year = self.plan.year
        record = identification.identification_open(actor=self.ketua, cycle=self.cycle)
        identification.identification_update(
            actor=self.ketua,
            identification=record,
            lhkan_percent="100",
            tlhp_percent="100",
            sakip_grade="BB",
            pk_y1=True,
            pk_y2=True,
            pk_y3=True,
            realisation_y1="101,50",
            realisation_y2="99,20",
        )
        identification.service_user_import(
            actor=self.ketua,
            identification=record,
            rows=service_user_rows(SERVICE_USERS[:10], 2, datetime.date(year, 1, 31)),
        )
        identification.identification_submit(actor=self.ketua, identification=record)
        met = dict.fromkeys(
            ("req_level", "req_core_service", "req_integrity_risk", "req_public_impact"), True
        )
        identification.identification_decide(
            actor=tpu_assessor(self.unit),
            identification=record,
            outcome="complete",
            requirements=met,
            note="Persyaratan lengkap; lanjutkan pembangunan ZI.",
        )

    def work_plan(self) -> dict:
        questions = {q.code: q for q in Question.objects.filter(version_id=self.cycle.template_id)}
        revision = workplan.plan_start(actor=self.ketua, cycle=self.cycle)
        items = {}
        for area, action, months, codes in ITEMS:
            items[area] = workplan.plan_item_add(
                actor=self.ketua,
                revision=revision,
                area=area,
                action=action,
                description="",
                output="Laporan dan dokumen pendukung",
                pic="Ketua Tim Kerja",
                months=months,
                questions=[questions[c] for c in codes],
            )
            # No Ketua Pokja in these units: the Ketua Tim approves in their place.
            workplan.plan_area_approve(actor=self.ketua, revision=revision, area=area)
        workplan.plan_ratify(actor=self.head, revision=revision)
        return items

    def tasks(self, items: dict) -> None:
        done_year = self.plan.year < timezone.localdate().year
        for area, title, (month, day), status in TASKS:
            with self.at(2, 22):
                task = workplan.task_create(
                    actor=self.ketua,
                    item=items[area],
                    title=title,
                    due_on=datetime.date(self.plan.year, month, day),
                    assignees=[self.ketua],
                )
            status = "telah" if done_year else status
            if status != "belum":
                with self.at(month, min(day, 28), 0):
                    workplan.task_set_status(actor=self.ketua, task=task, status=status)

    def evidence(self, *, last: datetime.datetime) -> None:
        questions = {q.code: q for q in Question.objects.filter(version_id=self.cycle.template_id)}
        verifiers = chain_verifiers(self.unit)
        slug = self.unit.code.lower()
        ended = self.plan.stage in (Stage.DITETAPKAN, Stage.TIDAK_DITETAPKAN)
        for (code, title, fate), days in zip(EVIDENCE, SUBMITTED, strict=True):
            fate = "verified" if ended else fate
            when = last - datetime.timedelta(days=days + self.shift)
            with moved_to(when):
                question = questions[code]
                item = evidence.evidence_add(
                    actor=self.ketua,
                    cycle=self.cycle,
                    question=question,
                    requirement=question.evidence.order_by("pk").first(),
                    url=f"https://pu-demo.go.id/zi/{slug}/{self.plan.year}/{code.lower()}",
                    title=title,
                )
                evidence.evidence_submit(actor=self.ketua, item=item)
            levels = (
                len(verifiers) if fate == "verified" else (fate - 1 if isinstance(fate, int) else 0)
            )
            for step, verifier in enumerate(verifiers[:levels], start=1):
                if verifier is None:
                    break
                with moved_to(when + datetime.timedelta(days=2 * step)):
                    item.refresh_from_db()
                    evidence.evidence_verify(actor=verifier, item=item, comment="Sesuai.")
            if fate == "returned" and verifiers and verifiers[0] is not None:
                with moved_to(when + datetime.timedelta(days=3)):
                    evidence.evidence_return(
                        actor=verifiers[0],
                        item=item,
                        comment="Dokumentasi belum memuat daftar hadir; mohon lengkapi.",
                    )

    def assess(self, level: str, profile: Profile, month: int, day: int, start=None):
        """Open, answer (only what differs from the level below), finalise and release."""
        lead = {
            Level.MANDIRI: self.ketua,
            Level.TPU: tpu_assessor(self.unit),
            Level.TPI: User.objects.get(email="penilai.tpi@pu-demo.go.id"),
        }[level]
        rng = random.Random(f"{self.unit.code}-{self.plan.year}-{level}")
        answers = answers_for(self.engine, profile, rng, start=start)
        with self.at(month, day):
            opened = assessment.assessment_open(
                actor=self.admin, cycle=self.cycle, level=level, lead=lead, seed=start is not None
            )
            seen = dict(
                Answer.objects.filter(assessment=opened).values_list("question__code", "version")
            )
            assessment.answers_import(
                actor=lead,
                assessment=opened,
                rows=[
                    assessment.ImportedAnswer(code, value, "", False)
                    for code, value in answers.items()
                ],
                seen_versions=seen,
            )
            assessment.assessment_finalise(actor=lead, assessment=opened)
        if level != Level.MANDIRI:
            with self.at(month, day + 2):
                assessment.assessment_release(actor=lead, assessment=opened)
        return answers


def seed_dashboard(*, tenant, admin, stdout) -> None:
    """The cycles of ``PLANS`` that do not exist yet, oldest year first."""
    with scope(tenant=tenant.pk):
        template = TemplateVersion.objects.filter(
            code="lke-2021", status=TemplateStatus.PUBLISHED
        ).first()
        if template is None:
            return
        units = {u.code: u for u in Unit.objects.filter(tenant=tenant)}
        teams = seed_dashboard_people(admin=admin, units=units)
        engine = engine_template(template)
        for plan in sorted(PLANS, key=lambda p: p.year):
            unit = units[plan.unit]
            if Cycle.objects.filter(unit=unit, year=plan.year, target=plan.target).exists():
                continue
            seeder = _Seeder(
                admin=admin,
                plan=plan,
                unit=unit,
                team=teams[plan.unit],
                version=template,
                engine=engine,
                stdout=stdout,
            )
            try:
                seeder.run()
            except _Refused:
                continue


def seed_dashboard_export(*, tenant, email: str, year: int) -> None:
    """A leader asked for the dashboard of ``year`` as a PDF for a meeting (the worker
    renders it; the beat catches up). Once: a later run finds the request."""
    with scope(tenant=tenant.pk):
        leader = User.objects.filter(email=email).first()
        if leader is None or DashboardExport.objects.filter(requested_by=leader).exists():
            return
        if year not in dashboard_years(leader):  # no cycles (e.g. no LKE version in force)
            return
        dashboard_export_request(actor=leader, tenant=tenant, year=year)
