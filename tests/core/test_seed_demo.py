from io import StringIO

import pytest
from django.core.management import call_command

from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.lke.models import TemplateVersion
from apps.tenants.models import Tenant
from apps.units.models import Unit

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count() for m in (Tenant, Unit, User, RoleAssignment, AuditEvent, TemplateVersion)
    ]


def test_seed_demo_builds_the_demo_agency_once_and_prints_every_login():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first

    tenant = Tenant.objects.get(code="PU-DEMO")
    units = Unit.objects.filter(tenant=tenant)
    assert units.filter(unit_type__code="eselon-1").count() == 2
    assert units.filter(unit_type__code="unit-kerja").count() == 4
    assert units.filter(unit_type__code="upt").count() == 12
    held = set(RoleAssignment.objects.filter(tenant=tenant).values_list("role", flat=True))
    assert held == set(Role.values)
    text = out.getvalue()
    for user in User.objects.filter(role_assignments__tenant=tenant).distinct():
        assert user.email in text
    assert "operator@zi-portal.local" in text
    assert TemplateVersion.objects.filter(code="lke-2021").exists()
