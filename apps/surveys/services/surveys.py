"""A survey's preparation and life: create it from the standard questionnaire, adapt the
items and services, open it to the public, close it (final)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core import workflow
from apps.core.access import Capability
from apps.units.models import Unit

from .. import questionnaires
from ..access import AREA, require_manage
from ..models import (
    SCALES,
    Item,
    Kind,
    Link,
    LinkKind,
    Period,
    Service,
    Status,
    Survey,
)
from ..scoring import SKM_SCALE, ScaleRule

MAX_ITEMS = 30
MAX_SERVICES = 50


def new_token() -> str:
    return secrets.token_urlsafe(16)


def _open_refusals(survey: Survey, **context) -> list[str]:
    reasons = []
    if not survey.items.exists():
        reasons.append(_("Kuesioner belum berisi butir pertanyaan."))
    if survey.closes_on and survey.closes_on < timezone.localdate():
        reasons.append(
            _("Tanggal tutup otomatis (%(day)s) sudah lewat: ubah atau kosongkan dulu.")
            % {"day": survey.closes_on.strftime("%d-%m-%Y")}
        )
    return reasons


def _opened(survey: Survey, **context) -> list[str]:
    survey.opened_at = timezone.now()
    return ["opened_at"]


def _closed(survey: Survey, *, actor, **context) -> list[str]:
    survey.closed_at = timezone.now()
    survey.closed_by = actor if getattr(actor, "pk", None) else None
    return ["closed_at", "closed_by"]


SURVEY_WORKFLOW = workflow.declare(
    Survey,
    field="status",
    unit=lambda survey: survey.unit,
    area=lambda survey: AREA,
    transitions=[
        workflow.Transition(
            name="open",
            source=(Status.DRAFT,),
            target=Status.OPEN,
            capability=Capability.SURVEY_MANAGE,
            action=AuditAction.SURVEY_OPEN,
            guards=(_open_refusals,),
            effect=_opened,
        ),
        workflow.Transition(
            name="close",
            source=(Status.OPEN,),
            target=Status.CLOSED,
            capability=Capability.SURVEY_MANAGE,
            action=AuditAction.SURVEY_CLOSE,
            effect=_closed,
        ),
    ],
)


def _clean_names(names, *, limit: int, what: str) -> list[str]:
    cleaned: list[str] = []
    for raw in names:
        name = " ".join(str(raw).split())
        if not name:
            continue
        if len(name) > 200:
            raise ValidationError(
                _("Nama %(what)s paling panjang 200 karakter: %(name)s…")
                % {"what": what, "name": name[:40]}
            )
        if name.casefold() in (n.casefold() for n in cleaned):
            raise ValidationError(_("%(name)s tercantum dua kali.") % {"name": name})
        cleaned.append(name)
    if len(cleaned) > limit:
        raise ValidationError(
            _("Paling banyak %(n)s %(what)s dalam satu survei.") % {"n": limit, "what": what}
        )
    return cleaned


@transaction.atomic
def survey_create(
    *,
    actor,
    unit: Unit,
    kind: str,
    year: int,
    period: str,
    scale: int = SKM_SCALE,
    scale_rule: str = ScaleRule.PROPORTIONAL,
    population: int | None = None,
    services=(),
    intro: str = "",
    title: str = "",
) -> Survey:
    """A new survey of ``unit`` with the standard questionnaire of its kind, the services
    it covers, and the unit's open QR code."""
    require_manage(actor, unit)
    if kind == Kind.SKM and scale != SKM_SCALE:
        raise ValidationError(
            {"scale": _("SKM selalu memakai skala 4 titik (PermenPANRB 14/2017).")}
        )
    if scale not in SCALES:
        raise ValidationError({"scale": _("Skala instrumen harus 4, 5 atau 6 titik.")})
    names = _clean_names(services, limit=MAX_SERVICES, what=_("layanan"))
    period_label = Period(period).label if period in Period.values else ""
    survey = Survey(
        tenant_id=unit.tenant_id,
        unit=unit,
        kind=kind,
        year=year,
        period=period,
        scale=scale,
        scale_rule=scale_rule,
        population=population,
        intro=intro,
        title=title.strip()
        or questionnaires.title_for(kind, str(period_label), year, unit.name)[:200],
        created_by=actor,
    )
    survey.full_clean()
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError:
        raise ValidationError(
            _("Unit ini sudah memiliki survei jenis ini untuk periode tersebut.")
        ) from None
    Item.objects.bulk_create(
        Item(tenant_id=unit.tenant_id, survey=survey, order=i, **row)
        for i, row in enumerate(questionnaires.standard_items(kind, scale), start=1)
    )
    Service.objects.bulk_create(
        Service(tenant_id=unit.tenant_id, survey=survey, name=name, order=i)
        for i, name in enumerate(names, start=1)
    )
    Link.objects.create(
        tenant_id=unit.tenant_id,
        survey=survey,
        kind=LinkKind.QR,
        token=new_token(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.SURVEY_CREATE,
        instance=survey,
        after={
            "kind": kind,
            "year": year,
            "period": period,
            "scale": scale,
            "scale_rule": scale_rule,
            "services": names,
        },
    )
    return survey


UPDATABLE_ALWAYS = ("title", "intro", "population", "closes_on", "analysis")
UPDATABLE_DRAFT = ("scale_rule",)


@transaction.atomic
def survey_update(*, actor, survey: Survey, **fields) -> Survey:
    """The survey's settings; the scale's conversion rule only while being prepared (the
    figures of an open survey must not change their meaning)."""
    survey = workflow.lock(survey, select_related=("unit", "unit__tenant"))
    require_manage(actor, survey.unit)
    allowed = UPDATABLE_ALWAYS + (UPDATABLE_DRAFT if survey.is_editable else ())
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("Tidak dapat diubah pada survei yang %(status)s: %(fields)s")
            % {"status": survey.get_status_display().lower(), "fields": ", ".join(sorted(unknown))}
        )
    if (
        survey.published_at is not None
        and "analysis" in fields
        and (fields["analysis"] or "").strip() != survey.analysis.strip()
    ):
        # The published report carries the analysis of the day of publication.
        raise ValidationError(
            {"analysis": _("Analisis tidak dapat diubah setelah hasil survei dipublikasikan.")}
        )
    closes_on = fields.get("closes_on")
    if closes_on and closes_on != survey.closes_on and closes_on < timezone.localdate():
        # A date already past would close the survey at once, behind the unit's back.
        raise ValidationError(
            {"closes_on": _("Tanggal tutup otomatis tidak boleh sebelum hari ini.")}
        )
    before = {name: getattr(survey, name) for name in fields}
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.full_clean()
    survey.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        tenant=survey.unit.tenant,
        action=AuditAction.SURVEY_UPDATE,
        instance=survey,
        before={k: str(v) for k, v in before.items()},
        after={k: str(getattr(survey, k)) for k in fields},
    )
    return survey


@transaction.atomic
def items_save(*, actor, survey: Survey, items: list[dict]) -> list[Item]:
    """Replace the questionnaire's items (while the survey is being prepared).

    Each item: ``code``, ``element``, ``text``, ``weight`` (relative, ≥ 1) and ``labels``
    (one per point of the scale, worst first). The SKM keeps its nine elements U1–U9 in
    the regulation's order with equal weights (the IKM is Σ NRR × 1/9); their texts and
    answer labels may be adapted. IPAK/IPKP items may be adapted, added and weighted.
    """
    survey = workflow.lock(survey, select_related=("unit", "unit__tenant"))
    require_manage(actor, survey.unit)
    if not survey.is_editable:
        raise ValidationError(_("Kuesioner tidak dapat diubah setelah survei dibuka."))
    if not items:
        raise ValidationError(_("Kuesioner harus berisi paling sedikit satu butir."))
    if len(items) > MAX_ITEMS:
        raise ValidationError(
            _("Paling banyak %(n)s butir dalam satu kuesioner.") % {"n": MAX_ITEMS}
        )
    rows: list[Item] = []
    codes: set[str] = set()
    for number, raw in enumerate(items, start=1):
        code = str(raw.get("code", "")).strip().upper()
        labels = [" ".join(str(label).split()) for label in raw.get("labels") or []]
        prefix = _("Butir %(n)s: ") % {"n": number}
        if not code or len(code) > 8:
            raise ValidationError(prefix + _("kode wajib diisi, paling panjang 8 karakter."))
        if code in codes:
            raise ValidationError(prefix + _("kode %(code)s dipakai dua kali.") % {"code": code})
        codes.add(code)
        if len(labels) != survey.scale or not all(labels):
            raise ValidationError(
                prefix
                + _("isi %(k)s pilihan jawaban, dari yang terburuk ke yang terbaik.")
                % {"k": survey.scale}
            )
        try:
            weight = int(raw.get("weight", 1))
        except (TypeError, ValueError):
            weight = 0
        if not 1 <= weight <= 100:
            raise ValidationError(prefix + _("bobot relatif harus bilangan bulat 1–100."))
        item = Item(
            tenant_id=survey.tenant_id,
            survey=survey,
            order=number,
            code=code,
            element=" ".join(str(raw.get("element", "")).split()),
            text=" ".join(str(raw.get("text", "")).split()),
            weight=weight,
            labels=labels,
        )
        item.full_clean(exclude=["survey"], validate_unique=False, validate_constraints=False)
        rows.append(item)
    if survey.kind == Kind.SKM:
        expected = [f"U{i}" for i in range(1, 10)]
        if [item.code for item in rows] != expected or any(i.weight != 1 for i in rows):
            raise ValidationError(
                _(
                    "SKM harus tetap berisi sembilan unsur U1–U9 sesuai urutan PermenPANRB "
                    "14/2017 dengan bobot sama; yang boleh disesuaikan adalah kalimat "
                    "pertanyaan dan pilihan jawabannya."
                )
            )
    before = list(survey.items.values("code", "element", "text", "weight", "labels"))
    survey.items.all().delete()
    Item.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        tenant=survey.unit.tenant,
        action=AuditAction.SURVEY_ITEMS,
        instance=survey,
        before={"items": before},
        after={
            "items": [
                {
                    "code": i.code,
                    "element": i.element,
                    "text": i.text,
                    "weight": i.weight,
                    "labels": i.labels,
                }
                for i in rows
            ]
        },
    )
    return rows


@transaction.atomic
def services_save(*, actor, survey: Survey, names) -> list[Service]:
    """The services the survey covers: new names added, missing ones removed (a service
    that already has answers or a QR code stays), the order as given."""
    survey = workflow.lock(survey, select_related=("unit", "unit__tenant"))
    require_manage(actor, survey.unit)
    if survey.is_closed:
        raise ValidationError(_("Survei yang sudah ditutup tidak dapat diubah."))
    wanted = _clean_names(names, limit=MAX_SERVICES, what=_("layanan"))
    existing = {s.name: s for s in survey.services.all()}
    removed = [s for name, s in existing.items() if name not in wanted]
    for service in removed:
        if service.responses.exists() or service.links.exists():
            raise ValidationError(
                _(
                    "Layanan %(name)s sudah punya jawaban atau kode QR sehingga tidak dapat "
                    "dihapus dari survei."
                )
                % {"name": service.name}
            )
    Service.objects.filter(pk__in=[s.pk for s in removed]).delete()
    kept = []
    for order, name in enumerate(wanted, start=1):
        service = existing.get(name)
        if service is None:
            service = Service.objects.create(
                tenant_id=survey.tenant_id, survey=survey, name=name, order=order
            )
        elif service.order != order:
            service.order = order
            service.save(update_fields=["order"])
        kept.append(service)
    audit_record(
        actor=actor,
        tenant=survey.unit.tenant,
        action=AuditAction.SURVEY_UPDATE,
        instance=survey,
        before={"services": sorted(existing)},
        after={"services": wanted},
    )
    return kept


@transaction.atomic
def link_create(*, actor, survey: Survey, service: Service | None = None, desk: str = "") -> Link:
    """An open QR code for the unit, one of the survey's services, or a desk/officer."""
    survey = workflow.lock(survey, select_related=("unit", "unit__tenant"))
    require_manage(actor, survey.unit)
    if survey.is_closed:
        raise ValidationError(_("Survei yang sudah ditutup tidak menerima jawaban lagi."))
    if service is not None and service.survey_id != survey.pk:
        raise ValidationError(_("Layanan itu bukan bagian dari survei ini."))
    desk = " ".join(desk.split())
    if len(desk) > 100:
        raise ValidationError({"desk": _("Nama loket/petugas paling panjang 100 karakter.")})
    exists = Link.objects.filter(survey=survey, kind=LinkKind.QR, service=service, desk=desk)
    if exists.exists():
        raise ValidationError(_("Kode QR untuk layanan dan loket ini sudah ada."))
    link = Link.objects.create(
        tenant_id=survey.tenant_id,
        survey=survey,
        kind=LinkKind.QR,
        token=new_token(),
        service=service,
        desk=desk,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        tenant=survey.unit.tenant,
        action=AuditAction.SURVEY_LINK,
        instance=link,
        after={"service": service.name if service else "", "desk": desk},
    )
    return link


def survey_open(*, actor, survey: Survey) -> Survey:
    return workflow.transition(survey, "open", actor=actor)


def survey_close(*, actor, survey: Survey) -> Survey:
    """Close the survey: it takes no more answers and its figures are final."""
    return workflow.transition(survey, "close", actor=actor)


def surveys_close_due(*, today=None) -> int:
    """Close the open surveys of the current agency whose *ditutup otomatis* date has
    passed (the beat job, agency by agency): the same step as the unit's own close, by
    the system (no actor), so its history, audit and LKE hand-over follow. Returns how
    many were closed."""
    today = today or timezone.localdate()
    closed = 0
    due = Survey.objects.filter(status=Status.OPEN, closes_on__lt=today).order_by("pk")
    for survey in due:
        try:
            workflow.transition(survey, "close", actor=None)
        except ValidationError:  # closed by its unit meanwhile
            continue
        closed += 1
    return closed
