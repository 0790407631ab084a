"""Issue 10, item 1: adding a person is an invitation. The admin's answer is the same for
a new and an existing e-mail and reveals nothing; the person accepts or declines; nothing
changes before they accept; the role given with the invitation comes on acceptance."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.invitations import invitation_accept, invitation_create
from apps.accounts.models import Invitation, RoleAssignment, User
from apps.accounts.roles import Role
from apps.accounts.tasks import send_account_email
from apps.audit.models import AuditEvent
from apps.notifications.models import Notification
from apps.tenants.models import Membership
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(queued_emails):
    return queued_emails


@pytest.fixture
def api_as():
    def _login(user):
        client = APIClient()
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def outsider(other_tree):
    """A person of agency B with a full profile."""
    user = UserFactory(
        full_name="Rahasia Beta",
        email="rahasia@beta.go.id",
        nip="198703032010012003",
        phone="081234567890",
    )
    grant(user, other_tree["upt"], Role.ANGGOTA_POKJA, "SDM")
    return user


def invite_page(client, email, **extra):
    data = {"email": email, "full_name": "Nama Ketikan Admin", **extra}
    return client.post(reverse("accounts:person_create"), data, follow=True)


def _page_text(response, email) -> str:
    """The answer page without the parts that necessarily differ (the e-mail, the CSRF
    token and the row of the invitations table)."""
    import re

    text = response.content.decode().replace(email, "EMAIL")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'data-testid="invitations">.*?</table>', "", text, flags=re.S)
    return text


def test_the_page_answers_the_same_for_a_new_and_an_existing_e_mail(
    client_for, admin, tenant, outsider, queued, django_capture_on_commit_callbacks
):
    c = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        fresh = invite_page(c, "belum.ada@contoh.go.id")
        known = invite_page(c, outsider.email)
    assert fresh.status_code == known.status_code == 200
    assert fresh.redirect_chain == known.redirect_chain
    for secret in ("Rahasia Beta", outsider.nip, outsider.phone):
        assert secret not in known.content.decode()
    page = c.get(reverse("accounts:people")).content.decode()
    assert "Rahasia Beta" not in page and outsider.nip not in page
    # Both rows of the invitations table look alike: e-mail, the typed name, status.
    assert page.count("Nama Ketikan Admin") == 2 and page.count("menunggu jawaban") == 2
    # Nothing changed for the existing person.
    assert not Membership.objects.filter(tenant=tenant, user=outsider).exists()
    assert not RoleAssignment.objects.filter(tenant=tenant, user=outsider).exists()
    outsider.refresh_from_db()
    assert outsider.full_name == "Rahasia Beta"
    # The agency's audit trail has the same events for both.
    actions = list(
        AuditEvent.objects.filter(tenant=tenant)
        .exclude(action="tenant.create")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["invitation.create", "invitation.create"]


def test_the_api_answers_the_same_status_and_shape(api_as, admin, outsider, tenant):
    client = api_as(admin)
    fresh = client.post("/api/v1/users/", {"email": "x@y.go.id", "full_name": "X"}, format="json")
    known = client.post(
        "/api/v1/users/", {"email": outsider.email.upper(), "full_name": "X"}, format="json"
    )
    assert fresh.status_code == known.status_code == 202
    a, b = fresh.json(), known.json()
    assert set(a) == set(b)
    assert {k: v for k, v in a.items() if k not in ("id", "email", "created_at", "expires_at")} == {
        k: v for k, v in b.items() if k not in ("id", "email", "created_at", "expires_at")
    }
    for secret in ("Rahasia Beta", outsider.nip, outsider.phone):
        assert secret not in known.content.decode()


def test_an_existing_person_is_asked_by_e_mail_and_on_their_home_page(
    client_for, admin, tenant, outsider, other_tenant, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_page(client_for(admin), outsider.email)
    # Told by a notice (bell and e-mail as they chose: tests/notifications/
    # test_invitation_notice.py); accounts' own e-mail is for when nothing listens.
    assert queued == []
    assert Notification.objects.get(recipient=outsider).url == reverse("my_invitations")
    mail.outbox.clear()
    send_account_email(outsider.pk, "agency_invitation", tenant.pk)
    body = mail.outbox[0].body
    assert "Kementerian Alfa mengundang Anda" in body and "/akun/undangan/" in body
    assert "atur-sandi" not in body

    c = Client()
    c.force_login(outsider)
    home = c.get(reverse("home")).content.decode()
    assert "Instansi Kementerian Alfa mengundang Anda" in home
    page = c.get(reverse("my_invitations")).content.decode()
    assert "Instansi Kementerian Alfa mengundang Anda" in page
    assert "data-confirm=" in page  # accepting and declining ask first


def test_declining_changes_nothing_and_accepting_gives_membership_and_role(
    client_for, admin, tenant, tree, outsider
):
    c = client_for(admin)
    invite_page(c, outsider.email)
    person = Client()
    person.force_login(outsider)
    first = Invitation.objects.get(user=outsider)
    response = person.post(reverse("my_invitation_decline", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "declined"
    assert not Membership.objects.filter(tenant=tenant, user=outsider).exists()

    c = client_for(admin)
    invite_page(c, outsider.email, unit=tree["upt"].pk, role="ketua_pokja", area="MP")
    second = Invitation.objects.get(user=outsider, status="pending")
    person.force_login(outsider)
    response = person.post(reverse("my_invitation_accept", args=[second.pk]), follow=True)
    assert response.status_code == 200
    assert Membership.objects.filter(tenant=tenant, user=outsider, is_active=True).exists()
    assert RoleAssignment.objects.filter(
        tenant=tenant, user=outsider, unit=tree["upt"], role="ketua_pokja", area="MP"
    ).exists()
    assert list(
        AuditEvent.objects.filter(tenant=tenant, action__startswith="invitation.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["invitation.create", "invitation.decline", "invitation.create", "invitation.accept"]
    assert AuditEvent.objects.filter(tenant=tenant, action="user.join").exists()
    assert AuditEvent.objects.filter(tenant=tenant, action="role.assign").exists()


def test_an_accepted_agency_is_not_made_default_before_acceptance(
    client_for, admin, outsider, other_tenant, tenant
):
    invite_page(client_for(admin), outsider.email)
    person = Client()
    person.force_login(outsider)
    assert person.get(reverse("home")).context["active_tenant"] == other_tenant


def test_a_new_person_sets_a_password_and_then_accepts(
    client_for, admin, tenant, tree, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_page(client_for(admin), "baru@alfa.go.id", unit=tree["upt"].pk, role="pimpinan_unit")
    user = User.objects.get(email="baru@alfa.go.id")
    assert queued == [(user.pk, "invitation", tenant.pk)]
    mail.outbox.clear()
    send_account_email(user.pk, "invitation", tenant.pk)
    assert "atur-sandi" in mail.outbox[0].body and 'halaman "Undangan"' in mail.outbox[0].body
    assert not Membership.objects.filter(user=user).exists()
    user.set_password("Sandi-Baru-2026")
    user.save()
    person = Client()
    person.force_login(user)
    # No agency yet: the home page leads to the invitations.
    assert person.get(reverse("home")).url == reverse("my_invitations")
    invitation = Invitation.objects.get(user=user)
    person.post(reverse("my_invitation_accept", args=[invitation.pk]))
    assert RoleAssignment.objects.filter(user=user, unit=tree["upt"], role="pimpinan_unit").exists()


def test_an_invitation_expires_with_the_link_lifetime(admin, outsider, tenant, settings):
    settings.PASSWORD_RESET_TIMEOUT = 24 * 3600
    from django_scopes import scope

    with scope(tenant=tenant.pk):
        invitation = invitation_create(
            actor=admin, tenant=tenant, email=outsider.email, full_name="X"
        )
    assert invitation.expires_at - invitation.created_at < datetime.timedelta(hours=24, minutes=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        person = Client()
        person.force_login(outsider)
        assert "mengundang Anda" not in person.get(reverse("my_invitations")).content.decode()
        assert person.post(reverse("my_invitation_accept", args=[invitation.pk])).status_code == 404
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="kedaluwarsa"):
            invitation_accept(actor=outsider, invitation=invitation)
    assert not Membership.objects.filter(tenant=tenant, user=outsider).exists()


def test_inviting_again_while_pending_sends_again(admin, outsider, tenant, queued):
    from django_scopes import scope

    with scope(tenant=tenant.pk):
        first = invitation_create(actor=admin, tenant=tenant, email=outsider.email, full_name="X")
        again = invitation_create(actor=admin, tenant=tenant, email=outsider.email, full_name="Y")
    assert first.pk == again.pk and Invitation.objects.count() == 1
    assert AuditEvent.objects.filter(action="invitation.resend").exists()


# --- Access matrix ------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_for_the_invitation_pages(client, admin, outsider, tenant):
    for url in (reverse("my_invitations"), reverse("my_invitation_accept", args=[1])):
        response = client.get(url) if url.endswith("undangan/") else client.post(url)
        assert response.status_code == 302 and "/akun/masuk/" in response.url


def test_someone_else_cannot_answer_an_invitation(client_for, admin, outsider, member, tenant):
    invite_page(client_for(admin), outsider.email)
    invitation = Invitation.objects.get(user=outsider)
    other = Client()
    other.force_login(member)
    assert other.post(reverse("my_invitation_accept", args=[invitation.pk])).status_code == 404
    assert other.post(reverse("my_invitation_decline", args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_cancelling_needs_an_admin_of_the_same_agency(
    client_for, admin, member, outsider, other_admin, tenant
):
    invite_page(client_for(admin), outsider.email)
    invitation = Invitation.objects.get(user=outsider)
    url = reverse("accounts:invitation_cancel", args=[invitation.pk])
    assert client_for(member).post(url).status_code == 403
    assert client_for(other_admin).post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    client_for(admin).post(url)
    invitation.refresh_from_db()
    assert invitation.status == "cancelled"
    person = Client()
    person.force_login(outsider)
    assert person.post(reverse("my_invitation_accept", args=[invitation.pk])).status_code == 404


def test_the_invitations_api_is_for_admins_of_the_agency(
    api_as, admin, member, other_admin, outsider, tenant
):
    api_as(admin).post("/api/v1/users/", {"email": outsider.email, "full_name": "X"}, format="json")
    invitation = Invitation.objects.get()
    assert APIClient().get("/api/v1/invitations/").status_code in (401, 403)
    assert api_as(member).get("/api/v1/invitations/").status_code == 403
    assert api_as(other_admin).get(f"/api/v1/invitations/{invitation.pk}/").status_code == 404
    assert (
        api_as(other_admin).post(f"/api/v1/invitations/{invitation.pk}/cancel/").status_code == 404
    )
    listed = api_as(admin).get("/api/v1/invitations/").json()["results"]
    assert [i["email"] for i in listed] == [outsider.email]
    assert api_as(admin).post(f"/api/v1/invitations/{invitation.pk}/cancel/").json()["status"] == (
        "cancelled"
    )


def test_a_role_outside_the_admins_reach_is_refused(api_as, tree, outsider):
    delegated = UserFactory(email="deleg@alfa.go.id")
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    response = api_as(delegated).post(
        "/api/v1/users/",
        {"email": outsider.email, "full_name": "X", "unit": tree["root"].pk, "role": "pimpinan"},
        format="json",
    )
    assert response.status_code in (400, 403)
    assert not Invitation.objects.exists()


def test_the_people_page_lists_invitations_in_constant_queries(
    client_for, admin, tenant, django_assert_max_num_queries
):
    from django_scopes import scope

    with scope(tenant=tenant.pk):
        for i in range(12):
            invitation_create(actor=admin, tenant=tenant, email=f"p{i}@x.go.id", full_name="P")
    c = client_for(admin)
    with django_assert_max_num_queries(20):
        page = c.get(reverse("accounts:people")).content.decode()
    assert page.count("p1") >= 1
