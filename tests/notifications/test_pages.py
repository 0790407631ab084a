"""The bell, the list, opening and marking notices, preferences and the e-mail's
unsubscribe link: each person reads their own notices only; a notice about a unit the
person can no longer read keeps its text but loses its link."""

import re

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.accounts.models import RoleAssignment
from apps.core.outbox import outbox_send_pending
from apps.notifications.channels import unsubscribe_token
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification, NotificationPreference
from apps.notifications.services import Notice, notify

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


def tell(user, *, unit, title="Bukti dukung dikembalikan", kind=Kind.EVIDENCE_RETURNED, **kw):
    with scopes_disabled():
        [notice] = notify(
            [user],
            Notice(
                kind=kind,
                title=title,
                url=reverse("units:detail", args=[unit.pk]),
                tenant_id=unit.tenant_id,
                unit_id=unit.pk,
                **kw,
            ),
        )
    return notice


def test_anonymous_is_sent_to_login(client):
    for url in (LIST, reverse("notifications:preferences")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_bell_counts_my_unread_notices_of_the_active_agency(client_for, member, tree):
    tell(member, unit=tree["upt"])
    tell(member, unit=tree["upt"], title="Kedua")
    page = client_for(member).get(reverse("home"))
    html = page.content.decode()
    assert re.search(r'data-testid="bell-count">2<', html)


def test_the_bell_costs_one_count_however_many_notices(
    rf, member, tenant, tree, django_assert_num_queries
):
    """It is on every page: one COUNT of the unread notices, whatever their number."""
    for i in range(12):
        tell(member, unit=tree["upt"], title=f"Pemberitahuan {i}")
    request = rf.get("/")
    request.user = member
    request.tenant = tenant
    bell = Template("{% load notification_tags %}{% notification_bell %}")
    with django_assert_num_queries(1) as queries:
        html = bell.render(Context({"request": request}))
    assert 'data-testid="bell-count">12<' in html
    sql = queries.captured_queries[0]["sql"]
    assert sql.startswith("SELECT COUNT(*)") and '"read_at" IS NULL' in sql


def test_the_list_shows_mine_only_and_marks_read(client_for, member, anggota, tree):
    mine = tell(member, unit=tree["upt"], title="Untuk saya")
    theirs = tell(anggota, unit=tree["upt"], title="Untuk orang lain")
    client = client_for(member)
    html = client.get(LIST).content.decode()
    assert "Untuk saya" in html and "Untuk orang lain" not in html

    # Somebody else's notice: 404 for reading, opening and marking alike.
    for name in ("notifications:read", "notifications:open"):
        assert client.post(reverse(name, args=[theirs.pk])).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None

    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[tree["upt"].pk])
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert 'data-testid="bell-count"' not in client.get(LIST).content.decode()


def test_mark_all_read_touches_only_mine(client_for, member, anggota, tree):
    for n in range(3):
        tell(member, unit=tree["upt"], title=f"Saya {n}")
    tell(anggota, unit=tree["upt"])
    response = client_for(member).post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=anggota, read_at__isnull=True).count() == 1


def test_unread_filter(client_for, member, tree):
    read = tell(member, unit=tree["upt"], title="Sudah dibaca")
    tell(member, unit=tree["upt"], title="Masih baru")
    client = client_for(member)
    client.post(reverse("notifications:read", args=[read.pk]))
    html = client.get(LIST + "?status=unread").content.decode()
    assert "Masih baru" in html and "Sudah dibaca" not in html


def test_a_revoked_role_keeps_the_text_and_drops_the_link(client_for, member, tree):
    notice = tell(member, unit=tree["upt"], title="Tentang UPT Satu")
    with scopes_disabled():
        RoleAssignment.objects.filter(user=member).delete()
    client = client_for(member)
    html = client.get(LIST).content.decode()
    assert "Tentang UPT Satu" in html
    assert "tautan tidak tersedia lagi" in html
    assert reverse("notifications:open", args=[notice.pk]) not in html
    # Posting the open form anyway marks it read and does not lead into the unit.
    response = client.post(reverse("notifications:open", args=[notice.pk]))
    assert response["Location"] == LIST


def test_another_agencys_notices_are_not_listed_here(client_for, member, tree, other_tree):
    from tests.factories import make_member

    with scopes_disabled():
        make_member(other_tree["root"].tenant, member)
    tell(member, unit=other_tree["upt"], title="Di instansi Beta")
    html = client_for(member).get(LIST).content.decode()
    assert "Di instansi Beta" not in html
    assert "1 pemberitahuan belum dibaca di instansi" in html


def test_the_list_costs_the_same_for_3_and_30_notices(
    client_for, member, tree, django_assert_max_num_queries
):
    client = client_for(member)
    for n in range(3):
        tell(member, unit=tree["upt"], title=f"N{n}")
    client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for n in range(27):
        tell(member, unit=tree["upt"], title=f"M{n}")
    with django_assert_max_num_queries(len(few)):
        assert client.get(LIST).status_code == 200


def test_preferences_save_and_refuse_below_the_floor(client_for, member):
    client = client_for(member)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    ok = client.post(reverse("notifications:preferences"), {"email-task_due": "off"})
    assert ok.status_code == 302
    refused = client.post(
        reverse("notifications:preferences"),
        {"email-evidence_returned": "off", "email-task_assigned": "digest"},
    )
    assert refused.status_code == 400
    assert "tidak dapat dimatikan" in refused.content.decode()
    # All or none: the valid choice of the refused form was not saved either.
    with scopes_disabled():
        assert dict(
            NotificationPreference.objects.filter(user=member).values_list("kind", "email")
        ) == {"task_due": "off"}


def test_unsubscribe_link_from_the_mail_works_without_login(client, member, tree):
    mail.outbox.clear()
    tell(member, unit=tree["upt"], kind=Kind.TASK_ASSIGNED, title="Tugas baru")
    with scopes_disabled():
        outbox_send_pending()
    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("127.0.0.1:8000")[-1]
    assert client.get(path).status_code == 200  # a page with a button: GET changes nothing
    assert not NotificationPreference.objects.filter(user=member).exists()
    done = client.post(path)  # what a mail client's one-click sends: no CSRF token
    assert done.status_code == 200 and "tidak akan lagi menerima e-mail" in done.content.decode()
    assert NotificationPreference.objects.get(user=member).email == "off"


def test_unsubscribing_from_a_kind_that_cannot_be_silenced_keeps_the_digest(client, member):
    token = unsubscribe_token(member.pk, Kind.EVIDENCE_RETURNED)
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=member).email == "digest"


@pytest.mark.parametrize("case", ["rusak", "akun-tidak-ada"])
def test_a_bad_unsubscribe_link_is_a_clear_400(client, case, db):
    token = case if case == "rusak" else unsubscribe_token(999999, "task_due")
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "tidak sah" in response.content.decode()


def test_no_mail_to_a_suspended_member_and_the_log_says_why(member, tenant, tree):
    from apps.notifications.models import Delivery
    from apps.tenants.models import Membership

    mail.outbox.clear()
    tell(member, unit=tree["upt"], kind=Kind.TASK_ASSIGNED)
    with scopes_disabled():
        Membership.objects.filter(user=member, tenant=tenant).update(is_active=False)
        outbox_send_pending()
    assert mail.outbox == []
    delivery = Delivery.objects.get(recipient=member)
    assert (delivery.status, delivery.detail) == ("skipped", "keanggotaan instansi ditangguhkan")
