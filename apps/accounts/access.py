"""Who may see and change which unit: role + unit subtree, decided in SQL.

A role given in a unit reaches that unit; a role in SUBTREE_ROLES also reaches every
unit below it (materialised path prefix). django-guardian adds per-object exceptions:
a ``units.view_unit`` object permission lets one person see one unit outside their roles.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Length, Substr
from guardian.models import UserObjectPermission

from apps.core.http import get_or_404
from apps.units.models import Unit

from .models import RoleAssignment
from .roles import ADMIN_ROLES, SUBTREE_ROLES


def _reaching(target_path, roles: Iterable[str] | None = None) -> Q:
    """Condition on RoleAssignment rows that reach the unit with path ``target_path``."""
    own_unit = Q(unit__path=target_path)
    subtree = Q(
        role__in=sorted(SUBTREE_ROLES),
        unit__path=Substr(target_path, 1, Length("unit__path")),
    )
    condition = own_unit | subtree
    if roles is not None:
        condition &= Q(role__in=sorted(roles))
    return condition


def assignments_reaching(user, target_path, roles=None) -> QuerySet[RoleAssignment]:
    """``user``'s role assignments that reach the unit with path ``target_path`` (a string,
    a Value or an OuterRef), optionally only of ``roles``."""
    return RoleAssignment.objects.filter(_reaching(target_path, roles), user=user)


def _guardian_view_grants(user) -> QuerySet:
    return UserObjectPermission.objects.filter(
        user=user,
        permission__codename="view_unit",
        content_type=ContentType.objects.get_for_model(Unit),
        object_pk=Cast(OuterRef("pk"), CharField()),
    )


def visible_units(user) -> QuerySet[Unit]:
    """Units of the active tenant that ``user`` may see, in tree order."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(
        Exists(assignments_reaching(user, OuterRef("path"))) | Exists(_guardian_view_grants(user))
    ).select_related("unit_type")


def administered_units(user) -> QuerySet[Unit]:
    """Units whose data, people and roles ``user`` may change."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(
        Exists(assignments_reaching(user, OuterRef("path"), ADMIN_ROLES))
    ).select_related("unit_type")


def has_role_over(user, unit: Unit, roles: Iterable[str] | None = None) -> bool:
    if not user.is_authenticated:
        return False
    return assignments_reaching(user, Value(unit.path), roles).exists()


def can_view_unit(user, unit: Unit) -> bool:
    return has_role_over(user, unit) or (
        user.is_authenticated
        and UserObjectPermission.objects.filter(
            user=user,
            permission__codename="view_unit",
            content_type=ContentType.objects.get_for_model(Unit),
            object_pk=str(unit.pk),
        ).exists()
    )


def can_admin_unit(user, unit: Unit) -> bool:
    return has_role_over(user, unit, ADMIN_ROLES)


def is_tenant_admin(user) -> bool:
    """Holds Admin Instansi somewhere in the active tenant."""
    return (
        user.is_authenticated
        and RoleAssignment.objects.filter(user=user, role__in=sorted(ADMIN_ROLES)).exists()
    )


def is_agency_admin(user) -> bool:
    """Holds Admin Instansi at the agency's root unit: administers the whole agency."""
    return (
        user.is_authenticated
        and RoleAssignment.objects.filter(
            user=user, role__in=sorted(ADMIN_ROLES), unit__depth=1
        ).exists()
    )


def get_unit_for_user(user, pk) -> Unit:
    """The unit, if ``user`` may see it; 404 for missing, other tenant and not yours alike."""
    return get_or_404(visible_units(user), pk=pk)
