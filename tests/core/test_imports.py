"""The one tabular import (apps.core.imports): a spec reads the header (names, aliases,
required columns) and every cell through its column's parser into row errors; the dry
run → confirm flow writes all rows or none, and refuses a stale or tampered confirm."""

import io
import pathlib
import re

import pytest
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views import View
from openpyxl import Workbook

from apps.core.imports import (
    CellError,
    Column,
    DryRun,
    ImportFileError,
    ImportFlowMixin,
    RowError,
    RowsInvalid,
    TableSpec,
    header_key,
    stash_dry_run,
    take_dry_run,
)
from apps.core.models import OutboxMessage
from zi_portal.urls import urlpatterns as project_urls

APPS = pathlib.Path(__file__).resolve().parents[2] / "apps"


def _count(value) -> int:
    text = str(value if value is not None else "").strip()
    if not text.isdigit():
        raise CellError("Jumlah harus angka bulat.")
    return int(text)


def _name(value) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError("Nama wajib diisi.")
    return text


SPEC = TableSpec(
    columns=(
        Column("nama", label="Nama", required=True, parse=_name, aliases=("nama_lengkap",)),
        Column("jumlah", required=True, parse=_count, field="count"),
        Column("catatan"),
    )
)


def csv(*lines: str) -> bytes:
    return "\n".join(lines).encode()


# --- the spec --------------------------------------------------------------------------


def test_header_key_reads_the_spellings_people_type():
    assert header_key(" Kode Induk ") == header_key("kode-induk") == "kode_induk"
    assert header_key("No. Telp./WA") == "no_telp_wa"


def test_a_spec_reads_aliases_and_fields_and_skips_blank_rows_and_extra_columns():
    parsed = SPEC.read(csv("No;Nama Lengkap;Jumlah", "1;Ani;3", ";;", "2;Budi;04"))
    assert parsed.rows == [
        {"line": 2, "nama": "Ani", "count": 3, "catatan": ""},
        {"line": 4, "nama": "Budi", "count": 4, "catatan": ""},
    ]
    assert parsed.errors == []


def test_every_refused_cell_is_a_row_error_with_its_row_and_column():
    parsed = SPEC.read(csv("nama,jumlah", "Ani,dua", ",5", "Citra,1"))
    assert parsed.errors == [
        RowError(2, "jumlah", "Jumlah harus angka bulat."),
        RowError(3, "Nama", "Nama wajib diisi."),
    ]
    assert parsed.bad_lines == {2, 3}
    assert [row["line"] for row in parsed.rows] == [2, 3, 4]  # every row, for the check


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (csv("nama,catatan", "Ani,x"), "Kolom wajib tidak ada di baris judul: jumlah."),
        (csv("nama,jumlah,Nama Lengkap", "Ani,1,Ani"), "Kolom Nama muncul lebih dari sekali"),
        (csv("nama,jumlah"), "Berkas tidak berisi baris data"),
        (b"", "Berkas kosong."),
        (b"PK\x03\x04rusak", "Berkas bukan .xlsx yang valid atau rusak."),
    ],
)
def test_a_file_the_spec_cannot_read_is_refused_whole(content, message):
    with pytest.raises(ImportFileError) as caught:
        SPEC.read(content)
    assert message in caught.value.message


def test_the_row_limit_and_the_whole_file_checks_apply(settings):
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(ImportFileError, match="lebih dari 2 baris data"):
        SPEC.read(csv("nama,jumlah", "A,1", "B,2", "C,3"))

    def one_of(present):
        if "catatan" not in present:
            raise ImportFileError("Berkas harus memiliki kolom catatan.")

    strict = TableSpec(columns=SPEC.columns, header_check=one_of)
    with pytest.raises(ImportFileError, match="kolom catatan"):
        strict.read(csv("nama,jumlah", "A,1"))


def test_a_header_below_a_title_is_found_and_xlsx_only_is_enforced():
    book = Workbook()
    book.active.append(["LEMBAR KERJA"])
    book.active.append([])
    book.active.append(["Nama", "Jumlah"])
    book.active.append(["Ani", 2])
    out = io.BytesIO()
    book.save(out)
    spec = TableSpec(columns=SPEC.columns, header_search=10, xlsx_only="Hanya .xlsx.")
    assert spec.read(out.getvalue()).rows == [{"line": 4, "nama": "Ani", "count": 2, "catatan": ""}]
    with pytest.raises(ImportFileError, match=r"Hanya \.xlsx\."):
        spec.read(csv("nama,jumlah", "Ani,2"))


# --- the dry run → confirm flow ----------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField()


@transaction.atomic
def _service(rows: list[dict]) -> int:
    """A write service: one row per line, all or none (a row named "gagal" fails)."""
    for row in rows:
        OutboxMessage.objects.create(handler="uji", payload=row)
        if row["nama"] == "gagal":
            raise RowsInvalid([RowError(row["line"], "Nama", "Baris ini ditolak.")])
    return len(rows)


class Flow(ImportFlowMixin):
    session_key = "test_import"
    form_class = UploadForm
    spec = SPEC

    def import_scope(self):
        return {"tenant": self.request.tenant.pk}

    def preview_context(self):
        return {
            "title": "Pratinjau uji",
            "breadcrumbs": [],
            "caption": "Baris uji",
            "confirm_url": "/uji-impor/ok/",
            "cancel_url": "/uji-impor/",
            "upload_url": "/uji-impor/",
            "changed_text": "Data berubah sejak uji coba.",
            "nothing_saved": "Tidak ada yang disimpan.",
        }

    def upload_failed(self, form):
        return HttpResponse(" ".join(form.errors["file"]), status=400)

    def check(self, parsed, upload):
        return DryRun(
            rows=parsed.rows,
            errors=parsed.errors,
            headings=["Nama", "Jumlah"],
            table=[[r["line"], r["nama"], r["count"]] for r in parsed.rows],
            summary=f"{len(parsed.rows)} baris siap.",
        )

    def apply(self, rows):
        _service(rows)
        return redirect("/uji-impor/")


class UploadView(Flow, View):
    def get(self, request):
        return HttpResponse(" ".join(str(m) for m in messages.get_messages(request)))

    def post(self, request):
        return self.dry_run_response()


class ConfirmView(Flow, View):
    def post(self, request):
        return self.confirm_response()


urlpatterns = [
    path("uji-impor/", UploadView.as_view()),
    path("uji-impor/ok/", ConfirmView.as_view()),
    *project_urls,
]

pytestmark = [pytest.mark.urls(__name__)]


def upload(client, *lines):
    return client.post("/uji-impor/", {"file": SimpleUploadedFile("uji.csv", csv(*lines))})


@pytest.mark.django_db
def test_the_preview_lists_every_row_under_the_spec_headings_and_saves_nothing(client_for, admin):
    response = upload(client_for(admin), "nama,jumlah", "Ani,1", "Budi,2")
    assert response.status_code == 200
    assert response.templates[0].name == "core/import_preview.html"
    body = response.content.decode()
    assert "2 baris siap." in body and "Budi" in body and "Impor sekarang" in body
    assert response.context["token"]
    assert not OutboxMessage.objects.filter(handler="uji").exists()


@pytest.mark.django_db
def test_a_file_with_errors_lists_them_all_and_cannot_be_confirmed(client_for, admin):
    client = client_for(admin)
    response = upload(client, "nama,jumlah", "Ani,x", ",2")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Berkas tidak dapat diimpor: 2 kesalahan." in body
    assert "Jumlah harus angka bulat." in body and "Nama wajib diisi." in body
    assert "Impor sekarang" not in body and "test_import" not in client.session


@pytest.mark.django_db
def test_a_refused_file_goes_back_to_the_upload_form(client_for, admin):
    response = client_for(admin).post(
        "/uji-impor/", {"file": SimpleUploadedFile("uji.pdf", b"%PDF-1.4\x00")}
    )
    assert response.status_code == 400
    assert "melainkan berkas PDF" in response.content.decode()


@pytest.mark.django_db
def test_confirm_applies_every_row_once(client_for, admin):
    client = client_for(admin)
    token = upload(client, "nama,jumlah", "Ani,1", "Budi,2").context["token"]
    assert client.post("/uji-impor/ok/", {"token": token}).status_code == 302
    assert OutboxMessage.objects.filter(handler="uji").count() == 2
    client.post("/uji-impor/ok/", {"token": token})  # spent
    assert OutboxMessage.objects.filter(handler="uji").count() == 2


@pytest.mark.django_db
def test_a_row_the_service_refuses_saves_none_and_shows_the_errors(client_for, admin):
    client = client_for(admin)
    token = upload(client, "nama,jumlah", "Ani,1", "gagal,2").context["token"]
    response = client.post("/uji-impor/ok/", {"token": token})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Data berubah sejak uji coba." in body and "Baris ini ditolak." in body
    assert not OutboxMessage.objects.filter(handler="uji").exists()
    assert "test_import" not in client.session


@pytest.mark.django_db
def test_a_stale_forged_or_tampered_confirm_is_refused(client_for, admin):
    client = client_for(admin)
    first = upload(client, "nama,jumlah", "Ani,1").context["token"]
    second = upload(client, "nama,jumlah", "Budi,2").context["token"]
    for token in (first, "palsu", ""):  # a stale one: a newer upload replaced it
        response = client.post("/uji-impor/ok/", {"token": token}, follow=True)
        assert "sudah kedaluwarsa" in response.content.decode()
    session = client.session
    session["test_import"]["rows"][0]["nama"] = "Mallory"  # rows changed behind the token
    session.save()
    client.post("/uji-impor/ok/", {"token": second})
    assert not OutboxMessage.objects.filter(handler="uji").exists()


def test_the_stash_answers_only_its_token_for_its_scope_while_unchanged():
    request = type("Request", (), {"session": {}})()
    rows = [{"line": 2, "nama": "Ani"}]
    token = stash_dry_run(request, "k", scope={"unit": 1}, filename="a.csv", rows=rows)
    assert take_dry_run(request, "k", token=token, scope={"unit": 2}) is None
    assert take_dry_run(request, "k", token="x" + token, scope={"unit": 1}) is None
    assert take_dry_run(request, "k", token=token, scope={"unit": 1})["rows"] == rows
    request.session["k"]["extra"] = {"versions": {"A": 9}}
    assert take_dry_run(request, "k", token=token, scope={"unit": 1}) is None


# --- one mechanism ---------------------------------------------------------------------


def test_the_reader_row_error_and_preview_exist_once():
    """Files are opened by core.spreadsheets only, row errors are core.imports.RowError,
    and every import renders core/import_preview.html."""
    offenders = []
    for module in APPS.rglob("*.py"):
        if module.parent.name == "core" and module.name == "spreadsheets.py":
            continue
        if module.parent.name == "imports" and module.parent.parent.name == "core":
            continue
        text = module.read_text()
        if re.search(r"\bload_workbook\(|class RowError\b|class \w*RowsInvalid\b", text):
            offenders.append(str(module.relative_to(APPS)))
    previews = [
        str(p.relative_to(APPS.parent))
        for p in APPS.parent.glob("**/templates/**/import_preview.html")
        if ".venv" not in p.parts
    ]
    assert offenders == []
    assert previews == ["apps/core/templates/core/import_preview.html"]
