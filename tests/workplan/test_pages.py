"""Work plan and task pages: the access matrix (anonymous, wrong role, other unit, other
agency), the flow through the forms, bad input, .xlsx export/import and query budgets."""

import datetime
import io

import pytest
from django.urls import reverse
from django_scopes import scope
from openpyxl import Workbook, load_workbook

from apps.workplan import services
from apps.workplan.models import AreaApproval, PlanItem, PlanRevision, Task

from .conftest import item_values

pytestmark = pytest.mark.django_db


def item_post(area="MP", **overrides):
    values = item_values(area, **overrides)
    data = {k: v for k, v in values.items() if k != "months"}
    data["months"] = [str(m) for m in values["months"]]
    return data


@pytest.fixture
def draft(cycle, ketua_tim):
    with scope(tenant=cycle.tenant_id):
        return services.plan_start(actor=ketua_tim, cycle=cycle)


def test_the_plan_is_drafted_approved_and_ratified_through_the_pages(
    client_for, cycle, ketua_tim, member, pokja_tl, unit_leader
):
    c = client_for(ketua_tim)
    plan_url = reverse("workplan:plan", args=[cycle.pk])
    assert "Mulai menyusun" in c.get(plan_url).content.decode()
    c.post(reverse("workplan:start", args=[cycle.pk]))
    revision = PlanRevision.objects.get(cycle=cycle)
    for area in ("MP", "TL"):
        response = c.post(reverse("workplan:item_add", args=[revision.pk]), item_post(area))
        assert response.status_code == 302
    assert PlanItem.objects.filter(revision=revision).count() == 2
    for who, area in ((member, "MP"), (pokja_tl, "TL")):
        page = client_for(who).get(plan_url).content.decode()
        assert f"Setujui area {area}" in page
        client_for(who).post(reverse("workplan:approve", args=[revision.pk, area]))
    page = client_for(unit_leader).get(plan_url).content.decode()
    assert "Sahkan Rencana Kerja" in page
    response = client_for(unit_leader).post(
        reverse("workplan:ratify", args=[revision.pk]), follow=True
    )
    assert "disahkan dan berlaku" in response.content.decode()
    revision.refresh_from_db()
    assert revision.status == "ratified"


def test_bad_item_input_rerenders_with_indonesian_messages(client_for, draft, ketua_tim):
    response = client_for(ketua_tim).post(
        reverse("workplan:item_add", args=[draft.pk]), item_post(action="", months=[])
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "harus diisi" in text and "is-invalid" in text
    assert not PlanItem.objects.exists()


def test_approving_an_area_that_is_not_yours_is_refused(client_for, draft, ketua_tim, member):
    client_for(ketua_tim).post(reverse("workplan:item_add", args=[draft.pk]), item_post("TL"))
    response = client_for(member).post(reverse("workplan:approve", args=[draft.pk, "TL"]))
    assert response.status_code == 403
    assert "belum memiliki Ketua Pokja" in response.content.decode()
    assert not AreaApproval.objects.exists()


def test_editing_a_ratified_plan_without_a_revision_is_refused(client_for, plan, ketua_tim):
    item = plan.items.get(area="MP")
    response = client_for(ketua_tim).post(
        reverse("workplan:item_edit", args=[item.pk]), item_post(action="Diubah")
    )
    assert response.status_code == 400
    assert "Buat revisi baru" in response.content.decode()
    item.refresh_from_db()
    assert item.action == "Kegiatan MP"


def test_a_revision_with_a_reason_keeps_earlier_revisions_readable(
    client_for, plan, cycle, ketua_tim
):
    c = client_for(ketua_tim)
    response = c.post(reverse("workplan:revise", args=[cycle.pk]), {"reason": ""})
    assert response.status_code == 400 and "harus diisi" in response.content.decode()
    c.post(reverse("workplan:revise", args=[cycle.pk]), {"reason": "Tambah kegiatan survei."})
    second = PlanRevision.objects.get(cycle=cycle, number=2)
    c.post(reverse("workplan:item_add", args=[second.pk]), item_post("PP", action="Survei IKM"))
    page = c.get(reverse("workplan:plan", args=[cycle.pk])).content.decode()
    assert "Tambah kegiatan survei." in page and "Survei IKM" in page and "baru" in page
    old = c.get(reverse("workplan:plan", args=[cycle.pk]) + "?revisi=1").content.decode()
    assert "Survei IKM" not in old and "Kegiatan MP" in old
    assert c.get(reverse("workplan:plan", args=[cycle.pk]) + "?revisi=9").status_code == 404


def test_plan_pages_access_matrix(client_for, plan, task, sibling_member, other_admin, no_role):
    revision = plan
    item = plan.items.get(area="MP")
    urls = [
        reverse("workplan:plan", args=[plan.cycle_id]),
        reverse("workplan:timeline", args=[plan.cycle_id]),
        reverse("workplan:export", args=[revision.pk]),
        reverse("workplan:import", args=[revision.pk]),
        reverse("workplan:item_edit", args=[item.pk]),
        reverse("workplan:task_create", args=[item.pk]),
        reverse("workplan:task", args=[task.pk]),
    ]
    from django.test import Client

    anonymous = Client()
    for url in urls:
        assert anonymous.get(url).status_code == 302, url  # to the login page
        for outsider in (sibling_member, other_admin, no_role):
            assert client_for(outsider).get(url).status_code == 404, (url, outsider)
    posts = [
        reverse("workplan:start", args=[plan.cycle_id]),
        reverse("workplan:revise", args=[plan.cycle_id]),
        reverse("workplan:item_add", args=[revision.pk]),
        reverse("workplan:approve", args=[revision.pk, "MP"]),
        reverse("workplan:ratify", args=[revision.pk]),
        reverse("workplan:item_delete", args=[item.pk]),
        reverse("workplan:task_status", args=[task.pk]),
        reverse("workplan:task_comment", args=[task.pk]),
        reverse("workplan:task_attach", args=[task.pk]),
    ]
    for url in posts:
        assert anonymous.post(url).status_code == 302, url
        for outsider in (sibling_member, other_admin):
            assert client_for(outsider).post(url, {"reason": "x", "text": "x"}).status_code == 404


def test_wrong_roles_get_403_and_change_nothing(
    client_for, plan, task, verifier, pokja_tl, cycle, anggota
):
    """The Kanwil verifier sees the unit but has no role in it; the TL Ketua Pokja has
    nothing to do with an MP task."""
    item = plan.items.get(area="MP")
    c = client_for(verifier)
    assert c.get(reverse("workplan:plan", args=[cycle.pk])).status_code == 200
    assert c.post(reverse("workplan:revise", args=[cycle.pk]), {"reason": "x"}).status_code == 403
    assert c.post(reverse("workplan:ratify", args=[plan.pk])).status_code == 403
    data = {"title": "X", "due_on": "2026-03-01", "assignees": [anggota.pk]}
    assert c.post(reverse("workplan:task_create", args=[item.pk]), data).status_code == 403
    t = client_for(pokja_tl)
    assert (
        t.post(reverse("workplan:task_status", args=[task.pk]), {"status": "telah"}).status_code
        == 403
    )
    assert (
        t.post(reverse("workplan:task_comment", args=[task.pk]), {"text": "x"}).status_code == 403
    )
    task.refresh_from_db()
    assert task.status == "belum" and PlanRevision.objects.count() == 1


def test_tasks_are_created_worked_on_and_listed(client_for, plan, member, anggota):
    item = plan.items.get(area="MP")
    c = client_for(member)
    page = c.get(reverse("workplan:plan", args=[plan.cycle_id])).content.decode()
    assert reverse("workplan:task_create", args=[item.pk]) in page
    bad = c.post(
        reverse("workplan:task_create", args=[item.pk]),
        {"title": "Notulen", "due_on": "2027-01-10", "assignees": [anggota.pk]},
    )
    assert bad.status_code == 400 and "tahun siklus 2026" in bad.content.decode()
    response = c.post(
        reverse("workplan:task_create", args=[item.pk]),
        {"title": "Notulen", "due_on": "2026-01-10", "assignees": [anggota.pk]},
    )
    task = Task.objects.get()
    assert response.url == reverse("workplan:task", args=[task.pk])
    a = client_for(anggota)
    mine = a.get(reverse("workplan:my_tasks")).content.decode()
    assert "Notulen" in mine
    a.post(reverse("workplan:task_status", args=[task.pk]), {"status": "telah"})
    a.post(reverse("workplan:task_comment", args=[task.pk]), {"text": "Notulen sudah diunggah."})
    page = a.get(reverse("workplan:task", args=[task.pk])).content.decode()
    assert "Telah dilaksanakan" in page and "Notulen sudah diunggah." in page
    assert "Notulen" not in a.get(reverse("workplan:my_tasks")).content.decode()
    assert "Notulen" in a.get(reverse("workplan:my_tasks") + "?semua=1").content.decode()
    timeline = a.get(
        reverse("workplan:timeline", args=[plan.cycle_id]) + "?area=MP"
    ).content.decode()
    assert "Kegiatan MP" in timeline and "Telah dilaksanakan" in timeline
    assert a.get(reverse("workplan:timeline", args=[plan.cycle_id]) + "?area=XX").status_code == 404


def test_overdue_lists_open_tasks_past_their_date_in_the_units_one_sees(
    client_for, monkeypatch, plan, member, anggota, verifier, sibling_member
):
    with scope(tenant=plan.tenant_id):
        for title, due in (("Laporan Januari", 10), ("Laporan Juli", 200)):
            services.task_create(
                actor=member,
                item=plan.items.get(area="MP"),
                title=title,
                due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=due),
                assignees=[anggota],
            )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2026, 3, 1))
    page = client_for(verifier).get(reverse("workplan:overdue")).content.decode()
    assert "Laporan Januari" in page and "Laporan Juli" not in page
    assert (
        "Laporan Januari"
        not in client_for(sibling_member).get(reverse("workplan:overdue")).content.decode()
    )
    done = Task.objects.get(title="Laporan Januari")
    with scope(tenant=plan.tenant_id):
        services.task_set_status(actor=anggota, task=done, status="telah")
    assert (
        "Laporan Januari"
        not in client_for(verifier).get(reverse("workplan:overdue")).content.decode()
    )


def test_a_task_attachment_goes_through_the_evidence_upload(client_for, task, anggota, cycle):
    from apps.lke.models import Question
    from tests.factories import pdf

    question = Question.objects.get(version=cycle.template, code="PPA1A")
    c = client_for(anggota)
    response = c.post(
        reverse("workplan:task_attach", args=[task.pk]),
        {"question": question.pk, "file": pdf("notulen.pdf")},
        follow=True,
    )
    assert "dilampirkan sebagai draf bukti dukung PPA1A" in response.content.decode()
    refused = c.post(
        reverse("workplan:task_attach", args=[task.pk]),
        {"question": question.pk},
        follow=True,
    )
    assert "Tidak ada berkas" in refused.content.decode()
    assert task.attachments.count() == 1


def xlsx(rows, header=("Area", "Kegiatan", "Rincian", "Output", "PIC", "Bulan", "Pertanyaan LKE")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "rencana.xlsx"
    return out


def test_export_then_import_round_trips_all_or_nothing(client_for, plan, cycle, ketua_tim):
    c = client_for(ketua_tim)
    exported = c.get(reverse("workplan:export", args=[plan.pk]))
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (
        rows[0][0] == "Area" and rows[1][:2] == ("MP", "Kegiatan MP") and rows[1][5] == "Jan, Feb"
    )
    assert rows[1][6] == "PPA1A"
    # Importing into a ratified revision is refused.
    assert c.post(reverse("workplan:import", args=[plan.pk]), {"file": xlsx([])}).status_code == 400
    c.post(reverse("workplan:revise", args=[cycle.pk]), {"reason": "Impor dari rapat Pokja."})
    draft = PlanRevision.objects.get(cycle=cycle, number=2)
    bad = c.post(
        reverse("workplan:import", args=[draft.pk]),
        {
            "file": xlsx(
                [
                    ("MP", "Sosialisasi", "", "Notulen", "Pokja MP", "Jan-Mar", "PPA1A"),
                    ("XX", "Salah area", "", "Out", "PIC", "Jan", ""),
                    ("TL", "Peta proses", "", "Peta", "Pokja TL", "2027-02", "PPB1A, ZZ9"),
                    ("TL", "", "", "Peta", "Pokja TL", "Feb", "PPA1A"),
                ]
            )
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "tidak ada yang disimpan" in text
    assert "Area “XX” tidak dikenal" in text
    assert "di luar tahun siklus 2026" in text and "ZZ9" in text
    assert "wajib diisi" in text and "bukan bagian area TL" in text
    assert draft.items.count() == 2  # unchanged
    good = c.post(
        reverse("workplan:import", args=[draft.pk]),
        {
            "file": xlsx(
                [
                    ("MP", "Sosialisasi", "", "Notulen", "Pokja MP", "Jan-Mar", "PPA1A"),
                    ("tl", "Peta proses", "Rinci", "Peta", "Pokja TL", "2026-02, Agustus", "ppb1a"),
                ]
            )
        },
    )
    assert good.status_code == 200 and "2 butir siap diimpor" in good.content.decode()
    assert draft.items.count() == 2 and not draft.items.filter(action="Sosialisasi").exists()
    token = good.context["token"]
    assert (
        c.post(reverse("workplan:import_confirm", args=[draft.pk]), {"token": "salah"}).status_code
        == 302
    )
    assert not draft.items.filter(action="Sosialisasi").exists()
    c.post(reverse("workplan:import_confirm", args=[draft.pk]), {"token": token})
    items = {i.action: i for i in draft.items.all()}
    assert set(items) == {"Sosialisasi", "Peta proses"}
    assert items["Sosialisasi"].months == [1, 2, 3] and items["Peta proses"].months == [2, 8]
    assert [q.code for q in items["Peta proses"].questions.all()] == ["PPB1A"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "kosong"),
        (b"bukan excel", "format .xlsx"),
        (b"PK\x03\x04rusak", "rusak"),
    ],
)
def test_unreadable_import_files_get_a_message(client_for, draft, ketua_tim, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(ketua_tim).post(
        reverse("workplan:import", args=[draft.pk]),
        {"file": SimpleUploadedFile("x.xlsx", content)},
    )
    assert response.status_code == 400 and message in response.content.decode()


def test_an_import_without_required_columns_is_refused(client_for, draft, ketua_tim):
    response = client_for(ketua_tim).post(
        reverse("workplan:import", args=[draft.pk]),
        {"file": xlsx([("MP", "X")], header=("Area", "Kegiatan"))},
    )
    assert response.status_code == 400 and "Kolom wajib tidak ada" in response.content.decode()


def test_a_kegiatan_that_looks_like_a_formula_is_exported_as_text_and_imports_back(
    client_for, plan, cycle, ketua_tim
):
    item = plan.items.get(area="MP")
    PlanItem.objects.filter(pk=item.pk).update(
        action="=1+1", description='=HYPERLINK("http://evil.example","klik")', output="@SUM(A1)"
    )
    c = client_for(ketua_tim)
    exported = c.get(reverse("workplan:export", args=[plan.pk])).content
    sheet = load_workbook(io.BytesIO(exported)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "MP")
    for cell in row[1:4]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert row[1].value == "=1+1"
    # Imported back into the next revision the text is what was typed, not "2".
    c.post(reverse("workplan:revise", args=[cycle.pk]), {"reason": "Impor dari rapat Pokja."})
    draft = PlanRevision.objects.get(cycle=cycle, number=2)
    upload = io.BytesIO(exported)
    upload.name = "rencana.xlsx"
    preview = c.post(reverse("workplan:import", args=[draft.pk]), {"file": upload})
    assert preview.status_code == 200, preview.content.decode()[:2000]
    c.post(reverse("workplan:import_confirm", args=[draft.pk]), {"token": preview.context["token"]})
    imported = draft.items.get(area="MP")
    assert imported.action == "=1+1"
    assert imported.description == '=HYPERLINK("http://evil.example","klik")'
    assert imported.output == "@SUM(A1)"
