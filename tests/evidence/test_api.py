"""/api/v1/evidence/: the access matrix of every endpoint, the whole journey through the
API, bad input, ranged downloads, uploads streamed through the hashing handler and
query budgets."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings
from django_scopes import scope
from rest_framework.test import APIClient

from apps.accounts.roles import Role
from apps.core.models import StateChange
from apps.evidence import services
from apps.evidence.models import EvidenceItem, EvidenceRevision
from apps.evidence.services import items as item_services
from apps.files.models import StoredFile
from apps.lke.models import EvidenceRequirement, Question
from tests.api.helpers import (
    MISSING_ID,
    NOT_FOUND,
    assert_bad_request,
    assert_forbidden,
    assert_not_found,
    count_queries,
    error_of,
)
from tests.factories import EvidenceItemFactory, grant

from .conftest import MINIMAL_PDF, pdf

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/evidence/items/"
QUEUE = "/api/v1/evidence/queue/"


def item_url(pk) -> str:
    return f"{ITEMS}{pk}/"


def action_url(pk, name) -> str:
    return f"{ITEMS}{pk}/{name}/"


def download_url(pk) -> str:
    return f"/api/v1/evidence/revisions/{pk}/download/"


def completeness_url(cycle_pk) -> str:
    return f"/api/v1/evidence/cycles/{cycle_pk}/completeness/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as():
    def _login(user):
        client = APIClient()
        client.force_login(user)
        return client

    return _login


def upload(client, cycle, code="PPA1A", name="bukti.pdf", content=None, **fields):
    data = {"cycle": cycle.pk, "question": code, **fields}
    if content is not False:
        data["file"] = (
            pdf(name, name.encode()) if content is None else SimpleUploadedFile(name, content)
        )
    return client.post(ITEMS, data, format="multipart")


def make_item(actor, cycle, question, name="a.pdf", *, submit=False, **kwargs):
    return EvidenceItemFactory(
        actor=actor, cycle=cycle, question=question, name=name, submit=submit, **kwargs
    )


def verify_all(item, *verifiers):
    for who in verifiers:
        with scope(tenant=item.tenant_id):
            item = services.evidence_verify(actor=who, item=item)
    return item


def current_revision(item) -> EvidenceRevision:
    return item.revisions.get(is_current=True)


def saved_counts() -> tuple[int, int, int, int]:
    return (
        EvidenceItem.objects.count(),
        EvidenceRevision.objects.count(),
        StateChange.objects.count(),
        StoredFile.objects.count(),
    )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [i["id"] for i in response.json()["results"]]


@pytest.fixture
def draft(member, cycle, question):
    return make_item(member, cycle, question, "draf.pdf")


@pytest.fixture
def submitted(member, cycle, question):
    return make_item(member, cycle, question, "diajukan.pdf", submit=True)


@pytest.fixture
def verified(member, cycle, question, verifier, es1_verifier, tpi_user):
    item = make_item(member, cycle, question, "terverifikasi.pdf", submit=True)
    return verify_all(item, verifier, es1_verifier, tpi_user)


# --- Anonymous ------------------------------------------------------------------------


def test_anonymous_is_refused_everywhere_with_401(api, cycle, draft):
    revision = current_revision(draft).pk
    responses = [
        api.get(ITEMS),
        api.post(ITEMS, {"cycle": cycle.pk, "question": "PPA1A"}),
        api.get(item_url(draft.pk)),
        api.post(action_url(draft.pk, "revisions"), {"url": "https://a.go.id"}),
        *(api.post(action_url(draft.pk, name)) for name in ("submit", "verify", "return")),
        api.post(action_url(draft.pk, "withdraw")),
        api.get(download_url(revision)),
        api.get(QUEUE),
        api.get(completeness_url(cycle.pk)),
    ]
    for response in responses:
        assert response.status_code == 401, response.content
        assert error_of(response)["code"] == "not_authenticated"
    assert EvidenceItem.objects.count() == 1


# --- Member of the unit ---------------------------------------------------------------


def test_member_lists_the_items_of_their_unit(api_as, member, cycle, draft, submitted):
    response = api_as(member).get(ITEMS)
    assert ids(response) == [draft.pk, submitted.pk]
    row = response.json()["results"][1]
    assert row["status"] == "in_verification"
    assert (row["level"], row["levels"], row["level_name"]) == (
        1,
        3,
        "Verifikasi Unit Kerja/Kanwil",
    )
    assert (row["question"], row["area"], row["area_name"]) == (
        "PPA1A",
        "MP",
        "Manajemen Perubahan",
    )
    assert row["awaits_you"] is False
    revision = row["current_revision"]
    assert revision["file_name"] == "diajukan.pdf"
    assert revision["content_type"] == "application/pdf"
    assert revision["size"] == len(MINIMAL_PDF) + len(b"%diajukan.pdf\n")
    assert revision["download_url"].endswith(download_url(revision["id"]))
    assert revision["url"] == ""
    draft_row = response.json()["results"][0]
    assert (draft_row["level"], draft_row["levels"]) == (None, 0)


def test_list_filters_by_cycle_question_and_status(
    api_as, member, cycle, lke, draft, submitted, question
):
    other = Question.objects.get(version=lke, code="PPA1B")
    link = make_item(member, cycle, other, url="https://unit.example.go.id/zi")
    client = api_as(member)
    assert ids(client.get(ITEMS, {"cycle": cycle.pk})) == [draft.pk, submitted.pk, link.pk]
    assert ids(client.get(ITEMS, {"question": "PPA1B"})) == [link.pk]
    assert ids(client.get(ITEMS, {"status": "draft"})) == [draft.pk, link.pk]
    row = client.get(ITEMS, {"question": "PPA1B"}).json()["results"][0]
    assert row["current_revision"]["url"] == "https://unit.example.go.id/zi"
    assert row["current_revision"]["download_url"] is None
    assert_bad_request(client.get(ITEMS, {"status": "hilang"}), "status")
    assert_bad_request(client.get(ITEMS, {"cycle": MISSING_ID}), "cycle")


def walk(client, url, direction="next") -> list[list[int]]:
    """The ids of every page from ``url`` on, following ``next`` (or ``previous``)."""
    pages = []
    while url:
        response = client.get(url)
        pages.append(ids(response))
        url = response.json()[direction]
    return pages


def test_the_list_pages_by_cursor_oldest_first_ties_included(
    api_as, member, cycle, question, draft, submitted
):
    items = [draft, submitted] + [
        make_item(member, cycle, question, url=f"https://unit.example.go.id/{n}") for n in range(5)
    ]
    # Four items share one timestamp (as a bulk import would): ordered by id among them.
    with scope(tenant=cycle.tenant_id):
        same = items[2].created_at
        EvidenceItem.objects.filter(pk__in=[i.pk for i in items[3:6]]).update(created_at=same)
    expected = [i.pk for i in items]
    client = api_as(member)
    first = client.get(ITEMS, {"page_size": 2})
    assert first.json()["previous"] is None and "count" not in first.json()
    forward = walk(client, first.json()["next"])
    assert [ids(first), *forward] == [expected[0:2], expected[2:4], expected[4:6], expected[6:7]]
    # Back from the last page: the same pages in reverse, none skipped or repeated.
    last = client.get(ITEMS, {"page_size": 2})
    url = last.json()["next"]
    while (body := client.get(url).json())["next"]:
        url = body["next"]
    backward = walk(client, client.get(url).json()["previous"], "previous")
    assert backward == [expected[4:6], expected[2:4], expected[0:2]]
    # Filters hold on every page.
    pages = walk(client, f"{ITEMS}?status=draft&page_size=2")
    assert [pk for page in pages for pk in page] == [draft.pk, *expected[2:]]


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "!!!",
        "ünï",
        "cD0x",  # p=1: no timestamp
        "cD0yMDI2LTAxLTAxVDAwOjAwOjAwfDE=",  # p=2026-01-01T00:00:00|1: no time zone
        "cD0yMDI2LTAxLTAxVDAwJTNBMDAlM0EwMCUyQjAwJTNBMDAlN0M5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",  # id too big
        "cD0yMDI2LTAxLTAxVDAwJTNBMDAlM0EwMCUyQjAwJTNBMDAlN0MtMQ==",  # id -1
        "cj14",  # r=x
    ],
)
def test_a_bad_cursor_is_a_400_with_the_error_body(api_as, member, draft, cursor):
    assert_bad_request(
        api_as(member).get(ITEMS, {"cursor": cursor}),
        "cursor",
        "Kursor halaman tidak valid; mulai lagi dari halaman pertama.",
    )


def test_awaits_you_is_set_on_each_page(api_as, member, verifier, cycle, question, draft):
    items = [make_item(member, cycle, question, f"w{n}.pdf", submit=True) for n in range(3)]
    client = api_as(verifier)
    pages = []
    url = f"{ITEMS}?page_size=2"
    while url:
        body = client.get(url).json()
        pages.append([(row["id"], row["awaits_you"]) for row in body["results"]])
        url = body["next"]
    rows = [row for page in pages for row in page]
    assert [row for row in rows if row[0] != draft.pk] == [(i.pk, True) for i in items]
    assert (draft.pk, True) not in rows


def test_member_reads_an_item_with_revisions_and_events(api_as, member, submitted):
    response = api_as(member).get(item_url(submitted.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["chain"] == [
        "Verifikasi Unit Kerja/Kanwil",
        "Verifikasi Eselon I",
        "Verifikasi TPI",
    ]
    assert [r["number"] for r in body["revisions"]] == [1]
    assert [(e["action"], e["level"]) for e in body["events"]] == [
        ("upload", None),
        ("submit", 1),
    ]
    assert body["events"][0]["actor_name"] == member.full_name


def test_member_downloads_a_file_with_a_range(api_as, member, draft):
    client = api_as(member)
    revision = current_revision(draft)
    whole = client.get(download_url(revision.pk))
    assert whole.status_code == 200
    content = b"".join(whole.streaming_content)
    assert content.startswith(b"%PDF-1.4")
    assert whole["Content-Type"] == "application/pdf"

    part = client.get(download_url(revision.pk), HTTP_RANGE="bytes=0-7")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 0-7/{len(content)}"
    assert b"".join(part.streaming_content) == b"%PDF-1.4"

    tail = client.get(download_url(revision.pk), HTTP_RANGE="bytes=-6")
    assert tail.status_code == 206
    assert b"".join(tail.streaming_content) == content[-6:]

    attachment = client.get(
        download_url(revision.pk), {"unduh": "1"}, HTTP_ACCEPT="application/pdf"
    )
    assert attachment.status_code == 200
    assert attachment["Content-Disposition"].startswith("attachment")


def test_a_link_revision_has_nothing_to_download(api_as, member, cycle, question):
    item = make_item(member, cycle, question, url="https://unit.example.go.id/zi")
    assert_not_found(api_as(member).get(download_url(current_revision(item).pk)))


def test_completeness_of_a_visible_cycle(api_as, member, cycle, question):
    response = api_as(member).get(completeness_url(cycle.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["cycle"] == cycle.pk
    assert body["total"]["satisfied"] == 0 and body["total"]["percent"] == "0.00"
    assert body["total"]["entries"] == sum(q["entries"] for q in body["questions"])
    assert body["total"]["entries"] == sum(a["entries"] for a in body["areas"])
    first = body["questions"][0]
    assert (first["code"], first["area"], first["entries"]) == (
        "PPA1A",
        "MP",
        question.evidence.count(),
    )
    assert body["areas"][0]["code"] == "MP"


# --- Sibling unit and other tenant: 404 like a missing id -------------------------------


def endpoints_of(item, cycle) -> list[tuple[str, str, dict]]:
    revision = current_revision(item).pk
    return [
        ("get", item_url(item.pk), {}),
        ("post", action_url(item.pk, "revisions"), {"url": "https://a.example.go.id"}),
        ("post", action_url(item.pk, "submit"), {}),
        ("post", action_url(item.pk, "verify"), {}),
        ("post", action_url(item.pk, "return"), {"comment": "Salah"}),
        ("post", action_url(item.pk, "withdraw"), {"reason": "Salah"}),
        ("get", download_url(revision), {}),
        ("get", completeness_url(cycle.pk), {}),
    ]


def missing_endpoints() -> list[tuple[str, str, dict]]:
    return [
        ("get", item_url(MISSING_ID), {}),
        ("post", action_url(MISSING_ID, "revisions"), {"url": "https://a.example.go.id"}),
        ("post", action_url(MISSING_ID, "submit"), {}),
        ("post", action_url(MISSING_ID, "verify"), {}),
        ("post", action_url(MISSING_ID, "return"), {"comment": "Salah"}),
        ("post", action_url(MISSING_ID, "withdraw"), {"reason": "Salah"}),
        ("get", download_url(MISSING_ID), {}),
        ("get", completeness_url(MISSING_ID), {}),
    ]


def assert_all_like_missing(client, item, cycle):
    before = saved_counts()
    for (method, url, data), (_, missing_url, _) in zip(
        endpoints_of(item, cycle), missing_endpoints(), strict=True
    ):
        response = getattr(client, method)(url, data)
        missing = getattr(client, method)(missing_url, data)
        assert_not_found(response)
        assert response.json() == missing.json() == {"error": NOT_FOUND}, url
    assert saved_counts() == before


def test_sibling_unit_member_gets_404_like_a_missing_id(api_as, sibling_member, cycle, submitted):
    client = api_as(sibling_member)
    assert_all_like_missing(client, submitted, cycle)
    assert ids(client.get(ITEMS)) == []
    assert ids(client.get(QUEUE)) == []


def test_sibling_unit_member_cannot_upload_to_an_invisible_cycle(api_as, sibling_member, cycle):
    response = upload(api_as(sibling_member), cycle)
    assert_bad_request(response, "cycle", "Siklus ZI tidak ditemukan.")
    assert EvidenceItem.objects.count() == 0


def test_other_tenant_gets_the_same_404_body_as_a_missing_id(api_as, other_admin, cycle, submitted):
    client = api_as(other_admin)
    assert_all_like_missing(client, submitted, cycle)
    assert ids(client.get(ITEMS)) == []
    assert_bad_request(upload(client, cycle), "cycle")


def test_non_numeric_ids_are_404(api_as, member):
    client = api_as(member)
    assert_not_found(client.get(item_url("abc")))
    assert_not_found(client.get(download_url("abc")))
    assert_not_found(client.get(completeness_url("abc")))


# --- Assessors see verified evidence only ---------------------------------------------


def test_an_assessor_sees_only_verified_items(api_as, tpu_user, cycle, draft, submitted, verified):
    client = api_as(tpu_user)
    assert ids(client.get(ITEMS)) == [verified.pk]
    assert client.get(item_url(verified.pk)).status_code == 200
    assert client.get(download_url(current_revision(verified).pk)).status_code == 200
    for hidden in (draft, submitted):
        assert_not_found(client.get(item_url(hidden.pk)))
        assert_not_found(client.get(download_url(current_revision(hidden).pk)))
        assert_not_found(client.post(action_url(hidden.pk, "verify")))
    assert client.get(completeness_url(cycle.pk)).status_code == 200


def test_an_assessor_who_also_works_in_the_unit_sees_everything(
    api_as, tpu_user, tree, draft, verified
):
    grant(tpu_user, tree["upt"], Role.SEKRETARIS)
    assert ids(api_as(tpu_user).get(ITEMS)) == [draft.pk, verified.pk]


def test_the_tpi_reads_what_awaits_their_verification(
    api_as, tpi_user, verifier, es1_verifier, draft, submitted
):
    client = api_as(tpi_user)
    assert ids(client.get(ITEMS)) == []
    verify_all(submitted, verifier, es1_verifier)
    assert ids(client.get(ITEMS)) == [submitted.pk]
    assert client.get(item_url(submitted.pk)).json()["awaits_you"] is True
    assert client.get(download_url(current_revision(submitted).pk)).status_code == 200
    assert_not_found(client.get(item_url(draft.pk)))


# --- Verifiers ------------------------------------------------------------------------


def test_a_verifier_of_another_level_gets_403_and_nothing_changes(
    api_as, es1_verifier, tpi_user, member, submitted
):
    before = saved_counts()
    for who in (es1_verifier, member):
        client = api_as(who)
        assert_forbidden(client.post(action_url(submitted.pk, "verify"), {"comment": "ok"}))
        assert_forbidden(client.post(action_url(submitted.pk, "return"), {"comment": "Salah"}))
    # The TPI (an assessor) does not even see the item until its level is reached.
    assert_not_found(api_as(tpi_user).post(action_url(submitted.pk, "verify")))
    submitted.refresh_from_db()
    assert (submitted.status, submitted.level) == ("in_verification", 0)
    assert saved_counts() == before


def test_a_verifier_cannot_upload_submit_or_withdraw(api_as, verifier, cycle, draft):
    client = api_as(verifier)
    assert_forbidden(upload(client, cycle))
    assert_forbidden(client.post(action_url(draft.pk, "submit")))
    assert_forbidden(client.post(action_url(draft.pk, "withdraw"), {"reason": "x"}))
    assert_forbidden(
        client.post(action_url(draft.pk, "revisions"), {"url": "https://a.example.go.id"})
    )
    assert EvidenceItem.objects.count() == 1


# --- The whole journey ----------------------------------------------------------------


def test_the_whole_journey_through_the_api(
    api_as, member, verifier, es1_verifier, tpi_user, cycle, lke
):
    question = Question.objects.get(version=lke, code="PPA1B")
    first_doc, second_doc, _third = EvidenceRequirement.objects.filter(question=question)
    staff = api_as(member)

    before = staff.get(completeness_url(cycle.pk)).json()
    row = next(q for q in before["questions"] if q["code"] == "PPA1B")
    assert (row["entries"], row["satisfied"], row["percent"]) == (3, 0, "0.00")

    created = []
    for name, doc in (("sop.pdf", first_doc), ("pemilihan.pdf", second_doc)):
        response = upload(staff, cycle, "PPA1B", name, requirement=doc.pk, title=f"Bukti {name}")
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["status"], body["requirement"], body["title"]) == (
            "draft",
            doc.pk,
            f"Bukti {name}",
        )
        assert body["current_revision"]["file_name"] == name
        created.append(body["id"])
    second = created[1]

    for pk in created:
        response = staff.post(action_url(pk, "submit"))
        assert response.status_code == 200, response.content
        assert (response.json()["level"], response.json()["levels"]) == (1, 3)

    queue = api_as(verifier).get(QUEUE).json()
    assert [i["id"] for i in queue["results"]] == created
    assert all(i["awaits_you"] for i in queue["results"])
    assert queue["counts"] == [
        {
            "unit": cycle.unit_id,
            "unit_code": "UPT1",
            "unit_name": "UPT Satu",
            "area": "MP",
            "count": 2,
        }
    ]

    returned = api_as(verifier).post(
        action_url(second, "return"), {"comment": "SK belum ditandatangani"}
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["events"][-1]["comment"] == "SK belum ditandatangani"

    revised = staff.post(
        action_url(second, "revisions"),
        {"file": pdf("pemilihan-ttd.pdf", b"v2"), "note": "Sudah ditandatangani"},
        format="multipart",
    )
    assert revised.status_code == 201, revised.content
    body = revised.json()
    assert body["status"] == "draft"
    assert [(r["number"], r["is_current"]) for r in body["revisions"]] == [(2, True), (1, False)]
    assert body["current_revision"]["file_name"] == "pemilihan-ttd.pdf"
    assert body["current_revision"]["note"] == "Sudah ditandatangani"
    assert staff.post(action_url(second, "submit")).status_code == 200

    for level, who in enumerate((verifier, es1_verifier, tpi_user), start=1):
        client = api_as(who)
        assert [i["id"] for i in client.get(QUEUE).json()["results"]] == created
        for pk in created:
            response = client.post(action_url(pk, "verify"), {"comment": f"Tingkat {level} ok"})
            assert response.status_code == 200, response.content
        assert client.get(QUEUE).json() == {
            "count": 0,
            "next": None,
            "previous": None,
            "results": [],
            "counts": [],
        }

    final = staff.get(item_url(second)).json()
    assert (final["status"], final["level"], final["levels"]) == ("verified", None, 3)
    assert [(e["action"], e["level"]) for e in final["events"]] == [
        ("upload", None),
        ("submit", 1),
        ("return", 1),
        ("revise", None),
        ("submit", 1),
        ("verify", 1),
        ("verify", 2),
        ("verify", 3),
    ]
    assert final["verified_at"]

    after = staff.get(completeness_url(cycle.pk)).json()
    row = next(q for q in after["questions"] if q["code"] == "PPA1B")
    assert (row["entries"], row["satisfied"], row["percent"]) == (3, 2, "66.67")
    area = next(a for a in after["areas"] if a["code"] == "MP")
    assert area["satisfied"] == 2
    assert after["total"]["satisfied"] == before["total"]["satisfied"] + 2
    assert after["total"]["entries"] == before["total"]["entries"]


def test_a_link_and_a_withdrawal(api_as, member, cycle):
    client = api_as(member)
    response = client.post(
        ITEMS, {"cycle": cycle.pk, "question": "PPA1A", "url": "https://unit.example.go.id/zi"}
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["title"] == "https://unit.example.go.id/zi"
    refused = client.post(action_url(pk, "withdraw"), {"reason": "  "})
    assert_bad_request(refused, "reason", "Tuliskan alasan penarikan bukti.")
    withdrawn = client.post(action_url(pk, "withdraw"), {"reason": "Salah unggah"})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert len(withdrawn.json()["revisions"]) == 1


# --- Bad input ------------------------------------------------------------------------


def test_no_file_and_no_url_is_refused(api_as, member, cycle):
    response = upload(api_as(member), cycle, content=False)
    assert_bad_request(response, message="Unggah satu berkas atau isi satu tautan.")
    assert saved_counts() == (0, 0, 0, 0)


def test_a_disguised_file_is_refused_and_nothing_is_saved(api_as, member, cycle):
    response = upload(api_as(member), cycle, "PPA1A", "laporan.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    error = assert_bad_request(response)
    assert "disamarkan" in error["message"]
    assert saved_counts() == (0, 0, 0, 0)


def test_an_unknown_question_code_is_refused(api_as, member, cycle):
    response = upload(api_as(member), cycle, "ZZZ9")
    assert_bad_request(response, "question", "Pertanyaan ZZZ9 tidak ada di LKE siklus ini.")
    assert saved_counts() == (0, 0, 0, 0)


def test_a_requirement_of_another_question_is_refused(api_as, member, cycle, lke):
    foreign = EvidenceRequirement.objects.filter(question__version=lke, question__code="PPA1B")[0]
    response = upload(api_as(member), cycle, "PPA1A", requirement=foreign.pk)
    assert_bad_request(
        response, "requirement", "Dokumen checklist ini bukan milik pertanyaan PPA1A."
    )
    missing = upload(api_as(member), cycle, "PPA1A", requirement=MISSING_ID)
    assert_bad_request(missing, "requirement", "Dokumen checklist tidak ditemukan.")
    assert saved_counts() == (0, 0, 0, 0)


def test_a_bad_link_is_refused(api_as, member, cycle):
    response = upload(api_as(member), cycle, content=False, url="javascript:alert(1)")
    assert_bad_request(response, "url")
    assert saved_counts() == (0, 0, 0, 0)


def test_returning_without_a_comment_is_refused_in_indonesian(api_as, verifier, submitted):
    before = saved_counts()
    response = api_as(verifier).post(action_url(submitted.pk, "return"), {"comment": "  "})
    assert_bad_request(
        response,
        "comment",
        "Tuliskan alasan pengembalian agar unit tahu apa yang harus diperbaiki.",
    )
    assert saved_counts() == before
    submitted.refresh_from_db()
    assert submitted.status == "in_verification"


def test_a_submitted_item_cannot_be_revised_or_submitted_again(api_as, member, submitted):
    client = api_as(member)
    before = saved_counts()
    assert_bad_request(
        client.post(action_url(submitted.pk, "revisions"), {"file": pdf("b.pdf", b"b")})
    )
    assert_bad_request(client.post(action_url(submitted.pk, "submit")))
    assert saved_counts() == before


@override_settings(FILE_MAX_DOCUMENT_BYTES=100)
def test_a_file_over_the_limit_is_cut_off_while_it_arrives(api_as, member, cycle):
    response = upload(api_as(member), cycle, "PPA1A", "besar.pdf")
    error = assert_bad_request(response)
    # The handler's own message (the file never reached the content checks).
    assert error["message"].startswith("Berkas terlalu besar; batas"), error
    assert saved_counts() == (0, 0, 0, 0)


def test_uploads_stream_through_the_hashing_handler(api_as, member, cycle, monkeypatch):
    received = []
    store = item_services.file_store

    def spy(*, actor, unit, uploaded):
        received.append(uploaded)
        return store(actor=actor, unit=unit, uploaded=uploaded)

    monkeypatch.setattr(item_services, "file_store", spy)
    response = upload(api_as(member), cycle, "PPA1A", "sk.pdf")
    assert response.status_code == 201, response.content
    (uploaded,) = received
    assert isinstance(uploaded, TemporaryUploadedFile)  # on disk, never in memory
    stored = StoredFile.objects.get()
    assert uploaded.sha256 == stored.sha256


def test_a_browser_session_upload_checks_csrf_and_still_streams(api, member, cycle, monkeypatch):
    """DRF's CSRF check reads the body before the view: the handler must be in place first."""
    received = []
    store = item_services.file_store
    monkeypatch.setattr(
        item_services,
        "file_store",
        lambda **kw: received.append(kw["uploaded"]) or store(**kw),
    )
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(member)
    data = {"cycle": cycle.pk, "question": "PPA1A", "file": pdf("csrf.pdf", b"c")}
    refused = client.post(ITEMS, data, format="multipart")
    assert_forbidden(refused)
    assert "CSRF" in error_of(refused)["message"]

    token = "k" * 32
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    data["file"] = pdf("csrf.pdf", b"c")
    response = client.post(ITEMS, data, format="multipart", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    (uploaded,) = received
    assert isinstance(uploaded, TemporaryUploadedFile) and uploaded.sha256


# --- Query budgets --------------------------------------------------------------------


def test_list_query_budget_does_not_grow_with_items_or_depth(
    api_as, member, cycle, lke, draft, submitted, django_assert_max_num_queries
):
    client = api_as(member)
    client.get(ITEMS)  # warm: the content type cache (a first request anywhere reads it)
    baseline = count_queries(lambda: client.get(ITEMS))
    other = Question.objects.get(version=lke, code="PPA1B")
    requirement = other.evidence.first()
    for n in range(30):
        if n % 3:
            make_item(member, cycle, other, url=f"https://unit.example.go.id/{n}")
        else:
            make_item(member, cycle, other, f"f{n}.pdf", requirement=requirement, submit=True)
    with django_assert_max_num_queries(baseline):
        response = client.get(ITEMS)
    assert len(ids(response)) == 32
    # The session, user, tenant and membership; the page; its revisions; the user's roles
    # (read once: which items await them); awaits_you for the page's rows.
    assert baseline <= 9, baseline
    # A deep page costs what the first does.
    url = f"{ITEMS}?page_size=5"
    for _ in range(4):
        with django_assert_max_num_queries(baseline):
            response = client.get(url)
        assert len(ids(response)) == 5
        url = response.json()["next"]


def test_queue_query_budget_does_not_grow_with_items(
    api_as, member, verifier, cycle, lke, question, submitted, django_assert_max_num_queries
):
    client = api_as(verifier)
    baseline = count_queries(lambda: client.get(QUEUE))
    other = Question.objects.get(version=lke, code="PPA1B")
    for n in range(30):
        make_item(member, cycle, other if n % 2 else question, f"q{n}.pdf", submit=True)
    with django_assert_max_num_queries(baseline):
        response = client.get(QUEUE)
    assert response.json()["count"] == 31
    assert sum(c["count"] for c in response.json()["counts"]) == 31
    # 11: the verifier uses 2FA, so the session loads its verified device (one query); the
    # verifier's roles are read once (one query) instead of a subquery per item; the counts
    # are grouped by unit id and the units' codes and names read once (two queries).
    assert baseline <= 11, baseline
