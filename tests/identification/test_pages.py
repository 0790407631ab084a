"""Identification pages: the access matrix, the workflow through the forms, bad input
(4xx with a message, nothing saved), the import, the report and PDF, query budgets."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from pypdf import PdfReader

from apps.identification.models import Identification, ServiceUser, Status

from .conftest import ALL_MET, add_users, fill

pytestmark = pytest.mark.django_db


def url(name, cycle, *args):
    return reverse(f"identification:{name}", args=[cycle.pk, *args])


def text(response) -> str:
    return " ".join(response.content.decode().split())


# --- access matrix ----------------------------------------------------------------------

PAGES = ["detail", "service_users"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, identification, page):
    response = client.get(url(page, identification.cycle))
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["sibling_member", "no_role", "other_admin"])
def test_other_units_and_agencies_get_404(client_for, request, identification, page, who):
    response = client_for(request.getfixturevalue(who)).get(url(page, identification.cycle))
    assert response.status_code == 404


def test_other_agency_404_reads_like_a_missing_cycle(client_for, other_cycle, admin):
    import re

    def body(path):  # without the CSRF token and the page's own address
        response = client.get(path)
        assert response.status_code == 404
        return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode()).replace(path, "")

    client = client_for(admin)
    own = body(reverse("identification:detail", args=[other_cycle.pk]))
    assert own == body(reverse("identification:detail", args=[999999]))


@pytest.mark.parametrize("who", ["member", "verifier", "admin", "tpu_user"])
def test_everyone_who_sees_the_unit_reads_without_the_unit_form(
    client_for, request, submitted, who
):
    response = client_for(request.getfixturevalue(who)).get(url("detail", submitted.cycle))
    assert response.status_code == 200
    assert 'data-testid="info-form"' not in response.content.decode()
    assert 'data-testid="info"' in response.content.decode()


def test_the_unit_leaders_see_the_form_and_the_tpu_the_decision(
    client_for, identification, ketua_tim, tpu_user
):
    page = client_for(ketua_tim).get(url("detail", identification.cycle)).content.decode()
    assert 'data-testid="info-form"' in page and 'data-testid="decision-form"' not in page
    from apps.identification import services

    fill(identification, ketua_tim)
    services.identification_submit(actor=ketua_tim, identification=identification)
    page = client_for(tpu_user).get(url("detail", identification.cycle)).content.decode()
    assert 'data-testid="decision-form"' in page and 'data-testid="info-form"' not in page


def test_a_conflicted_assessor_is_told_why_and_cannot_decide(client_for, submitted, conflicted_tpu):
    client = client_for(conflicted_tpu)
    page = text(client.get(url("detail", submitted.cycle)))
    assert "Benturan kepentingan." in page
    assert 'data-testid="decision-form"' not in page
    response = client.post(url("decide", submitted.cycle), {**ALL_MET_POST, "outcome": "complete"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


ALL_MET_POST = {key: "1" for key in ALL_MET}


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 403), ("tpu_user", 403), ("sibling_member", 404), ("other_admin", 404)],
)
def test_unit_writes_are_refused_for_others(client_for, request, identification, who, status):
    client = client_for(request.getfixturevalue(who))
    cycle = identification.cycle
    posts = [
        (url("info", cycle), {"lhkan_percent": "50"}),
        (url("submit", cycle), {}),
        (
            url("service_users", cycle),
            {"name": "X", "service": "Y", "finished_on": "2026-01-02", "phone": "08123456789"},
        ),
    ]
    for target, data in posts:
        assert client.post(target, data).status_code == status, target
    identification.refresh_from_db()
    assert identification.lhkan_percent is None and identification.status == Status.DRAFT
    assert not ServiceUser.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("ketua_tim", 403), ("member", 403), ("sibling_member", 404), ("other_tpu", 404)],
)
def test_decisions_are_refused_for_others(client_for, request, submitted, who, status):
    response = client_for(request.getfixturevalue(who)).post(
        url("decide", submitted.cycle), {**ALL_MET_POST, "outcome": "complete"}
    )
    assert response.status_code == status
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_anonymous_writes_go_to_login(client, identification):
    response = client.post(url("info", identification.cycle), {"lhkan_percent": "50"})
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


# --- the workflow through the pages ------------------------------------------------------


def test_the_unit_opens_fills_and_submits(client_for, cycle, ketua_tim):
    client = client_for(ketua_tim)
    assert "Buka identifikasi" in text(client.get(url("detail", cycle)))
    client.post(url("open", cycle))
    identification = Identification.objects.get(cycle=cycle)
    info = {
        "lhkan_percent": "100",
        "tlhp_percent": "92,5",
        "sakip_grade": "B",
        "pk_y1": "1",
        "pk_y2": "1",
        "pk_y3": "0",
        "realisation_y1": "99",
        "realisation_y2": "",
    }
    response = client.post(url("info", cycle), info)
    assert response.status_code == 302
    page = text(client.get(url("detail", cycle)))
    assert "Perjanjian Kinerja tahun 2023 belum ada." in page
    assert "Capaian realisasi kinerja tahun 2024 belum diisi." in page
    # The checklist names the empty parts and the button waits for them.
    assert "Masih 2 bagian kosong" in page
    assert 'data-testid="submit-button" disabled' in page
    assert "Belum ada data pengguna layanan: tambahkan paling sedikit satu orang." in page
    assert (
        'data-confirm="Identifikasi dikirim ke TPU dan tidak dapat diubah sampai TPU '
        'mengembalikannya."' in page
    )
    # A post anyway is refused, naming what is empty; nothing changes.
    response = client.post(url("submit", cycle), follow=True)
    page = text(response)
    assert "Identifikasi belum dapat diajukan ke TPU. Lengkapi dahulu:" in page
    assert "Capaian realisasi kinerja tahun 2024 belum diisi." in page
    identification.refresh_from_db()
    assert identification.status == Status.DRAFT
    client.post(url("info", cycle), {**info, "realisation_y2": "101,5"})
    add_users(identification, ketua_tim, 1)
    page = text(client.get(url("detail", cycle)))
    assert "bagian kosong" not in page and 'data-done="0"' not in page
    client.post(url("submit", cycle))
    identification.refresh_from_db()
    assert identification.status == Status.SUBMITTED
    assert identification.pk_y3 is False


def test_bad_unit_information_answers_400_with_messages_and_saves_nothing(
    client_for, identification, ketua_tim
):
    response = client_for(ketua_tim).post(
        url("info", identification.cycle),
        {"lhkan_percent": "120", "tlhp_percent": "9,999", "sakip_grade": "Z", "pk_y1": "x"},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Persentase harus antara 0 dan 100." in page
    assert "Persentase paling banyak dua angka di belakang koma." in page
    assert 'aria-invalid="true"' in page
    identification.refresh_from_db()
    assert identification.lhkan_percent is None and identification.tlhp_percent is None


def test_the_tpu_returns_then_completes_through_the_page(
    client_for, identification, ketua_tim, tpu_user
):
    from apps.identification import services

    fill(identification, ketua_tim, users=3)
    services.identification_submit(actor=ketua_tim, identification=identification)
    client = client_for(tpu_user)
    response = client.post(
        url("decide", identification.cycle),
        {**ALL_MET_POST, "outcome": "complete", "note": ""},
    )
    assert response.status_code == 400
    assert "Data pengguna layanan baru 3 dari minimal 10 orang." in text(response)
    response = client.post(
        url("decide", identification.cycle),
        {**ALL_MET_POST, "req_level_note": "Satker", "outcome": "return", "note": "Lengkapi."},
    )
    assert response.status_code == 302
    identification.refresh_from_db()
    assert identification.status == Status.RETURNED
    unit_page = text(client_for(ketua_tim).get(url("detail", identification.cycle)))
    assert "Dikembalikan oleh TPU (Penilai TPU Satu). Lengkapi:" in unit_page
    assert "Lengkapi." in unit_page


def test_an_unknown_outcome_answers_400(client_for, submitted, tpu_user):
    response = client_for(tpu_user).post(
        url("decide", submitted.cycle), {**ALL_MET_POST, "outcome": "x"}
    )
    assert response.status_code == 400
    assert "Keputusan tidak dikenal." in text(response)


def test_a_service_user_with_bad_input_answers_400(client_for, identification, ketua_tim):
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client_for(ketua_tim).post(
        url("service_users", identification.cycle),
        {
            "name": "Ani",
            "service": "Konsultasi",
            "finished_on": future,
            "phone": "abc",
            "email": "",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "belum terjadi (di masa depan)" in page
    assert "No. telp./WA abc tidak dikenal" in page
    assert not ServiceUser.objects.exists()


def test_a_service_user_is_added_and_removed(client_for, identification, ketua_tim):
    client = client_for(ketua_tim)
    response = client.post(
        url("service_users", identification.cycle),
        {
            "name": "Ani",
            "service": "Konsultasi",
            "finished_on": "2026-01-02",
            "phone": "0812 1111 2222",
        },
    )
    assert response.status_code == 302
    row = ServiceUser.objects.get()
    assert row.phone == "+6281211112222"
    assert "+6281211112222" in text(client.get(url("service_users", identification.cycle)))
    client.post(url("service_user_remove", identification.cycle, row.pk))
    assert not ServiceUser.objects.exists()


def test_removing_another_cycles_service_user_is_404(
    client_for, identification, ketua_tim, sibling_cycle, tree
):
    from apps.accounts.roles import Role
    from apps.identification import services
    from tests.factories import UserFactory, grant

    other_leader = UserFactory()
    grant(other_leader, tree["upt2"], Role.KETUA_TIM)
    other = services.identification_open(actor=other_leader, cycle=sibling_cycle)
    add_users(other, other_leader, 1)
    row = ServiceUser.objects.get()
    response = client_for(ketua_tim).post(url("service_user_remove", identification.cycle, row.pk))
    assert response.status_code == 404
    assert ServiceUser.objects.count() == 1


# --- import -----------------------------------------------------------------------------


def csv_file(lines, name="pengguna.csv"):
    return SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="text/csv")


def xlsx_file(rows, name="pengguna.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def test_an_xlsx_import_is_checked_then_stored_all_at_once(client_for, identification, ketua_tim):
    client = client_for(ketua_tim)
    upload = xlsx_file(
        [
            ["Nama", "Jenis Layanan", "Tanggal Selesai", "No. Telp/WA", "Email"],
            ["Ani", "Konsultasi", datetime.datetime(2026, 1, 5), 81234567890, ""],
            ["Budi", "Izin", "06/01/2026", "", "budi@contoh.id"],
        ]
    )
    preview = client.post(url("import", identification.cycle), {"file": upload})
    assert preview.status_code == 200
    page = text(preview)
    assert "Semua baris benar: 2 pengguna layanan akan ditambahkan." in page
    assert "+6281234567890" in page
    assert not ServiceUser.objects.exists()  # the dry run writes nothing
    token = preview.context["token"]
    response = client.post(url("import_confirm", identification.cycle), {"token": token})
    assert response.status_code == 302
    assert sorted(ServiceUser.objects.values_list("name", flat=True)) == ["Ani", "Budi"]
    # The token is spent: a second confirm stores nothing more.
    client.post(url("import_confirm", identification.cycle), {"token": token})
    assert ServiceUser.objects.count() == 2


def test_an_import_with_row_errors_lists_them_and_stores_nothing(
    client_for, identification, ketua_tim
):
    add_users(identification, ketua_tim, 1)
    existing = ServiceUser.objects.get()
    response = client_for(ketua_tim).post(
        url("import", identification.cycle),
        {
            "file": csv_file(
                [
                    "nama;jenis_layanan;tanggal_selesai;telepon;email",
                    "Ani;Konsultasi;2026-01-05;0812;",
                    "Budi;;31/02/2026;;budi@",
                    f"{existing.name};{existing.service};{existing.finished_on:%d/%m/%Y};;x@y.id",
                    "Citra;Izin;2026-01-07;081299998888;",
                    "citra;IZIN;07/01/2026;;c@d.id",
                ]
            )
        },
    )
    assert response.status_code == 400
    errors = [(e.line, e.column) for e in response.context["errors"]]
    assert errors == [
        (2, "telepon"),
        (3, "jenis_layanan"),
        (3, "tanggal_selesai"),
        (3, "email"),
        (4, "nama"),
        (6, "nama"),
    ]
    assert "Sama dengan baris 5." in text(response)
    assert ServiceUser.objects.count() == 1


def test_absurd_values_in_an_import_are_row_errors_with_their_bounds(
    client_for, identification, ketua_tim
):
    long_name = "N" * 201
    response = client_for(ketua_tim).post(
        url("import", identification.cycle),
        {
            "file": csv_file(
                [
                    "nama;jenis_layanan;tanggal_selesai;telepon;email",
                    f"{long_name};Konsultasi;2026-01-05;0812 3456 7890;",
                    "12345;Konsultasi;2026-01-05;0812 3456 7890 123 456;",
                    "Ani;Konsultasi;2026-01-05;+62 21 123;",
                ]
            )
        },
    )
    assert response.status_code == 400
    errors = [(e.line, e.column, e.message) for e in response.context["errors"]]
    assert [(line, column) for line, column, _m in errors] == [
        (2, "nama"),
        (3, "nama"),
        (3, "telepon"),
        (4, "telepon"),
    ]
    assert errors[0][2] == "Paling banyak 200 karakter (sekarang 201)."
    assert "terlalu panjang: nomor HP terdiri dari 10–13 angka" in errors[2][2]
    assert "terlalu pendek: nomor telepon terdiri dari 9–12 angka" in errors[3][2]
    assert not ServiceUser.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50,
            "Berkas Excel lama (.xls) tidak didukung.",
        ),
        (b"PK\x03\x04rusak", "Berkas bukan .xlsx yang valid atau rusak."),
        (
            b"nama,layanan\nAni,Konsultasi\n",
            "Kolom wajib tidak ada di baris judul: tanggal_selesai.",
        ),
        (b"nama,jenis_layanan,tanggal_selesai,telepon\n", "Berkas tidak berisi baris data"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(128, 256)) * 8, "melainkan berkas PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "melainkan gambar JPEG"),
        (b"<html><body>pengguna</body></html>", "melainkan halaman HTML"),
        (b"\x01\x02\x03 bukan teks", "bukan berkas Excel/CSV yang valid"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(
    client_for, identification, ketua_tim, content, message
):
    upload = SimpleUploadedFile("pengguna.csv", content)
    response = client_for(ketua_tim).post(url("import", identification.cycle), {"file": upload})
    assert response.status_code == 400
    assert message in text(response)
    assert not ServiceUser.objects.exists()


def test_import_is_for_the_unit_leaders_only(client_for, identification, member):
    upload = csv_file(
        ["nama,jenis_layanan,tanggal_selesai,telepon", "Ani,Konsultasi,2026-01-05,08123456789"]
    )
    assert (
        client_for(member).post(url("import", identification.cycle), {"file": upload}).status_code
        == 403
    )


def test_a_confirm_without_a_dry_run_stores_nothing(client_for, identification, ketua_tim):
    response = client_for(ketua_tim).post(
        url("import_confirm", identification.cycle), {"token": "x"}
    )
    assert response.status_code == 302
    assert not ServiceUser.objects.exists()


def test_the_import_template_downloads(client_for, identification, ketua_tim):
    response = client_for(ketua_tim).get(url("import_template", identification.cycle))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")


# --- report -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["report", "report_pdf"])
def test_no_report_before_completion(client_for, submitted, ketua_tim, page):
    assert client_for(ketua_tim).get(url(page, submitted.cycle)).status_code == 404


@pytest.mark.parametrize("page", ["report", "report_pdf"])
@pytest.mark.parametrize("who", ["sibling_member", "other_admin"])
def test_the_report_is_404_for_other_units_and_agencies(client_for, request, complete, page, who):
    response = client_for(request.getfixturevalue(who)).get(url(page, complete.cycle))
    assert response.status_code == 404


def test_the_report_page_and_pdf(client_for, complete, member):
    client = client_for(member)
    page = text(client.get(url("report", complete.cycle)))
    assert "LAPORAN HASIL IDENTIFIKASI" in page
    assert "LENGKAP – unit ditetapkan sebagai Calon Unit Kerja" in page
    response = client.get(url("report_pdf", complete.cycle) + "?unduh=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    pdf_text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split()
    )
    assert "UPT Satu" in pdf_text and "Calon Unit Kerja" in pdf_text


def test_the_cycle_page_shows_the_candidate(client_for, complete, member):
    page = text(client_for(member).get(reverse("cycles:detail", args=[complete.cycle_id])))
    assert 'data-testid="identification-card"' in page
    assert "Calon Unit Kerja" in page


def test_the_list_shows_only_visible_identifications_and_what_awaits_the_tpu(
    client_for, submitted, tpu_user, sibling_member, conflicted_tpu
):
    page = client_for(tpu_user).get(reverse("identification:list"))
    assert [i.pk for i in page.context["awaiting"]] == [submitted.pk]
    assert [i.pk for i in page.context["rows"]] == [submitted.pk]
    assert page.context["rows"][0].service_users == 10
    assert client_for(conflicted_tpu).get(reverse("identification:list")).context["awaiting"] == []
    assert client_for(sibling_member).get(reverse("identification:list")).context["rows"] == []


# --- query budgets ----------------------------------------------------------------------


def more_users(identification, actor):
    add_users(identification, actor, 25, start=100)


@pytest.mark.parametrize(
    ("page", "who", "budget"),
    [
        ("detail", "ketua_tim", 22),
        ("detail", "tpu_user", 22),
        ("service_users", "ketua_tim", 16),
        ("report", "member", 16),
        ("list", "tpu_user", 14),
    ],
)
def test_pages_keep_their_query_budget_as_rows_grow(
    client_for,
    request,
    identification,
    ketua_tim,
    tpu_user,
    page,
    who,
    budget,
    django_assert_max_num_queries,
):
    from apps.identification import services

    fill(identification, ketua_tim, users=10)
    services.identification_submit(actor=ketua_tim, identification=identification)
    if page == "report":
        identification = services.identification_decide(
            actor=tpu_user, identification=identification, outcome="complete", requirements=ALL_MET
        )
    target = reverse("identification:list") if page == "list" else url(page, identification.cycle)
    client = client_for(request.getfixturevalue(who))
    client.get(target)

    def measure():
        with django_assert_max_num_queries(budget) as ctx:
            assert client.get(target).status_code == 200
        return len(ctx.captured_queries)

    small = measure()
    Identification.objects.filter(pk=identification.pk).update(status=Status.DRAFT)
    more_users(identification, ketua_tim)
    Identification.objects.filter(pk=identification.pk).update(
        status=Status.COMPLETE if page == "report" else Status.SUBMITTED
    )
    assert measure() == small
