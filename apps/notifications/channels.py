"""Channels a notice is delivered over, besides the bell.

A channel is a class with a ``name`` and two methods, ``send_one(notification)`` and
``send_digest(user, notifications)``, returning a short detail for the delivery log or
raising on failure (the outbox then tries again later). ``NOTIFICATION_CHANNELS`` in the
settings lists the dotted paths of the channels in use: e-mail ships; a WhatsApp gateway
is added by writing its class and naming it there (``WHATSAPP_GATEWAY_URL`` style
settings belong to that class), nothing else changes.
"""

from functools import cache

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string

UNSUBSCRIBE_SALT = "apps.notifications.unsubscribe"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind) of a link made by ``unsubscribe_token``; ``signing.BadSignature``
    for anything else."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["k"])


class Channel:
    name = ""

    def send_one(self, notification) -> str:
        raise NotImplementedError

    def send_digest(self, user, notifications) -> str:
        raise NotImplementedError


class EmailChannel(Channel):
    """Plain, short e-mails in Indonesian, each with its link and a one-click unsubscribe
    (RFC 8058 ``List-Unsubscribe`` / ``List-Unsubscribe-Post``) for its kind."""

    name = "email"

    def _message(self, *, user, subject: str, body: str, kind: str) -> EmailMessage:
        unsubscribe = absolute(
            reverse("notifications:unsubscribe", args=[unsubscribe_token(user.pk, kind)])
        )
        return EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )

    def send_one(self, notification) -> str:
        user = notification.recipient
        body = render_to_string(
            "notifications/email/notice.txt",
            {
                "user": user,
                "notification": notification,
                "link": absolute(notification.url) if notification.url else "",
                "preferences": absolute(reverse("notifications:preferences")),
            },
        )
        self._message(
            user=user,
            subject=f"[ZI Portal] {notification.title}"[:200],
            body=body,
            kind=notification.kind,
        ).send()
        return user.email

    def send_digest(self, user, notifications) -> str:
        body = render_to_string(
            "notifications/email/digest.txt",
            {
                "user": user,
                "items": [(n, absolute(n.url) if n.url else "") for n in notifications],
                "inbox": absolute(reverse("notifications:list")),
                "preferences": absolute(reverse("notifications:preferences")),
            },
        )
        count = len(notifications)
        # One kind in the digest: its unsubscribe link; several: the first one's (the
        # footer links to the whole preferences page).
        self._message(
            user=user,
            subject=f"[ZI Portal] Ringkasan harian: {count} pemberitahuan",
            body=body,
            kind=notifications[0].kind,
        ).send()
        return user.email


@cache
def _channel_classes() -> dict[str, type[Channel]]:
    classes = [import_string(path) for path in settings.NOTIFICATION_CHANNELS]
    return {cls.name: cls for cls in classes}


def channel_names() -> list[str]:
    return list(_channel_classes())


def channel(name: str) -> Channel:
    return _channel_classes()[name]()
