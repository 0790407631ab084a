"""What a leader's dashboard shows: the summary rows (``models.py``) of the cycles in the
leader's reach, rolled up to the unit they are looking at and to each unit one level
below it. A fixed number of queries whatever the size of the tree: every figure is a SQL
aggregate over the units' materialised-path prefixes."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.utils.translation import gettext as _

from apps.core.access import Capability, units_where
from apps.core.http import get_or_404
from apps.cycles.models import Target
from apps.cycles.stages import MAIN_LINE, OUTCOMES, Stage
from apps.reports.periods import percent as share
from apps.units.models import Unit
from apps.units.selectors import visible_tops

from .models import AreaSummary, BacklogSummary, CycleSummary, DashboardExport

# The minimums of every area, as % of its weight (LKE_SCORING.md §5).
WBK_MINIMUM = Decimal(60)
WBBM_MINIMUM = Decimal(75)
# Units listed under "gagal minimum" and "layak diusulkan ke TPI" (the count is exact).
LIST_LIMIT = 50
COUNTED = (
    "entries", "satisfied", "items", "items_verified", "items_waiting", "items_returned",
    "tasks", "tasks_done", "tasks_overdue", "staff", "pacts_signed", "monev_due",
    "monev_on_time",
)  # fmt: skip


def _mean(a: Decimal | None, a_count: int, b: Decimal | None, b_count: int) -> Decimal | None:
    """The mean of two means of ``a_count`` and ``b_count`` figures, two decimals."""
    count = a_count + b_count
    if not count:
        return a
    return _dec(((a or 0) * a_count + (b or 0) * b_count) / count)


def band(percent: Decimal | None) -> str:
    """The colour class of a figure against the minimums: wbbm, wbk, below, or none."""
    if percent is None:
        return "none"
    if percent >= WBBM_MINIMUM:
        return "wbbm"
    if percent >= WBK_MINIMUM:
        return "wbk"
    return "below"


@dataclass
class Figures:
    """Counts summed over some cycles."""

    cycles: int = 0
    scored: int = 0
    failing: int = 0
    eligible: int = 0
    total: Decimal | None = None  # mean total score of the scored cycles
    entries: int = 0
    satisfied: int = 0
    items: int = 0
    items_verified: int = 0
    items_waiting: int = 0
    items_returned: int = 0
    tasks: int = 0
    tasks_done: int = 0
    tasks_overdue: int = 0
    staff: int = 0
    pacts_signed: int = 0
    monev_due: int = 0
    monev_on_time: int = 0

    @property
    def completeness(self) -> Decimal | None:
        return share(self.satisfied, self.entries)

    @property
    def realisation(self) -> Decimal | None:
        return share(self.tasks_done, self.tasks)

    @property
    def pacts(self) -> Decimal | None:
        return share(self.pacts_signed, self.staff)

    @property
    def monev(self) -> Decimal | None:
        return share(self.monev_on_time, self.monev_due)

    def add(self, other: "Figures") -> None:
        self.total = _mean(self.total, self.scored, other.total, other.scored)
        for name in ("cycles", "scored", "failing", "eligible", *COUNTED):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Cell:
    area: str
    percent: Decimal | None = None  # mean of the scored cycles' highest released level
    scored: int = 0
    entries: int = 0
    satisfied: int = 0

    @property
    def completeness(self) -> Decimal | None:
        return share(self.satisfied, self.entries)

    @property
    def score_band(self) -> str:
        return band(self.percent)

    @property
    def completeness_band(self) -> str:
        return band(self.completeness)

    def add(self, other: "Cell") -> None:
        self.percent = _mean(self.percent, self.scored, other.percent, other.scored)
        self.scored += other.scored
        self.entries += other.entries
        self.satisfied += other.satisfied


@dataclass
class Row:
    """A unit one level below the one shown (its whole visible subtree), or the shown
    unit's own cycles (``own``)."""

    unit: Unit
    own: bool = False
    has_below: bool = False
    figures: Figures = field(default_factory=Figures)
    cells: dict[str, Cell] = field(default_factory=dict)
    cycle_id: int | None = None  # the unit's own cycle, when the row is one cycle
    stage: str = ""
    target: str = ""


@dataclass
class Area:
    code: str
    name: str


@dataclass
class FunnelStep:
    stage: str
    label: str
    counts: dict[str, int]  # target -> cycles

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def per_target(self) -> list[int]:
        return [self.counts.get(code, 0) for code in Target.values]


@dataclass
class Backlog:
    level: int
    name: str
    waiting: int
    oldest: datetime | None


@dataclass
class Listed:
    """A cycle of the "gagal minimum" or "layak ke TPI" lists."""

    summary: CycleSummary
    unit: Unit


@dataclass
class YearTrend:
    year: int
    cycles: int
    completeness: Decimal | None
    mandiri: Decimal | None
    tpu: Decimal | None
    tpi: Decimal | None


@dataclass
class AreaTrend:
    area: Area
    mandiri: Decimal | None
    tpu: Decimal | None
    tpi: Decimal | None

    @property
    def optimism(self) -> Decimal | None:
        """How much higher the unit scored itself than the highest assessor level."""
        other = self.tpi if self.tpi is not None else self.tpu
        if self.mandiri is None or other is None:
            return None
        return self.mandiri - other


@dataclass
class Dashboard:
    year: int
    years: list[int]
    current: Unit | None  # None: several visible top units
    breadcrumb: list[Unit]
    rows: list[Row]
    total: Figures
    total_cells: dict[str, Cell]
    areas: list[Area]
    funnel: list[FunnelStep]
    outcomes: list[FunnelStep]
    backlog: list[Backlog]
    failing: list[Listed]
    failing_count: int
    eligible: list[Listed]
    eligible_count: int
    year_trend: list[YearTrend]
    area_trend: list[AreaTrend]
    refreshed_at: datetime | None
    stage_filter: str = ""
    stage_units: list[Listed] = field(default_factory=list)
    stage_count: int = 0

    @property
    def targets(self) -> list[tuple[str, str]]:
        return list(Target.choices)

    def chart_data(self) -> dict:
        """The figures the page's charts draw (the same as its tables)."""

        def f(value):
            return None if value is None else float(value)

        return {
            "funnel": {
                "labels": [s.label for s in self.funnel + self.outcomes],
                "series": [
                    {
                        "label": str(label),
                        "data": [s.per_target[i] for s in self.funnel + self.outcomes],
                    }
                    for i, (_code, label) in enumerate(Target.choices)
                ],
            },
            "years": {
                "labels": [t.year for t in self.year_trend],
                "series": [
                    {
                        "label": _("Kelengkapan bukti (%)"),
                        "data": [f(t.completeness) for t in self.year_trend],
                    },
                    {"label": _("Mandiri"), "data": [f(t.mandiri) for t in self.year_trend]},
                    {"label": "TPU", "data": [f(t.tpu) for t in self.year_trend]},
                    {"label": "TPI", "data": [f(t.tpi) for t in self.year_trend]},
                ],
            },
            "levels": {
                "labels": [t.area.code for t in self.area_trend],
                "series": [
                    {"label": _("Mandiri"), "data": [f(t.mandiri) for t in self.area_trend]},
                    {"label": "TPU", "data": [f(t.tpu) for t in self.area_trend]},
                    {"label": "TPI", "data": [f(t.tpi) for t in self.area_trend]},
                ],
            },
        }


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def dashboard_years(user) -> list[int]:
    visible = units_where(user, Capability.DASHBOARD_VIEW)
    return list(
        CycleSummary.objects.filter(unit__in=visible.values("pk"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def dashboard_year(user, year: int | None) -> tuple[int, list[int]]:
    """(the year asked for, or the newest with cycles in ``user``'s reach; every such
    year). 404 with a message for a year without cycles in the reach."""
    years = dashboard_years(user)
    if year is None:
        if not years:
            raise Http404(_("Belum ada siklus ZI dalam jangkauan dasbor Anda."))
        return years[0], years
    if year not in years:
        raise Http404(
            _("Tidak ada siklus ZI tahun %(year)s dalam jangkauan Anda.") % {"year": year}
        )
    return year, years


def dashboard_scope(user, unit_id: int | None) -> tuple[QuerySet[Unit], Unit | None, list[str]]:
    """(the units ``user`` may see on the dashboard, the unit looked at, the visible
    paths under it); 404 for a unit outside the reach (or of another agency)."""
    visible, unit, paths, _whole = _scope(user, unit_id)
    return visible, unit, paths


def _scope(user, unit_id: int | None) -> tuple[QuerySet[Unit], Unit | None, list[str], bool]:
    """``dashboard_scope`` and whether every unit under the unit looked at is visible.

    The units under it are read once, each with whether it is in the reach, so that a
    leader over a whole subtree (Pimpinan, Admin Instansi) costs no more queries than
    another: their summaries can then be scoped by the path prefix alone."""
    visible = units_where(user, Capability.DASHBOARD_VIEW)
    unit = None
    if unit_id is not None:
        unit = visible.filter(pk=unit_id).first()
        if unit is None:
            raise Http404(_("Unit tidak ditemukan dalam jangkauan dasbor Anda."))
    below = Unit.objects.all() if unit is None else Unit.objects.filter(path__startswith=unit.path)
    rows = list(
        below.annotate(seen=Exists(visible.filter(pk=OuterRef("pk"))))
        .order_by()
        .values_list("path", "seen")
    )
    paths = [path for path, seen in rows if seen]
    if unit is None:
        tops = visible_tops(paths, None)
        if len(tops) == 1:
            unit = visible.get(path=next(iter(tops)))
    whole = unit is not None and all(seen for path, seen in rows if path.startswith(unit.path))
    return visible, unit, paths, whole


def dashboard_for(
    user, *, year: int | None = None, unit_id: int | None = None, stage: str = ""
) -> Dashboard:
    """The dashboard of ``user`` for ``year`` (default: the newest with cycles) at the unit
    ``unit_id`` (default: the top of the reach). 404 for a year without cycles in the
    reach or a unit outside it."""
    visible, unit, paths, whole = _scope(user, unit_id)
    year, years = dashboard_year(user, year)

    if whole:
        # Every unit under the one shown is in the reach (a Pimpinan or an admin over
        # it): the path prefix alone is the scope. The reach condition, an EXISTS per
        # unit that the planner cannot estimate, would otherwise be joined into every
        # query below as a nested loop over the subtree's units (bench/dashboard.py).
        in_scope = CycleSummary.objects.filter(unit__path__startswith=unit.path)
    else:
        in_scope = CycleSummary.objects.filter(unit__in=visible.values("pk"))
        if unit is not None:
            in_scope = in_scope.filter(unit__path__startswith=unit.path)
    of_year = in_scope.filter(year=year)

    tops = visible_tops(paths, None if unit is None else unit.path)
    top_units = {u.path: u for u in visible.filter(path__in=list(tops)).order_by()}
    rows: dict[str, Row] = {}
    if unit is not None:
        rows[unit.path] = Row(unit=unit, own=True)
    for path in sorted(top_units):
        rows[path] = Row(unit=top_units[path], has_below=tops[path])

    def top(unit_field: str) -> Case:
        """The row a summary counts in: the unit looked at itself, else the top unit whose
        path its unit's path starts with (``unit_field``: the path's lookup)."""
        whens = [When(**{unit_field: unit.path}, then=Value(unit.path))] if unit else []
        whens += [
            When(**{f"{unit_field}__startswith": path}, then=Value(path)) for path in top_units
        ]
        return Case(*whens, output_field=CharField())

    for r in (
        of_year.annotate(top=top("unit__path"))
        .filter(top__isnull=False)
        .values("top")
        .annotate(
            n_cycles=Count("pk"),
            n_scored=Count("total"),
            n_failing=Count("pk", filter=Q(failing=True)),
            n_eligible=Count("pk", filter=Q(eligible_tpi=True)),
            mean_total=Avg("total"),
            one_cycle=Max("cycle_id"),
            one_stage=Max("stage"),
            one_target=Max("target"),
            **{f"n_{name}": Sum(name) for name in COUNTED},
        )
    ):
        row = rows[r["top"]]
        row.figures = Figures(
            cycles=r["n_cycles"],
            scored=r["n_scored"],
            failing=r["n_failing"],
            eligible=r["n_eligible"],
            total=_dec(r["mean_total"]),
            **{name: r[f"n_{name}"] for name in COUNTED},
        )
        if r["n_cycles"] == 1:
            row.cycle_id, row.stage, row.target = r["one_cycle"], r["one_stage"], r["one_target"]

    areas: dict[str, Area] = {}
    for r in (
        AreaSummary.objects.filter(summary__in=of_year.values("pk"))
        .annotate(top=top("summary__unit__path"))
        .filter(top__isnull=False)
        .values("top", "area")
        .annotate(
            mean=Avg("percent"),
            n_scored=Count("percent"),
            n_entries=Sum("entries"),
            n_satisfied=Sum("satisfied"),
            position=Min("order"),
            label=Max("name"),
        )
        .order_by("position", "area")
    ):
        areas.setdefault(r["area"], Area(r["area"], r["label"]))
        rows[r["top"]].cells[r["area"]] = Cell(
            r["area"], _dec(r["mean"]), r["n_scored"], r["n_entries"], r["n_satisfied"]
        )

    shown = [row for row in rows.values() if row.figures.cycles or (row.own and row.has_below)]
    total = Figures()
    total_cells = {code: Cell(code) for code in areas}
    for row in shown:
        total.add(row.figures)
        for code, cell in row.cells.items():
            total_cells[code].add(cell)

    funnel_counts: dict[str, dict[str, int]] = {}
    for r in of_year.order_by().values("stage", "target").annotate(n=Count("pk")):
        funnel_counts.setdefault(r["stage"], {})[r["target"]] = r["n"]
    labels = dict(Stage.choices)

    def step(stage):
        return FunnelStep(stage, str(labels[stage]), funnel_counts.get(stage, {}))

    backlog = [
        Backlog(r["position"], r["name"], r["n_waiting"], r["first"])
        for r in BacklogSummary.objects.filter(summary__in=of_year.values("pk"))
        .order_by()
        # One line per level as the people name it: a chain that skips a level (a Balai
        # straight to the TPI) has the same level at another position.
        .values("name")
        .annotate(position=Min("level"), n_waiting=Sum("waiting"), first=Min("oldest"))
        .order_by("position", "name")
    ]

    def listed(queryset, order):
        return [
            Listed(summary=s, unit=s.unit)
            for s in queryset.select_related("unit").order_by(*order)[:LIST_LIMIT]
        ]

    counts = of_year.aggregate(
        n_failing=Count("pk", filter=Q(failing=True)),
        n_eligible=Count("pk", filter=Q(eligible_tpi=True)),
        n_staged=Count("pk", filter=Q(stage=stage)),
        refreshed=Min("refreshed_at"),
    )
    failing = listed(of_year.filter(failing=True), ("total", "unit__path"))
    eligible = listed(of_year.filter(eligible_tpi=True), ("-total", "unit__path"))
    stage_units = listed(of_year.filter(stage=stage), ("unit__path",)) if stage else []

    year_trend = [
        YearTrend(
            r["year"],
            r["n_cycles"],
            share(r["n_satisfied"] or 0, r["n_entries"] or 0),
            _dec(r["mandiri"]),
            _dec(r["tpu"]),
            _dec(r["tpi"]),
        )
        for r in in_scope.order_by()
        .values("year")
        .annotate(
            n_cycles=Count("pk"),
            n_entries=Sum("entries"),
            n_satisfied=Sum("satisfied"),
            mandiri=Avg("total_mandiri"),
            tpu=Avg("total_tpu"),
            tpi=Avg("total_tpi"),
        )
        .order_by("year")
    ]
    area_trend = [
        AreaTrend(areas[r["area"]], _dec(r["mandiri"]), _dec(r["tpu"]), _dec(r["tpi"]))
        for r in AreaSummary.objects.filter(summary__in=of_year.values("pk"))
        .order_by()
        .values("area")
        .annotate(
            mandiri=Avg("percent_mandiri"),
            tpu=Avg("percent_tpu"),
            tpi=Avg("percent_tpi"),
            position=Min("order"),
        )
        .order_by("position", "area")
        if r["area"] in areas
    ]
    breadcrumb = (
        list(visible.filter(path__in=unit.ancestor_paths()).order_by("path"))
        if unit is not None
        else []
    )
    return Dashboard(
        year=year,
        years=years,
        current=unit,
        breadcrumb=breadcrumb,
        rows=shown,
        total=total,
        total_cells=total_cells,
        areas=list(areas.values()),
        funnel=[step(s) for s in MAIN_LINE],
        outcomes=[step(s) for s in OUTCOMES],
        backlog=backlog,
        failing=failing,
        failing_count=counts["n_failing"],
        eligible=eligible,
        eligible_count=counts["n_eligible"],
        year_trend=year_trend,
        area_trend=area_trend,
        refreshed_at=counts["refreshed"],
        stage_filter=stage,
        stage_units=stage_units,
        stage_count=counts["n_staged"],
    )


# --- Exports (xlsx, PDF, API): the whole lists, and the PDF requests ----------------------

# The order of each list, as the page shows its first LIST_LIMIT.
LISTS = {
    "failing": (Q(failing=True), ("total", "unit__path")),
    "eligible": (Q(eligible_tpi=True), ("-total", "unit__path")),
}


def dashboard_listed(user, dash: Dashboard, which: str) -> list[Listed]:
    """The whole "gagal minimum" (``failing``) or "layak ke TPI" (``eligible``) list of
    the view ``dash`` (the page shows the first LIST_LIMIT): for the exports and the API.
    One query, whatever its length."""
    condition, order = LISTS[which]
    visible = units_where(user, Capability.DASHBOARD_VIEW)
    rows = CycleSummary.objects.filter(condition, unit__in=visible.values("pk"), year=dash.year)
    if dash.current is not None:
        rows = rows.filter(unit__path__startswith=dash.current.path)
    return [Listed(summary=s, unit=s.unit) for s in rows.select_related("unit").order_by(*order)]


def dashboard_exports_of(user) -> QuerySet[DashboardExport]:
    """``user``'s own PDF requests in the active agency, newest first."""
    return (
        DashboardExport.objects.filter(requested_by=user)
        .select_related("unit", "pdf_file")
        .order_by("-created_at", "-pk")
    )


def get_dashboard_export_for_user(user, pk) -> DashboardExport:
    """One of ``user``'s PDF requests; 404 for another person's, another agency's or a
    missing one alike."""
    return get_or_404(dashboard_exports_of(user), pk=pk)


def dashboard_whole(user, *, year: int | None = None, unit_id: int | None = None) -> Dashboard:
    """``dashboard_for`` with its two lists whole (the exports and the API): the same
    checks (404 for an unknown year or a unit outside the reach), two queries more."""
    dash = dashboard_for(user, year=year, unit_id=unit_id)
    dash.failing = dashboard_listed(user, dash, "failing")
    dash.eligible = dashboard_listed(user, dash, "eligible")
    return dash


@dataclass
class RuleFigure:
    """A failed rule of the engine (``RuleOutcome.to_dict()``) with its figures as
    numbers: for the exports, which write numbers where the page writes text."""

    label: str
    area: str
    unit: str  # "percent", "points", or "" for a prior predicate not held
    value: Decimal | None
    bound: Decimal | None


def rule_figures(rule: dict) -> RuleFigure:
    def number(raw) -> Decimal | None:
        if isinstance(raw, bool) or raw in (None, ""):
            return None
        try:
            return Decimal(str(raw))
        except ArithmeticError:
            return None

    unit = rule.get("unit") or ""
    return RuleFigure(
        label=str(rule.get("label", "")),
        area=str(rule.get("area") or ""),
        unit=unit,
        value=number(rule.get("value")) if unit else None,
        bound=number(rule.get("bound")) if unit else None,
    )
