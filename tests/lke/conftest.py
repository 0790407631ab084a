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
