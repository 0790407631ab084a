"""/dasbor/: who sees what (the access matrix), bad input answered with a message and
never a 500, and a query budget that stays the same from 20 to 200 units."""

import pytest
from django.urls import reverse

from apps.cycles.models import Cycle
from apps.dashboard.summaries import refresh_summaries
from apps.units.models import Unit
from tests.factories import lke_version, make_unit

from .conftest import refreshed

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")


def body(response):
    return response.content.decode()


# --- access ---------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login(client, summed):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize("who", ["anggota", "no_role", "verifier", "tpu_user"])
def test_a_member_without_the_dashboard_capability_is_refused(request, client_for, summed, who):
    response = client_for(request.getfixturevalue(who)).get(URL)
    assert response.status_code == 403
    assert "Dasbor pimpinan hanya untuk" in body(response)


def test_the_agency_admin_sees_the_whole_agency(client_for, summed, admin):
    page = body(client_for(admin).get(URL))
    assert 'data-testid="dashboard-heatmap"' in page
    assert "Ditjen Satu" in page and "Ditjen Dua" in page
    for unit in ("es1b", "upt3", "kanwil"):
        assert client_for(admin).get(URL, {"unit": summed.units[unit].pk}).status_code == 200


def test_an_eselon_i_leader_sees_nothing_of_another_eselon_i(client_for, summed, es1_leader):
    c = client_for(es1_leader)
    page = body(c.get(URL))
    assert "Kanwil Satu" in page
    assert "Ditjen Dua" not in page and "UPT Tiga" not in page and "Kanwil Dua" not in page
    for unit in ("es1b", "kanwil_b", "upt3", "root"):
        response = c.get(URL, {"unit": summed.units[unit].pk})
        assert response.status_code == 404, unit
        assert "Unit tidak ditemukan dalam jangkauan dasbor Anda." in body(response)


@pytest.mark.parametrize("who", ["unit_leader", "ketua_tim"])
def test_a_unit_leader_sees_only_their_unit(request, client_for, summed, who):
    c = client_for(request.getfixturevalue(who))
    page = body(c.get(URL))
    assert "UPT Satu" in page and "UPT Dua" not in page and "Kanwil Satu" not in page
    assert c.get(URL, {"unit": summed.units["upt"].pk}).status_code == 200
    for unit in ("kanwil", "upt3", "root"):
        assert c.get(URL, {"unit": summed.units[unit].pk}).status_code == 404, unit


def test_another_agency_gets_404_for_a_unit_of_this_one(client_for, summed, other_admin):
    c = client_for(other_admin)
    for unit in ("root", "upt"):
        response = c.get(URL, {"unit": summed.units[unit].pk})
        assert response.status_code == 404
        assert "UPT Satu" not in body(response) and "Kementerian Alfa" not in body(response)
    response = c.get(URL)  # an agency without cycles yet
    assert response.status_code == 404
    assert "Belum ada siklus ZI dalam jangkauan dasbor Anda." in body(response)


def test_the_menu_shows_the_dashboard_to_leaders_only(client_for, summed, es1_leader, anggota):
    assert 'data-testid="nav-dashboard"' in body(client_for(es1_leader).get(URL))
    assert 'data-testid="nav-dashboard"' not in body(client_for(anggota).get(reverse("home")))


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"tahun": "abc"}, 400, "Tahun harus berupa angka, bukan “abc”."),
        ({"tahun": "99999"}, 400, "Tahun harus antara 2014 dan 2100."),
        ({"tahun": "-1"}, 400, "Tahun harus berupa angka"),
        ({"tahun": "1" * 40}, 400, "Tahun harus berupa angka"),
        ({"tahun": "٢٠٢٦"}, 400, "Tahun harus berupa angka"),
        ({"unit": "abc"}, 400, "Unit harus berupa angka, bukan “abc”."),
        ({"unit": "1.5"}, 400, "Unit harus berupa angka, bukan “1.5”."),
        ({"unit": "999999999"}, 404, "Unit tidak ditemukan dalam jangkauan dasbor Anda."),
        ({"lapisan": "x"}, 400, "Lapisan harus “skor” atau “kelengkapan”."),
        ({"tahap": "x"}, 400, "Tahap “x” tidak dikenal."),
        ({"foo": "1"}, 400, "Parameter tidak dikenal: foo."),
        ({"tahun": "1999"}, 400, "Tahun harus antara 2014 dan 2100."),
        ({"tahun": "2014"}, 404, "Tidak ada siklus ZI tahun 2014 dalam jangkauan Anda."),
    ],
)
def test_bad_input_is_answered_with_a_message(client_for, summed, admin, params, status, message):
    response = client_for(admin).get(URL, params)
    assert response.status_code == status
    assert message in body(response)


def test_every_valid_layer_and_stage_renders(client_for, summed, admin):
    c = client_for(admin)
    for layer in ("skor", "kelengkapan"):
        for stage in ("", "pencanangan", "penilaian_pendahuluan", "ditetapkan"):
            response = c.get(URL, {"tahun": 2026, "lapisan": layer, "tahap": stage})
            assert response.status_code == 200, (layer, stage)


# --- what the page shows ----------------------------------------------------------------


def test_the_page_shows_the_failed_rule_and_the_funnel_units(client_for, summed, admin):
    c = client_for(admin)
    page = body(c.get(URL, {"unit": summed.units["kanwil"].pk}))
    assert page.count('data-testid="heat-row"') == 3
    assert 'data-area="PW" data-band="below"' in page
    assert (
        "Nilai setiap area pengungkit minimal 60% dari bobotnya – PW: 50.00 % &lt; 60.00 %" in page
    )
    page = body(c.get(URL, {"tahap": "penilaian_pendahuluan"}))
    assert 'data-testid="dashboard-stage-units"' in page
    assert "UPT Satu" in page and "UPT Dua" in page


def test_the_completeness_layer_colours_cells_by_verified_evidence(client_for, summed, admin):
    page = body(
        client_for(admin).get(URL, {"unit": summed.units["kanwil"].pk, "lapisan": "kelengkapan"})
    )
    assert "Kelengkapan bukti per area" in page
    assert 'data-area="PW" data-band="below"' in page  # nothing verified in PW


# --- query budget -------------------------------------------------------------------------

# The agency's root: 20 queries; one level down adds the breadcrumb, a funnel step's list
# one more.
BUDGETS = (20, 21, 22)


def grow(parent, kanwils: int, upts: int, prefix: str) -> None:
    """``kanwils`` Kanwil under ``parent``, each with ``upts`` UPTs, every one with a 2026
    cycle (units through the tree operations, cycles in bulk)."""
    template = lke_version()
    new = []
    for k in range(kanwils):
        kanwil = make_unit(parent, code=f"{prefix}K{k}", type_code="unit-kerja")
        new.append(kanwil)
        new += [make_unit(kanwil, code=f"{prefix}K{k}U{u}") for u in range(upts)]
    Cycle.objects.bulk_create(
        Cycle(
            tenant_id=parent.tenant_id,
            unit=unit,
            year=2026,
            name="Pembangunan ZI 2026",
            target="wbk" if i % 3 else "wbbm",
            template=template,
            stage=("pembangunan", "penilaian_pendahuluan", "identifikasi")[i % 3],
        )
        for i, unit in enumerate(new)
    )


def test_the_query_count_stays_the_same_from_20_to_200_units(
    client_for, agency, admin, django_assert_max_num_queries
):
    units = agency.units
    grow(units["es1"], 2, 4, "A")  # with the agency's own: ~20 units
    refreshed(agency)
    tenant_id = units["root"].tenant_id
    assert 15 <= Unit.objects.filter(tenant_id=tenant_id).count() <= 25
    c = client_for(admin)
    views = [{}, {"unit": units["es1"].pk}, {"unit": units["kanwil"].pk, "tahap": "pembangunan"}]
    counts = []
    for params, budget in zip(views, BUDGETS, strict=True):
        c.get(URL, params)  # warm the per-process caches
        with django_assert_max_num_queries(budget) as ctx:
            assert c.get(URL, params).status_code == 200
        counts.append(len(ctx.captured_queries))
    grow(units["es1"], 14, 9, "B")
    grow(units["es1b"], 8, 4, "C")
    for k in range(10):
        make_unit(units["kanwil"], code=f"KX{k}")
    refresh_summaries(tenant_id=tenant_id)
    assert Unit.objects.filter(tenant_id=tenant_id).count() >= 200
    for params, count in zip(views, counts, strict=True):
        with django_assert_max_num_queries(count) as ctx:
            assert c.get(URL, params).status_code == 200
        assert len(ctx.captured_queries) == count, params
