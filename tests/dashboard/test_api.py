"""GET /api/v1/dashboard/: the page's figures as JSON for an agency's BI tools, who may
read them, the error body for bad input, and its query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope
from rest_framework.test import APIClient

from apps.dashboard.selectors import dashboard_whole
from apps.dashboard.summaries import refresh_summaries
from tests.factories import CycleFactory, make_unit

from .export_support import FORMULA_NAME, RULES, grow, scored_world

pytestmark = pytest.mark.django_db

URL = "/api/v1/dashboard/"


@pytest.fixture
def world(tenant, tree):
    return scored_world(tenant, tree)


@pytest.fixture
def api():
    def login(user):
        client = APIClient()
        client.force_login(user)
        return client

    return login


def s(value):
    """A Decimal as the API writes it (two decimals, a string), or None."""
    return None if value is None else f"{value:.2f}"


def error(response, status):
    assert response.status_code == status, response.content[:500]
    body = response.json()["error"]
    assert body["status"] == status
    return body


def test_it_returns_the_same_figures_as_the_selector(api, admin, tenant, tree, world):
    response = api(admin).get(URL, {"tahun": 2026, "unit": tree["kanwil"].pk})
    assert response.status_code == 200, response.content[:500]
    data = response.json()
    with scope(tenant=tenant.pk):
        dash = dashboard_whole(admin, year=2026, unit_id=tree["kanwil"].pk)

    assert data["year"] == 2026 and data["years"] == [2026, 2025]
    assert data["unit"] == {"id": tree["kanwil"].pk, "code": "KW1", "name": "Kanwil Satu"}
    assert [u["code"] for u in data["breadcrumb"]] == ["ALFA", "ES1"]
    totals = data["totals"]
    assert totals["cycles"] == dash.total.cycles == 2
    assert totals["total"] == s(dash.total.total) == "65.45"
    assert totals["completeness"] == s(dash.total.completeness)
    assert totals["realisation"] == s(dash.total.realisation)
    assert [a["code"] for a in data["areas"]] == [a.code for a in dash.areas]

    rows = {r["unit"]["code"]: r for r in data["rows"]}
    assert set(rows) == {"UPT1", "UPT3"}
    assert rows["UPT3"]["unit"]["name"] == FORMULA_NAME
    for row in dash.rows:
        cells = {c["area"]: c for c in rows[row.unit.code]["cells"]}
        for code, cell in row.cells.items():
            assert cells[code]["percent"] == s(cell.percent)
            assert cells[code]["completeness"] == s(cell.completeness)
            assert cells[code]["band"] == cell.score_band
    assert {c["area"]: c["percent"] for c in rows["UPT1"]["cells"]}["MP"] == "80.00"
    assert rows["UPT1"]["stage"] == "penilaian_pendahuluan"
    assert rows["UPT1"]["cycle"] == world["upt1"].pk

    funnel = {step["stage"]: step for step in data["funnel"] + data["outcomes"]}
    for step in dash.funnel + dash.outcomes:
        assert (funnel[step.stage]["wbk"], funnel[step.stage]["wbbm"]) == tuple(step.per_target)
        assert funnel[step.stage]["total"] == step.total

    assert data["failing_count"] == 1 and data["eligible_count"] == 1
    [failing] = data["failing"]
    assert failing["unit"]["code"] == "UPT3" and failing["total"] == "58.40"
    assert failing["failed_rules"] == [
        {"label": RULES[0]["label"], "area": "MP", "unit": "percent", "value": "41.25",
         "bound": "60.00"},
        {"label": RULES[1]["label"], "area": "", "unit": "points", "value": "58.40",
         "bound": "75.00"},
    ]  # fmt: skip
    assert [e["unit"]["code"] for e in data["eligible"]] == ["UPT1"]
    assert data["eligible"][0]["total_tpu"] == "72.50"
    assert data["backlog"] == []
    years = {t["year"]: t for t in data["trends"]["years"]}
    assert sorted(years) == [2025, 2026]
    assert years[2025]["mandiri"] == s(dash.year_trend[0].mandiri) == "66.00"
    levels = {t["area"]: t for t in data["trends"]["levels"]}
    mp = next(t for t in dash.area_trend if t.area.code == "MP")
    assert levels["MP"]["tpu"] == s(mp.tpu) and levels["MP"]["optimism"] == s(mp.optimism)


def test_without_parameters_it_shows_the_newest_year_at_the_top_of_the_reach(
    api, unit_leader, world
):
    data = api(unit_leader).get(URL).json()
    assert data["year"] == 2026 and data["unit"]["code"] == "UPT1"
    assert [r["unit"]["code"] for r in data["rows"]] == ["UPT1"]
    assert data["failing"] == [] and data["failing_count"] == 0


def test_the_schema_documents_the_endpoint_and_its_figures(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/dashboard/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"tahun", "unit", "X-Tenant"}
    assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {
        "totals", "funnel", "rows", "failing", "eligible", "backlog", "trends"
    } <= set(component["properties"])  # fmt: skip
    assert "DashboardCell" in schema["components"]["schemas"]


# --- Access and bad input -------------------------------------------------------------------


def test_anonymous_gets_401(world):
    body = error(APIClient().get(URL), 401)
    assert body["code"] == "not_authenticated"


def test_a_role_without_the_capability_gets_403(api, anggota, world):
    body = error(api(anggota).get(URL), 403)
    assert body["code"] == "permission_denied" and "Dasbor pimpinan" in body["message"]


def test_a_leader_of_another_eselon_i_gets_404_for_a_unit_outside_the_reach(
    api, es1_leader, tree, world
):
    es2 = make_unit(tree["root"], code="ES2", type_code="eselon-1", name="Ditjen Dua")
    upt = make_unit(es2, code="ES2-UPT", name="UPT Ditjen Dua")
    CycleFactory(unit=upt)
    client = api(es1_leader)
    error(client.get(URL, {"unit": upt.pk}), 404)
    error(client.get(URL, {"unit": es2.pk}), 404)
    data = client.get(URL).json()
    assert data["unit"]["code"] == "ES1"
    assert "Ditjen Dua" not in str(data)


def test_another_agency_gets_404_for_our_units(
    api, other_admin, other_tenant, other_tree, tree, world
):
    CycleFactory(unit=other_tree["upt"])
    refresh_summaries(tenant_id=other_tenant.pk)
    client = api(other_admin)
    error(client.get(URL, {"unit": tree["upt"].pk}), 404)
    data = client.get(URL).json()
    assert [r["unit"]["code"] for r in data["rows"]] == ["B-UPT"]


def test_a_year_without_cycles_is_a_404(api, admin, world):
    error(api(admin).get(URL, {"tahun": 2031}), 404)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"tahun": "dua ribu"}, "tahun", "Tahun harus berupa angka."),
        ({"tahun": "1900"}, "tahun", "Tahun harus antara"),
        ({"tahun": "9" * 2000}, "tahun", "Tahun harus berupa angka."),
        ({"unit": "abc"}, "unit", "Unit harus berupa id (angka)."),
        ({"unit": "0"}, "unit", "Unit harus berupa id (angka)."),
        ({"unit": "9" * 30}, "unit", "Unit harus berupa id (angka)."),
        ({"tahunn": "2026"}, None, "Parameter tidak dikenal: tahunn."),
    ],
)
def test_junk_parameters_are_a_400_with_the_error_body(api, admin, world, query, field, message):
    body = error(api(admin).get(URL, query), 400)
    assert body["code"] == "invalid"
    if field:
        assert body["fields"][field][0].startswith(message)
    else:
        assert body["message"] == message


def test_the_api_keeps_its_query_budget_as_units_grow(api, admin, tenant, tree, world):
    client = api(admin)
    url = f"{URL}?tahun=2026&unit={tree['kanwil'].pk}"
    grow(tenant, tree, 1)  # 3 units below the Kanwil

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json()["rows"])

    small, shown = count()
    assert shown == 3
    grow(tenant, tree, 9)
    large, shown = count()
    assert shown == 12
    assert large == small <= 22
