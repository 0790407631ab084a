"""Issue 9: every level of the default chain acts on the pages, the cycle's evidence list
with filters, the item's thread, the verifier queue (filters, waiting time, next item,
bulk verification), unambiguous wording and the verifier-only menu entry."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from apps.audit.models import AuditEvent
from apps.evidence import services
from apps.evidence.models import EvidenceComment, EvidenceItem, VerificationLevel
from apps.lke.models import Question

from .test_pages import make_item

pytestmark = pytest.mark.django_db


def question_page(client, cycle, question, **query):
    return client.get(reverse("evidence:question", args=[cycle.pk, question.code]), query)


def verify_as(user, item):
    with scope(tenant=item.tenant_id):
        item.refresh_from_db()
        return services.evidence_verify(actor=user, item=item)


def test_every_level_of_the_default_chain_verifies_on_the_item_page(
    client_for, member, verifier, es1_verifier, tpi_user, tpu_user, cycle, question
):
    item = make_item(member, cycle, question, "sk.pdf", submit=True)
    action = reverse("evidence:action", args=[item.pk, "verifikasi"])
    for n, who in enumerate((verifier, es1_verifier, tpi_user), start=1):
        body = question_page(client_for(who), cycle, question).content.decode()
        assert action in body, f"level {n}: no verify button"
        assert reverse("evidence:action", args=[item.pk, "kembalikan"]) in body
        assert f"({n} dari 3)" in body
        response = client_for(who).post(action, follow=True)
        assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "verified"
    assert "semua tingkat selesai" in response.content.decode()
    body = question_page(client_for(tpu_user), cycle, question).content.decode()
    assert "sk.pdf" in body and "Terverifikasi" in body
    assert action not in body


def test_the_tpi_sees_no_buttons_for_items_that_do_not_await_it(
    client_for, member, verifier, es1_verifier, tpi_user, cycle, question
):
    at_tpi = make_item(member, cycle, question, "di-tpi.pdf", submit=True)
    verify_as(verifier, at_tpi)
    verify_as(es1_verifier, at_tpi)
    done = make_item(member, cycle, question, "selesai.pdf", submit=True)
    for who in (verifier, es1_verifier, tpi_user):
        verify_as(who, done)
    body = question_page(client_for(tpi_user), cycle, question).content.decode()
    assert reverse("evidence:action", args=[at_tpi.pk, "verifikasi"]) in body
    assert reverse("evidence:action", args=[done.pk, "verifikasi"]) not in body
    assert reverse("evidence:action", args=[done.pk, "kembalikan"]) not in body


def test_the_tpi_can_return_on_the_page_and_the_unit_sees_the_reason(
    client_for, member, verifier, es1_verifier, tpi_user, cycle, question
):
    item = make_item(member, cycle, question, "sk.pdf", submit=True)
    verify_as(verifier, item)
    verify_as(es1_verifier, item)
    client_for(tpi_user).post(
        reverse("evidence:action", args=[item.pk, "kembalikan"]),
        {"comment": "Stempel tidak terbaca."},
    )
    item.refresh_from_db()
    assert item.status == "returned" and item.current_level_name == ""
    body = question_page(client_for(member), cycle, question).content.decode()
    assert 'data-testid="return-comment"' in body and "Stempel tidak terbaca." in body
    assert "Dikembalikan oleh Verifikasi TPI" in body


def test_the_tpi_that_returned_an_item_reads_and_answers_its_thread(
    client_for, member, verifier, es1_verifier, tpi_user, tpu_user, cycle, question
):
    """Assessors otherwise read verified items only; the TPI that returned this one keeps
    reading it, so the unit's answer in the thread reaches it. A TPU that never touched
    the item still does not see it."""
    item = make_item(member, cycle, question, "sk.pdf", submit=True)
    verify_as(verifier, item)
    verify_as(es1_verifier, item)
    client_for(tpi_user).post(
        reverse("evidence:action", args=[item.pk, "kembalikan"]), {"comment": "Stempel buram."}
    )
    url = reverse("evidence:comment", args=[item.pk])
    assert client_for(member).post(url, {"body": "Pindaian ulang menyusul."}).status_code == 302
    body = question_page(client_for(tpi_user), cycle, question).content.decode()
    assert "Pindaian ulang menyusul." in body
    assert client_for(tpi_user).post(url, {"body": "Baik, ditunggu."}).status_code == 302
    assert "sk.pdf" not in question_page(client_for(tpu_user), cycle, question).content.decode()


# --- wording -------------------------------------------------------------------------


def test_a_level_step_is_never_called_terverifikasi(client_for, member, verifier, cycle, question):
    item = make_item(member, cycle, question, "sk.pdf", submit=True)
    verify_as(verifier, item)
    c = client_for(member)
    body = question_page(c, cycle, question).content.decode()
    assert "Menunggu Verifikasi Eselon I (2 dari 3)" in body
    assert "Diverifikasi tingkat 1 dari 3" in body
    cycle_body = c.get(reverse("evidence:cycle", args=[cycle.pk])).content.decode()
    assert "1 menunggu verifikasi" in cycle_body and "terverifikasi</span>" not in cycle_body
    data = c.get(f"/api/v1/evidence/items/{item.pk}/", HTTP_X_TENANT=cycle.tenant.code).json()
    assert data["status_label"] == "Menunggu Verifikasi Eselon I (2 dari 3)"
    verify_events = [e for e in data["events"] if e["action"] == "verify"]
    assert verify_events[0]["action_label"] == "Diverifikasi tingkat 1 dari 3"


# --- the cycle's evidence page -------------------------------------------------------


@pytest.fixture
def other_area_question(lke):
    return (
        Question.objects.filter(version=lke)
        .exclude(indicator__aspect__area__code="MP")
        .select_related("indicator__aspect__area")
        .first()
    )


def test_cycle_page_filters_by_area_and_status(
    client_for, admin, member, cycle, question, other_area_question
):
    make_item(member, cycle, question, "draf-mp.pdf")
    make_item(member, cycle, question, "menunggu-mp.pdf", submit=True)
    other_area = other_area_question.indicator.aspect.area.code
    with scope(tenant=cycle.tenant_id):
        from apps.accounts.roles import Role
        from tests.factories import grant

        grant(member, cycle.unit, Role.ANGGOTA_POKJA, other_area)
        services.evidence_add(
            actor=member,
            cycle=cycle,
            question=other_area_question,
            url="https://contoh.go.id/lain",
            title="lain-area",
        )
    c = client_for(member)
    url = reverse("evidence:cycle", args=[cycle.pk])
    body = c.get(url).content.decode()
    assert "draf-mp.pdf" in body and "menunggu-mp.pdf" in body and "lain-area" in body
    body = c.get(url, {"area": "MP"}).content.decode()
    assert "draf-mp.pdf" in body and "lain-area" not in body
    body = c.get(url, {"status": "menunggu"}).content.decode()
    assert "menunggu-mp.pdf" in body and "draf-mp.pdf" not in body
    body = c.get(url, {"status": "draf", "area": other_area}).content.decode()
    assert "lain-area" in body and "draf-mp.pdf" not in body
    body = c.get(url, {"status": "bukan-status", "area": "XX"}).content.decode()
    assert "draf-mp.pdf" in body  # unknown filters are ignored


def test_cycle_page_lists_what_needs_my_action_first(client_for, member, verifier, cycle, question):
    make_item(member, cycle, question, "draf-dulu.pdf")
    make_item(member, cycle, question, "menunggu-kanwil.pdf", submit=True)
    url = reverse("evidence:cycle", args=[cycle.pk])
    rows = client_for(verifier).get(url).context["page"].object_list
    assert rows[0].title == "menunggu-kanwil.pdf"
    assert rows[0].needs_action and not rows[1].needs_action
    rows = client_for(member).get(url).context["page"].object_list
    assert rows[0].title == "draf-dulu.pdf"


def test_assessors_see_only_verified_items_and_counts_on_the_cycle_page(
    client_for, member, verifier, es1_verifier, tpi_user, tpu_user, cycle, question
):
    done = make_item(member, cycle, question, "lolos.pdf", submit=True)
    make_item(member, cycle, question, "masih-proses.pdf", submit=True)
    for who in (verifier, es1_verifier, tpi_user):
        verify_as(who, done)
    body = client_for(tpu_user).get(reverse("evidence:cycle", args=[cycle.pk])).content.decode()
    assert "lolos.pdf" in body and "masih-proses.pdf" not in body
    assert "menunggu verifikasi" not in body.split('data-testid="cycle-items"')[1]


# --- the item's thread ---------------------------------------------------------------


def test_the_unit_replies_to_the_verifier_in_the_thread(
    client_for, member, verifier, cycle, question
):
    item = make_item(member, cycle, question, "sk.pdf", submit=True)
    client_for(verifier).post(
        reverse("evidence:action", args=[item.pk, "kembalikan"]), {"comment": "Belum ada TTD."}
    )
    url = reverse("evidence:comment", args=[item.pk])
    response = client_for(member).post(url, {"body": "TTD menyusul besok, mohon ditunggu."})
    assert response.status_code == 302
    comment = EvidenceComment.objects.get()
    assert comment.author == member and comment.revision.number == 1
    assert AuditEvent.objects.filter(action="evidence.comment", object_id=str(item.pk)).exists()
    client_for(verifier).post(url, {"body": "Baik."})
    for who in (member, verifier):
        body = question_page(client_for(who), cycle, question).content.decode()
        assert "TTD menyusul besok" in body and "Belum ada TTD." in body and "Baik." in body


def test_the_return_comment_stays_in_the_history_after_a_revision(
    client_for, member, verifier, cycle, question
):
    from .conftest import pdf

    item = make_item(member, cycle, question, "sk.pdf", submit=True)
    client_for(verifier).post(
        reverse("evidence:action", args=[item.pk, "kembalikan"]), {"comment": "Belum ada TTD."}
    )
    with scope(tenant=cycle.tenant_id):
        item.refresh_from_db()
        services.evidence_revise(actor=member, item=item, uploaded=pdf("sk-ttd.pdf", b"ttd"))
    body = question_page(client_for(member), cycle, question).content.decode()
    assert 'data-testid="return-comment"' in body  # still to answer: not resubmitted
    assert "Belum ada TTD." in body and "Revisi 1 (digantikan)" in body
    with scope(tenant=cycle.tenant_id):
        item.refresh_from_db()
        services.evidence_submit(actor=member, item=item)
    body = question_page(client_for(member), cycle, question).content.decode()
    assert 'data-testid="return-comment"' not in body
    assert "Belum ada TTD." in body  # in the history, with the revision it concerned


def test_thread_access_matrix(
    client,
    client_for,
    member,
    sibling_member,
    verifier,
    tpu_user,
    no_role,
    other_admin,
    cycle,
    question,
    es1_verifier,
    tpi_user,
):
    item = make_item(member, cycle, question, "sk.pdf", submit=True)
    url = reverse("evidence:comment", args=[item.pk])
    data = {"body": "Halo"}
    assert client.post(url, data).status_code == 302  # to login
    assert client_for(sibling_member).post(url, data).status_code == 404  # other unit
    assert client_for(other_admin).post(url, data).status_code == 404  # other tenant
    assert client_for(no_role).post(url, data).status_code == 404
    # An assessor does not read an unverified item at all.
    assert client_for(tpu_user).post(url, data).status_code == 404
    for who in (verifier, es1_verifier, tpi_user):
        verify_as(who, item)
    # An assessor who reads the verified item is not part of its thread.
    assert client_for(tpu_user).post(url, data).status_code == 403
    assert (
        'data-testid="thread"'
        not in question_page(client_for(tpu_user), cycle, question).content.decode()
    )
    assert not EvidenceComment.objects.exists()
    # Every verifier of its chain takes part, even after their decision.
    assert client_for(es1_verifier).post(url, data).status_code == 302
    assert EvidenceComment.objects.count() == 1


def test_thread_messages_must_have_text_within_the_limit(client_for, member, cycle, question):
    item = make_item(member, cycle, question, "sk.pdf")
    url = reverse("evidence:comment", args=[item.pk])
    body = client_for(member).post(url, {"body": "   "}, follow=True).content.decode()
    assert "Tuliskan pesan" in body
    body = client_for(member).post(url, {"body": "x" * 2001}, follow=True).content.decode()
    assert "paling banyak 2000 karakter" in body
    assert not EvidenceComment.objects.exists()


# --- the verifier queue --------------------------------------------------------------


def test_queue_shows_question_unit_and_waiting_time_and_filters(
    client_for, member, verifier, cycle, question, tree
):
    old = make_item(member, cycle, question, "lama.pdf", submit=True)
    make_item(member, cycle, question, "baru.pdf", submit=True)
    # 23:30 UTC is 06:30 the next morning in Jakarta: the hover text is the local time.
    since = (timezone.now() - datetime.timedelta(days=5)).replace(hour=23, minute=30)
    EvidenceItem.objects.filter(pk=old.pk).update(waiting_since=since)
    local = since + datetime.timedelta(hours=7)
    c = client_for(verifier)
    response = c.get(reverse("evidence:queue"))
    body = response.content.decode()
    assert question.text[:40] in body and "UPT Satu" in body and "4 hari" in body
    assert f'title="{local:%d} ' in body and f' {local:%Y} 06:30">4 hari<' in body
    assert [i.title for i in response.context["items"]] == ["lama.pdf", "baru.pdf"]
    response = c.get(reverse("evidence:queue"), {"order": "baru"})
    assert [i.title for i in response.context["items"]] == ["baru.pdf", "lama.pdf"]
    for query, expected in (
        ({"unit": tree["upt"].pk}, 2),
        ({"unit": tree["upt2"].pk}, 0),
        ({"area": "MP"}, 2),
        ({"area": "PW"}, 0),
        ({"level": "Verifikasi Unit Kerja/Kanwil"}, 2),
        ({"level": "Verifikasi TPI"}, 0),
        ({"unit": "bukan-angka"}, 2),
    ):
        assert len(c.get(reverse("evidence:queue"), query).context["items"]) == expected, query


def _evidence_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if '"evidence_evidenceitem"' in q["sql"]]


def test_the_queue_reads_the_verifiers_roles_once_and_its_items_without_a_count(
    client_for, member, verifier, es1_verifier, tpi_user, cycle, question
):
    """Where the verifier verifies is read once per request (their roles: one query), and
    the queue filters by plain columns: no access subquery per item, and the pager's total
    comes from the grouped counts, not a second run of the list (issue 12)."""
    for i in range(3):
        make_item(member, cycle, question, f"antri-{i}.pdf", submit=True)
    at_tpi = make_item(member, cycle, question, "di-tpi.pdf", submit=True)
    verify_as(verifier, at_tpi)
    verify_as(es1_verifier, at_tpi)
    for who, expected in ((verifier, 3), (tpi_user, 1)):
        c = client_for(who)
        c.get(reverse("evidence:queue"))
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(reverse("evidence:queue"))
        assert len(response.context["items"]) == expected
        assert response.context["page"].paginator.count == expected
        roles_read = [
            q["sql"]
            for q in ctx.captured_queries
            if q["sql"].startswith('SELECT "accounts_roleassignment"."tenant_id"')
        ]
        assert len(roles_read) == 1, roles_read
        items_read = _evidence_queries(ctx.captured_queries)
        assert len(items_read) == 2, items_read  # the grouped counts, the page
        assert not any("accounts_roleassignment" in sql for sql in items_read)
        assert not any("COUNT(*)" in sql for sql in items_read)
        if who == tpi_user:  # a level held at the agency's root: no condition on the unit
            counts = next(sql for sql in items_read if "GROUP BY" in sql)
            assert "units_unit" not in counts, counts


def test_the_queue_keeps_its_query_budget_and_pages_by_the_filtered_total(
    client_for, member, verifier, cycle, question, lke, tree, django_assert_max_num_queries
):
    other = Question.objects.get(version=lke, code="PPA1B")
    make_item(member, cycle, question, "awal.pdf", submit=True)
    c = client_for(verifier)
    c.get(reverse("evidence:queue"))
    with django_assert_max_num_queries(30) as ctx:
        c.get(reverse("evidence:queue"))
    budget = len(ctx.captured_queries)
    for i in range(55):
        make_item(member, cycle, other if i % 5 == 0 else question, f"q{i}.pdf", submit=True)
    with django_assert_max_num_queries(budget):
        response = c.get(reverse("evidence:queue"))
    page = response.context["page"]
    assert (page.paginator.count, page.paginator.num_pages, len(page.object_list)) == (56, 2, 50)
    with django_assert_max_num_queries(budget):
        response = c.get(reverse("evidence:queue"), {"page": 2})
    assert len(response.context["items"]) == 6
    assert sum(row["count"] for row in response.context["counts"]) == 56
    assert response.context["levels"] == ["Verifikasi Unit Kerja/Kanwil"]
    for query, total in (
        ({"area": "MP"}, 56),
        ({"area": "PW"}, 0),
        ({"unit": tree["upt"].pk, "level": "Verifikasi Unit Kerja/Kanwil"}, 56),
        ({"unit": tree["upt2"].pk}, 0),
        ({"level": "Verifikasi TPI"}, 0),
    ):
        response = c.get(reverse("evidence:queue"), query)
        assert response.context["page"].paginator.count == total, query
        assert len(response.context["items"]) == min(total, 50), query


def test_after_a_decision_from_the_queue_the_next_item_opens(
    client_for, member, verifier, cycle, question
):
    first = make_item(member, cycle, question, "satu.pdf", submit=True)
    second = make_item(member, cycle, question, "dua.pdf", submit=True)
    c = client_for(verifier)
    body = question_page(c, cycle, question, antrian=1).content.decode()
    assert 'name="antrian" value="1"' in body
    response = c.post(
        reverse("evidence:action", args=[first.pk, "verifikasi"]), {"antrian": "1", "area": "MP"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{second.pk}-title")
    assert "antrian=1" in response["Location"] and "area=MP" in response["Location"]
    response = c.post(
        reverse("evidence:action", args=[second.pk, "kembalikan"]),
        {"antrian": "1", "comment": "Kurang lengkap"},
    )
    assert response["Location"] == reverse("evidence:queue")  # nothing left


def test_bulk_verify_verifies_what_the_actor_may_and_names_the_rest(
    client_for, member, verifier, es1_verifier, cycle, question
):
    a = make_item(member, cycle, question, "a.pdf", submit=True)
    b = make_item(member, cycle, question, "b.pdf", submit=True)
    at_es1 = make_item(member, cycle, question, "di-eselon1.pdf", submit=True)
    verify_as(verifier, at_es1)
    response = client_for(verifier).post(
        reverse("evidence:bulk_verify"),
        {"item": [a.pk, b.pk, at_es1.pk, 999999], "comment": "Lengkap."},
        follow=True,
    )
    body = response.content.decode()
    assert "1 bukti yang dipilih tidak ditemukan" in body
    assert "2 bukti diverifikasi pada tingkat Anda" in body
    assert "di-eselon1.pdf: Anda bukan verifikator tingkat ini" in body
    for item in (a, b):
        item.refresh_from_db()
        assert item.level == 1 and item.current_level_name == "Verifikasi Eselon I"
        assert item.history.filter(transition="verify", reason="Lengkap.").exists()
    at_es1.refresh_from_db()
    assert at_es1.level == 1
    assert AuditEvent.objects.filter(action="evidence.verify_many").count() == 1


def test_bulk_verify_refuses_a_too_long_comment_and_changes_nothing(
    client_for, member, verifier, cycle, question
):
    a = make_item(member, cycle, question, "a.pdf", submit=True)
    body = (
        client_for(verifier)
        .post(reverse("evidence:bulk_verify"), {"item": [a.pk], "comment": "x" * 2001}, follow=True)
        .content.decode()
    )
    assert "paling banyak 2000 karakter" in body
    a.refresh_from_db()
    assert a.level == 0


def test_bulk_verify_access_matrix(
    client, client_for, member, sibling_member, other_admin, tpu_user, cycle, question
):
    a = make_item(member, cycle, question, "a.pdf", submit=True)
    url = reverse("evidence:bulk_verify")
    response = client.post(url, {"item": [a.pk]})
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    # Wrong role: refused by name.
    body = client_for(member).post(url, {"item": [a.pk]}, follow=True).content.decode()
    assert "a.pdf: Anda bukan verifikator" in body
    # Other unit, other tenant, an assessor who cannot read it: nothing selected.
    for who in (sibling_member, other_admin, tpu_user):
        body = client_for(who).post(url, {"item": [a.pk]}, follow=True).content.decode()
        assert "Pilih paling sedikit satu bukti" in body, who
    a.refresh_from_db()
    assert a.level == 0 and a.status == "in_verification"


def test_the_bulk_verify_service_is_atomic_per_call(member, verifier, cycle, question):
    a = make_item(member, cycle, question, "a.pdf", submit=True)
    b = make_item(member, cycle, question, "b.pdf", submit=True)
    with scope(tenant=cycle.tenant_id):
        done, refused = services.evidence_verify_many(actor=member, items=[a, b], comment="coba")
    assert done == 0 and [t for t, _ in refused] == ["a.pdf", "b.pdf"]
    assert not AuditEvent.objects.filter(action="evidence.verify_many").exists()


# --- confirmation and the menu -------------------------------------------------------


def test_irreversible_steps_ask_first(client_for, member, verifier, cycle, question):
    make_item(member, cycle, question, "draf.pdf")
    make_item(member, cycle, question, "diajukan.pdf", submit=True)
    body = question_page(client_for(member), cycle, question).content.decode()
    assert body.count("data-confirm=") >= 4  # submit, submit all, withdraw ×2
    body = question_page(client_for(verifier), cycle, question).content.decode()
    assert body.count("data-confirm=") >= 2  # verify and return
    body = client_for(verifier).get(reverse("evidence:queue")).content.decode()
    assert 'data-testid="bulk-form" data-confirm=' in body


def test_the_queue_menu_entry_is_for_verifiers_only(
    client_for, member, verifier, tpi_user, tpu_user, admin
):
    for who, shown in (
        (member, False),
        (tpu_user, False),
        (admin, False),
        (verifier, True),
        (tpi_user, True),
    ):
        body = client_for(who).get(reverse("evidence:completeness")).content.decode()
        assert ('data-testid="nav-queue"' in body) is shown, who


def test_new_pages_keep_their_query_budget(
    client_for, member, verifier, cycle, question, django_assert_max_num_queries
):
    make_item(member, cycle, question, "awal.pdf", submit=True)
    make_item(member, cycle, question, "awal-draf.pdf")  # no page starts empty
    urls = {
        verifier: [
            reverse("evidence:queue") + "?area=MP&order=baru",
            reverse("evidence:cycle", args=[cycle.pk]) + "?status=menunggu&area=MP",
            reverse("evidence:question", args=[cycle.pk, question.code]) + "?antrian=1",
        ],
        member: [reverse("evidence:cycle", args=[cycle.pk]) + "?status=draf"],
    }
    counts = {}
    for who, pages in urls.items():
        c = client_for(who)
        for url in pages:
            c.get(url)
            with django_assert_max_num_queries(30) as ctx:
                assert c.get(url).status_code == 200
            counts[(who.pk, url)] = len(ctx.captured_queries)
    for i in range(12):
        item = make_item(member, cycle, question, f"tambah-{i}.pdf", submit=i % 3 != 0)
        with scope(tenant=cycle.tenant_id):
            services.evidence_comment_add(actor=member, item=item, body=f"catatan {i}")
    for who, pages in urls.items():
        c = client_for(who)
        for url in pages:
            with django_assert_max_num_queries(counts[(who.pk, url)]):
                assert c.get(url).status_code == 200


# --- the agency's verification chain ----------------------------------------------------


def test_the_chain_page_saves_names_and_switches_by_level_order(client_for, admin, tenant):
    c = client_for(admin)
    body = c.get(reverse("evidence:levels")).content.decode()
    assert 'name="name-1"' in body and 'name="active-3"' in body
    response = c.post(
        reverse("evidence:levels"),
        {
            "name-1": "Verifikasi Kanwil",
            "active-1": "on",
            "name-2": "Verifikasi Eselon I",
            "active-2": "on",
            "name-3": "Verifikasi TPI",
        },
    )
    assert response.status_code == 302
    levels = VerificationLevel.objects.filter(tenant=tenant).order_by("order")
    assert [(lv.name, lv.is_active) for lv in levels] == [
        ("Verifikasi Kanwil", True),
        ("Verifikasi Eselon I", True),
        ("Verifikasi TPI", False),
    ]


def test_the_chain_page_of_an_agency_without_saved_levels_shows_the_defaults_and_writes_nothing(
    client_for, admin, tenant
):
    VerificationLevel.objects.filter(tenant=tenant).delete()
    body = client_for(admin).get(reverse("evidence:levels")).content.decode()
    assert "Verifikasi Eselon I" in body and 'name="active-2"' in body
    assert not VerificationLevel.objects.filter(tenant=tenant).exists()


def test_a_queue_over_many_units_filters_by_search_and_shows_the_largest_counts(
    client_for, member, sibling_member, verifier, cycle, question, lke, tree, monkeypatch
):
    """Above QUEUE_UNIT_SELECT_LIMIT units the unit filter is a search on code or name
    (the TPI of a ministry would otherwise get ~1 900 options), and the counts table
    shows the QUEUE_COUNTS_SHOWN largest rows and a line for the rest (issue 12)."""
    from apps.evidence.views import verification
    from tests.factories import CycleFactory

    monkeypatch.setattr(verification, "QUEUE_UNIT_SELECT_LIMIT", 1)
    monkeypatch.setattr(verification, "QUEUE_COUNTS_SHOWN", 1)
    tl = Question.objects.get(version=lke, code="PPB1A")
    other_cycle = CycleFactory(unit=tree["upt2"])
    for i in range(3):
        make_item(member, cycle, question, f"satu-{i}.pdf", submit=True)
    make_item(sibling_member, other_cycle, tl, "dua.pdf", submit=True)
    c = client_for(verifier)
    response = c.get(reverse("evidence:queue"))
    body = response.content.decode()
    assert 'data-testid="queue-unit-search"' in body and 'name="unit"' not in body
    assert [(row["unit__name"], row["count"]) for row in response.context["counts"]] == [
        ("UPT Satu", 3)
    ]
    assert "Dan 1 baris unit dan area lainnya dengan 1 bukti" in body
    for text, titles in (("upt2", {"dua.pdf"}), ("satu", {f"satu-{i}.pdf" for i in range(3)})):
        response = c.get(reverse("evidence:queue"), {"unit_q": text})
        assert {i.title for i in response.context["items"]} == titles, text
        assert response.context["page"].paginator.count == len(titles)
        assert f'value="{text}"' in response.content.decode()
    response = c.get(reverse("evidence:queue"), {"unit_q": "tidak ada"})
    assert response.context["page"].paginator.count == 0
    assert "Tidak ada bukti dengan filter ini" in response.content.decode()
    # A search of any length is cut to 100 characters, never an error.
    assert c.get(reverse("evidence:queue"), {"unit_q": "x" * 5000}).status_code == 200


def test_the_next_item_after_a_decision_keeps_the_unit_search(
    client_for, member, sibling_member, verifier, cycle, question, lke, tree
):
    from tests.factories import CycleFactory

    tl = Question.objects.get(version=lke, code="PPB1A")
    other_cycle = CycleFactory(unit=tree["upt2"])
    first = make_item(member, cycle, question, "satu.pdf", submit=True)
    make_item(member, cycle, question, "satu-lagi.pdf", submit=True)
    make_item(sibling_member, other_cycle, tl, "dua.pdf", submit=True)
    c = client_for(verifier)
    response = c.post(
        reverse("evidence:action", args=[first.pk, "verifikasi"]),
        {"antrian": "1", "unit_q": "UPT Dua"},
    )
    assert "unit_q=UPT+Dua" in response["Location"]
    assert response["Location"].startswith(
        reverse("evidence:question", args=[other_cycle.pk, "PPB1A"])
    )
