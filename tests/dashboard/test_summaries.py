"""The dashboard's summary rows: the figures of each cycle against hand-computed ones,
workflow steps mark their cycle stale and the beat's refresh brings it back in line, and
after random changes the rows equal an aggregate computed here from the base tables."""

import contextlib
import datetime
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from apps.assessment import services as assessment_services
from apps.assessment.models import Answer, Assessment
from apps.cycles.services import allowed_stages, cycle_change_stage
from apps.dashboard.models import AreaSummary, BacklogSummary, CycleSummary
from apps.dashboard.summaries import refresh_stale, refresh_summaries
from apps.declaration import services as declaration_services
from apps.declaration.models import Pact, Placement
from apps.evidence import services as evidence_services
from apps.evidence.models import EvidenceItem
from apps.lke.engine import score
from apps.lke.models import EvidenceRequirement, Question
from apps.lke.selectors import engine_template
from apps.reports.models import Report
from apps.workplan.models import Task
from apps.workplan.services import task_set_status
from tests.factories import CycleFactory, UserFactory, make_member

from .conftest import BUILT, LKE, NOW, PW_REFORM, TODAY, WIB, answers_without, item, travel

pytestmark = pytest.mark.django_db

D = Decimal


def summary(cycle):
    return CycleSummary.objects.get(cycle=cycle)


def areas(cycle):
    return {a.area: a for a in AreaSummary.objects.filter(summary__cycle=cycle)}


def backlog(cycle):
    return sorted(
        (b.level, b.name, b.waiting, b.oldest)
        for b in BacklogSummary.objects.filter(summary__cycle=cycle)
    )


# --- hand-computed figures (tests/dashboard/conftest.py describes the agency) -----------


def test_every_cycle_of_the_agency_gets_one_row(summed):
    assert CycleSummary.objects.count() == 5
    assert AreaSummary.objects.filter(summary__cycle=summed.cycles["c1"]).count() == 7
    assert not CycleSummary.objects.filter(stale=True).exists()


def test_the_counts_of_a_cycle_are_those_of_its_items_tasks_staff_and_reports(summed):
    s = summary(summed.cycles["c1"])
    assert (s.year, s.target, s.stage, s.unit_id) == (
        2026, "wbk", "penilaian_pendahuluan", summed.units["upt"].pk
    )  # fmt: skip
    assert (s.entries, s.satisfied) == (summed.per_cycle, 1)
    assert (s.items, s.items_verified, s.items_waiting, s.items_returned) == (5, 1, 2, 1)
    assert (s.tasks, s.tasks_done, s.tasks_overdue) == (3, 1, 1)
    assert (s.staff, s.pacts_signed) == (4, 3)
    assert (s.monev_due, s.monev_on_time) == (3, 1)
    s3 = summary(summed.cycles["c3"])
    assert (s3.target, s3.stage, s3.items, s3.items_waiting) == ("wbbm", "identifikasi", 1, 1)
    assert (s3.tasks, s3.tasks_done, s3.tasks_overdue, s3.staff, s3.pacts_signed) == (1, 0, 1, 2, 0)
    s4 = summary(summed.cycles["c4"])
    assert (s4.entries, s4.satisfied, s4.items, s4.tasks, s4.staff, s4.monev_due) == (
        summed.per_cycle, 0, 0, 0, 0, 0
    )  # fmt: skip


def test_completeness_is_counted_per_area_from_verified_items(summed):
    by_area = areas(summed.cycles["c1"])
    assert {code: a.entries for code, a in by_area.items()} == summed.entries
    assert {code: a.satisfied for code, a in by_area.items() if a.satisfied} == {"MP": 1}
    by_area = areas(summed.cycles["c2"])
    assert {code: a.satisfied for code, a in by_area.items() if a.satisfied} == {"TL": 2}
    assert summary(summed.cycles["c2"]).satisfied == 2


def test_the_backlog_holds_each_level_with_its_oldest_item(summed):
    assert backlog(summed.cycles["c1"]) == [
        (0, "Verifikasi Unit Kerja/Kanwil", 1, BUILT),
        (1, "Verifikasi Eselon I", 1, BUILT),
    ]
    assert backlog(summed.cycles["c3"]) == [(0, "Verifikasi Unit Kerja/Kanwil", 1, BUILT)]
    assert backlog(summed.cycles["c2"]) == []


def test_the_highest_released_level_scores_the_cycle_with_its_failed_rule(summed):
    s = summary(summed.cycles["c1"])
    assert (s.level, s.total, s.total_mandiri, s.total_tpu, s.total_tpi) == (
        "tpu", D("92.50"), D("100.00"), D("92.50"), None
    )  # fmt: skip
    assert (s.predicate, s.failing, s.eligible_tpi) == ("", True, False)
    assert s.failed_rules == [
        {
            "rule": "area_min",
            "label": "Nilai setiap area pengungkit minimal 60% dari bobotnya",
            "measure": "area_percent",
            "ref": "pengungkit",
            "area": "PW",
            "value": "50.00",
            "bound": "60.00",
            "unit": "percent",
        }
    ]
    by_area = areas(summed.cycles["c1"])
    pw, mp, hasil = by_area["PW"], by_area["MP"], by_area["HASIL"]
    assert (pw.percent, pw.percent_tpu, pw.percent_mandiri) == (D("50.00"), D("50.00"), D(100))
    assert (mp.percent, hasil.percent, hasil.name) == (D(100), D(100), "Hasil")


def test_a_sufficient_tpu_result_with_the_facts_makes_the_cycle_eligible(summed):
    s = summary(summed.cycles["c2"])
    assert (s.level, s.total, s.total_mandiri, s.predicate) == ("tpu", D(100), D(96), "WBK")
    assert (s.failing, s.failed_rules, s.eligible_tpi) == (False, [], True)
    mp = areas(summed.cycles["c2"])["MP"]
    assert (mp.percent, mp.percent_tpu, mp.percent_mandiri) == (D(100), D(100), D(50))


def test_a_final_self_assessment_counts_without_being_released(summed):
    s = summary(summed.cycles["c5"])
    assert (s.year, s.stage, s.level, s.total, s.total_tpu) == (
        2025, "tidak_ditetapkan", "mandiri", D(96), None
    )  # fmt: skip
    assert [r["area"] for r in s.failed_rules] == ["MP"] and s.failing
    s3 = summary(summed.cycles["c3"])
    assert (s3.level, s3.total, s3.failing, s3.failed_rules) == ("", None, False, [])


def test_time_alone_changes_the_overdue_and_monev_figures(summed):
    later = datetime.date(2026, 8, 6)  # the tasks of July and June's monev are due
    with travel(NOW):
        refresh_summaries(tenant_id=summed.units["root"].tenant_id, today=later)
    s = summary(summed.cycles["c1"])
    assert (s.tasks_overdue, s.monev_due, s.monev_on_time) == (2, 4, 1)


# --- workflow steps mark the row stale; the beat's refresh catches up -------------------


def test_submitting_and_verifying_an_item_marks_the_cycle_stale(summed):
    c1 = summed.cycles["c1"]
    draft, verifier = summed.items["draft"], summed.people["verifier"]
    with travel(NOW), scope(tenant=c1.tenant_id):
        evidence_services.evidence_submit(actor=summed.people["contributor"], item=draft)
        assert summary(c1).stale and not summary(summed.cycles["c2"]).stale
        assert refresh_stale() == 1
        s = summary(c1)
        assert (s.stale, s.items_waiting) == (False, 3)
        assert backlog(c1)[0] == (0, "Verifikasi Unit Kerja/Kanwil", 2, BUILT)
        evidence_services.evidence_verify(actor=verifier, item=summed.items["at_kanwil"])
        assert summary(c1).stale
        refresh_stale()
    assert backlog(c1) == [
        (0, "Verifikasi Unit Kerja/Kanwil", 1, NOW),
        (1, "Verifikasi Eselon I", 2, BUILT),
    ]


def test_changing_the_stage_marks_the_cycle_stale(summed):
    c1 = summed.cycles["c1"]
    with travel(NOW), scope(tenant=c1.tenant_id):
        cycle_change_stage(
            actor=summed.people["admin"], cycle=c1, to_stage="pembangunan", reason="Koreksi."
        )
        assert summary(c1).stale
        refresh_stale()
    assert summary(c1).stage == "pembangunan"


def test_releasing_an_assessment_marks_the_cycle_stale_and_rescores_it(summed):
    c1, admin, lead = summed.cycles["c1"], summed.people["admin"], summed.people["tpu_user"]
    tpu = Assessment.objects.get(cycle=c1, level="tpu")
    with travel(NOW), scope(tenant=c1.tenant_id):
        tpu = assessment_services.assessment_reopen(actor=admin, assessment=tpu, reason="Ulang.")
        assert summary(c1).stale
        refresh_stale()
        assert (summary(c1).level, summary(c1).total_tpu) == ("mandiri", None)
        ids = dict(Question.objects.filter(version=c1.template).values_list("code", "pk"))
        Answer.objects.bulk_create(
            Answer(
                tenant_id=c1.tenant_id,
                assessment=tpu,
                question_id=ids[code],
                value=assessment_services.validate_value(LKE, code, value),
                updated_by=lead,
            )
            for code, value in answers_without().items()
            if code in PW_REFORM  # the aspect left unanswered before
        )
        tpu = assessment_services.assessment_finalise(actor=lead, assessment=tpu)
        refresh_stale()
        assert summary(c1).level == "mandiri"  # final, not released yet
        assessment_services.assessment_release(actor=lead, assessment=tpu)
        assert summary(c1).stale
        refresh_stale()
    s = summary(c1)
    assert (s.level, s.total, s.failing, s.failed_rules) == ("tpu", D(100), False, [])
    assert areas(c1)["PW"].percent == D(100)


def test_a_cycle_without_a_row_gets_one_at_the_next_refresh(summed):
    new = CycleFactory(unit=summed.units["upt3"], year=2025)
    with travel(NOW):
        assert refresh_stale() == 1
    assert summary(new).stage == "pembangunan"


# --- random changes: the rows equal a raw aggregate of the base tables ------------------


def raw_figures(tenant_id, today):
    """cycle id -> the figures recomputed from the base tables, independently of
    apps.dashboard.summaries."""
    out = {}
    requirements = defaultdict(set)
    for pk, question_id in EvidenceRequirement.objects.values_list("pk", "question_id"):
        requirements[question_id].add(pk)
    question_area = {}
    for pk, area_code, kind in Question.objects.values_list(
        "pk", "indicator__aspect__area__code", "indicator__aspect__area__component__kind"
    ):
        question_area[pk] = "HASIL" if kind == "hasil" else area_code
    entries_of = defaultdict(lambda: defaultdict(int))
    for pk, version_id in Question.objects.values_list("pk", "version_id"):
        entries_of[version_id][question_area[pk]] += max(len(requirements[pk]), 1)
    from apps.cycles.models import Cycle

    for cycle in Cycle.objects.filter(tenant_id=tenant_id):
        items = list(EvidenceItem.objects.filter(cycle=cycle))
        satisfied = defaultdict(set)
        for i in items:
            if i.status != "verified":
                continue
            if i.requirement_id is not None and i.requirement_id in requirements[i.question_id]:
                satisfied[question_area[i.question_id]].add(("r", i.requirement_id))
            elif not requirements[i.question_id]:
                satisfied[question_area[i.question_id]].add(("q", i.question_id))
        waiting = defaultdict(list)
        for i in items:
            if i.status == "in_verification":
                waiting[(i.level, i.current_level_name)].append(i.waiting_since)
        tasks = list(Task.objects.filter(cycle=cycle))
        placements = list(Placement.objects.filter(unit_id=cycle.unit_id, ended_on__isnull=True))
        signed = set(Pact.objects.values_list("placement_id", flat=True))
        due = on_time = 0
        for report in Report.objects.filter(cycle=cycle, kind="monev", based_on__isnull=True):
            deadline = report.period_end + datetime.timedelta(days=5)
            if deadline < today:
                due += 1
                if report.issued_at and report.issued_at.astimezone(WIB).date() <= deadline:
                    on_time += 1
        level = total = None
        for a in Assessment.objects.filter(cycle=cycle).order_by():
            if not (a.released_at or (a.level == "mandiri" and a.status == "final")):
                continue
            rank = ["mandiri", "tpu", "tpi"].index(a.level)
            if level is None or rank > ["mandiri", "tpu", "tpi"].index(level):
                answers = dict(
                    Answer.objects.filter(assessment=a, value__isnull=False).values_list(
                        "question__code", "value"
                    )
                )
                result = score(engine_template(cycle.template), answers, cycle.target == "wbbm")
                level, total = a.level, result.rounded(result.total)
        out[cycle.pk] = {
            "stage": cycle.stage,
            "year": cycle.year,
            "target": cycle.target,
            "entries": sum(entries_of[cycle.template_id].values()),
            "satisfied": sum(len(s) for s in satisfied.values()),
            "items": len(items),
            "items_verified": sum(i.status == "verified" for i in items),
            "items_waiting": sum(i.status == "in_verification" for i in items),
            "items_returned": sum(i.status == "returned" for i in items),
            "tasks": len(tasks),
            "tasks_done": sum(t.status == "telah" for t in tasks),
            "tasks_overdue": sum(t.status != "telah" and t.due_on < today for t in tasks),
            "staff": len(placements),
            "pacts_signed": sum(p.pk in signed for p in placements),
            "monev_due": due,
            "monev_on_time": on_time,
            "level": level or "",
            "total": total,
            "areas": {
                code: (n, len(satisfied[code])) for code, n in entries_of[cycle.template_id].items()
            },
            "backlog": sorted((lv, name, len(w), min(w)) for (lv, name), w in waiting.items()),
        }
    return out


def summarised(tenant_id):
    out = {}
    for s in CycleSummary.objects.filter(tenant_id=tenant_id):
        row = {name: getattr(s, name) for name in (
            "stage", "year", "target", "entries", "satisfied", "items", "items_verified",
            "items_waiting", "items_returned", "tasks", "tasks_done", "tasks_overdue", "staff",
            "pacts_signed", "monev_due", "monev_on_time", "level", "total",
        )}  # fmt: skip
        row["areas"] = {a.area: (a.entries, a.satisfied) for a in s.areas.all()}
        row["backlog"] = sorted((b.level, b.name, b.waiting, b.oldest) for b in s.backlog.all())
        out[s.cycle_id] = row
    return out


class Changes:
    """Random workflow steps on the agency, each through its service."""

    def __init__(self, agency, rng):
        self.a, self.rng = agency, rng
        self.questions = list(
            Question.objects.filter(
                version_id=agency.cycles["c1"].template_id,
                indicator__aspect__area__code__in=["MP", "TL"],
            ).order_by("code")
        )
        self.n = 0

    def verifier_of(self, i):
        """The verifier of the item's current level: a Verifikator at its anchor unit, or
        the TPI's assessor for the agency level."""
        if i.current_reach:
            return self.a.people["tpi_user"]
        units, people = self.a.units, self.a.people
        return {
            units["kanwil"].pk: people["verifier"],
            units["es1"].pk: people["es1_verifier"],
            units["kanwil_b"].pk: people["verifier_b"],
            units["es1b"].pk: people["es1b_verifier"],
        }[i.current_anchor_id]

    def waiting(self):
        return list(EvidenceItem.objects.filter(status="in_verification").order_by("pk"))

    def verify(self):
        items = self.waiting()
        if items:
            i = self.rng.choice(items)
            evidence_services.evidence_verify(actor=self.verifier_of(i), item=i)

    def return_(self):
        items = self.waiting()
        if items:
            i = self.rng.choice(items)
            evidence_services.evidence_return(actor=self.verifier_of(i), item=i, comment="Ulang.")

    def add(self):
        cycle = self.rng.choice([self.a.cycles[k] for k in ("c1", "c2", "c3", "c4")])
        cycle.refresh_from_db()
        question = self.rng.choice(self.questions)
        self.n += 1
        try:
            made = item(self.a.people["contributor"], cycle, question.code, n=100 + self.n)
        except ValidationError:  # a closed stage: no evidence may change
            return
        if self.rng.random() < 0.5:
            evidence_services.evidence_submit(actor=self.a.people["contributor"], item=made)

    def stage(self):
        cycle = self.rng.choice(list(self.a.cycles.values()))
        cycle.refresh_from_db()
        moves = allowed_stages(cycle)
        if not moves:
            return
        to_stage, _kind = self.rng.choice(moves)
        with contextlib.suppress(ValidationError):  # a guard refused: nothing changed
            cycle_change_stage(
                actor=self.a.people["admin"], cycle=cycle, to_stage=to_stage, reason="Acak."
            )

    def complete_task(self):
        tasks = list(Task.objects.exclude(status="telah").order_by("pk"))
        if tasks:
            task_set_status(
                actor=self.a.people["contributor"], task=self.rng.choice(tasks), status="telah"
            )

    def sign_pact(self):
        unsigned = list(
            Placement.objects.filter(ended_on__isnull=True, pact__isnull=True).order_by("pk")
        )
        if not unsigned:
            self.add_staff()
            return
        placement = self.rng.choice(unsigned)
        user = make_member(placement.unit.tenant, UserFactory())
        placement.employee.user = user
        placement.employee.save(update_fields=["user"])
        declaration_services.pact_sign(
            actor=user, placement=placement, ip_address=None, agreed=True
        )

    def add_staff(self):
        self.n += 1
        declaration_services.employee_add(
            actor=self.a.people["admin"],
            unit=self.rng.choice([self.a.units["upt"], self.a.units["upt3"]]),
            nip=f"19900101201501{1000 + self.n:04d}",
            name=f"Pegawai Baru {self.n}",
            position="Analis",
            lhkpn_obliged=False,
        )

    def end_placement(self):
        current = list(Placement.objects.filter(ended_on__isnull=True).order_by("pk"))
        if current:
            declaration_services.placement_end(
                actor=self.a.people["admin"],
                placement=self.rng.choice(current),
                ended_on=TODAY,
                reason="Pensiun.",
            )

    def any(self):
        step = self.rng.choice(
            [self.verify, self.verify, self.return_, self.add, self.add, self.stage,
             self.complete_task, self.sign_pact, self.sign_pact, self.add_staff,
             self.end_placement]
        )  # fmt: skip
        step()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_random_changes_the_refreshed_rows_equal_the_raw_aggregate(summed, seed):
    tenant_id = summed.units["root"].tenant_id
    rng = random.Random(seed)
    changes = Changes(summed, rng)
    with travel(NOW), scope(tenant=tenant_id):
        for _ in range(30):
            changes.any()
        refresh_stale()
    expected = raw_figures(tenant_id, timezone.localdate(NOW))
    assert differences(summarised(tenant_id), expected) == {}
    with travel(NOW):
        refresh_summaries(tenant_id=tenant_id, today=TODAY)
    assert differences(summarised(tenant_id), expected) == {}


def differences(got: dict, expected: dict) -> dict:
    """(cycle, figure) -> (summary row, raw aggregate) where they differ."""
    assert set(got) == set(expected)
    return {
        (cycle_id, name): (got[cycle_id][name], value)
        for cycle_id, figures in expected.items()
        for name, value in figures.items()
        if got[cycle_id][name] != value
    }


def test_a_large_refresh_refreshes_the_planners_statistics_of_the_summary_tables(
    summed, monkeypatch
):
    from django.db import connection

    from apps.dashboard import summaries

    def analysed():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s",
                [CycleSummary._meta.db_table],
            )
            return cursor.fetchone()[0]

    rows = CycleSummary.objects.count()
    # A refresh of fewer rows than the threshold leaves the statistics to autovacuum.
    refresh_summaries(tenant_id=summed.units["root"].tenant_id, today=TODAY)
    assert analysed() != rows
    monkeypatch.setattr(summaries, "ANALYZE_AFTER", rows)
    refresh_summaries(tenant_id=summed.units["root"].tenant_id, today=TODAY)
    assert analysed() == rows
