"""Recommendations as records (FRM-04 E and B): made in a report with a person
responsible (PIC) and a target date, then followed up in every later report until done.

Both are written through the report the team is writing (a draft or a returned report):
section E adds and edits the period's own recommendations, section B records the
follow-up, evidence and status of those carried over. A submitted or issued report is
frozen, so a recommendation it shows can change only through a later draft or a
correction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.choices import Area
from apps.core.text import limited_text
from apps.evidence.models import EvidenceItem

from ..access import require_edit
from ..models import EDITABLE, PUBLISHED, FollowUp, Recommendation, Report
from ..periods import month_label
from ..sections import carried
from .flow import report_locked, require_editable, require_monev

TEXT_LIMIT = 1000
FOLLOW_UP_LIMIT = 2000
EVIDENCE_NOTE_LIMIT = 500
RECOMMENDATION_FIELDS = ["area", "text", "pic", "target_on"]
FOLLOW_UP_FIELDS = ["status", "follow_up", "evidence_note"]


def _clean(report: Report, *, area: str, text: str, pic, target_on) -> dict:
    errors: dict[str, list] = {}
    area = area or ""
    if area not in ("", *Area.values):
        errors["area"] = [_("Area tidak dikenal.")]
    try:
        text = limited_text(text, TEXT_LIMIT, field="text")
        if not text:
            errors["text"] = [_("Tuliskan rekomendasinya.")]
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if pic is None:
        errors["pic"] = [_("Pilih PIC: pegawai yang bertanggung jawab menindaklanjuti.")]
    elif not RoleAssignment.objects.filter(unit_id=report.unit_id, user_id=pic.pk).exists():
        errors["pic"] = [
            _("PIC harus pegawai yang memegang peran di %(unit)s; %(name)s bukan.")
            % {"unit": report.unit.name, "name": pic.full_name}
        ]
    if target_on is None:
        errors["target_on"] = [_("Isi target waktu tindak lanjut rekomendasi.")]
    elif not isinstance(target_on, datetime.date):
        errors["target_on"] = [_("Target waktu tidak valid.")]
    elif target_on < report.period_start:
        errors["target_on"] = [
            _("Target waktu tidak boleh sebelum bulan laporan (%(month)s).")
            % {"month": month_label(report.period_start)}
        ]
    if errors:
        raise ValidationError(errors)
    return {"area": area, "text": text, "pic": pic, "target_on": target_on}


def _writable(actor, report: Report) -> Report:
    report = report_locked(report)
    require_monev(report)
    require_edit(actor, report.unit, report.kind)
    require_editable(report)
    return report


@transaction.atomic
def recommendation_add(
    *, actor, report: Report, area: str = "", text: str, pic, target_on
) -> Recommendation:
    """A new recommendation in section E of the report the team is writing."""
    report = _writable(actor, report)
    values = _clean(report, area=area, text=text, pic=pic, target_on=target_on)
    last = Recommendation.objects.filter(report=report).aggregate(n=Max("order"))["n"]
    recommendation = Recommendation(
        tenant_id=report.tenant_id,
        unit_id=report.unit_id,
        cycle_id=report.cycle_id,
        report=report,
        order=(last or 0) + 1,
        created_by=actor,
        **values,
    )
    recommendation.full_clean()
    recommendation.save()
    audit_record(
        actor=actor,
        tenant=report.tenant,
        action=AuditAction.RECOMMENDATION_ADD,
        instance=recommendation,
        after=snapshot(recommendation, ["report", *RECOMMENDATION_FIELDS]),
    )
    return recommendation


def writing_report(recommendation: Recommendation) -> Report | None:
    """The revision of the recommendation's own period the team is writing, if any."""
    made = recommendation.report
    return (
        Report.objects.filter(
            unit_id=made.unit_id,
            kind=made.kind,
            period_start=made.period_start,
            status__in=[s.value for s in EDITABLE],
        )
        .select_related("unit")
        .first()
    )


def _own_period_report(actor, recommendation: Recommendation) -> Report:
    report = writing_report(recommendation)
    if report is None:
        raise ValidationError(
            _(
                "Rekomendasi ini tercatat pada laporan %(report)s yang sudah diajukan atau "
                "terbit; ubah melalui koreksi laporan itu."
            )
            % {"report": recommendation.report}
        )
    return _writable(actor, report)


@transaction.atomic
def recommendation_update(
    *, actor, recommendation: Recommendation, area: str = "", text: str, pic, target_on
) -> Recommendation:
    """Change a recommendation of section E (through its period's draft or correction)."""
    report = _own_period_report(actor, recommendation)
    recommendation = Recommendation.objects.select_for_update(of=("self",)).get(
        pk=recommendation.pk
    )
    values = _clean(report, area=area, text=text, pic=pic, target_on=target_on)
    before = snapshot(recommendation, RECOMMENDATION_FIELDS)
    for field, value in values.items():
        setattr(recommendation, field, value)
    after = snapshot(recommendation, RECOMMENDATION_FIELDS)
    changed = [f for f in RECOMMENDATION_FIELDS if before[f] != after[f]]
    if changed:
        recommendation.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            tenant=report.tenant,
            action=AuditAction.RECOMMENDATION_UPDATE,
            instance=recommendation,
            before=before,
            after=after,
        )
    return recommendation


@transaction.atomic
def recommendation_delete(*, actor, recommendation: Recommendation) -> None:
    """Remove a recommendation made in a draft that was never issued (once a report
    with it was issued, it is a record: corrections change it, nothing deletes it)."""
    report = _own_period_report(actor, recommendation)
    published = Report.objects.filter(
        unit_id=report.unit_id,
        kind=report.kind,
        period_start=report.period_start,
        status__in=[s.value for s in PUBLISHED],
    ).exists()
    if published:
        raise ValidationError(
            _(
                "Rekomendasi ini sudah tercantum pada laporan yang terbit, sehingga tidak dapat "
                "dihapus; ubah isinya bila perlu."
            )
        )
    recommendation = Recommendation.objects.select_for_update(of=("self",)).get(
        pk=recommendation.pk
    )
    audit_record(
        actor=actor,
        tenant=report.tenant,
        action=AuditAction.RECOMMENDATION_DELETE,
        instance=recommendation,
        before=snapshot(recommendation, ["report", *RECOMMENDATION_FIELDS]),
    )
    recommendation.evidence.clear()
    recommendation.delete()


@transaction.atomic
def recommendation_follow_up(
    *,
    actor,
    report: Report,
    recommendation: Recommendation,
    status: str,
    follow_up: str = "",
    evidence_note: str = "",
    evidence: list[EvidenceItem] | None = None,
) -> Recommendation:
    """Record, in section B of the report the team is writing, what was done about a
    recommendation carried over: the follow-up, its evidence and its status."""
    report = _writable(actor, report)
    if not carried(report).filter(pk=recommendation.pk).exists():
        raise ValidationError(
            _("Rekomendasi ini tidak termasuk tindak lanjut laporan %(report)s.")
            % {"report": report}
        )
    recommendation = Recommendation.objects.select_for_update(of=("self",)).get(
        pk=recommendation.pk
    )
    errors: dict[str, list] = {}
    if status not in FollowUp.values:
        errors["status"] = [_("Pilih status tindak lanjut: belum, sedang atau telah.")]
    try:
        follow_up = limited_text(follow_up, FOLLOW_UP_LIMIT, field="follow_up")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        evidence_note = limited_text(evidence_note, EVIDENCE_NOTE_LIMIT, field="evidence_note")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if status in (FollowUp.SEDANG, FollowUp.TELAH) and not follow_up and "follow_up" not in errors:
        errors["follow_up"] = [_("Tuliskan tindak lanjut yang sudah dilakukan.")]
    evidence = list(evidence or [])
    foreign = [e for e in evidence if e.unit_id != report.unit_id]
    if foreign:
        errors["evidence"] = [
            _("Bukti dukung harus milik unit %(unit)s.") % {"unit": report.unit.name}
        ]
    if errors:
        raise ValidationError(errors)
    before = {
        **snapshot(recommendation, FOLLOW_UP_FIELDS),
        "evidence": sorted(recommendation.evidence.values_list("pk", flat=True)),
    }
    recommendation.status = status
    recommendation.follow_up = follow_up
    recommendation.evidence_note = evidence_note
    after = {
        **snapshot(recommendation, FOLLOW_UP_FIELDS),
        "evidence": sorted(e.pk for e in evidence),
    }
    if before == after:
        return recommendation
    recommendation.save(update_fields=[*FOLLOW_UP_FIELDS, "updated_at"])
    recommendation.evidence.set(evidence)
    audit_record(
        actor=actor,
        tenant=report.tenant,
        action=AuditAction.RECOMMENDATION_FOLLOW_UP,
        instance=recommendation,
        before=before,
        after=after,
    )
    return recommendation
