"""/api/v1/notifications/ and /api/v1/notification-preferences/: a person's own notices of
the active agency only (another person's is a 404, another agency's are not listed), the
link only while it may be opened, marking read, the unread count, the preferences with
their floors, bad input refused in Indonesian (never a 500), and query budgets that do
not grow with the number of notices."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.roles import Role
from apps.notifications.kinds import SPECS, Kind
from apps.notifications.models import Notification, NotificationPreference
from apps.notifications.services import Notice, notify
from tests.api.helpers import (
    MISSING_ID,
    assert_anonymous_refused,
    assert_bad_request,
    assert_not_found,
    count_queries,
)
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications/"
COUNT = "/api/v1/notifications/unread-count/"
READ_ALL = "/api/v1/notifications/read-all/"
PREFS = "/api/v1/notification-preferences/"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def tell(user, tenant, unit=None, title="Tugas baru", url="/rencana-kerja/tugas-saya/"):
    return notify(
        [user],
        Notice(
            kind=Kind.TASK_ASSIGNED,
            title=title,
            url=url,
            tenant_id=tenant.pk if tenant else None,
            unit_id=unit.pk if unit else None,
        ),
    )[0]


def read(path):
    return f"{LIST}{path}/read/"


def test_anonymous_is_refused_everywhere(tree, anggota):
    notice = tell(anggota, tree["upt"].tenant, tree["upt"])
    client = APIClient()
    for response in (
        client.get(LIST),
        client.get(f"{LIST}{notice.pk}/"),
        client.post(read(notice.pk)),
        client.post(READ_ALL),
        client.get(COUNT),
        client.get(PREFS),
        client.patch(PREFS, {"task_due": "off"}, format="json"),
        client.put(PREFS, {}, format="json"),
    ):
        assert_anonymous_refused(response)
    assert Notification.objects.get(pk=notice.pk).read_at is None


def test_the_list_is_mine_of_the_active_agency_newest_first(
    tenant, tree, other_tree, anggota, sibling_member
):
    upt = tree["upt"]
    older = tell(anggota, tenant, upt, title="Lama")
    newer = tell(anggota, tenant, upt, title="Baru")
    invitation = tell(anggota, None, title="Undangan", url="/akun/undangan/")
    tell(sibling_member, tenant, tree["upt2"], title="Milik orang lain")
    # A member of agency B too: B's notices are not listed while A is active.
    grant(anggota, other_tree["upt"], Role.ANGGOTA_POKJA, "MP")
    tell(anggota, other_tree["upt"].tenant, other_tree["upt"], title="Instansi Beta")

    client = api_as(anggota)
    body = client.get(LIST, HTTP_X_TENANT="ALFA").json()
    assert [n["id"] for n in body["results"]] == [invitation.pk, newer.pk, older.pk]
    assert body["next"] is None and body["previous"] is None
    first = body["results"][1]
    assert first["title"] == "Baru" and first["kind"] == "task_assigned"
    assert first["kind_label"] == "Tugas diberikan kepada saya"
    assert first["tenant_code"] == "ALFA" and first["unit"] == upt.pk
    assert first["read"] is False and first["read_at"] is None
    beta = client.get(LIST, HTTP_X_TENANT="BETA").json()["results"]
    assert [n["title"] for n in beta] == ["Instansi Beta", "Undangan"]


def test_a_notice_links_only_while_it_may_be_opened(tenant, tree, anggota):
    mine = tell(anggota, tenant, tree["upt"], url="/rencana-kerja/tugas/1/")
    # A unit the person cannot read (a role since revoked, say): text without the way in.
    elsewhere = tell(anggota, tenant, tree["upt2"], url="/rencana-kerja/tugas/2/")
    nowhere = tell(anggota, tenant, tree["upt"], url="")
    rows = {n["id"]: n for n in api_as(anggota).get(LIST).json()["results"]}
    assert (rows[mine.pk]["can_open"], rows[mine.pk]["url"]) == (True, "/rencana-kerja/tugas/1/")
    assert (rows[elsewhere.pk]["can_open"], rows[elsewhere.pk]["url"]) == (False, None)
    assert (rows[nowhere.pk]["can_open"], rows[nowhere.pk]["url"]) == (False, None)
    detail = api_as(anggota).get(f"{LIST}{elsewhere.pk}/").json()
    assert detail["can_open"] is False and detail["url"] is None


def test_filter_unread_and_mark_one_and_all_read(tenant, tree, other_tree, anggota):
    first = tell(anggota, tenant, tree["upt"], title="Satu")
    second = tell(anggota, tenant, tree["upt"], title="Dua")
    third = tell(anggota, None, title="Tiga")
    grant(anggota, other_tree["upt"], Role.ANGGOTA_POKJA, "MP")
    beta = tell(anggota, other_tree["upt"].tenant, other_tree["upt"], title="Beta")
    client = api_as(anggota)
    assert client.get(COUNT).json() == {"unread": 3}

    response = client.post(read(first.pk))
    assert response.status_code == 200
    assert response.json()["read"] is True and response.json()["read_at"]
    again = client.post(read(first.pk))  # already read: no change, same answer
    assert again.status_code == 200 and again.json()["read_at"] == response.json()["read_at"]
    unread = client.get(LIST, {"status": "unread"}).json()["results"]
    assert [n["id"] for n in unread] == [third.pk, second.pk]
    assert len(client.get(LIST, {"status": "all"}).json()["results"]) == 3

    assert client.post(READ_ALL).json() == {"marked": 2}
    assert client.get(COUNT).json() == {"unread": 0}
    # Agency B's notice waits until B is the active agency.
    assert Notification.objects.get(pk=beta.pk).read_at is None
    assert client.get(COUNT, HTTP_X_TENANT="BETA").json() == {"unread": 1}


def test_another_persons_notice_is_a_404(tenant, tree, anggota, member):
    theirs = tell(member, tenant, tree["upt"])
    client = api_as(anggota)
    for response in (
        client.get(f"{LIST}{theirs.pk}/"),
        client.post(read(theirs.pk)),
        client.get(f"{LIST}{MISSING_ID}/"),
        client.post(read(MISSING_ID)),
        client.post(read("abc")),
        client.post(read(10**30)),
    ):
        assert_not_found(response)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.post(READ_ALL).json() == {"marked": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_bad_list_input_is_a_400_in_indonesian(tenant, tree, anggota):
    tell(anggota, tenant, tree["upt"])
    client = api_as(anggota)
    assert_bad_request(
        client.get(LIST, {"status": "baru"}), "status", "Status harus all atau unread."
    )
    error = assert_bad_request(client.get(LIST, {"cursor": "bukan-kursor"}), "cursor")
    assert error["fields"]["cursor"] == [
        "Kursor halaman tidak valid; mulai lagi dari halaman pertama."
    ]
    error = assert_bad_request(client.patch(PREFS, "{", content_type="application/json"))
    assert error["message"] == "Isi permintaan tidak dapat dibaca: format JSON tidak valid."


def test_pages_walk_forward_and_back_without_gaps(tenant, tree, anggota):
    notices = [tell(anggota, tenant, tree["upt"], title=f"N{i}") for i in range(7)]
    # Bulk rows share a timestamp: the cursor holds (created_at, id), so none is lost.
    Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
        created_at=notices[0].created_at
    )
    client = api_as(anggota)
    seen, pages, url = [], [], LIST + "?page_size=3"
    while url:
        body = client.get(url).json()
        pages.append(body)
        seen += [n["id"] for n in body["results"]]
        url = body["next"]
    assert seen == sorted((n.pk for n in notices), reverse=True)
    assert [len(p["results"]) for p in pages] == [3, 3, 1]
    back = client.get(pages[-1]["previous"]).json()
    assert [n["id"] for n in back["results"]] == [n["id"] for n in pages[1]["results"]]


def test_the_list_and_the_count_have_a_fixed_query_budget(
    tenant, tree, anggota, django_assert_max_num_queries
):
    client = api_as(anggota)
    tell(anggota, tenant, tree["upt"])
    tell(anggota, tenant, tree["upt2"])
    small = count_queries(lambda: client.get(LIST))
    for i in range(30):
        tell(anggota, tenant, tree["upt"] if i % 2 else tree["upt2"], title=f"N{i}")
        tell(anggota, None, title=f"U{i}")
    assert count_queries(lambda: client.get(LIST)) == small
    with django_assert_max_num_queries(small):
        assert len(client.get(LIST).json()["results"]) == 25
    with django_assert_max_num_queries(small):
        client.get(COUNT)
    with django_assert_max_num_queries(small):
        assert client.post(READ_ALL).json() == {"marked": 62}


# --- Preferences ---------------------------------------------------------------------------


def test_preferences_list_every_kind_with_its_allowed_modes(anggota):
    NotificationPreference.objects.create(user=anggota, kind=Kind.TASK_DUE, email="off")
    rows = {r["kind"]: r for r in api_as(anggota).get(PREFS).json()}
    assert set(rows) == set(Kind.values)
    assert rows["task_due"]["email"] == "off" and rows["task_due"]["default"] == "digest"
    assert rows["task_due"]["allowed"] == ["immediate", "digest", "off"]
    assert rows["evidence_returned"]["allowed"] == ["immediate", "digest"]
    assert rows["evidence_returned"]["label"] == "Bukti dukung dikembalikan"


def test_patch_changes_the_kinds_sent_and_put_needs_them_all(anggota):
    client = api_as(anggota)
    response = client.patch(PREFS, {"task_due": "off", "report": "digest"}, format="json")
    assert response.status_code == 200, response.content
    rows = {r["kind"]: r["email"] for r in response.json()}
    assert rows["task_due"] == "off" and rows["report"] == "digest"
    assert rows["task_assigned"] == "immediate"

    everything = {kind: SPECS[kind].floor for kind in Kind.values}
    response = client.put(PREFS, everything, format="json")
    assert response.status_code == 200, response.content
    saved = dict(NotificationPreference.objects.filter(user=anggota).values_list("kind", "email"))
    assert saved == everything

    partial = {"task_due": "immediate"}
    error = assert_bad_request(client.put(PREFS, partial, format="json"), "task_assigned")
    assert error["fields"]["task_assigned"] == ["Bidang ini harus diisi."]
    assert NotificationPreference.objects.get(user=anggota, kind="task_due").email == "off"


def test_a_choice_below_the_floor_is_refused_and_nothing_is_saved(anggota):
    client = api_as(anggota)
    response = client.patch(PREFS, {"task_due": "off", "evidence_returned": "off"}, format="json")
    error = assert_bad_request(response, "evidence_returned")
    assert error["fields"]["evidence_returned"] == [
        "Pemberitahuan \u201cBukti dukung dikembalikan\u201d tidak dapat dimatikan; paling "
        "sedikit dikirim dalam ringkasan harian."
    ]
    assert not NotificationPreference.objects.filter(user=anggota).exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"task_due": "sometimes"},
            "task_due",
            "Pilihan e-mail tidak dikenal: immediate, digest atau off.",
        ),
        ({"task_due": None}, "task_due", "Bidang ini harus diisi."),
        ({"bukan_jenis": "off"}, "bukan_jenis", "Jenis pemberitahuan tidak dikenal."),
        ({}, None, "Kirim paling sedikit satu jenis pemberitahuan dengan pilihannya."),
        (["task_due"], None, "Data tidak valid: kirim sebuah objek JSON."),
        ("off", None, "Data tidak valid: kirim sebuah objek JSON."),
    ],
)
def test_bad_preferences_are_a_400_in_indonesian(anggota, body, field, message):
    response = api_as(anggota).patch(PREFS, body, format="json")
    if field is None:
        assert_bad_request(response, message=message)
    else:
        assert_bad_request(response, field, message)
    assert not NotificationPreference.objects.filter(user=anggota).exists()


def test_preferences_are_per_person_and_need_no_agency(db):
    loner = UserFactory()  # an account without any agency
    assert api_as(loner).get(PREFS).status_code == 200
    assert api_as(loner).get(LIST).json()["results"] == []


def test_the_schema_lists_the_notification_endpoints(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert {
        LIST,
        "/api/v1/notifications/{id}/",
        "/api/v1/notifications/{id}/read/",
        READ_ALL,
        COUNT,
        PREFS,
    } <= set(paths)
    assert {"get", "put", "patch"} <= set(paths[PREFS])
    assert reverse("api-notification-list") == LIST
