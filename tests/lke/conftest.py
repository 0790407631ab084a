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
    """Both shipped templates, as `load_lke` loads them (once per test database:
    tests/conftest.py)."""
    from apps.lke.models import TemplateVersion

    return {v.code: v for v in TemplateVersion.objects.filter(code__in=DOCS)}


@pytest.fixture
def no_templates(db):
    """No template version at all, for the tests of loading itself: the shipped ones
    (loaded once per test database) are deleted inside the test's transaction, which
    rolls back."""
    from apps.lke.models import AnswerType, Component, Predicate, Question, TemplateVersion

    # In the order the loader replaces rows: answer types are protected until questions go.
    for model in (Component, Question, AnswerType, Predicate, TemplateVersion):
        model.objects.all().delete()
