"""E-mails about accounts go out from the worker, never inside a web request.

They travel through the outbox (apps.core.outbox): the row is written with the change
(the new account, the reset request), so a broker outage delays the e-mail, never loses it.
"""

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from apps.core.outbox import outbox_add, outbox_handler
from apps.tenants.models import Tenant

from .models import User

SUBJECTS = {
    "invitation": "Undangan ke ZI Portal",
    "password_reset": "Atur ulang kata sandi ZI Portal",
    "agency_invitation": "Undangan bergabung di ZI Portal",
}


@outbox_handler
def account_email(user_id: int, kind: str, tenant_id: int | None = None) -> bool:
    """Send an invitation or a password-reset link (called by the outbox sender). The
    link's token is made now, at sending time; it is never stored. False: nothing to send
    (the account is gone or inactive)."""
    if kind not in SUBJECTS:
        raise ValueError(kind)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    tenant = Tenant.objects.filter(pk=tenant_id).first() if tenant_id else None
    if kind == "agency_invitation":
        # An existing account: no password link, only where to accept or decline.
        link = settings.SITE_URL.rstrip("/") + reverse("my_invitations")
    else:
        link = settings.SITE_URL.rstrip("/") + reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    from django_scopes import scope

    from .models import Invitation

    invitation = None
    if tenant is not None:
        with scope(tenant=tenant):  # the invitation is a row of the inviting agency
            invitation = Invitation.objects.filter(
                user=user, status=Invitation.Status.PENDING
            ).first()
    seconds = settings.PASSWORD_RESET_TIMEOUT
    # "24 jam" up to two days (what people read on a link), else in days.
    lifetime = f"{seconds // 3600} jam" if seconds <= 2 * 86400 else f"{seconds // 86400} hari"
    context = {
        "user": user,
        "tenant": tenant,
        "link": link,
        "kind": kind,
        "link_lifetime": lifetime,
        "invitation": invitation,
        "invitation_expires": (
            timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M")
            if invitation
            else ""
        ),
    }
    body = render_to_string(f"accounts/email/{kind}.txt", context)
    send_mail(SUBJECTS[kind], body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


def account_email_queue(*, user: User, kind: str, tenant: Tenant | None = None) -> None:
    """Write the e-mail to the outbox in the caller's transaction; sent after commit."""
    if kind not in SUBJECTS:
        raise ValueError(kind)
    outbox_add(
        handler=account_email,
        payload={"user_id": user.pk, "kind": kind, "tenant_id": tenant.pk if tenant else None},
        tenant=tenant,
    )


@shared_task
def send_account_email(user_id: int, kind: str, tenant_id: int | None = None) -> bool:
    """Kept for messages queued by an earlier release that may still sit in the broker."""
    return account_email(user_id, kind, tenant_id)
