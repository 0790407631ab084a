"""A new agency: its default unit types, its root unit (the agency itself) and its first
Admin Instansi. Above tenants and units, which it builds on (layers in .importlinter)."""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django_scopes import scope, scopes_disabled

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.tenants.models import Tenant
from apps.tenants.services import TENANT_FIELDS
from apps.units.models import Unit, UnitType

from .people import first_admin_invite

# The default levels of a new agency's tree (DOMAIN.md §2); agencies rename or add to them.
DEFAULT_UNIT_TYPES = [
    ("instansi", "Instansi", 0),
    ("eselon-1", "Unit Organisasi / Eselon I", 10),
    ("unit-kerja", "Unit Kerja / Kanwil", 20),
    ("upt", "UPT / Satker", 30),
]


@transaction.atomic
def tenant_create(*, actor, name: str, code: str, kind: str) -> Tenant:
    """Create an agency with its default unit types, its root unit (the agency itself) and
    the defaults of ``settings.TENANT_DEFAULTS`` (its verification levels)."""
    tenant = Tenant(name=name.strip(), code=code.strip().upper(), kind=kind)
    tenant.full_clean()
    tenant.save()
    with scope(tenant=tenant.pk):
        types = {
            code_: UnitType.objects.create(tenant=tenant, code=code_, name=label, order=order)
            for code_, label, order in DEFAULT_UNIT_TYPES
        }
        # Root paths are numbered across all agencies, so the new root is placed
        # while seeing every agency's roots; below it, everything stays in one tenant.
        with scopes_disabled():
            Unit.objects.add_root(
                instance=Unit(
                    tenant=tenant, code=tenant.code, name=tenant.name, unit_type=types["instansi"]
                )
            )
        # The defaults of the apps above (the verification chain): a read never creates them.
        for path in settings.TENANT_DEFAULTS:
            import_string(path)(tenant=tenant)
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.TENANT_CREATE,
            instance=tenant,
            after=snapshot(tenant, TENANT_FIELDS),
        )
    return tenant


@transaction.atomic
def tenant_onboard(
    *,
    actor,
    name: str,
    code: str,
    kind: str,
    admin_email: str,
    admin_name: str,
    admin_nip: str = "",
):
    """One step for a platform operator: the agency (root unit, unit types) and its first
    Admin Instansi, who is invited by e-mail. Returns (tenant, admin user, invited)."""
    tenant = tenant_create(actor=actor, name=name, code=code, kind=kind)
    with scope(tenant=tenant.pk):
        user, invited = first_admin_invite(
            actor=actor, tenant=tenant, email=admin_email, full_name=admin_name, nip=admin_nip
        )
    return tenant, user, invited
