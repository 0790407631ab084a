"""What the portal's own records say about some LKE questions: the "menurut data portal"
hints of the scoring page and of ``GET /api/v1/assessments/{id}/hints/``.

For a few questions the portal already holds what the question asks about: the Tim
Kerja and its decree (PPA1A), the ratified Rencana Kerja (PPA2A), how many of the
planned activities were done (PPA3A). A *provider* reads those records for one
assessment's cycle and returns a :class:`Hint` – the figure, the answer it suggests in
the question's own answer type, links to the records and what they are – or None when
the portal holds nothing to go on. The assessor decides: hints are computed on every
read and never written into an answer (the page's "Gunakan saran" button picks the
suggestion as if the assessor had clicked it, saved through the usual autosave).

**Registry.** ``PROVIDERS`` maps a question code to its provider; ``@provider("PPA1A",
"MP1a")`` registers one function for the same concept in both LKE versions (2021 and
2014 codes). A provider is called with the engine's question of the template in use and
turns its figure into that question's answer type (``yes_no``, ``share_choice``); where
the type does not fit, the hint keeps its figure and suggests nothing.

**Dates.** Records count as they stood on the assessment's date (:func:`as_of_date`):
the day it was locked, else today – decrees signed, members recorded, revisions ratified
and tasks done by then.

**Query budget.** Providers read through ``Facts.once(loader)``: each loader (the team,
the plan) runs once per computation, shared by every provider that needs it, in a fixed
number of queries whatever the number of members, items or tasks (about eight in all;
the agents' figures add two).

**Monev reports.** PPA3B/MP3b (monev held monthly with the head present) and PPA3C/MP3c
(share of the recommendations followed up) read the unit's monthly monev reports
(FRM-04, ``apps.reports``) through one loader each (``reports`` sits between
``assessment`` and ``workplan`` in ``.importlinter``).
PRA1A/PRA1B (changes made by the change agents, and how many were integrated into the
management system) read the agents' plan vs actual and contribution records of the
quarterly FRM-05 (``apps.reports.agents.selectors.agent_changes``); LKE 2014 has no such
question (its MP4b only asks whether agents were appointed).

**Surveys.** PPF4A/PP3a (how often the SKM was held in the year) and PPF4B/PP3b (its
results published) read the unit's SKM of the cycle's year (``apps.surveys.lke``); PPF4C/
PP3c (their follow-up) the follow-up actions of the closed ones
(``apps.surveys.selectors.follow_up_summary``, two queries, only when an SKM was closed).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.dates import MONTHS, long_date
from apps.lke.engine import model as m
from apps.lke.engine import round_half_up
from apps.lke.selectors import engine_template
from apps.reports.agents.selectors import agent_changes
from apps.reports.models import PUBLISHED, FollowUp, Kind, Recommendation, Report
from apps.surveys.lke import skm_surveys
from apps.surveys.models import Period
from apps.surveys.selectors import follow_up_summary
from apps.teams.models import Decree, DecreeKind, TeamMember
from apps.workplan.models import PlanItem, PlanRevision, RevisionStatus, TaskStatus
from apps.workplan.selectors import plan_realisation, revision_in_force

from .models import Assessment
from .survey_values import year_surveys_of
from .worksheet import percent_text

# --- What a provider returns ---------------------------------------------------------------


@dataclass(frozen=True)
class HintLink:
    label: str
    url: str


@dataclass(frozen=True)
class Hint:
    code: str  # the question's code
    figure: str  # what the records show, in one or two sentences
    basis: str  # which records, counted how
    # The suggested answer in the engine's form (an option code, a number as a string, or
    # an object of count inputs); None: the records give no answer to suggest.
    suggestion: object | None
    suggestion_label: str  # the suggestion as the assessor reads it ("B – sebagian besar")
    links: tuple[HintLink, ...] = ()
    as_of: datetime.date | None = None

    def matches(self, value: object) -> bool:
        return self.suggestion is not None and value == self.suggestion

    @property
    def suggestion_json(self) -> str:
        """For the page's "Gunakan saran" button (static/js/assessment.js)."""
        return json.dumps(self.suggestion)


# --- The records of one computation ----------------------------------------------------------


@dataclass
class Facts:
    """The cycle whose records the providers read, the date they count to, and the
    loaders' results (each loader runs once)."""

    assessment: Assessment
    as_of: datetime.date
    _loaded: dict = field(default_factory=dict, repr=False)

    @property
    def cycle(self):
        return self.assessment.cycle

    @property
    def end(self) -> datetime.datetime:
        """The end of ``as_of`` in the portal's time zone."""
        return timezone.make_aware(
            datetime.datetime.combine(self.as_of + datetime.timedelta(days=1), datetime.time.min)
        )

    def once(self, loader: Callable[[Facts], object]):
        if loader not in self._loaded:
            self._loaded[loader] = loader(self)
        return self._loaded[loader]


Provider = Callable[[Facts, m.Question], Hint | None]
PROVIDERS: dict[str, Provider] = {}


def provider(*codes: str) -> Callable[[Provider], Provider]:
    """Register ``fn`` as the provider of the questions ``codes`` (one concept, the codes
    it has in each LKE version)."""

    def register(fn: Provider) -> Provider:
        for code in codes:
            if code in PROVIDERS:
                raise ValueError(f"LKE question {code} already has a provider")
            PROVIDERS[code] = fn
        return fn

    return register


def as_of_date(assessment: Assessment) -> datetime.date:
    """The assessment's date: the day it was locked, else today."""
    if assessment.locked_at is not None:
        return timezone.localdate(assessment.locked_at)
    return timezone.localdate()


def hints_for(
    assessment: Assessment,
    codes: list[str] | None = None,
    as_of: datetime.date | None = None,
) -> dict[str, Hint]:
    """The hints of ``assessment`` (or of its questions ``codes``) by question code."""
    questions = engine_template(assessment.template).questions
    wanted = [c for c in (PROVIDERS if codes is None else codes) if c in PROVIDERS]
    facts = Facts(assessment, as_of or as_of_date(assessment))
    hints = {}
    for code in wanted:
        question = questions.get(code)
        if question is None:
            continue
        hint = PROVIDERS[code](facts, question)
        if hint is not None:
            hints[code] = hint
    return hints


def question_order(assessment: Assessment) -> dict[str, int]:
    """Question code → its place in the template (the worksheet's order)."""
    return {code: i for i, code in enumerate(engine_template(assessment.template).questions)}


# --- Answer types ------------------------------------------------------------------------------

# PPA3A's options read "semua / sebagian besar / sebagian kecil / belum" (all / most /
# a few / none of the planned activities done as planned). Neither the regulation nor
# LKE_SCORING.md gives figures; the portal reads them as follows (README, "Hints from the
# portal's records"): A when every activity due was done, B from half of them on, C when
# at least one was, D when none was.
SHARE_MOST = Fraction(1, 2)
SHARE_WORDS = {
    "A": gettext_lazy("semua"),
    "B": gettext_lazy("sebagian besar"),
    "C": gettext_lazy("sebagian kecil"),
    "D": gettext_lazy("belum ada"),
}


def share_letter(share: Fraction) -> str:
    """The A–D letter of a share of activities done (see ``SHARE_MOST``)."""
    if share >= 1:
        return "A"
    if share >= SHARE_MOST:
        return "B"
    if share > 0:
        return "C"
    return "D"


# PPA3B's options read "dilakukan secara berkala dan melibatkan pimpinan / … / belum". The
# portal reads them from the months due (see ``due_months``, from the first month the
# cycle has a monev report for), the months with an issued monev report and the meetings
# the head attended (FRM-04 A, "Pimpinan Unit hadir"):
#   A  a report issued for every month due and the head at every one of those meetings;
#   B  reports for at least SHARE_MOST of the months and the head at at least SHARE_MOST
#      of those meetings;
#   C  at least one report issued;
#   D  none.
def monev_letter(months: int, reported: int, head_present: int) -> str:
    """The A–D letter of the monthly monev held (``reported`` of ``months``) with the head
    present (``head_present`` of ``reported``)."""
    if reported == 0 or months == 0:
        return "D"
    if reported >= months and head_present >= reported:
        return "A"
    if Fraction(reported, months) >= SHARE_MOST and Fraction(head_present, reported) >= SHARE_MOST:
        return "B"
    return "C"


def _ranked(question: m.Question) -> list[m.Option]:
    return sorted(question.options, key=lambda o: o.value, reverse=True)


def yes_no(question: m.Question, holds: bool) -> tuple[str, str] | None:
    """ "Ya"/"Tidak" for a Ya/Tidak question, else None."""
    codes = {o.code for o in question.options}
    if question.kind != m.CHOICE or codes != {"Ya", "Tidak"}:
        return None
    code = "Ya" if holds else "Tidak"
    return code, code


def share_choice(question: m.Question, done: int, due: int) -> tuple[object, str] | None:
    """The answer to "how many of them" in the question's type: the A–D option by
    ``share_letter`` for a four-option question, the percentage for a Persen question."""
    share = Fraction(done, due)
    if question.kind == m.PERCENT:
        number = round_half_up(share * 100, 2).normalize()
        return format(number, "f"), percent_text(round_half_up(share * 100, 2))
    return letter_choice(question, share_letter(share))


def letter_choice(question: m.Question, letter: str) -> tuple[object, str] | None:
    """The option of a four-option question for the A–D ``letter``, else None."""
    if question.kind != m.CHOICE or len(question.options) != 4:
        return None
    option = _ranked(question)["ABCD".index(letter)]
    label = (
        option.label if option.label != option.code else f"{option.code} – {SHARE_WORDS[letter]}"
    )
    return option.code, label


def share_rule() -> str:
    """``share_letter``'s bounds as the assessor reads them."""
    return _("A semua, B sedikitnya %(most)s, C sebagian kecil, D belum ada") % {
        "most": percent_text(round_half_up(SHARE_MOST * 100, 2))
    }


def _hint(
    code: str,
    facts: Facts,
    figure: str,
    basis: str,
    suggested: tuple[object, str] | None,
    links: list[tuple[str, str]],
) -> Hint:
    value, label = suggested if suggested is not None else (None, "")
    return Hint(
        code=code,
        figure=figure,
        basis=basis,
        suggestion=value,
        suggestion_label=label,
        links=tuple(HintLink(text, url) for text, url in links),
        as_of=facts.as_of,
    )


# --- Loaders -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRecords:
    decree: Decree | None
    members: int


def _team(facts: Facts) -> TeamRecords:
    """The SK Tim Kerja signed by the date and the members recorded by then (2 queries)."""
    decree = (
        Decree.objects.filter(
            cycle=facts.cycle, kind=DecreeKind.TIM_KERJA, signed_on__lte=facts.as_of
        )
        .only("pk", "number", "signed_on")
        .first()
    )
    members = TeamMember.objects.filter(cycle=facts.cycle, created_at__lt=facts.end).count()
    return TeamRecords(decree, members)


@dataclass(frozen=True)
class PlanRecords:
    revisions: list[PlanRevision]
    in_force: PlanRevision | None
    items: list[PlanItem]


def _plan(facts: Facts) -> PlanRecords:
    """The cycle's revisions, the one in force on the date and its items (2 queries)."""
    revisions = list(
        PlanRevision.objects.filter(cycle=facts.cycle)
        .select_related("ratified_by")
        .order_by("-number")
    )
    in_force = revision_in_force(revisions, facts.as_of)
    items = []
    if in_force is not None:
        items = list(
            PlanItem.objects.filter(revision=in_force, removed_at__isnull=True)
            .only("pk", "area", "order", "action", "months", "revision_id")
            .order_by("area", "order", "id")
        )
    return PlanRecords(revisions, in_force, items)


def due_months(year: int, as_of: datetime.date) -> list[int]:
    """The months of ``year`` that ended before ``as_of``: what was due by then."""
    if year < as_of.year:
        return list(range(1, 13))
    if year > as_of.year:
        return []
    return list(range(1, as_of.month))


@dataclass(frozen=True)
class MonevMonth:
    start: datetime.date
    head_attended: bool | None


@dataclass(frozen=True)
class MonevRecords:
    first: datetime.date | None  # the first month with a monev report row (any state)
    issued: dict[datetime.date, MonevMonth]  # month → the revision in force on the date


def _monev(facts: Facts) -> MonevRecords:
    """The cycle's monthly monev reports (FRM-04): per month the latest revision issued by
    the date (a correction issued later does not count yet). One query: a cycle has at
    most twelve months of them."""
    rows = (
        Report.objects.filter(cycle=facts.cycle, kind=Kind.MONEV)
        .order_by("period_start", "revision")
        .values_list("period_start", "status", "issued_at", "head_attended")
    )
    first = None
    issued: dict[datetime.date, MonevMonth] = {}
    for start, status, issued_at, head in rows:
        first = start if first is None else min(first, start)
        if status in PUBLISHED and issued_at is not None and issued_at < facts.end:
            issued[start] = MonevMonth(start, head)  # later revisions replace earlier ones
    return MonevRecords(first, issued)


@dataclass(frozen=True)
class RecommendationRecords:
    made: int  # made in a month whose monev report was issued by the date
    done: int  # of those, recorded as followed up in a report issued by the date
    in_progress: int


def _recommendations(facts: Facts) -> RecommendationRecords:
    """The recommendations of the cycle's monev reports and their follow-up as the issued
    reports record it by the date (one query, plus the shared monev loader)."""
    issued = facts.once(_monev).issued
    made = done = ongoing = 0
    for start, closed_at, status in Recommendation.objects.filter(
        cycle=facts.cycle, report__kind=Kind.MONEV
    ).values_list("report__period_start", "closed_in__issued_at", "status"):
        if start not in issued:
            continue
        made += 1
        if closed_at is not None and closed_at < facts.end:
            done += 1
        elif status != FollowUp.BELUM:
            ongoing += 1
    return RecommendationRecords(made, done, ongoing)


def _month_span(months: list[int]) -> str:
    span = MONTHS[months[0] - 1]
    if len(months) > 1:
        span += "–" + MONTHS[months[-1] - 1]
    return span


def _report_links(cycle) -> list[tuple[str, str]]:
    return [
        (_("Laporan monev siklus ini"), reverse("reports:cycle", args=[cycle.pk])),
        (
            _("Daftar laporan %(year)d") % {"year": cycle.year},
            reverse("reports:index") + f"?tahun={cycle.year}",
        ),
    ]


# --- Providers -----------------------------------------------------------------------------------


@provider("PPA1A", "MP1a")
def team_formed(facts: Facts, question: m.Question) -> Hint | None:
    """Tim Kerja formed: Ya when the SK Tim Kerja is recorded and the team has members."""
    team = facts.once(_team)
    if team.decree is None and team.members == 0:
        return None
    parts = [_("Tim Kerja: %(n)d anggota tercatat") % {"n": team.members}]
    if team.decree is not None:
        parts.append(
            _("SK Tim Kerja nomor %(number)s tanggal %(date)s")
            % {"number": team.decree.number, "date": long_date(team.decree.signed_on)}
        )
    else:
        parts.append(_("SK Tim Kerja belum diunggah"))
    cycle = facts.cycle
    links = [(_("Tim Kerja"), reverse("teams:team", args=[cycle.pk]))]
    if team.decree is not None:
        links.append(
            (_("Berkas SK Tim Kerja"), reverse("teams:decree_file", args=[team.decree.pk]))
        )
    return _hint(
        question.code,
        facts,
        "; ".join(parts) + ".",
        _("SK Tim Kerja dan daftar anggota Tim Kerja siklus ini. Saran Ya bila keduanya ada."),
        yes_no(question, team.decree is not None and team.members > 0),
        links,
    )


@provider("PPA2A", "MP2a")
def plan_ratified(facts: Facts, question: m.Question) -> Hint | None:
    """Rencana Kerja ratified: Ya when a revision was ratified by the date."""
    plan = facts.once(_plan)
    if not plan.revisions:
        return None
    cycle = facts.cycle
    plan_url = reverse("workplan:plan", args=[cycle.pk])
    revision = plan.in_force
    if revision is not None:
        figure = _(
            "Rencana Kerja revisi %(n)d disahkan %(date)s oleh %(who)s; memuat %(items)d kegiatan."
        ) % {
            "n": revision.number,
            "date": long_date(timezone.localdate(revision.ratified_at)),
            "who": revision.ratified_by.full_name if revision.ratified_by else "–",
            "items": len(plan.items),
        }
        link = (_("Rencana Kerja revisi %(n)d") % {"n": revision.number}, plan_url)
    else:
        latest = plan.revisions[0]
        figure = _(
            "Belum ada Rencana Kerja yang disahkan Pimpinan Unit per %(date)s; revisi "
            "terakhir (%(n)d) berstatus %(status)s."
        ) % {
            "date": long_date(facts.as_of),
            "n": latest.number,
            "status": (
                str(RevisionStatus(latest.status).label).lower()
                if latest.status == RevisionStatus.DRAFT
                else _("disahkan sesudah tanggal itu")
            ),
        }
        link = (_("Rencana Kerja"), plan_url)
    return _hint(
        question.code,
        facts,
        figure,
        _("Revisi Rencana Kerja siklus ini dan pengesahannya oleh Pimpinan Unit."),
        yes_no(question, revision is not None),
        [link],
    )


@provider("PPA3A", "MP3a")
def activities_done(facts: Facts, question: m.Question) -> Hint | None:
    """Share of the planned activities done: every item of the Rencana Kerja in force, in
    each month it is planned for that ended before the date, done or not by its tasks
    (``workplan.selectors.plan_realisation``) → the percentage and the A–D option."""
    plan = facts.once(_plan)
    if plan.in_force is None:
        return None
    cycle = facts.cycle
    months = due_months(cycle.year, facts.as_of)
    occurrences = plan_realisation(cycle, plan.items, months=months, as_of=facts.as_of)
    links = [
        (_("Linimasa Rencana Kerja"), reverse("workplan:timeline", args=[cycle.pk])),
        (
            _("Rencana Kerja revisi %(n)d") % {"n": plan.in_force.number},
            reverse("workplan:plan", args=[cycle.pk]),
        ),
    ]
    basis = _(
        "Butir Rencana Kerja revisi %(n)d pada setiap bulan rencananya yang sudah berakhir; "
        "satu kegiatan bulan itu terlaksana bila semua tugas Pokja-nya yang jatuh tempo "
        "bulan itu selesai. Saran dari persentasenya: %(rule)s."
    ) % {"n": plan.in_force.number, "rule": share_rule()}
    if not occurrences:
        figure = _(
            "Rencana Kerja revisi %(n)d belum memuat kegiatan yang jadwalnya berakhir "
            "sebelum %(date)s."
        ) % {"n": plan.in_force.number, "date": long_date(facts.as_of)}
        return _hint(question.code, facts, figure, basis, None, links)
    due = len(occurrences)
    done = sum(1 for o in occurrences if o.status == TaskStatus.TELAH)
    ongoing = sum(1 for o in occurrences if o.status == TaskStatus.SEDANG)
    without = sum(1 for o in occurrences if o.tasks == 0)
    period = MONTHS[months[0] - 1]
    if len(months) > 1:
        period += "–" + MONTHS[months[-1] - 1]
    figure = _(
        "%(done)d dari %(due)d kegiatan terjadwal %(period)s %(year)d telah dilaksanakan "
        "(%(percent)s); %(ongoing)d sedang dilaksanakan, %(rest)d belum (%(without)d "
        "tanpa tugas)."
    ) % {
        "done": done,
        "due": due,
        "period": period,
        "year": cycle.year,
        "percent": percent_text(round_half_up(Fraction(done * 100, due), 2)),
        "ongoing": ongoing,
        "rest": due - done - ongoing,
        "without": without,
    }
    return _hint(question.code, facts, figure, basis, share_choice(question, done, due), links)


@provider("PPA3B", "MP3b")
def monev_held(facts: Facts, question: m.Question) -> Hint | None:
    """Monev held monthly with the head: the months due since the first monev report of
    the cycle, those with an issued report, and the meetings the head attended → the A–D
    option by ``monev_letter``."""
    monev = facts.once(_monev)
    if monev.first is None:
        return None
    cycle = facts.cycle
    months = [month for month in due_months(cycle.year, facts.as_of) if month >= monev.first.month]
    basis = _(
        "Laporan monitoring dan evaluasi bulanan (FRM-04) yang terbit sampai tanggal itu, "
        "per bulan yang sudah berakhir sejak laporan monev pertama siklus ini, dan "
        "kehadiran Pimpinan Unit pada rapatnya (bagian A). Saran: A bila setiap bulan ada "
        "laporan dan pimpinan selalu hadir; B bila laporan ada sedikitnya %(most)s bulan "
        "dan pimpinan hadir sedikitnya %(most)s rapatnya; C bila ada laporan; D bila belum."
    ) % {"most": percent_text(round_half_up(SHARE_MOST * 100, 2))}
    links = _report_links(cycle)
    if not months:
        figure = _("Belum ada bulan monev yang berakhir sebelum %(date)s.") % {
            "date": long_date(facts.as_of)
        }
        return _hint(question.code, facts, figure, basis, None, links)
    wanted = set(months)
    held = [m_ for start, m_ in monev.issued.items() if start.month in wanted]
    head = sum(1 for month in held if month.head_attended)
    figure = _(
        "%(held)d dari %(due)d bulan (%(period)s %(year)d) dengan laporan monev terbit, "
        "pimpinan hadir di %(head)d."
    ) % {
        "held": len(held),
        "due": len(months),
        "period": _month_span(months),
        "year": cycle.year,
        "head": head,
    }
    suggested = letter_choice(question, monev_letter(len(months), len(held), head))
    return _hint(question.code, facts, figure, basis, suggested, links)


@provider("PPA3C", "MP3c")
def recommendations_followed_up(facts: Facts, question: m.Question) -> Hint | None:
    """Share of the monev recommendations followed up: those made in monev reports issued
    by the date, done when an issued report recorded them as telah ditindaklanjuti by
    then → the percentage and the A–D option by ``share_letter``."""
    monev = facts.once(_monev)
    if monev.first is None:
        return None
    records = facts.once(_recommendations)
    basis = _(
        "Rekomendasi pada laporan monev yang terbit sampai tanggal itu; satu rekomendasi "
        "telah ditindaklanjuti bila laporan monev yang terbit sampai tanggal itu "
        "mencatatnya demikian. Saran dari persentasenya: %(rule)s."
    ) % {"rule": share_rule()}
    links = _report_links(facts.cycle)
    if not records.made:
        figure = _("Laporan monev yang terbit sampai %(date)s belum memuat rekomendasi.") % {
            "date": long_date(facts.as_of)
        }
        return _hint(question.code, facts, figure, basis, None, links)
    figure = _(
        "%(done)d dari %(made)d rekomendasi monev telah ditindaklanjuti (%(percent)s); "
        "%(ongoing)d sedang ditindaklanjuti, %(rest)d belum."
    ) % {
        "done": records.done,
        "made": records.made,
        "percent": percent_text(round_half_up(Fraction(records.done * 100, records.made), 2)),
        "ongoing": records.in_progress,
        "rest": records.made - records.done - records.in_progress,
    }
    suggested = share_choice(question, records.done, records.made)
    return _hint(question.code, facts, figure, basis, suggested, links)


def _agents(facts: Facts):
    return agent_changes(facts.cycle, facts.as_of)


def _count_inputs(question: m.Question, values: dict[str, int]) -> tuple[object, str] | None:
    """The count inputs of a computed question, when its inputs are exactly ``values``."""
    if question.kind != m.COMPUTED or {i.name for i in question.count_inputs} != set(values):
        return None
    label = ", ".join(f"{i.label or i.name}: {values[i.name]}" for i in question.count_inputs)
    return dict(values), label


def _agent_links(facts: Facts) -> list[tuple[str, str]]:
    return [
        (_("Agen Perubahan dan Rencana Aksi"), reverse("teams:agents", args=[facts.cycle.pk])),
        (_("Laporan Triwulan Agen Perubahan"), reverse("reports:cycle", args=[facts.cycle.pk])),
    ]


@provider("PRA1A")
def agents_changes(facts: Facts, question: m.Question) -> Hint | None:
    """Concrete changes by the change agents: the agents appointed and the items of their
    Rencana Aksi they recorded as realised (``agent_changes``)."""
    figures = facts.once(_agents)
    if figures.agents == 0:
        return None
    figure = _(
        "%(agents)d Agen Perubahan ditetapkan; %(changes)d perubahan dari Rencana Aksi "
        "mereka tercatat terealisasi per %(date)s."
    ) % {"agents": figures.agents, "changes": figures.changes, "date": long_date(facts.as_of)}
    basis = _(
        "Agen Perubahan siklus ini dan realisasi bulanan Rencana Aksi yang mereka catat "
        "(laporan triwulan FRM-05); satu perubahan adalah satu butir Rencana Aksi yang "
        "terealisasi penuh pada sedikitnya satu bulan."
    )
    suggested = _count_inputs(question, {"agents": figures.agents, "changes": figures.changes})
    return _hint(question.code, facts, figure, basis, suggested, _agent_links(facts))


@provider("PRA1B")
def changes_integrated(facts: Facts, question: m.Question) -> Hint | None:
    """Share of the agents' changes integrated into the management system, as the agents
    recorded it in the contribution of their quarterly report."""
    figures = facts.once(_agents)
    if figures.changes == 0:
        return None
    figure = _(
        "%(integrated)d dari %(changes)d perubahan Agen Perubahan tercatat terintegrasi ke "
        "sistem manajemen per %(date)s."
    ) % {
        "integrated": figures.integrated,
        "changes": figures.changes,
        "date": long_date(facts.as_of),
    }
    basis = _(
        "Kontribusi perubahan yang dicatat Agen Perubahan (terintegrasi ke sistem "
        "manajemen: ya/tidak, sejak tanggal dicatat)."
    )
    suggested = _count_inputs(
        question, {"changes": figures.changes, "integrated": figures.integrated}
    )
    return _hint(question.code, facts, figure, basis, suggested, _agent_links(facts))


# --- Surveys (SKM) -------------------------------------------------------------------------------

# PPF4A's options: A at least four SKM in the year, B three, C two, D one, E none.
SKM_FREQUENCY = ("A", "B", "C", "D", "E")


def frequency_choice(question: m.Question, held: int) -> tuple[object, str] | None:
    """The option of a five-option frequency question (PPF4A) for ``held`` surveys."""
    if question.kind != m.CHOICE or len(question.options) != len(SKM_FREQUENCY):
        return None
    option = _ranked(question)[max(0, len(SKM_FREQUENCY) - 1 - min(held, 4))]
    return option.code, option.label


def _skm(facts: Facts):
    """The unit's SKM of the cycle's year as they stood on the date (one query)."""
    return skm_surveys(
        facts.assessment.unit_id,
        facts.cycle.year,
        facts.end,
        surveys=year_surveys_of(facts.assessment),
    )


def _survey_list(surveys) -> str:
    return ", ".join(str(Period(s.period).label) for s in surveys)


@provider("PPF4A", "PP3a")
def skm_frequency(facts: Facts, question: m.Question) -> Hint | None:
    """How often the SKM was held in the year: the unit's SKM of the cycle's year closed
    by the date (a survey still open is named, not counted: its results are not final)
    → A ≥ 4, B 3, C 2, D 1, E none. LKE 2014's PP3a (A/B/C, "berkala") names no
    frequency: the figure only."""
    skm = facts.once(_skm)
    if not skm.closed and not skm.running:
        return None
    year = facts.cycle.year
    held = len(skm.closed)
    figure = _("%(n)d kali SKM %(year)d ditutup per %(date)s") % {
        "n": held,
        "year": year,
        "date": long_date(facts.as_of),
    }
    if skm.closed:
        figure += f" ({_survey_list(skm.closed)})"
    if skm.running:
        figure += _("; sedang berjalan: %(list)s") % {"list": _survey_list(skm.running)}
    figure += "."
    basis = _(
        "SKM unit ini tahun %(year)d di portal: satu survei dihitung setelah ditutup "
        "(hasilnya final). Saran: A sedikitnya 4 kali setahun, B 3, C 2, D 1, E belum. "
        "Survei yang dilakukan di luar portal tidak terhitung."
    ) % {"year": year}
    # No links: the survey pages need survey.view, which the TPU/TPI assessors lack.
    links: list[tuple[str, str]] = []
    return _hint(question.code, facts, figure, basis, frequency_choice(question, held), links)


@provider("PPF4B", "PP3b")
def skm_published(facts: Facts, question: m.Question) -> Hint | None:
    """Whether the closed SKM's results are published on the portal's public page. The
    option asks for online and offline access; the portal knows only the online page:
    the figure, no suggestion."""
    skm = facts.once(_skm)
    if not skm.closed:
        return None
    figure = _(
        "%(published)d dari %(closed)d SKM %(year)d yang ditutup sudah dipublikasikan di "
        "halaman hasil publik portal per %(date)s."
    ) % {
        "published": len(skm.published),
        "closed": len(skm.closed),
        "year": facts.cycle.year,
        "date": long_date(facts.as_of),
    }
    basis = _(
        "Publikasi hasil SKM di portal (daring). Publikasi luring (papan pengumuman, media "
        "cetak) tidak tercatat di portal, sehingga tidak ada saran jawaban."
    )
    return _hint(question.code, facts, figure, basis, None, [])


@provider("PPF4C", "PP3c")
def skm_followed_up(facts: Facts, question: m.Question) -> Hint | None:
    """The follow-up of the SKM closed in the year (``apps.surveys.selectors.
    follow_up_summary``): the share of their follow-up actions done with evidence by the
    date → the A–D option by ``share_letter``; D when the closed SKM have no action yet."""
    skm = facts.once(_skm)
    if not skm.closed:
        return None
    summary = follow_up_summary(facts.assessment.unit, facts.cycle.year, facts.as_of)
    links: list[tuple[str, str]] = []  # as for PPF4A: no survey page for the assessors
    basis = _(
        "Rencana tindak lanjut hasil SKM tahun ini di portal; satu tindakan dihitung "
        "selesai bila ditandai selesai dengan bukti sampai tanggal itu. Saran dari "
        "persentasenya: %(rule)s."
    ) % {"rule": share_rule()}
    if not summary.actions:
        figure = _("%(n)d SKM %(year)d ditutup, belum ada rencana tindak lanjut.") % {
            "n": summary.closed_skm,
            "year": facts.cycle.year,
        }
        return _hint(question.code, facts, figure, basis, letter_choice(question, "D"), links)
    figure = _(
        "%(done)d dari %(actions)d tindak lanjut SKM %(year)d selesai dengan bukti "
        "(%(percent)s); %(progress)d sedang dikerjakan, %(overdue)d lewat batas waktu; "
        "%(followed)d dari %(closed)d SKM yang ditutup punya rencana tindak lanjut."
    ) % {
        "done": summary.done_with_evidence,
        "actions": summary.actions,
        "year": facts.cycle.year,
        "percent": percent_text(
            round_half_up(Fraction(summary.done_with_evidence * 100, summary.actions), 2)
        ),
        "progress": summary.in_progress,
        "overdue": summary.overdue,
        "followed": summary.followed_up_skm,
        "closed": summary.closed_skm,
    }
    suggested = share_choice(question, summary.done_with_evidence, summary.actions)
    return _hint(question.code, facts, figure, basis, suggested, links)
