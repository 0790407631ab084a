"""The LKE scoring engine: plain Python over plain data, no Django.

    template = load_template(json.load(open("fixtures/lke/lke-2021.json")))
    answers, errors = validate_answers(template, {"PPA1A": "Ya", "HBA": 3.7})
    result = score(template, answers, holds_wbk=False)
    result.to_dict()   # {"template": "lke-2021", "total": "…", …}

    check_eligibility(UnitFacts(as_of=date.today(), ...), "WBK")

Scores are exact fractions; figures are rounded half-up only when shown or
compared with a bound (see scoring.py).
"""

from .answers import (
    COMPUTATIONS,
    AnswerError,
    InvalidAnswers,
    computed_text,
    parse_computed_text,
    validate_answers,
)
from .eligibility import (
    DEFAULT_POLICY,
    Check,
    EligibilityPolicy,
    EligibilityResult,
    TargetPolicy,
    UnitFacts,
    check_eligibility,
)
from .loader import load_template
from .model import (
    AnswerType,
    Area,
    Aspect,
    Component,
    Indicator,
    Option,
    Predicate,
    Question,
    Rule,
    Settings,
    Template,
    TemplateError,
)
from .numbers import fmt2, round_half_up
from .result import AreaScore, AspectScore, ComponentScore, Result, RuleOutcome
from .scoring import score

__all__ = [
    "COMPUTATIONS",
    "DEFAULT_POLICY",
    "AnswerError",
    "AnswerType",
    "Area",
    "AreaScore",
    "Aspect",
    "AspectScore",
    "Check",
    "Component",
    "ComponentScore",
    "EligibilityPolicy",
    "EligibilityResult",
    "Indicator",
    "InvalidAnswers",
    "Option",
    "Predicate",
    "Question",
    "Result",
    "Rule",
    "RuleOutcome",
    "Settings",
    "TargetPolicy",
    "Template",
    "TemplateError",
    "UnitFacts",
    "check_eligibility",
    "computed_text",
    "fmt2",
    "load_template",
    "parse_computed_text",
    "round_half_up",
    "score",
    "validate_answers",
]
