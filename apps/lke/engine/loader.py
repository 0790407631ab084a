"""Build a :class:`Template` from its JSON document (fixtures/lke/*.json).

The loader checks everything scoring relies on (known answer types, weights
that add up, rules that point at real things) and reports all problems at
once, so a broken template never reaches an assessment.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from . import model as m
from .answers import COMPUTATIONS
from .numbers import parse_decimal
from .plan import build_plan

RESERVED_ASPECT_CODES = {"score", "percent"}


class _Collector:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, message: str) -> None:
        self.problems.append(message)

    def dec(self, raw: object, where: str, *, default: Decimal | None = None) -> Decimal:
        if raw is None and default is not None:
            return default
        number = parse_decimal(raw) if not isinstance(raw, float) else None
        if number is None:
            self.add(f'{where}: angka {raw!r} tidak sah (tulis sebagai teks, mis. "0.5")')
            return Decimal(0)
        return number


def _answer_type(doc: Mapping, c: _Collector) -> m.AnswerType:
    code = str(doc.get("code", ""))
    kind = doc.get("kind")
    where = f"tipe jawaban {code}"
    if kind not in m.KINDS:
        c.add(f"{where}: jenis {kind!r} tidak dikenal")
    options: list[m.Option] = []
    if kind == m.CHOICE:
        options = _options(doc.get("options") or [], where, c)
        if len(options) < 2:
            c.add(f"{where}: pilihan jawaban kurang dari dua")
    minimum = maximum = None
    if kind in (m.SCORE, m.PERCENT):
        minimum = c.dec(doc.get("min"), where)
        maximum = c.dec(doc.get("max"), where)
        if not (0 <= minimum < maximum):
            c.add(f"{where}: rentang {minimum}–{maximum} tidak sah")
    return m.AnswerType(code, str(doc.get("label", code)), kind, tuple(options), minimum, maximum)


def _options(docs: list, where: str, c: _Collector) -> list[m.Option]:
    options, seen = [], set()
    for doc in docs:
        code = str(doc.get("code", ""))
        value = c.dec(doc.get("value"), f"{where} pilihan {code}")
        if not 0 <= value <= 1:
            c.add(f"{where}: nilai pilihan {code} harus di antara 0 dan 1")
        if code.casefold() in seen or not code:
            c.add(f"{where}: kode pilihan {code!r} kosong atau ganda")
        seen.add(code.casefold())
        options.append(m.Option(code, str(doc.get("label", code)), value, Fraction(value)))
    return options


def _question(doc, path, indicator_weight, n, types, c: _Collector) -> m.Question:
    code = str(doc.get("code", ""))
    where = f"pertanyaan {code}"
    answer_type = types.get(doc.get("answer_type"))
    if answer_type is None:
        c.add(f"{where}: tipe jawaban {doc.get('answer_type')!r} tidak dikenal")
        answer_type = m.AnswerType("?", "?", m.CHOICE)
    options = tuple(answer_type.options)
    if doc.get("options"):
        options = tuple(_options(doc["options"], where, c))
        if [(o.code, o.value) for o in options] != [(o.code, o.value) for o in answer_type.options]:
            c.add(f"{where}: pilihan berbeda dari tipe jawaban {answer_type.code}")
    inputs = tuple(
        m.CountInput(str(i["name"]), str(i.get("label", i["name"])), bool(i.get("required", True)))
        for i in doc.get("count_inputs") or []
    )
    computation = None
    if answer_type.kind == m.COMPUTED:
        computation = _computation(doc.get("computation") or {}, inputs, where, c)
    elif inputs or doc.get("computation"):
        c.add(f"{where}: masukan hitungan hanya untuk tipe % dihitung")
    weight = Fraction(indicator_weight) / n
    max_points = scale = None
    if path[0][1] == m.HASIL:
        exact = Decimal(weight.numerator) / Decimal(weight.denominator)
        max_points = c.dec(doc.get("max_points"), where, default=exact)
        scale = c.dec(doc.get("scale"), where, default=answer_type.maximum or Decimal(1))
        if Fraction(max_points) != weight:
            c.add(f"{where}: max_points {max_points} tidak sama dengan bobot pertanyaan")
        if scale != (answer_type.maximum or Decimal(1)):
            c.add(f"{where}: skala {scale} tidak sesuai tipe jawaban {answer_type.code}")
    return m.Question(
        code=code,
        text=str(doc.get("text", "")),
        answer_type=answer_type,
        options=options,
        weight=weight,
        component_code=path[0][0],
        area_code=path[1],
        aspect_code=path[2],
        indicator_code=path[3],
        count_inputs=inputs,
        computation=computation,
        guidance=str(doc.get("guidance", "")),
        evidence=tuple(str(e) for e in doc.get("evidence") or ()),
        evidence_source=str(doc.get("evidence_source", "")),
        max_points=max_points,
        scale=scale,
    )


def _computation(doc: Mapping, inputs, where: str, c: _Collector) -> m.Computation | None:
    rule = doc.get("rule")
    if rule not in COMPUTATIONS:
        c.add(f"{where}: rumus {rule!r} tidak dikenal")
        return None
    roles, _ = COMPUTATIONS[rule]
    names = {i.name for i in inputs}
    if len(names) != len(inputs):
        c.add(f"{where}: nama masukan hitungan ganda")
    params = []
    for role in roles:
        name = doc.get(role)
        if name not in names:
            c.add(f"{where}: {role} {name!r} bukan masukan hitungan pertanyaan ini")
        elif not next(i for i in inputs if i.name == name).required:
            c.add(f"{where}: masukan {name!r} dipakai rumus sehingga wajib diisi")
        params.append((role, str(name)))
    if_zero = None
    if "if_zero" in doc:
        if_zero = Fraction(c.dec(doc["if_zero"], where))
        if not 0 <= if_zero <= 1:
            c.add(f"{where}: if_zero harus 0..1")
    elif rule == "ratio":
        c.add(f"{where}: rumus ratio memerlukan if_zero")
    return m.Computation(str(rule), tuple(params), if_zero)


def _sum_check(total: Decimal, parts: list[Decimal], where: str, c: _Collector) -> None:
    if sum(parts, Decimal(0)) != total:
        c.add(f"{where}: bobot {total} tidak sama dengan jumlah bagiannya {sum(parts)}")


def _components(doc, types, c: _Collector):
    components, questions = [], {}
    area_codes, indicator_codes = set(), set()
    for comp_doc in doc.get("components") or []:
        comp_code, kind = str(comp_doc.get("code", "")), comp_doc.get("kind")
        if kind not in (m.PENGUNGKIT, m.HASIL):
            c.add(f"komponen {comp_code}: jenis {kind!r} tidak dikenal")
        areas = []
        for area_doc in comp_doc.get("areas") or []:
            area_code = str(area_doc.get("code", ""))
            if area_code in area_codes:
                c.add(f"area {area_code}: kode ganda")
            area_codes.add(area_code)
            aspects = []
            for aspect_doc in area_doc.get("aspects") or []:
                aspect_code = str(aspect_doc.get("code", ""))
                if aspect_code in RESERVED_ASPECT_CODES or aspect_code in {a.code for a in aspects}:
                    c.add(f"area {area_code}: kode aspek {aspect_code!r} ganda atau terlarang")
                indicators = []
                for ind_doc in aspect_doc.get("indicators") or []:
                    ind_code = str(ind_doc.get("code", ""))
                    where = f"indikator {ind_code}"
                    if ind_code in indicator_codes:
                        c.add(f"{where}: kode ganda")
                    indicator_codes.add(ind_code)
                    weight = c.dec(ind_doc.get("weight"), where)
                    q_docs = ind_doc.get("questions") or []
                    if not q_docs:
                        c.add(f"{where}: tidak memiliki pertanyaan")
                    path = ((comp_code, kind), area_code, aspect_code, ind_code)
                    qs = []
                    for q_doc in q_docs:
                        question = _question(q_doc, path, weight, len(q_docs), types, c)
                        if question.code in questions or not question.code:
                            c.add(f"pertanyaan {question.code!r}: kode kosong atau ganda")
                        questions[question.code] = question
                        qs.append(question)
                    indicators.append(
                        m.Indicator(ind_code, str(ind_doc.get("name", "")), weight, tuple(qs))
                    )
                aspect_weight = c.dec(aspect_doc.get("weight"), f"aspek {area_code}/{aspect_code}")
                _sum_check(
                    aspect_weight,
                    [i.weight for i in indicators],
                    f"aspek {area_code}/{aspect_code}",
                    c,
                )
                aspects.append(
                    m.Aspect(
                        aspect_code,
                        str(aspect_doc.get("name", aspect_code)),
                        aspect_weight,
                        tuple(indicators),
                    )
                )
            area_weight = c.dec(area_doc.get("weight"), f"area {area_code}")
            _sum_check(area_weight, [a.weight for a in aspects], f"area {area_code}", c)
            if area_weight <= 0:
                c.add(f"area {area_code}: bobot harus lebih dari 0")
            areas.append(
                m.Area(area_code, str(area_doc.get("name", "")), area_weight, tuple(aspects))
            )
        comp_weight = c.dec(comp_doc.get("weight"), f"komponen {comp_code}")
        _sum_check(comp_weight, [a.weight for a in areas], f"komponen {comp_code}", c)
        components.append(
            m.Component(comp_code, str(comp_doc.get("name", "")), kind, comp_weight, tuple(areas))
        )
    if not questions:
        c.add("template tidak memiliki pertanyaan")
    return components, questions


def _predicates(doc, components, questions, c: _Collector) -> list[m.Predicate]:
    comp_codes = {comp.code for comp in components}
    area_codes = {a.code for comp in components for a in comp.areas}
    pred_codes = [str(p.get("code", "")) for p in doc.get("predicates") or []]
    refs = {
        m.M_COMPONENT: comp_codes,
        m.M_AREA_PERCENT: comp_codes,
        m.M_AREA: area_codes,
        m.M_QUESTION: set(questions),
        m.M_PRIOR: set(pred_codes),
    }
    if len(set(pred_codes)) != len(pred_codes):
        c.add("kode predikat ganda")
    predicates = []
    for p_doc in doc.get("predicates") or []:
        p_code = str(p_doc.get("code", ""))
        rules, seen = [], set()
        for r_doc in p_doc.get("rules") or []:
            code, measure, ref = str(r_doc.get("code", "")), r_doc.get("measure"), r_doc.get("ref")
            where = f"predikat {p_code} aturan {code}"
            if code in seen:
                c.add(f"{where}: kode ganda")
            seen.add(code)
            if measure not in m.MEASURES:
                c.add(f"{where}: ukuran {measure!r} tidak dikenal")
            elif measure in refs and ref not in refs[measure]:
                c.add(f"{where}: rujukan {ref!r} tidak ada dalam template")
            bound = percent = None
            if measure == m.M_AREA_PERCENT:
                percent = c.dec(r_doc.get("percent"), where)
            elif measure != m.M_PRIOR:
                bound = c.dec(r_doc.get("bound"), where)
            rules.append(
                m.Rule(
                    code,
                    str(r_doc.get("label", code)),
                    measure,
                    None if ref is None else str(ref),
                    bound,
                    percent,
                    str(r_doc.get("note", "")),
                )
            )
        predicates.append(
            m.Predicate(
                p_code, str(p_doc.get("name", p_code)), str(p_doc.get("title", "")), tuple(rules)
            )
        )
    return predicates


def load_template(doc: Mapping) -> m.Template:
    """Validate a template document and return the immutable Template.

    Raises :class:`TemplateError` listing every problem found.
    """
    c = _Collector()
    if not isinstance(doc, Mapping):
        raise m.TemplateError(["dokumen template harus berupa objek JSON"])
    for key in ("code", "name", "answer_types", "components", "predicates"):
        if not doc.get(key):
            c.add(f"kolom {key!r} wajib ada")
    status = doc.get("status", "draft")
    if status not in m.STATUSES:
        c.add(f"status {status!r} tidak dikenal")
    s_doc = doc.get("settings") or {}
    settings = m.Settings(
        area_rule=s_doc.get("area_rule", m.PER_AREA),
        area_compare=s_doc.get("area_compare", m.COMPARE_PERCENT),
        decimal_places=int(s_doc.get("decimal_places", 2)),
    )
    if settings.area_rule not in (m.PER_AREA, m.PER_ASPECT):
        c.add(f"area_rule {settings.area_rule!r} tidak dikenal")
    if settings.area_compare not in (m.COMPARE_PERCENT, m.COMPARE_SCORE):
        c.add(f"area_compare {settings.area_compare!r} tidak dikenal")
    types = {}
    for t_doc in doc.get("answer_types") or []:
        answer_type = _answer_type(t_doc, c)
        if answer_type.code in types:
            c.add(f"tipe jawaban {answer_type.code}: kode ganda")
        types[answer_type.code] = answer_type
    components, questions = _components(doc, types, c)
    predicates = _predicates(doc, components, questions, c)
    eligibility = None
    if doc.get("eligibility"):
        from .eligibility import policy_from_doc

        pengungkit_areas = tuple(
            a.code for comp in components if comp.kind == m.PENGUNGKIT for a in comp.areas
        )
        try:
            eligibility = policy_from_doc(doc["eligibility"], pengungkit_areas)
        except (KeyError, TypeError, ValueError) as exc:
            c.add(f"eligibility: {exc}")
    if c.problems:
        raise m.TemplateError(c.problems)
    template = m.Template(
        code=str(doc["code"]),
        name=str(doc["name"]),
        legal_basis=str(doc.get("legal_basis", "")),
        status=status,
        settings=settings,
        answer_types=MappingProxyType(types),
        components=tuple(components),
        predicates=tuple(predicates),
        questions=MappingProxyType(questions),
        note=str(doc.get("note", "")),
        eligibility=eligibility,
    )
    object.__setattr__(template, "plan", build_plan(template))
    return template
