"""Notices for one person, their e-mail preferences, and the log of every delivery.

A ``Notification`` is written in the transaction of the change it tells about (an item
returned, a task assigned) or by the reminder run; its e-mail leaves through the outbox
(apps.core.outbox) after commit, so a broker outage delays it and never loses it. A
reminder carries a ``key`` (object, kind, offset): the unique constraint on
(recipient, key) makes a second insert of the same reminder a no-op, whoever runs it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .kinds import EmailMode, Kind


class Notification(models.Model):
    class Email(models.TextChoices):
        NONE = "", _("tanpa e-mail")
        IMMEDIATE = "immediate", _("segera")
        DIGEST = "digest", _("ringkasan harian")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Empty for a notice outside any agency's rows the person reads (none yet); an
    # invitation names the inviting agency.
    tenant = models.ForeignKey(
        "tenants.Tenant",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # The unit the notice is about: its link is shown only while the person may still
    # read that unit (a revoked role leaves the text, not the way in).
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("objek"), null=True, blank=True)
    key = models.CharField(
        _("kunci"),
        max_length=200,
        blank=True,
        help_text=_("Untuk pengingat: objek, jenis dan waktunya; satu kali per penerima."),
    )
    email = models.CharField(
        _("e-mail"), max_length=10, choices=Email.choices, default=Email.NONE, blank=True
    )
    emailed_at = models.DateTimeField(_("dikirim lewat e-mail"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=False)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_once_per_key",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="notification_kind_valid"
            ),
        ]
        indexes = [
            # The bell and the list: a person's notices, newest first, unread ones apart.
            models.Index(
                "recipient", "tenant", models.F("created_at").desc(), name="notification_inbox"
            ),
            models.Index(
                fields=["recipient", "tenant"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The reminder run: which of today's reminders were already written.
            models.Index(fields=["key"], condition=~Q(key=""), name="notification_key"),
            # The digest run: what waits for tomorrow morning's e-mail.
            models.Index(
                fields=["recipient"],
                condition=Q(email="digest", emailed_at__isnull=True),
                name="notification_digest_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A person's choice of e-mail for one kind (absent: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    email = models.CharField(_("e-mail"), max_length=10, choices=EmailMode.choices)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("preferensi pemberitahuan")
        verbose_name_plural = _("preferensi pemberitahuan")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_once"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="notification_pref_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(email__in=EmailMode.values), name="notification_pref_email_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.email}"


class Delivery(models.Model):
    """One attempt to deliver a notice (or a digest of several) over one channel, and its
    result: the log an operator reads when somebody says "I never got it"."""

    class Status(models.TextChoices):
        SENT = "sent", _("terkirim")
        SKIPPED = "skipped", _("tidak dikirim")
        FAILED = "failed", _("gagal")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("pemberitahuan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    channel = models.CharField(_("saluran"), max_length=20)
    digest_size = models.PositiveIntegerField(_("jumlah dalam ringkasan"), default=0)
    status = models.CharField(_("hasil"), max_length=10, choices=Status.choices)
    detail = models.CharField(_("keterangan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengiriman")
        verbose_name_plural = _("pengiriman")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="delivery_recipient")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient_id}: {self.status}"
