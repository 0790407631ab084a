"""The read-only, print-friendly template browser."""

import copy

import pytest
from django.urls import reverse

from apps.lke.services import template_load
from tests.factories import UserFactory

from .support import DOCS

pytestmark = pytest.mark.django_db


def page(client, code=None):
    url = reverse("lke:template", args=[code]) if code else reverse("lke:templates")
    return client.get(url)


@pytest.fixture
def draft(db):
    doc = copy.deepcopy(DOCS["lke-2014"])
    doc.update(code="lke-2026-draf", name="LKE uji coba", status="draft")
    return template_load(document=doc).version


def test_anonymous_is_sent_to_login(client, loaded):
    for url in (reverse("lke:templates"), reverse("lke:template", args=["lke-2021"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_every_published_and_retired_version(client_for, member, loaded, draft):
    body = page(client_for(member)).content.decode()
    assert "lke-2021" in body and "lke-2014" in body
    assert "Berlaku" in body and "Tidak berlaku" in body
    assert "lke-2026-draf" not in body
    assert ">113<" in body and ">84<" in body


def test_drafts_are_for_platform_operators_only(client_for, member, draft):
    assert page(client_for(member), "lke-2026-draf").status_code == 404
    operator = UserFactory(is_staff=True)
    assert page(client_for(operator), "lke-2026-draf").status_code == 200


def test_an_unknown_version_is_404(client_for, member, loaded):
    assert page(client_for(member), "lke-1999").status_code == 404


def test_the_page_shows_the_whole_template(client_for, member, loaded):
    body = page(client_for(member), "lke-2021").content.decode()
    assert (
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90" in body
    )
    assert 'id="q-PPA1A"' in body and 'id="q-HPA"' in body
    assert body.count('class="lke-question"') == 113
    assert "SK Tim Kerja Pembangunan ZI yang ditetapkan Pimpinan Unit Kerja" in body
    assert "A: semua" in body
    assert "<code>agents</code>" in body
    assert "informasi, tidak dihitung" in body  # PRE2A in_process, PRC3A sanctioned
    assert "Telah memperoleh predikat Menuju WBK" in body
    assert "18,25" in body  # bounds in the Indonesian format
    assert "data-print" in body and "d-print-none" in body


def test_the_weights_table_shows_the_area_minimums(client_for, member, loaded):
    body = page(client_for(member), "lke-2021").content.decode()
    weights = body[
        body.index('data-testid="weights"') : body.index("</table>", body.index("weights"))
    ]
    assert "Minimal WBBM" in weights and "Minimal WBK" in weights
    mp = weights[weights.index("MP · Manajemen Perubahan") :].split("</tr>")[0]
    assert ">6<" in mp and ">4,80<" in mp  # WBBM 75 %, WBK 60 % of 8


def test_lke_2014_has_no_area_minimums_and_a_proses_aspect(client_for, member, loaded):
    body = page(client_for(member), "lke-2014").content.decode()
    assert "Minimal WBK" not in body
    assert "Aspek Proses" in body
    assert body.count('class="lke-question"') == 84


def test_a_person_without_an_agency_may_read_the_regulations(client_for, loaded):
    loner = UserFactory()
    assert page(client_for(loner), "lke-2021").status_code == 200


def test_the_detail_page_has_a_fixed_query_budget(
    client_for, member, loaded, django_assert_max_num_queries
):
    client = client_for(member)
    page(client, "lke-2021")
    page(client, "lke-2014")  # warm the engine cache
    # 9: one query checks the person's second factor (apps/accounts/twofactor).
    with django_assert_max_num_queries(9):
        assert page(client, "lke-2021").status_code == 200
    with django_assert_max_num_queries(9):
        assert page(client, "lke-2014").status_code == 200


def test_operators_see_template_versions_read_only_in_the_admin(client_for, loaded):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(operator)
    listing = client.get("/admin/lke/templateversion/")
    assert listing.status_code == 200
    assert "lke-2021" in listing.content.decode()
    version = loaded["lke-2021"]
    change = client.get(f"/admin/lke/templateversion/{version.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert client.get("/admin/lke/templateversion/add/").status_code == 403
