from tests.workplan.conftest import ketua_tim  # noqa: F401  (the unit's Ketua Tim)
