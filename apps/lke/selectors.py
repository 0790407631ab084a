"""Reading LKE template versions: visibility, the whole document, the engine template."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from apps.lke.engine import Template, load_template

from .models import Area, Aspect, Indicator, Question, TemplateStatus, TemplateVersion

FORMAT = 1
_CACHE: dict[tuple[int, str, str], _Cached] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 32


def visible_template_versions(user) -> QuerySet[TemplateVersion]:
    """Versions a person may read: every published or retired one; drafts for operators."""
    versions = TemplateVersion.objects.annotate(question_count=Count("questions"))
    if not (user.is_authenticated and user.is_staff):
        versions = versions.exclude(status=TemplateStatus.DRAFT)
    return versions.order_by("-code")


def get_template_version_for_user(user, code: str) -> TemplateVersion:
    """The version, or 404 for a missing code and for a draft alike."""
    try:
        return visible_template_versions(user).get(code=code)
    except TemplateVersion.DoesNotExist:
        raise Http404 from None


def _num(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def _questions_queryset() -> QuerySet[Question]:
    return Question.objects.select_related("answer_type").prefetch_related(
        "options", "count_inputs", "evidence"
    )


def _question_doc(question: Question) -> dict:
    doc = {
        "code": question.code,
        "text": question.text,
        "answer_type": question.answer_type.code,
        "options": [
            {"code": o.code, "label": o.label, "value": _num(o.value)}
            for o in question.options.all()
        ],
    }
    inputs = list(question.count_inputs.all())
    if inputs:
        doc["count_inputs"] = [
            {"name": c.name, "label": c.label, "required": c.required} for c in inputs
        ]
    if question.computation is not None:
        doc["computation"] = question.computation
    if question.max_points is not None:
        doc["max_points"] = _num(question.max_points)
        doc["scale"] = _num(question.scale)
    doc["guidance"] = question.guidance
    doc["evidence"] = [e.name for e in question.evidence.all()]
    doc["evidence_source"] = question.evidence_source
    return doc


def template_document(version: TemplateVersion) -> dict:
    """The whole version as a template document (the fixtures' format), in 11 queries."""
    answer_types = []
    for t in version.answer_types.all():
        entry = {"code": t.code, "label": t.label, "kind": t.kind}
        if t.options:
            entry["options"] = t.options
        if t.minimum is not None:
            entry["min"], entry["max"] = _num(t.minimum), _num(t.maximum)
        answer_types.append(entry)
    components = version.components.prefetch_related(
        Prefetch(
            "areas",
            Area.objects.prefetch_related(
                Prefetch(
                    "aspects",
                    Aspect.objects.prefetch_related(
                        Prefetch(
                            "indicators",
                            Indicator.objects.prefetch_related(
                                Prefetch("questions", _questions_queryset())
                            ),
                        )
                    ),
                )
            ),
        )
    )
    document = {
        "format": FORMAT,
        "code": version.code,
        "name": version.name,
        "legal_basis": version.legal_basis,
        "status": version.status,
        "note": version.note,
        "settings": version.settings,
        "answer_types": answer_types,
        "components": [
            {
                "code": c.code,
                "name": c.name,
                "kind": c.kind,
                "weight": _num(c.weight),
                "areas": [
                    {
                        "code": a.code,
                        "name": a.name,
                        "weight": _num(a.weight),
                        "aspects": [
                            {
                                "code": s.code,
                                "name": s.name,
                                "weight": _num(s.weight),
                                "indicators": [
                                    {
                                        "code": i.code,
                                        "name": i.name,
                                        "weight": _num(i.weight),
                                        "questions": [_question_doc(q) for q in i.questions.all()],
                                    }
                                    for i in s.indicators.all()
                                ],
                            }
                            for s in a.aspects.all()
                        ],
                    }
                    for a in c.areas.all()
                ],
            }
            for c in components
        ],
        "predicates": [
            {
                "code": p.code,
                "name": p.name,
                "title": p.title,
                "rules": [_rule_doc(r) for r in p.rules.all()],
            }
            for p in version.predicates.prefetch_related("rules")
        ],
    }
    if version.eligibility is not None:
        document["eligibility"] = version.eligibility
    return document


def _rule_doc(rule) -> dict:
    doc = {"code": rule.code, "label": rule.label, "measure": rule.measure}
    if rule.ref:
        doc["ref"] = rule.ref
    if rule.bound is not None:
        doc["bound"] = _num(rule.bound)
    if rule.percent is not None:
        doc["percent"] = _num(rule.percent)
    if rule.note:
        doc["note"] = rule.note
    return doc


@dataclass(frozen=True)
class _Cached:
    document: dict
    template: Template


def _cached(version: TemplateVersion) -> _Cached:
    # Keyed by content and status: a reload that changes either builds anew.
    key = (version.pk, version.content_hash, version.status)
    entry = _CACHE.get(key)
    if entry is None:
        document = template_document(version)
        entry = _Cached(document, load_template(document))
        with _CACHE_LOCK:
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.clear()
            _CACHE[key] = entry
    return entry


def engine_template(version: TemplateVersion) -> Template:
    """The engine's Template of a version, built once per content and status."""
    return _cached(version).template


def cached_document(version: TemplateVersion) -> dict:
    """``template_document(version)``, built once per content and status; do not mutate."""
    return _cached(version).document
