"""The dashboard's exports: the view as .xlsx (read back with openpyxl), as a PDF made by
the worker (read back with pypdf), who may fetch them, and bad input."""

import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.core.choices import RenderState
from apps.dashboard import services
from apps.dashboard.models import DashboardExport
from apps.dashboard.selectors import dashboard_for, dashboard_whole
from apps.dashboard.tasks import render_dashboard_pdf, render_missing_dashboard_pdfs
from apps.dashboard.templatetags.dashboard_tags import num, pct
from tests.factories import CycleFactory, grant, make_unit

from .export_support import FORMULA_NAME, RULES, grow, scored_world

pytestmark = pytest.mark.django_db

XLSX = reverse("dashboard:xlsx")
EXPORTS = reverse("dashboard:exports")
PDF_REQUEST = reverse("dashboard:pdf_request")
SHEETS = [
    "Ringkasan",
    "Tahapan",
    "Peta nilai",
    "Gagal minimum",
    "Layak TPI",
    "Antrean verifikasi",
    "Tren tahun",
    "Tren tingkat",
]


@pytest.fixture
def world(tenant, tree):
    return scored_world(tenant, tree)


@pytest.fixture
def other_es1(tree):
    """A second Eselon I with a UPT and a 2026 cycle: outside the es1_leader's reach."""
    es2 = make_unit(tree["root"], code="ES2", type_code="eselon-1", name="Ditjen Dua")
    upt = make_unit(es2, code="ES2-UPT", name="UPT Ditjen Dua")
    CycleFactory(unit=upt)
    return {"es2": es2, "upt": upt}


def workbook(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def as_dict(sheet):
    return {r[0]: r[1] for r in rows(sheet)[1:]}


def f(value):
    return None if value is None else float(value)


def whole_view(user, **kwargs):
    with scope(tenant=user.memberships.first().tenant_id):
        return dashboard_whole(user, **kwargs)


# --- Excel ------------------------------------------------------------------------------


def test_the_workbook_has_one_sheet_per_table_with_the_selectors_figures(
    client_for, admin, tree, world
):
    book = workbook(client_for(admin).get(XLSX, {"tahun": 2026, "unit": tree["kanwil"].pk}))
    assert book.sheetnames == SHEETS
    dash = whole_view(admin, year=2026, unit_id=tree["kanwil"].pk)

    totals = as_dict(book["Ringkasan"])
    assert totals["Dasbor pimpinan"] == "Kanwil Satu" and totals["Tahun"] == 2026
    assert totals["Siklus ZI"] == dash.total.cycles == 2
    assert totals["Rata-rata nilai LKE"] == f(dash.total.total) == pytest.approx(65.45)
    assert totals["Kelengkapan bukti (%)"] == f(dash.total.completeness)
    assert totals["Gagal nilai minimum"] == 1 and totals["Layak diusulkan ke TPI"] == 1

    funnel = {r[0]: r[1:] for r in rows(book["Tahapan"])[1:]}
    assert rows(book["Tahapan"])[0] == ["Tahap", "Menuju WBK", "Menuju WBBM", "Jumlah"]
    for step in dash.funnel + dash.outcomes:
        assert funnel[step.label] == [*step.per_target, step.total]
    assert funnel["Penilaian pendahuluan"] == [1, 0, 1]

    heat = rows(book["Peta nilai"])
    header = heat[0]
    assert header[:5] == ["Unit", "Kode unit", "Tahap", "Siklus", "Dinilai"]
    assert "MP nilai (%)" in header and "MP kelengkapan (%)" in header
    by_code = {r[1]: dict(zip(header, r, strict=True)) for r in heat[1:]}
    for row in dash.rows:
        line = by_code[row.unit.code]
        assert line["Siklus"] == row.figures.cycles
        for area in dash.areas:
            cell = row.cells.get(area.code)
            assert line[f"{area.code} nilai (%)"] == f(cell and cell.percent)
            assert line[f"{area.code} kelengkapan (%)"] == f(cell and cell.completeness)
    assert by_code["UPT1"]["MP nilai (%)"] == 80.0
    assert by_code["UPT3"]["MP nilai (%)"] == 41.25
    total_line = dict(zip(header, heat[-1], strict=True))
    assert total_line["Unit"] == "Jumlah"
    assert total_line["MP nilai (%)"] == f(dash.total_cells["MP"].percent)

    failing = rows(book["Gagal minimum"])
    assert failing[0][:5] == ["Unit", "Kode unit", "Target", "Tingkat penilaian", "Nilai total"]
    head = [FORMULA_NAME, "UPT3", "Menuju WBBM", "Penilaian pendahuluan (TPU)", 58.4]
    assert failing[1:] == [
        [*head, RULES[0]["label"], "MP", 41.25, 60.0, "%"],
        [*head, RULES[1]["label"], None, 58.4, 75.0, "poin"],
    ]
    eligible = rows(book["Layak TPI"])
    assert eligible[1] == ["UPT Satu", "UPT1", "Menuju WBK", "Penilaian pendahuluan", 72.5, 72.5]

    years = {r[0]: r for r in rows(book["Tren tahun"])[1:]}
    assert sorted(years) == [t.year for t in dash.year_trend] == [2025, 2026]
    assert years[2025][3] == f(dash.year_trend[0].mandiri) == 66.0
    levels = {r[0]: r for r in rows(book["Tren tingkat"])[1:]}
    mp = next(t for t in dash.area_trend if t.area.code == "MP")
    assert levels["MP"][2:] == [f(mp.mandiri), f(mp.tpu), f(mp.tpi), f(mp.optimism)]


def test_a_formula_like_unit_name_is_stored_as_text_not_a_formula(client_for, admin, world):
    response = client_for(admin).get(XLSX)
    book = workbook(response)
    cells = [c for r in book["Peta nilai"].iter_rows() for c in r if c.value == FORMULA_NAME]
    cells += [c for r in book["Gagal minimum"].iter_rows() for c in r if c.value == FORMULA_NAME]
    assert len(cells) >= 2
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    # No formula anywhere in the file.
    assert not any(
        c.data_type == "f" for sheet in book.worksheets for r in sheet.iter_rows() for c in r
    )


def test_the_workbook_lists_every_failing_unit_not_the_pages_first(
    client_for, admin, tenant, tree, world, monkeypatch
):
    grow(tenant, tree, 3)
    monkeypatch.setattr("apps.dashboard.selectors.LIST_LIMIT", 2)
    with scope(tenant=tenant.pk):
        page = dashboard_for(admin, year=2026)
    assert len(page.failing) == 2 and page.failing_count == 4
    book = workbook(client_for(admin).get(XLSX, {"tahun": 2026}))
    listed = {r[1] for r in rows(book["Gagal minimum"])[1:]}
    assert listed == {"UPT3", "GROW0", "GROW1", "GROW2"}
    # Every failed rule of every unit: one line each.
    assert len(rows(book["Gagal minimum"])) == 1 + 4 * len(RULES)


def test_the_workbook_keeps_its_query_budget_as_units_grow(client_for, admin, tenant, tree, world):
    client = client_for(admin)
    url = f"{XLSX}?tahun=2026&unit={tree['kanwil'].pk}"
    client.get(url)
    grow(tenant, tree, 1)  # 3 units below the Kanwil

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small = count()
    grow(tenant, tree, 9)  # 12 units
    large = count()
    assert large == small <= 22


# --- PDF ----------------------------------------------------------------------------------


def pdf_text(export) -> str:
    export.refresh_from_db()
    with export.pdf_file.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def request_pdf(client, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(PDF_REQUEST, fields)
    return response, queued


def test_buat_pdf_queues_the_worker_which_renders_the_view_with_its_tables(
    client_for, es1_leader, tenant, tree, world, django_capture_on_commit_callbacks
):
    client = client_for(es1_leader)
    response, queued = request_pdf(
        client, django_capture_on_commit_callbacks, tahun="2026", unit=str(tree["kanwil"].pk)
    )
    assert response.status_code == 302
    assert response["Location"] == f"/dasbor/?tahun=2026&unit={tree['kanwil'].pk}"
    export = DashboardExport.objects.get()
    assert (export.requested_by, export.year, export.unit) == (es1_leader, 2026, tree["kanwil"])
    assert export.pdf_state == RenderState.PENDING and len(queued) == 1

    # The page shows the request as being made, polled while it is.
    panel = client.get(EXPORTS, HTTP_HX_REQUEST="true")
    assert b'data-state="pending"' in panel.content and b"every 3s" in panel.content

    assert render_dashboard_pdf(tenant.pk, export.pk) is True
    assert render_dashboard_pdf(tenant.pk, export.pk) is False  # made once
    export.refresh_from_db()
    assert export.pdf_state == RenderState.READY and export.finished_at is not None
    text = pdf_text(export)
    dash = whole_view(es1_leader, year=2026, unit_id=tree["kanwil"].pk)
    for needle in (
        "DASBOR PIMPINAN ZONA INTEGRITAS",
        "Kanwil Satu",
        "UPT Satu",
        "UPT Rumus",
        "Nilai minimal per area pengungkit",
        pct(dash.total.completeness),
        num(dash.total.total),  # 65,45
        pct(Decimal("41.25")),
        "Penilaian pendahuluan",
        "2025",
    ):
        assert needle in text, needle

    panel = client.get(EXPORTS, HTTP_HX_REQUEST="true")
    assert b'data-state="ready"' in panel.content and b"every 3s" not in panel.content
    download = client.get(reverse("dashboard:pdf", args=[export.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_asking_again_while_it_is_made_is_the_same_request(
    client_for, admin, world, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    request_pdf(client, django_capture_on_commit_callbacks, tahun="2026")
    request_pdf(client, django_capture_on_commit_callbacks, tahun="2026")
    assert DashboardExport.objects.count() == 1


def test_a_failed_render_is_recorded_and_shown_not_a_500(
    client_for, es1_leader, tenant, tree, world, django_capture_on_commit_callbacks
):
    client = client_for(es1_leader)
    request_pdf(client, django_capture_on_commit_callbacks, unit=str(tree["kanwil"].pk))
    export = DashboardExport.objects.get()
    # The leader lost the role before the worker ran: what they reach now is rendered,
    # not what they reached when asking.
    RoleAssignment.objects.filter(user=es1_leader).delete()
    assert render_dashboard_pdf(tenant.pk, export.pk) is False
    export.refresh_from_db()
    assert export.failed and export.pdf_file is None and export.pdf_state == ""
    assert "jangkauan" in export.error
    # Nothing is due: the beat job leaves it.
    assert render_missing_dashboard_pdfs() == 0
    # Shown on the requester's list (a page without the capability is a 403 now).
    grant(es1_leader, tree["upt2"], Role.PIMPINAN_UNIT)
    page = client.get(EXPORTS)
    assert page.status_code == 200
    assert b'data-state="failed"' in page.content and export.error.encode() in page.content
    download = client.get(reverse("dashboard:pdf", args=[export.pk]))
    assert download.status_code == 302


def test_a_lost_task_is_queued_again_by_the_beat_job(admin, tenant, world, monkeypatch):
    with scope(tenant=tenant.pk):
        export = services.dashboard_export_request(actor=admin, tenant=tenant, year=2026)
    queued = []
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *args: queued.append(args) or 1)
    assert render_missing_dashboard_pdfs() == 1
    assert queued == [(tenant.pk, export.pk)]


# --- Access and bad input -------------------------------------------------------------------


@pytest.fixture
def made(admin, tenant, world):
    """A PDF the Admin Instansi asked for, made."""
    with scope(tenant=tenant.pk):
        export = services.dashboard_export_request(actor=admin, tenant=tenant, year=2026)
    render_dashboard_pdf(tenant.pk, export.pk)
    export.refresh_from_db()
    assert export.pdf_file is not None
    return export


def test_anonymous_is_sent_to_the_login(client, made):
    for method, url in (
        ("get", XLSX),
        ("get", EXPORTS),
        ("post", PDF_REQUEST),
        ("get", reverse("dashboard:pdf", args=[made.pk])),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/akun/" in response["Location"], url
    assert DashboardExport.objects.count() == 1


def test_a_role_without_the_capability_gets_403(client_for, anggota, made):
    client = client_for(anggota)
    assert client.get(XLSX).status_code == 403
    assert client.get(EXPORTS).status_code == 403
    assert client.post(PDF_REQUEST, {"tahun": "2026"}).status_code == 403
    assert client.get(reverse("dashboard:pdf", args=[made.pk])).status_code == 403
    assert DashboardExport.objects.count() == 1


def test_a_leader_of_another_eselon_i_gets_404_for_a_unit_outside_the_reach(
    client_for, es1_leader, other_es1, world
):
    client = client_for(es1_leader)
    outside = str(other_es1["upt"].pk)
    response = client.get(XLSX, {"unit": outside})
    assert response.status_code == 404
    assert "jangkauan dasbor Anda" in response.content.decode()
    assert client.post(PDF_REQUEST, {"unit": outside}).status_code == 404
    assert not DashboardExport.objects.exists()
    # Their own reach exports, without the other Eselon I.
    book = workbook(client.get(XLSX))
    names = {r[0] for r in rows(book["Peta nilai"])}
    assert "UPT Ditjen Dua" not in names and "Ditjen Dua" not in names


def test_only_the_requester_downloads_the_pdf(client_for, es1_leader, other_admin, made):
    url = reverse("dashboard:pdf", args=[made.pk])
    assert client_for(es1_leader).get(url).status_code == 404  # same agency, not theirs
    assert b"Unduh PDF" not in client_for(es1_leader).get(EXPORTS).content
    assert client_for(other_admin).get(url).status_code == 404  # another agency


def test_another_agency_gets_404_for_our_units(client_for, other_admin, other_tree, tree, world):
    CycleFactory(unit=other_tree["upt"])
    client = client_for(other_admin)
    assert client.get(XLSX, {"unit": tree["upt"].pk}).status_code == 404
    assert client.post(PDF_REQUEST, {"unit": str(tree["upt"].pk)}).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"tahun": "dua ribu"}, "Tahun harus berupa angka"),
        ({"tahun": "1900"}, "Tahun harus antara"),
        ({"unit": "1; DROP TABLE"}, "Unit harus berupa angka"),
        ({"unit": "9" * 30}, "Unit harus berupa angka"),
        ({"tahunn": "2026"}, "Parameter tidak dikenal: tahunn"),
    ],
)
def test_junk_parameters_are_a_400_with_the_reason(client_for, admin, world, query, message):
    client = client_for(admin)
    response = client.get(XLSX, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    fields = {k: v for k, v in query.items() if k in ("tahun", "unit")}
    if fields:
        response = client.post(PDF_REQUEST, fields)
        assert response.status_code == 400 and message in response.content.decode()


def test_a_year_without_cycles_is_a_404_with_its_message(client_for, admin, world):
    response = client_for(admin).get(XLSX, {"tahun": 2031})
    assert response.status_code == 404
    assert "Tidak ada siklus ZI tahun 2031" in response.content.decode()


def test_the_page_offers_both_exports_of_the_view_it_shows(client_for, admin, tree, world):
    page = client_for(admin).get(reverse("dashboard:index"), {"unit": tree["kanwil"].pk})
    html = page.content.decode()
    assert f'href="{XLSX}?tahun=2026&amp;unit={tree["kanwil"].pk}"' in html
    assert f'action="{PDF_REQUEST}"' in html and f'hx-get="{EXPORTS}"' in html
