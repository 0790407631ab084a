"""Each employee's Pakta Integritas as a PDF in the FRM-02 layout: made once by the worker
when the pact is signed online or recorded from its scan (``tasks.render_pact_pdf``),
kept with the pact, and made at once by the download link when the worker has not run
yet (``apps.files.generated``). Like the charter's PDF, making it is not audited: the
signature or the recorded scan is (``pact.sign``, ``pact.scan``)."""

from apps.core.pdf import render_pdf
from apps.core.queue import enqueue_on_commit
from apps.files.generated import GeneratedFile, generated_file_get, generated_file_make
from apps.files.models import StoredFile
from apps.units.letterhead import letterhead

from ..models import Pact

PACT_PDF = GeneratedFile(file="pdf_file", state="pdf_state", claimed_at="pdf_claimed_at")


def pact_pdf_queue(pact: Pact) -> None:
    """Queue the worker for a pact saved with its PDF due (``pdf_state`` pending), once
    the transaction commits."""
    from ..tasks import render_pact_pdf

    enqueue_on_commit(render_pact_pdf, pact.tenant_id, pact.pk)


def _rows():
    return Pact.objects.select_related("employee", "placement", "unit", "unit__tenant", "signer")


def _render(pact: Pact):
    from ..selectors import pact_pdf_context

    context = pact_pdf_context(pact)
    context["kop"] = letterhead(pact.unit)
    data = render_pdf("declaration/pact_pdf.html", context)
    return pact.unit, f"pakta-integritas-{pact.employee.nip}-{pact.unit.code}.pdf", data


def pact_pdf_make(*, pact_id: int, actor=None) -> StoredFile | None:
    """Render the pact as a PDF and keep it (the worker's task). The row is claimed
    first: None when its PDF is not due (made already or being made)."""
    return generated_file_make(
        queryset=_rows(),
        pk=pact_id,
        columns=PACT_PDF,
        render=_render,
        actor=actor,
    )


def pact_pdf_store(*, pact: Pact, actor=None) -> StoredFile | None:
    """The pact's stored PDF, for the download link: made now when the worker has not run
    yet, waited for while the worker is making it. None only when that run is still at it
    after the wait (``generated_file_get``)."""
    return generated_file_get(
        queryset=_rows(),
        pk=pact.pk,
        columns=PACT_PDF,
        render=_render,
        actor=actor,
    )
