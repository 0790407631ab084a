"""The public's answers: one respondent's form, checked and stored in one transaction.

This is the one write anybody on the internet can cause, so everything is decided here
from the link (never from what the form claims): the survey, the unit, the service and
desk of a QR code; a personal link is spent by its answer (a conditional update, and a
unique index on the response behind it, so two tabs or a replay cannot answer twice).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record

from ..models import (
    SUGGESTION_MAX,
    AgeBand,
    Education,
    Link,
    LinkKind,
    Occupation,
    Response,
    ResponseAnswer,
    Service,
    Sex,
    Status,
    SuggestionState,
)

DEMOGRAPHICS = {
    "sex": Sex,
    "age_band": AgeBand,
    "education": Education,
    "occupation": Occupation,
}


def _refuse(message: str, field: str | None = None):
    return ValidationError({field: message} if field else message)


@transaction.atomic
def response_record(
    *,
    link: Link,
    answers: dict[str, int | None],
    service: Service | None = None,
    sex: str = "",
    age_band: str = "",
    education: str = "",
    occupation: str = "",
    suggestion: str = "",
) -> Response:
    """Store one respondent's answers given through ``link``.

    ``answers`` maps item codes to 1 … the survey's scale, or None for a blank; at least
    one item must be answered, every code must be the survey's. ``service`` is taken from
    the link when it names one; otherwise the respondent's choice among the survey's
    services (optional). Refusals raise ``ValidationError`` with Indonesian messages and
    leave nothing written.
    """
    link = (
        Link.objects.select_for_update(of=("self",))
        .select_related("survey", "survey__unit", "survey__unit__tenant", "service")
        .get(pk=link.pk)
    )
    survey = link.survey
    if survey.status != Status.OPEN:
        raise _refuse(
            _("Survei ini sudah ditutup dan tidak menerima jawaban lagi.")
            if survey.status == Status.CLOSED
            else _("Survei ini belum dibuka.")
        )
    if survey.closes_on and timezone.localdate() > survey.closes_on:
        raise _refuse(_("Masa pengisian survei ini sudah berakhir."))
    if link.kind == LinkKind.PERSONAL and link.used_at is not None:
        raise _refuse(_("Tautan ini sudah dipakai untuk menjawab. Terima kasih."))

    items = {item.code: item for item in survey.items.all()}
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise _refuse(_("Pertanyaan tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)})
    rows = []
    for code, value in answers.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= survey.scale:
            raise _refuse(
                _("Jawaban %(code)s harus salah satu pilihan 1–%(k)s.")
                % {"code": code, "k": survey.scale},
                code,
            )
        rows.append((items[code], value))
    if not rows:
        raise _refuse(_("Jawab paling sedikit satu pertanyaan."))

    demographics = {
        "sex": sex,
        "age_band": age_band,
        "education": education,
        "occupation": occupation,
    }
    for field, value in demographics.items():
        if value and value not in DEMOGRAPHICS[field].values:
            raise _refuse(_("Pilihan tidak sah."), field)
    suggestion = (suggestion or "").strip()
    if len(suggestion) > SUGGESTION_MAX:
        raise _refuse(
            _("Saran paling panjang %(n)s karakter (tertulis %(m)s).")
            % {"n": SUGGESTION_MAX, "m": len(suggestion)},
            "suggestion",
        )

    if link.service_id:
        service = link.service
    elif service is not None and service.survey_id != survey.pk:
        raise _refuse(_("Layanan itu bukan bagian dari survei ini."), "service")

    response = Response(
        tenant_id=survey.tenant_id,
        survey=survey,
        link=link,
        service=service,
        desk=link.desk,
        personal=link.kind == LinkKind.PERSONAL,
        suggestion=suggestion,
        suggestion_state=SuggestionState.PENDING if suggestion else SuggestionState.NONE,
        **demographics,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise _refuse(_("Tautan ini sudah dipakai untuk menjawab. Terima kasih.")) from None
    ResponseAnswer.objects.bulk_create(
        ResponseAnswer(tenant_id=survey.tenant_id, response=response, item=item, value=value)
        for item, value in rows
    )
    if link.kind == LinkKind.PERSONAL:
        Link.objects.filter(pk=link.pk).update(used_at=response.submitted_at)
    audit_record(
        actor=None,
        tenant=survey.unit.tenant,
        action=AuditAction.SURVEY_RESPONSE,
        instance=response,
        after={"survey": survey.pk, "link": link.pk, "answered": len(rows)},
    )
    return response
