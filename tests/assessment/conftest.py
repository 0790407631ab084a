"""The TPU assessment of UPT1's cycle, on top of tests/conftest.py's cast: ``tpu_user``
leads it, ``tpu_user_tl`` scores TL; ``tpi_user`` is the agency's TPI assessor and
``conflicted_tpu`` a TPU assessor who also works in UPT1 (conflict of interest)."""

import pytest
from django_scopes import scope

from apps.assessment import services
from tests.factories import AssessmentFactory


@pytest.fixture
def tpu_assessment(admin, cycle, tpu_user, tpu_user_tl):
    """The TPU assessment of the UPT's cycle: tpu_user leads, tpu_user_tl scores TL."""
    return AssessmentFactory(
        actor=admin, cycle=cycle, level="tpu", lead=tpu_user, assessors=[(tpu_user_tl, "TL")]
    )


def save(actor, assessment, code, value, version=0, note="", rec=False):
    with scope(tenant=assessment.tenant_id):
        return services.answer_save(
            actor=actor,
            assessment=assessment,
            question_code=code,
            value=value,
            note=note,
            is_recommendation=rec,
            expected_version=version,
        ).answer


@pytest.fixture
def cycle(cycle):
    """The UPT's cycle at penilaian pendahuluan: the TPU may assess it (the TPI not yet)."""
    return at_stage(cycle, "penilaian_pendahuluan")


def at_stage(cycle, stage):
    cycle.stage = stage
    cycle.save(update_fields=["stage"])
    return cycle
