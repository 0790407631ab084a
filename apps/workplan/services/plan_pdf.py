"""A ratified Rencana Kerja as a PDF: made once per ratified revision by the worker when
the Pimpinan Unit ratifies it (``tasks.render_plan_pdf``), kept with the revision (also
once it is superseded), and made at once by the download link when the worker has not
run yet (``apps.files.generated``). Like the charter's PDF, making it is not audited:
the ratification is (``plan.ratify``)."""

from apps.core.pdf import render_pdf
from apps.core.queue import enqueue_on_commit
from apps.files.generated import GeneratedFile, generated_file_get, generated_file_make
from apps.files.models import StoredFile
from apps.units.letterhead import letterhead

from ..models import PlanRevision, RevisionStatus

PLAN_PDF = GeneratedFile(file="pdf_file", state="pdf_state", claimed_at="pdf_claimed_at")
# The revisions that have a PDF: ratified, in force or superseded since.
WITH_PDF = (RevisionStatus.RATIFIED, RevisionStatus.SUPERSEDED)


def plan_pdf_queue(revision: PlanRevision) -> None:
    """Queue the worker for a revision saved with its PDF due, once committed."""
    from ..tasks import render_plan_pdf

    enqueue_on_commit(render_plan_pdf, revision.tenant_id, revision.pk)


def plan_pdf_rows():
    return PlanRevision.objects.filter(status__in=WITH_PDF).select_related(
        "cycle", "unit", "unit__tenant", "ratified_by"
    )


def _render(revision: PlanRevision):
    from ..selectors import plan_pdf_context

    context = plan_pdf_context(revision)
    context["kop"] = letterhead(revision.unit)
    data = render_pdf("workplan/plan_pdf.html", context)
    name = f"rencana-kerja-{revision.unit.code}-{revision.cycle.year}-rev{revision.number}.pdf"
    return revision.unit, name, data


def plan_pdf_make(*, revision_id: int, actor=None) -> StoredFile | None:
    """Render the ratified revision as a PDF and keep it (the worker's task). The row is
    claimed first: None when its PDF is not due (made already, being made, or the
    revision is a draft)."""
    return generated_file_make(
        queryset=plan_pdf_rows(), pk=revision_id, columns=PLAN_PDF, render=_render, actor=actor
    )


def plan_pdf_store(*, revision: PlanRevision, actor=None) -> StoredFile | None:
    """The revision's stored PDF, for the download link: made now when the worker has not
    run yet, waited for while the worker is making it. None when that run is still at it
    after the wait, or the revision has none (a draft)."""
    return generated_file_get(
        queryset=plan_pdf_rows(), pk=revision.pk, columns=PLAN_PDF, render=_render, actor=actor
    )
