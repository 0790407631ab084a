"""What the public gets to read of a survey: the respondents' suggestions reviewed by the
unit, the publication of a closed survey, and its report PDF (rendered by the worker,
``tasks.render_survey_report``, kept with the survey; ``apps.files.generated``).

Nothing a respondent typed is ever shown publicly before the unit approved it. A survey is
published only when closed (its figures are final) and only once no suggestion waits for
review: the report PDF, made once at publication, lists the approved suggestions, so a
suggestion reviewed afterwards would be missing from it. A review changed after
publication (a suggestion hidden after all) makes the PDF due again, so page and PDF
always say the same.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core import workflow
from apps.core.choices import RenderState
from apps.core.pdf import render_pdf
from apps.files.generated import GeneratedFile, generated_file_get, generated_file_make
from apps.files.models import StoredFile
from apps.units.letterhead import letterhead

from ..access import require_manage
from ..models import Response, Status, SuggestionState, Survey

REPORT_FILE = GeneratedFile(
    file="report_file", state="report_state", claimed_at="report_claimed_at"
)
REVIEW_STATES = (SuggestionState.APPROVED, SuggestionState.HIDDEN)
MAX_REVIEW = 500


def _queue_report(survey: Survey) -> None:
    from apps.core.queue import enqueue_on_commit

    from ..tasks import render_survey_report

    # A broker outage only delays the PDF: the beat job renders missing reports, and the
    # download renders it on demand.
    enqueue_on_commit(render_survey_report, survey.tenant_id, survey.pk)


@transaction.atomic
def suggestions_review(*, actor, survey: Survey, response_ids, state: str) -> int:
    """Approve (shown publicly) or hide the suggestions of the responses ``response_ids``
    of ``survey``; returns how many changed. Ids of other surveys, or of responses without
    a suggestion, are refused, nothing changed."""
    survey = workflow.lock(survey, select_related=("unit", "unit__tenant"))
    require_manage(actor, survey.unit)
    if state not in REVIEW_STATES:
        raise ValidationError(_("Pilih: tampilkan atau sembunyikan."))
    try:
        ids = sorted({int(pk) for pk in response_ids})
    except (TypeError, ValueError):
        raise ValidationError(_("Pilihan saran tidak sah.")) from None
    if not ids:
        raise ValidationError(_("Pilih paling sedikit satu saran."))
    if len(ids) > MAX_REVIEW:
        raise ValidationError(_("Paling banyak %(n)s saran sekali tinjau.") % {"n": MAX_REVIEW})
    rows = list(
        Response.objects.select_for_update(of=("self",))
        .filter(survey=survey, pk__in=ids)
        .exclude(suggestion_state=SuggestionState.NONE)
        .values_list("pk", "suggestion_state")
    )
    if len(rows) != len(ids):
        raise ValidationError(_("Sebagian saran yang dipilih bukan saran survei ini."))
    changing = [pk for pk, current in rows if current != state]
    if changing:
        Response.objects.filter(pk__in=changing).update(
            suggestion_state=state, reviewed_at=timezone.now(), reviewed_by=actor
        )
    if changing and survey.published_at is not None:
        survey.report_state = RenderState.PENDING
        survey.save(update_fields=["report_state", "updated_at"])
        _queue_report(survey)
    audit_record(
        actor=actor,
        tenant=survey.unit.tenant,
        action=AuditAction.SURVEY_SUGGESTION_REVIEW,
        instance=survey,
        before={str(pk): current for pk, current in rows if pk in changing},
        after={"state": state, "responses": changing},
    )
    return len(changing)


def publish_refusals(
    survey: Survey, pending: int, respondents: int, analysis: str | None = None
) -> list[str]:
    """Why ``survey`` cannot be published now (empty: it can), for the page and the
    service alike. ``analysis``: the text about to be saved with the publication (else the
    saved one); the report is made with it and it is frozen once published."""
    reasons = []
    if survey.published_at is not None:
        reasons.append(_("Hasil survei ini sudah dipublikasikan."))
    elif survey.status != Status.CLOSED:
        reasons.append(
            _("Hanya survei yang sudah ditutup yang dapat dipublikasikan (hasilnya final).")
        )
    if survey.published_at is None and respondents == 0:
        reasons.append(_("Survei ini belum punya responden: tidak ada hasil untuk dipublikasikan."))
    if survey.published_at is None and pending:
        reasons.append(
            _(
                "Masih ada %(n)s saran responden yang belum ditinjau. Tinjau dulu semua saran "
                "(tampilkan atau sembunyikan): laporan publikasi memuat saran yang disetujui."
            )
            % {"n": pending}
        )
    text = survey.analysis if analysis is None else analysis
    if survey.published_at is None and not (text or "").strip():
        reasons.append(
            _(
                "Tuliskan dan simpan analisis hasil terlebih dahulu: laporan yang "
                "dipublikasikan memuatnya, dan analisis tidak dapat diubah setelah publikasi."
            )
        )
    return reasons


@transaction.atomic
def survey_publish(*, actor, survey: Survey, analysis: str | None = None) -> Survey:
    """Publish a closed survey's results: the public page opens and the report PDF is due
    (rendered by the worker). ``analysis``, when given, is saved with it."""
    survey = workflow.lock(survey, select_related=("unit", "unit__tenant"))
    require_manage(actor, survey.unit)
    responses = Response.objects.filter(survey=survey)
    pending = responses.filter(suggestion_state=SuggestionState.PENDING).count()
    reasons = publish_refusals(survey, pending, responses.count(), analysis)
    if reasons:
        raise ValidationError(reasons)
    fields = ["published_at", "published_by", "report_state", "updated_at"]
    if analysis is not None:
        survey.analysis = analysis.strip()
        fields.append("analysis")
    survey.published_at = timezone.now()
    survey.published_by = actor
    survey.report_state = RenderState.PENDING
    survey.full_clean()
    survey.save(update_fields=fields)
    audit_record(
        actor=actor,
        tenant=survey.unit.tenant,
        action=AuditAction.SURVEY_PUBLISH,
        instance=survey,
        after={"published_at": survey.published_at.isoformat(), "analysis": survey.analysis},
    )
    _queue_report(survey)
    return survey


# --- The report PDF ---------------------------------------------------------------------------


def _render_report(survey: Survey):
    from ..selectors import report_context

    context = report_context(survey)
    context["kop"] = letterhead(survey.unit)
    name = (
        f"laporan-{survey.short_kind.lower()}-{survey.unit.code}-{survey.year}-{survey.period}.pdf"
    )
    return survey.unit, name, render_pdf("surveys/report_pdf.html", context)


def _report_audit(actor):
    def record(survey: Survey, stored: StoredFile) -> None:
        audit_record(
            actor=actor,
            tenant=survey.unit.tenant,
            action=AuditAction.SURVEY_PDF,
            instance=survey,
            after={"report_file": stored.pk},
        )

    return record


def report_rows():
    """The surveys that have a report: published ones."""
    return Survey.objects.filter(published_at__isnull=False).select_related(
        "unit", "unit__tenant", "published_by"
    )


def survey_report_make(*, survey_id: int, actor=None) -> StoredFile | None:
    """Render the report PDF of a published survey and keep it (the worker's task). The
    row is claimed first: None when its report is not due."""
    return generated_file_make(
        queryset=report_rows(),
        pk=survey_id,
        columns=REPORT_FILE,
        render=_render_report,
        on_ready=_report_audit(actor),
        actor=actor,
    )


def survey_report_store(*, survey: Survey, actor=None) -> StoredFile | None:
    """The published report, for a download: the kept file, made now when the worker has
    not run yet, waited for while the worker is making it (None if still at it)."""
    if survey.published_at is None:
        raise ValidationError(_("Laporan survei ada setelah hasilnya dipublikasikan."))
    if survey.report_state == RenderState.READY and survey.report_file_id:
        return survey.report_file
    made = generated_file_get(
        queryset=report_rows(),
        pk=survey.pk,
        columns=REPORT_FILE,
        render=_render_report,
        on_ready=_report_audit(actor),
        actor=actor,
    )
    if made is None and survey.report_file_id:
        return survey.report_file  # the previous one while the worker makes the new
    return made
