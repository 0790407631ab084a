"""Writes of the dashboard: a leader asks for the view as a PDF (for a leadership
meeting), the worker renders it (``tasks.render_dashboard_pdf``).

The request is a ``DashboardExport`` row (year, unit, requester) made due (pending) and
queued on commit; the task claims the row, renders the view the requester sees *now*
(``selectors.dashboard_whole``: their reach at rendering time, so a role revoked in
between is not rendered) and keeps the file (``apps.files.generated``). A run that fails
records why and leaves nothing due (the state blank): the page shows the reason and a new
request can be made; a run lost with the broker or a killed worker is queued again by
the beat job ``render-missing-dashboard-pdfs``. The row itself is the record of the
export (who, what, when), as the outbox row is of an e-mail.
"""

import logging

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core.choices import RenderState
from apps.core.pdf import render_pdf
from apps.core.queue import enqueue_on_commit
from apps.files.generated import GeneratedFile, generated_file_make
from apps.files.models import StoredFile
from apps.units.letterhead import letterhead
from apps.units.models import Unit

from .excel import scope_name
from .models import DashboardExport
from .selectors import (
    WBBM_MINIMUM,
    WBK_MINIMUM,
    dashboard_scope,
    dashboard_whole,
    dashboard_year,
    rule_figures,
)

logger = logging.getLogger(__name__)

EXPORT_PDF = GeneratedFile(file="pdf_file", state="pdf_state", claimed_at="pdf_claimed_at")
IN_PROGRESS = (RenderState.PENDING, RenderState.RUNNING)


def dashboard_export_rows():
    return DashboardExport.objects.select_related("requested_by", "unit", "tenant")


@transaction.atomic
def dashboard_export_request(
    *, actor, tenant, year: int | None = None, unit_id: int | None = None
) -> DashboardExport:
    """Ask for the dashboard view (``year``, ``unit_id``; defaults as the page's) as a PDF.
    404 (with the page's message) for a unit outside ``actor``'s reach or a year without
    cycles in it. The same view asked again while its PDF is being made is that request,
    not a second one."""
    _visible, unit, _paths = dashboard_scope(actor, unit_id)
    year, _years = dashboard_year(actor, year)
    running = (
        DashboardExport.objects.filter(
            requested_by=actor, year=year, unit=unit, pdf_state__in=IN_PROGRESS
        )
        .order_by("-pk")
        .first()
    )
    if running is not None:
        return running
    export = DashboardExport(
        tenant=tenant, requested_by=actor, year=year, unit=unit, pdf_state=RenderState.PENDING
    )
    export.full_clean()
    export.save()
    # Who took the leadership figures of which scope out of the portal.
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.DASHBOARD_EXPORT,
        instance=export,
        after={"year": year, "unit": unit.pk if unit else None},
    )
    from .tasks import render_dashboard_pdf

    enqueue_on_commit(render_dashboard_pdf, export.tenant_id, export.pk)
    return export


def _file_unit(export: DashboardExport, dash) -> Unit:
    """The unit the stored file belongs to: the unit looked at, else the first unit of
    the view (several top units), else the agency's root."""
    if dash.current is not None:
        return dash.current
    if dash.rows:
        return dash.rows[0].unit
    return Unit.objects.filter(tenant_id=export.tenant_id, depth=1).order_by("path").first()


def dashboard_pdf_context(export: DashboardExport) -> dict:
    dash = dashboard_whole(export.requested_by, year=export.year, unit_id=export.unit_id)
    unit = _file_unit(export, dash)
    failing = [
        {"item": item, "rules": [rule_figures(r) for r in item.summary.failed_rules]}
        for item in dash.failing
    ]
    steps = dash.funnel + dash.outcomes
    return {
        "dash": dash,
        "steps": steps,
        "funnel_max": max((s.total for s in steps), default=0),
        "layers": [
            ("skor", _("Nilai per area (% dari bobot area)")),
            ("kelengkapan", _("Kelengkapan bukti per area")),
        ],
        "unit": unit,
        "kop": letterhead(unit),
        "scope": scope_name(dash),
        "failing": failing,
        "requested_by": export.requested_by,
        "made_at": timezone.now(),
        "wbk_minimum": WBK_MINIMUM,
        "wbbm_minimum": WBBM_MINIMUM,
    }


def _render(export: DashboardExport):
    context = dashboard_pdf_context(export)
    where = context["dash"].current.code if context["dash"].current else export.tenant.code
    name = f"dasbor-{where}-{export.year}-{export.pk}.pdf".lower()
    return context["unit"], name, render_pdf("dashboard/dashboard_pdf.html", context)


def _finished(export: DashboardExport, stored: StoredFile) -> None:
    DashboardExport.objects.filter(pk=export.pk).update(finished_at=timezone.now(), error="")


def _record_failure(export_id: int, message: str) -> None:
    """The run failed (the generated-file claim gave the row back as pending): nothing is
    due any more, and the reason is kept for the page."""
    DashboardExport.objects.filter(
        pk=export_id, pdf_state=RenderState.PENDING, pdf_file__isnull=True
    ).update(pdf_state="", error=message, finished_at=timezone.now())


def dashboard_pdf_make(*, export_id: int) -> StoredFile | None:
    """Render and keep the requested PDF (the worker's task). The row is claimed first:
    None when it is not due (made already, being made, failed) or the run failed (the
    reason is recorded on the row)."""
    try:
        return generated_file_make(
            queryset=dashboard_export_rows(),
            pk=export_id,
            columns=EXPORT_PDF,
            render=_render,
            on_ready=_finished,
        )
    except Http404 as exc:
        # The requester's reach changed since the request (a role revoked, a unit moved).
        _record_failure(export_id, str(exc) or _("Data dasbor tidak ditemukan."))
    except Exception:
        logger.exception("dashboard PDF %s could not be made", export_id)
        _record_failure(
            export_id,
            _(
                "PDF tidak dapat dibuat karena kesalahan sistem. Buat ulang; bila terulang, "
                "hubungi admin."
            ),
        )
    return None
