"""Writing LKE template versions: the one path from a fixture document to rows.

Template versions are national regulations shared by every agency, so they are
global rows (no tenant) and are loaded by platform operators with
``manage.py load_lke``. The audit trail is tenant-owned and has no place for
them; each version keeps instead the SHA-256 of the content it was loaded from
and the source file name.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import AccessDenied
from apps.lke.engine import TemplateError, load_template

from .models import (
    AnswerType,
    Area,
    Aspect,
    Component,
    CountInput,
    EvidenceRequirement,
    Indicator,
    Predicate,
    PredicateRule,
    Question,
    QuestionOption,
    TemplateStatus,
    TemplateVersion,
)

# Keys of a template document that are content; "status" is not (it may change
# on a version in use), nor is "format" (the file layout's version).
NOT_CONTENT = {"status", "format"}


class TemplateInUse(ValidationError):
    """The version is used by an assessment: its content may no longer change."""


@dataclass(frozen=True)
class LoadResult:
    version: TemplateVersion
    action: str  # "created", "replaced", "status_changed" or "unchanged"

    @property
    def message(self) -> str:
        messages = {
            "created": _("Template %(code)s dimuat (%(status)s)."),
            "replaced": _("Isi template %(code)s diganti (%(status)s)."),
            "status_changed": _("Status template %(code)s diubah menjadi %(status)s."),
            "unchanged": _("Template %(code)s tidak berubah."),
        }
        return messages[self.action] % {
            "code": self.version.code,
            "status": self.version.get_status_display(),
        }


def content_hash(document: dict) -> str:
    content = {k: v for k, v in document.items() if k not in NOT_CONTENT}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def template_in_use(version: TemplateVersion) -> bool:
    """Whether anything binds to this version, which freezes its content.

    The one place to extend: when assessments exist, add
    ``or Assessment.objects.filter(template=version).exists()`` (and likewise for
    anything else that stores question or evidence-requirement ids).
    """
    return False


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _create_rows(version: TemplateVersion, doc: dict) -> None:
    """Insert the tree of ``doc`` (already validated by the engine) under ``version``."""
    types = {}
    for order, t in enumerate(doc["answer_types"]):
        types[t["code"]] = AnswerType(
            version=version,
            code=t["code"],
            label=t.get("label", t["code"]),
            kind=t["kind"],
            minimum=_dec(t.get("min")),
            maximum=_dec(t.get("max")),
            options=t.get("options", []),
            order=order,
        )
    AnswerType.objects.bulk_create(types.values())

    pending: list[tuple[Question, dict, AnswerType]] = []
    for c_order, c in enumerate(doc["components"]):
        component = Component.objects.create(
            version=version,
            code=c["code"],
            name=c.get("name", ""),
            kind=c["kind"],
            weight=_dec(c["weight"]),
            order=c_order,
        )
        for a_order, a in enumerate(c.get("areas", [])):
            area = Area.objects.create(
                version=version,
                component=component,
                code=a["code"],
                name=a.get("name", ""),
                weight=_dec(a["weight"]),
                order=a_order,
            )
            for s_order, s in enumerate(a.get("aspects", [])):
                aspect = Aspect.objects.create(
                    area=area,
                    code=s["code"],
                    name=s.get("name", s["code"]),
                    weight=_dec(s["weight"]),
                    order=s_order,
                )
                indicators = Indicator.objects.bulk_create(
                    Indicator(
                        version=version,
                        aspect=aspect,
                        code=i["code"],
                        name=i.get("name", ""),
                        weight=_dec(i["weight"]),
                        order=i_order,
                    )
                    for i_order, i in enumerate(s.get("indicators", []))
                )
                for indicator, i in zip(indicators, s.get("indicators", []), strict=True):
                    for q_order, q in enumerate(i["questions"]):
                        answer_type = types[q["answer_type"]]
                        question = Question(
                            version=version,
                            indicator=indicator,
                            code=q["code"],
                            text=q.get("text", ""),
                            answer_type=answer_type,
                            guidance=q.get("guidance", ""),
                            evidence_source=q.get("evidence_source", ""),
                            computation=q.get("computation"),
                            max_points=_dec(q.get("max_points")),
                            scale=_dec(q.get("scale")),
                            order=q_order,
                        )
                        pending.append((question, q, answer_type))
    Question.objects.bulk_create(q for q, _doc, _type in pending)

    options, inputs, evidence = [], [], []
    for question, q, answer_type in pending:
        for order, o in enumerate(q.get("options") or answer_type.options):
            options.append(
                QuestionOption(
                    question=question,
                    code=o["code"],
                    label=o.get("label", o["code"]),
                    value=_dec(o["value"]),
                    order=order,
                )
            )
        for order, n in enumerate(q.get("count_inputs", [])):
            inputs.append(
                CountInput(
                    question=question,
                    name=n["name"],
                    label=n.get("label", n["name"]),
                    required=n.get("required", True),
                    order=order,
                )
            )
        for order, name in enumerate(q.get("evidence", [])):
            evidence.append(EvidenceRequirement(question=question, name=name, order=order))
    QuestionOption.objects.bulk_create(options)
    CountInput.objects.bulk_create(inputs)
    EvidenceRequirement.objects.bulk_create(evidence)

    predicates = Predicate.objects.bulk_create(
        Predicate(
            version=version,
            code=p["code"],
            name=p.get("name", p["code"]),
            title=p.get("title", ""),
            order=order,
        )
        for order, p in enumerate(doc["predicates"])
    )
    PredicateRule.objects.bulk_create(
        PredicateRule(
            predicate=predicate,
            code=r["code"],
            label=r.get("label", r["code"]),
            measure=r["measure"],
            ref=r.get("ref") or "",
            bound=_dec(r.get("bound")),
            percent=_dec(r.get("percent")),
            note=r.get("note", ""),
            order=order,
        )
        for predicate, p in zip(predicates, doc["predicates"], strict=True)
        for order, r in enumerate(p.get("rules", []))
    )


def _delete_rows(version: TemplateVersion) -> None:
    # Components cascade to areas, aspects, indicators, questions and their options,
    # count inputs and evidence; answer types are protected until questions are gone.
    Component.objects.filter(version=version).delete()
    Question.objects.filter(version=version).delete()
    AnswerType.objects.filter(version=version).delete()
    Predicate.objects.filter(version=version).delete()


@transaction.atomic
def template_load(*, document: dict, source: str = "", actor=None) -> LoadResult:
    """Create or update the template version described by ``document``.

    Idempotent: the same document twice changes nothing. The content of a
    version in use (``template_in_use``) never changes; its status may, except
    back to draft.
    """
    try:
        template = load_template(document)
    except TemplateError as exc:
        raise ValidationError(
            _("Template LKE tidak sah: %(problems)s") % {"problems": "; ".join(exc.problems)}
        ) from exc
    digest = content_hash(document)
    fields = {
        "name": template.name,
        "legal_basis": template.legal_basis,
        "note": template.note,
        "settings": document.get("settings") or {},
        "eligibility": document.get("eligibility"),
    }
    version = (
        TemplateVersion.objects.select_for_update(of=("self",)).filter(code=template.code).first()
    )
    if version is None:
        version = TemplateVersion(
            code=template.code, status=template.status, content_hash=digest, source=source, **fields
        )
        version.full_clean()
        version.save()
        _create_rows(version, document)
        return LoadResult(version, "created")

    in_use = template_in_use(version)
    back_to_draft = template.status == TemplateStatus.DRAFT and version.status != template.status
    if in_use and back_to_draft:
        raise TemplateInUse(
            _("Template %(code)s sudah dipakai penilaian; statusnya tidak dapat kembali ke draf.")
            % {"code": version.code}
        )
    if digest == version.content_hash:
        if version.status == template.status:
            return LoadResult(version, "unchanged")
        version.status = template.status
        version.save(update_fields=["status", "updated_at"])
        return LoadResult(version, "status_changed")
    if in_use:
        raise TemplateInUse(
            _(
                "Template %(code)s (%(status)s) sudah dipakai penilaian; isinya tidak dapat "
                "diubah. Muat perubahan sebagai versi baru dengan kode lain."
            )
            % {"code": version.code, "status": version.get_status_display()}
        )
    for name, value in fields.items():
        setattr(version, name, value)
    version.status = template.status
    version.content_hash = digest
    version.source = source or version.source
    version.full_clean()
    version.save()
    _delete_rows(version)
    _create_rows(version, document)
    return LoadResult(version, "replaced")


# Operators move a version along this path; a version in use never goes back to draft.
STATUS_TRANSITIONS = {
    TemplateStatus.DRAFT: {TemplateStatus.PUBLISHED},
    TemplateStatus.PUBLISHED: {TemplateStatus.RETIRED},
    TemplateStatus.RETIRED: {TemplateStatus.PUBLISHED},
}


@transaction.atomic
def template_set_status(*, actor, version: TemplateVersion, status: str) -> TemplateVersion:
    """Publish or retire a version (platform operators only). A published version is the
    one new ZI cycles may be bound to; a retired one stays readable for old cycles."""
    if not (actor.is_authenticated and actor.is_superuser):
        raise AccessDenied(
            _("Hanya operator platform yang dapat menerbitkan atau menarik template LKE.")
        )
    version = TemplateVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if status not in TemplateStatus.values:
        raise ValidationError({"status": _("Status template tidak dikenal.")})
    if status not in STATUS_TRANSITIONS.get(version.status, set()):
        raise ValidationError(
            _("Template berstatus %(now)s tidak dapat diubah menjadi %(to)s.")
            % {"now": version.get_status_display(), "to": TemplateStatus(status).label}
        )
    version.status = status
    version.status_changed_at = timezone.now()
    version.status_changed_by = actor
    version.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])
    return version
