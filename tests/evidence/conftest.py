"""Evidence tests use tests/conftest.py's cast (the verification chain of UPT1: verifier,
es1_verifier, tpi_user) and the cycle and LKE version there; uploads come from
tests/factories.py."""

from tests.factories import MINIMAL_PDF, PNG, pdf  # noqa: F401  (imported from here by tests)
