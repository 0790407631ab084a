"""Building blocks shared by every app: tenant ownership and timestamps."""

from django.db import models
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
