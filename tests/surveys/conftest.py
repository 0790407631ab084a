"""The survey cast on top of tests/conftest.py: the Ketua Pokja Pelayanan Publik of UPT
Satu organises its surveys (``pokja_pp``); the Ketua Pokja MP (``member``) does not.
``skm`` is an SKM of semester I 2027 covering two services, prepared (draft)."""

import pytest

from apps.accounts.roles import Role
from apps.core.choices import Area
from apps.surveys import services
from apps.surveys.models import Kind, Period
from tests.conftest import person


@pytest.fixture
def pokja_pp(tree):
    return person(
        tree["upt"],
        Role.KETUA_POKJA,
        Area.PP,
        full_name="Ketua Pokja Pelayanan",
        email="pokja.pp@alfa.go.id",
    )


@pytest.fixture
def skm(pokja_pp, tree):
    return services.survey_create(
        actor=pokja_pp,
        unit=tree["upt"],
        kind=Kind.SKM,
        year=2027,
        period=Period.S1,
        services=["Perizinan", "Pengaduan"],
        population=1000,
    )


@pytest.fixture
def open_skm(skm, pokja_pp):
    return services.survey_open(actor=pokja_pp, survey=skm)
