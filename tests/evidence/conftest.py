"""An LKE version, a cycle of the UPT and the people of its verification chain."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.roles import Role
from tests.factories import UserFactory, grant

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf(name="bukti.pdf", salt=b""):
    return SimpleUploadedFile(
        name, MINIMAL_PDF + b"%" + salt + b"\n", content_type="application/pdf"
    )


@pytest.fixture
def es1_verifier(tree):
    user = UserFactory(full_name="Verifikator Eselon I")
    grant(user, tree["es1"], Role.VERIFIKATOR)
    return user


@pytest.fixture
def tpi(tree):
    user = UserFactory(full_name="Penilai TPI")
    grant(user, tree["root"], Role.PENILAI_TPI)
    return user


@pytest.fixture
def tpu(tree):
    user = UserFactory(full_name="Penilai TPU")
    grant(user, tree["es1"], Role.PENILAI_TPU, "MP")
    return user
