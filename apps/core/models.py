"""Building blocks shared by every app: tenant ownership and timestamps."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class TenantOwned(models.Model):
    """A row that belongs to one agency (Instansi).

    The default manager is scoped with django-scopes: inside a request the tenant
    middleware activates ``scope(tenant=<id>)`` and every query is filtered by it;
    outside any scope a query raises ``ScopeError`` instead of leaking rows of other
    agencies. Code that legitimately spans tenants (operators, migrations, commands)
    says so explicitly with ``scopes_disabled()``.
    """

    tenant = models.ForeignKey(
        "tenants.Tenant",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A message (an e-mail) to be sent after the change that caused it was committed.

    Written in the same transaction as that change, so a committed change always has its
    message and a rolled-back one never does. Sent by ``apps.core.outbox.outbox_deliver``
    (a Celery task queued on commit, and a beat job every minute for whatever is left),
    which claims the row with a conditional update so each message goes out once.
    ``handler`` is the dotted path of a function marked with ``@outbox_handler``; it is
    called with ``payload`` as keyword arguments (ids, never secrets: links and tokens
    are made when the message is sent).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu")
        SENDING = "sending", _("sedang dikirim")
        SENT = "sent", _("terkirim")
        DROPPED = "dropped", _("tidak perlu dikirim")
        FAILED = "failed", _("gagal")

    tenant = models.ForeignKey(
        "tenants.Tenant",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong untuk pesan di luar instansi (atur ulang kata sandi)."),
    )
    handler = models.CharField(_("pengirim"), max_length=200)
    payload = models.JSONField(_("data"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    claimed_until = models.DateTimeField(_("diklaim sampai"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.handler} #{self.pk} ({self.status})"


class StateChange(TenantOwned):
    """One transition of a workflow object (a cycle's stage, an evidence item's status, …):
    append-only, written only by ``apps.core.workflow.transition`` (and by the object's
    creation, ``workflow.record_creation``). The one history of every workflow."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("objek"))
    transition = models.CharField(_("transisi"), max_length=40)
    from_state = models.CharField(_("dari"), max_length=40, blank=True)
    to_state = models.CharField(_("ke"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("alasan"), blank=True)
    # What else the transition wants shown in the history (a verification level, the
    # items a TPU found missing, …); plain JSON.
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("perubahan status")
        verbose_name_plural = _("perubahan status")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "created_at"], name="state_change_obj"
            )
        ]

    def __str__(self) -> str:
        return f"{self.transition} {self.content_type_id}:{self.object_id}"
