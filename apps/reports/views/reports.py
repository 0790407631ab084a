"""Pages of reports: the list of what the user may read, a cycle's months, one report with
the team's forms and the head's decision. Thin: reads through the selectors (404 for
anything the user may not read), writes through the services with ``perform``/``submit``."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.core.actions import perform, submit
from apps.core.dates import MONTHS
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.models import YEAR_MAX, YEAR_MIN

from .. import access, sections, services
from ..agents.selectors import cycle_agents, cycle_quarters
from ..annual_document import annual_document
from ..document import document
from ..forms import (
    AgentTextsForm,
    DraftForm,
    NotesForm,
    ReasonForm,
    RecommendationForm,
    report_form_class,
)
from ..models import OPEN, Kind, ReportStatus
from ..periods import quarter_of
from ..selectors import (
    cycle_periods,
    deadlines,
    get_report_cycle_for_user,
    get_report_for_user,
    history,
    last_return_reason,
    overdue_filter,
    report_list,
    revisions_of,
)
from ..services.flow import monev_only_message

OVERDUE = "terlambat"


def _int(value, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


class ReportListView(TenantMemberRequiredMixin, View):
    """Every report the user may read, newest month first; filters by month and state
    (``terlambat``: not issued by the calendar's deadline). The calendar's monev
    deadlines link here with ``?bulan=YYYY-MM``."""

    def get(self, request):
        year = _int(request.GET.get("tahun"), YEAR_MIN, YEAR_MAX)
        month = None
        raw = request.GET.get("bulan", "")
        if raw:
            parts = raw.split("-")
            if len(parts) == 2:
                year = _int(parts[0], YEAR_MIN, YEAR_MAX)
                month = _int(parts[1], 1, 12)
            if year is None or month is None:
                raise Http404
        status = request.GET.get("status", "")
        if status not in (*ReportStatus.values, OVERDUE):
            status = ""
        reports = report_list(request.user, year=year, month=month, status=status)
        if status == OVERDUE:
            reports = overdue_filter(reports, tenant=request.tenant)
        page = Paginator(reports, 50).get_page(request.GET.get("page"))
        deadlines(list(page.object_list), tenant=request.tenant)
        context = {
            "page": page,
            "year": year,
            "month": month,
            "month_name": MONTHS[month - 1] if month else "",
            "status": status,
            "statuses": [*ReportStatus.choices, (OVERDUE, _("Terlambat"))],
        }
        return render(request, "reports/list.html", context)


class CycleReportsView(TenantMemberRequiredMixin, View):
    """A cycle's monev reports month by month and its change agents' reports quarter by
    quarter: state, deadline, overdue, the PDF; the agents' recording pages."""

    def get(self, request, cycle_pk, form=None, status=200):
        cycle = get_report_cycle_for_user(request.user, cycle_pk)
        rows = cycle_periods(cycle)
        can_write = access.can_write_for(request.user, cycle.unit, Kind.MONEV)
        draftable = [row for row in rows if row.draftable]
        if can_write and draftable and form is None:
            form = DraftForm(initial={"month": str(draftable[-1].start.month)})
        if form is not None and draftable:
            form.fields["month"].choices = [(str(row.start.month), row.label) for row in draftable]
        context = {
            "cycle": cycle,
            "rows": rows,
            "quarters": cycle_quarters(cycle),
            "agents": cycle_agents(cycle),
            "can_write": can_write,
            # A refused form is shown with its message even when no month is left.
            "form": form if can_write else None,
        }
        return render(request, "reports/cycle.html", context, status=status)

    def post(self, request, cycle_pk):
        cycle = get_report_cycle_for_user(request.user, cycle_pk)
        form = DraftForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.report_draft(
                actor=request.user,
                cycle=cycle,
                kind=Kind.MONEV,
                year=cycle.year,
                month=form.cleaned_data["month"],
            ),
            success=lambda report: _("%(report)s dibuat sebagai draf.") % {"report": report},
            redirect_to=lambda report: reverse("reports:detail", args=[report.pk]),
        )
        if response is not None:
            return response
        return self.get(request, cycle_pk, form=form, status=400)


def agent_report_context(request, report, **forms) -> dict:
    """The FRM-05 page: the document as the PDF prints it (live while a draft), the
    workflow's buttons, and what is still missing before the agent may submit."""
    user = request.user
    can_edit = report.is_editable and access.can_edit(user, report)
    can_approve = report.status == ReportStatus.SUBMITTED and access.can_approve(user, report)
    deadlines([report], tenant=request.tenant)
    steps = history(report)
    context = {
        "report": report,
        "cycle": report.cycle,
        "doc": document(report, sections.of(report)),
        "live": report.is_editable,
        "can_edit": can_edit,
        "can_approve": can_approve,
        "missing": services.missing_for_submission(report) if can_edit else [],
        "history": steps,
        "return_reason": last_return_reason(steps)
        if report.status == ReportStatus.RETURNED
        else "",
        "revisions": revisions_of(report),
        "quarter_param": f"{report.period_start.year}-{quarter_of(report.period_start)}",
    }
    if can_edit:
        context["texts_form"] = forms.get("texts_form") or AgentTextsForm(
            initial=AgentTextsForm.initial_of(report)
        )
    if can_approve:
        context["return_form"] = forms.get("return_form") or ReasonForm()
    return context


def detail_template(report) -> str:
    """The report page of its kind (FRM-05 has its own; monev and the annual share one)."""
    if report.kind == Kind.AGEN_PERUBAHAN:
        return "reports/agent_detail.html"
    return "reports/detail.html"


def monev_only(request, report):
    """The page again (400) with why, when a monev section's form was sent for another
    kind's report (it has no meeting, activity notes or recommendations of its own)."""
    if report.kind == Kind.MONEV:
        return None
    messages.error(request, monev_only_message())
    return render(request, detail_template(report), report_context(request, report), status=400)


def report_context(request, report, **forms) -> dict:
    if report.kind == Kind.AGEN_PERUBAHAN:
        return agent_report_context(request, report, **forms)
    user = request.user
    can_edit = report.is_editable and access.can_edit(user, report)
    can_approve = report.status == ReportStatus.SUBMITTED and access.can_approve(user, report)
    current = sections.of(report)
    annual = report.kind == Kind.TAHUNAN
    doc = annual_document(report, current) if annual else document(report, current)
    deadlines([report], tenant=request.tenant)
    steps = history(report)
    revisions = revisions_of(report)
    c_rows = [] if annual else [row for area in doc["c"]["areas"] for row in area["rows"]]
    context = {
        "report": report,
        "cycle": report.cycle,
        "annual": annual,
        "doc": doc,
        "live": report.is_editable,
        "can_edit": can_edit,
        "can_approve": can_approve,
        "can_correct": report.status == ReportStatus.ISSUED
        and access.can_edit(user, report)
        and not any(r.status in OPEN for r in revisions),
        "can_attach_scan": report.is_published and access.can_attach_scan(user, report),
        "missing": services.missing_for_submission(report) if can_edit else [],
        "history": steps,
        "return_reason": last_return_reason(steps)
        if report.status == ReportStatus.RETURNED
        else "",
        "revisions": revisions,
        "computed_at": current.get("computed_at"),
    }
    if can_edit:
        form_class = report_form_class(report)
        context["report_form"] = forms.get("report_form") or form_class(
            initial=form_class.initial_of(report)
        )
        context["notes_form"] = forms.get("notes_form") or NotesForm(rows=c_rows)
        context["recommendation_form"] = forms.get("recommendation_form") or RecommendationForm(
            unit_id=report.unit_id
        )
    if can_approve:
        context["return_form"] = forms.get("return_form") or ReasonForm()
    if context["can_correct"]:
        context["correct_form"] = forms.get("correct_form") or ReasonForm()
    return context


class ReportDetailView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        report = get_report_for_user(request.user, pk)
        return render(request, detail_template(report), report_context(request, report))


def _again(request, report, **forms):
    """The report page again (400) with the refused form; when the page no longer shows
    that form (the report was submitted or issued meanwhile), its message as a message."""
    context = report_context(request, report, **forms)
    for name, form in forms.items():
        if name not in context:
            for error in form.non_field_errors():
                messages.error(request, error)
    return render(request, detail_template(report), context, status=400)


class ReportUpdateView(TenantMemberRequiredMixin, View):
    """Sections A, D and E (the team); the annual report's narrative parts."""

    def post(self, request, pk):
        report = get_report_for_user(request.user, pk)
        if report.kind == Kind.AGEN_PERUBAHAN:
            return monev_only(request, report)
        form = report_form_class(report)(request.POST)
        response = submit(
            request,
            form,
            lambda: services.report_update(actor=request.user, report=report, **form.cleaned_data),
            success=_("Isi laporan disimpan."),
            redirect_to=lambda _saved: reverse("reports:detail", args=[report.pk]) + "#bagian-a",
        )
        return response or _again(request, report, report_form=form)


class ReportNotesView(TenantMemberRequiredMixin, View):
    """The team's notes per activity of section C."""

    def post(self, request, pk):
        report = get_report_for_user(request.user, pk)
        if refused := monev_only(request, report):
            return refused
        rows = [r for a in sections.section_c(report)["areas"] for r in a["rows"]]
        form = NotesForm(request.POST, rows=rows)
        response = submit(
            request,
            form,
            lambda: services.report_notes_update(
                actor=request.user, report=report, notes=form.notes()
            ),
            success=_("Catatan kegiatan disimpan."),
            redirect_to=lambda _saved: reverse("reports:detail", args=[report.pk]) + "#bagian-c",
        )
        return response or _again(request, report, notes_form=form)


class ReportSubmitView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        report = get_report_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.report_submit(actor=request.user, report=report),
            success=_("Laporan diajukan ke Pimpinan Unit untuk disetujui."),
            redirect_to=("reports:detail", report.pk),
        )


class ReportReturnView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        report = get_report_for_user(request.user, pk)
        form = ReasonForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.report_return(
                actor=request.user, report=report, reason=form.cleaned_data["reason"]
            ),
            success=_("Laporan dikembalikan ke tim penyusun."),
            redirect_to=("reports:detail", report.pk),
        )
        return response or _again(request, report, return_form=form)


class ReportApproveView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        report = get_report_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.report_approve(actor=request.user, report=report),
            success=_("Laporan disetujui dan terbit. PDF-nya sedang dibuat."),
            redirect_to=("reports:detail", report.pk),
        )


class ReportCorrectView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        report = get_report_for_user(request.user, pk)
        form = ReasonForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.report_correct(
                actor=request.user, report=report, reason=form.cleaned_data["reason"]
            ),
            success=lambda correction: (
                _("Koreksi (revisi %(n)s) dibuat sebagai draf; laporan yang terbit tetap berlaku.")
                % {"n": correction.revision}
            ),
            redirect_to=lambda correction: reverse("reports:detail", args=[correction.pk]),
        )
        return response or _again(request, report, correct_form=form)
