"""An existing account invited to another agency (issue 14): one notice of no agency, in
the bell whatever agency is active, linking to their invitations; its e-mail is the
invitation's (as the person chose for invitations). A new e-mail gets the set-password
e-mail and no notice; a refused invitation tells nobody."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from apps.accounts.invitations import invitation_create
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core.models import OutboxMessage
from apps.core.outbox import outbox_send_pending
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from apps.notifications.selectors import inbox
from apps.notifications.services import preference_set
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(other_tree):
    """A person of agency B, with a password: an existing account."""
    user = UserFactory(full_name="Orang Beta", email="orang@beta.go.id")
    grant(user, other_tree["upt"], Role.ANGGOTA_POKJA, "SDM")
    return user


def invite(admin, tenant, email, **extra):
    with scope(tenant=tenant.pk):
        return invitation_create(
            actor=admin, tenant=tenant, email=email, full_name="Nama Ketikan", **extra
        )


def test_an_existing_account_gets_one_notice_of_no_agency(
    admin, tenant, tree, outsider, other_tenant, other_admin, member
):
    invitation = invite(admin, tenant, outsider.email, unit=tree["upt"], role=Role.SEKRETARIS)
    notice = Notification.objects.get()
    assert notice.recipient == outsider and notice.kind == Kind.INVITATION
    assert (notice.tenant_id, notice.unit_id) == (None, None)
    assert notice.url == reverse("my_invitations")
    assert notice.title == "Kementerian Alfa mengundang Anda bergabung di ZI Portal"
    assert "Sekretaris di UPT Satu" in notice.body
    assert notice.object_id == invitation.pk
    # In the bell of agency B (the one they work in) and of none.
    assert list(inbox(outsider, other_tenant.pk)) == [notice]
    assert list(inbox(outsider, None)) == [notice]


def test_the_notices_e_mail_is_the_invitation(admin, tenant, outsider):
    mail.outbox.clear()
    invite(admin, tenant, outsider.email)
    # One e-mail queued, the notice's (not a second one from accounts).
    assert [m.handler for m in OutboxMessage.objects.all()] == [
        "apps.notifications.delivery.deliver_notice"
    ]
    outbox_send_pending()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [outsider.email]
    assert "Kementerian Alfa mengundang Anda" in message.subject
    assert "/akun/undangan/" in message.body and "atur-sandi" not in message.body


def test_a_person_who_chose_the_digest_gets_it_there(admin, tenant, outsider):
    preference_set(user=outsider, kind=Kind.INVITATION, email="digest")
    invite(admin, tenant, outsider.email)
    assert Notification.objects.get().email == Notification.Email.DIGEST
    assert not OutboxMessage.objects.exists()


def test_a_new_e_mail_gets_the_set_password_e_mail_and_no_notice(admin, tenant):
    invite(admin, tenant, "baru@contoh.go.id")
    assert User.objects.filter(email="baru@contoh.go.id").exists()
    assert not Notification.objects.exists()
    assert [m.payload["kind"] for m in OutboxMessage.objects.all()] == ["invitation"]


def test_a_refused_invitation_tells_nobody(admin, tenant, member, outsider, other_admin):
    with pytest.raises(ValidationError):  # already a member here
        invite(admin, tenant, member.email)
    from apps.core.exceptions import AccessDenied

    with pytest.raises(AccessDenied):  # not this agency's admin
        invite(member, tenant, outsider.email)
    assert not Notification.objects.exists()


def test_without_a_listener_accounts_mails_the_invitation_itself(admin, tenant, outsider, settings):
    settings.INVITATION_OBSERVERS = []
    invite(admin, tenant, outsider.email)
    assert not Notification.objects.exists()
    assert [m.payload["kind"] for m in OutboxMessage.objects.all()] == ["agency_invitation"]
