"""factory_boy factories. Agencies and units are made through the real tree operations,
so every test tree has the same shape as production data (one root per agency)."""

import itertools

import factory
from django_scopes import scopes_disabled

from apps.accounts.models import RoleAssignment, User
from apps.accounts.services import tenant_create
from apps.tenants.models import Membership, Tenant
from apps.units.models import Unit, UnitType

_seq = itertools.count(1)
PASSWORD = "Sandi-Uji-12345"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.go.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_tenant(
    name: str | None = None, code: str | None = None, kind: str = "kementerian"
) -> Tenant:
    n = next(_seq)
    return tenant_create(
        actor=None, name=name or f"Kementerian Uji {n}", code=code or f"KU{n}", kind=kind
    )


def root_of(tenant: Tenant) -> Unit:
    with scopes_disabled():
        return Unit.objects.get(tenant=tenant, depth=1)


def make_unit(parent: Unit, code: str | None = None, type_code: str = "upt", **kwargs) -> Unit:
    with scopes_disabled():
        unit_type = UnitType.objects.get(tenant_id=parent.tenant_id, code=type_code)
        unit = Unit(
            tenant_id=parent.tenant_id,
            code=code or f"U{next(_seq)}",
            name=kwargs.pop("name", None) or f"Unit {next(_seq)}",
            unit_type=unit_type,
            **kwargs,
        )
        return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=unit)


def make_member(tenant: Tenant, user: User | None = None, **user_kwargs) -> User:
    user = user or UserFactory(**user_kwargs)
    with scopes_disabled():
        Membership.objects.get_or_create(tenant=tenant, user=user)
    return user


def grant(user: User, unit: Unit, role: str, area: str = "") -> RoleAssignment:
    with scopes_disabled():
        Membership.objects.get_or_create(tenant_id=unit.tenant_id, user=user)
        return RoleAssignment.objects.create(
            tenant_id=unit.tenant_id, user=user, unit=unit, role=role, area=area
        )
