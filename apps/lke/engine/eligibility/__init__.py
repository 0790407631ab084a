"""May a unit be proposed to the TPI? (LKE_SCORING.md §6, seed 003 §5.i).

A pure function over a unit's facts: every rule answers pass or fail with an
Indonesian reason. The thresholds are an :class:`EligibilityPolicy`, read from
the template document (``eligibility``) or, by default, the rules of
PermenPANRB 90/2021 Tabel 5 (:data:`DEFAULT_POLICY`).

Choices made where the sources are silent:

- TLHP and LHKAN at 100 % and the declaration apply to WBBM as well (seed 003
  §5.i item 8 replaces items 2, 3, 4 and 7 for WBBM, not the others);
- "built toward WBBM for a year" counts from ``building_start`` and "holds
  WBK for a year" from ``holds_wbk_since``: both must hold;
- a predicate revoked on or after ``holds_wbk_since`` is no longer held;
- one year after 29 February is 1 March.

``policy.py`` holds the thresholds, ``facts.py`` what the rules read and answer,
``rules.py`` the rules; import them from here.
"""

from .facts import Check, EligibilityResult, UnitFacts, add_years, tanggal
from .policy import DEFAULT_POLICY, EligibilityPolicy, TargetPolicy, policy_from_doc
from .rules import check_eligibility

__all__ = [
    "DEFAULT_POLICY",
    "Check",
    "EligibilityPolicy",
    "EligibilityResult",
    "TargetPolicy",
    "UnitFacts",
    "add_years",
    "check_eligibility",
    "policy_from_doc",
    "tanggal",
]
