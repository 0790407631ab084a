"""Templates shared by the LKE engine tests (no database needed)."""

import copy

import pytest

from .support import DOCS, TEMPLATES


@pytest.fixture
def doc2021():
    """A private, editable copy of the lke-2021 document."""
    return copy.deepcopy(DOCS["lke-2021"])


@pytest.fixture
def doc2014():
    return copy.deepcopy(DOCS["lke-2014"])


@pytest.fixture(scope="session")
def lke2021():
    return TEMPLATES["lke-2021"]


@pytest.fixture(scope="session")
def lke2014():
    return TEMPLATES["lke-2014"]


@pytest.fixture
def loaded(db):
    """Both shipped templates loaded into the database, as `load_lke` does."""
    from apps.lke.services import template_load

    return {
        code: template_load(document=copy.deepcopy(doc), source=f"fixtures/lke/{code}.json").version
        for code, doc in DOCS.items()
    }
