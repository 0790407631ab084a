"""The questions asked of the capability table, over the unit tree's materialised paths:
from the person's roles read once (``grants_of`` → ``Grants``: ``can`` in Python, ``where``
and ``units_where`` as plain conditions), or as one SQL ``EXISTS`` per row (``reaches``)."""

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Length, Substr
from django.http import Http404
from django_scopes import get_scope
from guardian.models import UserObjectPermission

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import SUBTREE_ROLES
from apps.core.capabilities import Capability
from apps.core.exceptions import AccessDenied
from apps.units.models import Unit

from .table import CONFLICT_MESSAGE, POLICY, Reach, Rule


def _held_by(roles) -> frozenset:
    return frozenset(cap for cap, rule in POLICY.items() if roles & rule.roles)


def capabilities_held(user) -> frozenset:
    """The capabilities some role of ``user`` in the active tenant grants somewhere (the
    person's roles, read once: ``grants_of``): for menu entries shown to holders."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return grants_of(user).held


# --- SQL ---------------------------------------------------------------------------------


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


def _path(target):
    """A unit, a path string or an expression, as something a filter compares paths to."""
    if isinstance(target, Unit):
        return Value(target.path)
    if isinstance(target, str):
        return Value(target)
    return target


def _grant_condition(rule: Rule, path, area) -> Q:
    roles = sorted(rule.roles)
    if rule.reach == Reach.UNIT:
        condition = Q(unit__path=path, role__in=roles)
    elif rule.reach == Reach.ROLE:
        condition = _reaching(path, rule.roles)
    elif rule.reach == Reach.AGENCY:
        condition = Q(unit__depth=1, role__in=roles)
    else:
        condition = Q(role__in=roles)
    if rule.area_roles and area is not None:
        condition &= ~Q(role__in=sorted(rule.area_roles)) | Q(area=area)
    return condition


def _conflicts(user, path) -> QuerySet[RoleAssignment]:
    """``user``'s roles in the unit with ``path`` or in a unit below it."""
    return RoleAssignment.objects.filter(user=user, unit__path__startswith=path)


def _raw_path(target):
    if isinstance(target, Unit):
        return target.path
    return target


def _guardian_view_grants(user, unit_pk) -> QuerySet:
    return UserObjectPermission.objects.filter(
        user=user,
        permission__codename="view_unit",
        content_type=ContentType.objects.get_for_model(Unit),
        object_pk=unit_pk,
    )


def reaches(user, capability: str, path=None, area=None, unit_pk=None):
    """A boolean SQL expression: ``user`` has ``capability`` over the unit whose path is
    ``path`` (an OuterRef by default: the row's ``unit``), for ``area`` when given (a value
    or an OuterRef). ``unit_pk``: the same unit's primary key, for guardian grants."""
    if path is None:
        path = OuterRef("unit__path")
    rule = POLICY[Capability(capability)]
    granted = Exists(
        RoleAssignment.objects.filter(_grant_condition(rule, _path(path), area), user=user)
    )
    if rule.guardian and unit_pk is not None:
        granted |= Exists(_guardian_view_grants(user, Cast(unit_pk, CharField())))
    if rule.conflict:
        granted &= ~Exists(_conflicts(user, _raw_path(path)))
    return granted


@dataclass(frozen=True)
class Grant:
    """One role assignment of the person, as the questions below need it."""

    tenant_id: int
    role: str
    area: str
    unit_id: int
    path: str  # the unit's materialised path


# Always false / always true, as conditions that still combine with | and & (an empty
# ``Q()`` would vanish from an OR).
_NOWHERE = Q(pk__in=[])
_EVERYWHERE = ~Q(pk__in=[])


def _covers(wide: tuple, narrow: tuple) -> bool:
    """Every row the term ``narrow`` matches, ``wide`` matches too (see ``Grants.where``)."""
    wide_area, wide_below, wide_path, wide_id = wide
    narrow_area, narrow_below, narrow_path, narrow_id = narrow
    if wide_area is not None and wide_area != narrow_area:
        return False
    if wide_below:
        return narrow_path.startswith(wide_path)
    return not narrow_below and narrow_id == wide_id


class Grants:
    """``user``'s role assignments in the active tenant, read once (``grants_of``: one
    query) and then asked in Python: the capabilities held somewhere, and for a capability
    the condition on rows with a unit that ``reaches`` would give, written with the unit
    ids and path prefixes of the person's roles instead of an ``EXISTS`` over their role
    assignments for every row. A page that asks many such questions (the home page's
    to-do sources) reads the roles once and compiles plain conditions."""

    def __init__(self, user, rows: Iterable[Grant] = ()):
        self.user = user
        self.rows = tuple(rows)

    @classmethod
    def of_assignments(cls, user, assignments: Iterable[RoleAssignment]) -> "Grants":
        """From role assignments already read with their units (a page that lists them)."""
        return cls(
            user,
            (Grant(a.tenant_id, a.role, a.area, a.unit_id, a.unit.path) for a in assignments),
        )

    @cached_property
    def held(self) -> frozenset:
        """As ``capabilities_held``."""
        return _held_by({g.role for g in self.rows})

    def _granting(self, rule: Rule, area) -> list[Grant]:
        """The rows whose role grants ``rule`` for ``area`` (a value; None: any area)."""
        return [
            g
            for g in self.rows
            if g.role in rule.roles
            and (area is None or g.role not in rule.area_roles or g.area == area)
        ]

    def holds(self, capability: str, unit: Unit | None, area: str | None = None) -> bool:
        """A role of the person grants ``capability`` over ``unit`` (for ``area``), before
        conflicts of interest and per-object grants: ``_grant_condition`` in Python."""
        rule = POLICY[Capability(capability)]
        if unit is None and rule.reach not in (Reach.AGENCY, Reach.TENANT):
            raise ValueError(f"{capability} needs a unit")
        for g in self._granting(rule, area):
            if rule.reach == Reach.TENANT:
                return True
            if rule.reach == Reach.AGENCY:
                if len(g.path) == Unit.steplen:
                    return True
            elif g.path == unit.path or (
                rule.reach == Reach.ROLE
                and g.role in SUBTREE_ROLES
                and unit.path.startswith(g.path)
            ):
                return True
        return False

    def conflicted(self, unit: Unit) -> bool:
        """The person holds a role in ``unit`` or below it (a conflict of interest for
        the capabilities that exclude one)."""
        return any(g.path.startswith(unit.path) for g in self.rows)

    def can(self, capability: str, unit: Unit | None = None, area: str | None = None) -> bool:
        """As ``can``, from the roles read once; a django-guardian grant is asked (one
        query) only where the table allows one and no role answers."""
        rule = POLICY[Capability(capability)]
        held = self.holds(capability, unit, area)
        if held and rule.conflict and unit is not None and self.conflicted(unit):
            held = False
        if held:
            return True
        return bool(
            rule.guardian
            and unit is not None
            and _guardian_view_grants(self.user, str(unit.pk)).exists()
        )

    def anywhere(self, capability: str, *, area: str | None = None) -> bool:
        """Whether a role of the person grants ``capability`` (for ``area``) somewhere,
        before conflicts of interest and the agency's root: when not, ``where`` matches
        nothing and a query may be spared."""
        rule = POLICY[Capability(capability)]
        return bool(self._granting(rule, area)) or rule.guardian

    def where(
        self,
        capability: str,
        *,
        unit: str = "unit",
        area: str | None = None,
        area_field: str | None = None,
    ) -> Q:
        """Rows whose unit (the foreign key ``unit``, e.g. ``"revision__unit"``; ``""``:
        rows of units themselves) ``user`` has ``capability`` over: ``reaches(user,
        capability, OuterRef(unit + "__path"), area)`` in plain columns. ``area``: for that
        area (a value); ``area_field``: for the row's own area (that field). A capability
        that allows a django-guardian grant also accepts the unit's grant, as
        ``units_where`` does."""
        rule = POLICY[Capability(capability)]
        ids_in, paths_from = (f"{unit}__in", f"{unit}__path") if unit else ("pk__in", "path")
        pk_field = f"{unit}_id" if unit else "pk"
        if area is not None and area_field is not None:
            raise ValueError("area or area_field, not both")
        rows = self._granting(rule, area)
        if rule.reach in (Reach.AGENCY, Reach.TENANT):
            if rule.reach == Reach.AGENCY:
                rows = [g for g in rows if len(g.path) == Unit.steplen]
            if area_field and rule.area_roles:
                condition = _NOWHERE
                for g in rows:
                    condition |= (
                        Q(**{area_field: g.area}) if g.role in rule.area_roles else _EVERYWHERE
                    )
            else:
                condition = _EVERYWHERE if rows else _NOWHERE
        else:
            # One term per role: (the area the row must have or None, the subtree below
            # the unit or the unit alone, path, id). A term inside a wider one (a unit in
            # a granted subtree, an area of a unit granted in any area) is left out: the
            # same rows, a shorter condition.
            terms = {
                (
                    g.area if area_field and g.role in rule.area_roles else None,
                    rule.reach == Reach.ROLE and g.role in SUBTREE_ROLES,
                    g.path,
                    g.unit_id,
                )
                for g in rows
            }
            ids: dict[str | None, set[int]] = {}
            paths: dict[str | None, set[str]] = {}
            for term in terms:
                if any(other != term and _covers(other, term) for other in terms):
                    continue
                own, below, path, unit_id = term
                if below:
                    paths.setdefault(own, set()).add(path)
                else:
                    ids.setdefault(own, set()).add(unit_id)
            condition = _NOWHERE
            for own, unit_ids in sorted(ids.items(), key=lambda kv: kv[0] or ""):
                term = Q(**{ids_in: sorted(unit_ids)})
                condition |= Q(**{area_field: own}) & term if own is not None else term
            for own, prefixes in sorted(paths.items(), key=lambda kv: kv[0] or ""):
                for path in sorted(prefixes):
                    term = Q(**{f"{paths_from}__startswith": path})
                    condition |= Q(**{area_field: own}) & term if own is not None else term
        if rule.guardian:
            condition |= Exists(
                _guardian_view_grants(self.user, Cast(OuterRef(pk_field), CharField()))
            )
        if rule.conflict:
            above = {
                g.path[:end]
                for g in self.rows
                for end in range(Unit.steplen, len(g.path) + 1, Unit.steplen)
            }
            if above:
                condition &= ~Q(**{f"{paths_from}__in": sorted(above)})
        return condition


# Bumped whenever role assignments or the unit tree's paths change in this process
# (``forget_grants``): a person's roles read earlier are then read again. A lock, so that
# a threaded server cannot lose a bump.
_generation = 0
_generation_lock = threading.Lock()


def forget_grants(**_signal) -> None:
    """Roles or unit paths changed: every person's roles read before are stale. Connected
    to saving and deleting role assignments and units (``AccountsConfig.ready``); a
    service that moves units with bulk updates calls it itself."""
    global _generation
    with _generation_lock:
        _generation += 1


def _grants_key() -> tuple:
    return (repr(sorted(get_scope().items())), _generation)


def remember_grants(user, grants: Grants) -> Grants:
    """Keep ``grants`` as ``user``'s roles for the active scope (``grants_of``)."""
    user.__dict__["_access_grants"] = (_grants_key(), grants)
    return grants


def grants_of(user) -> Grants:
    """``user``'s role assignments in the active tenant (none when anonymous): one query,
    then kept on the user object for the active scope, as Django keeps a user's
    permissions (``_perm_cache``) – a request asks ``can`` many times and reads the roles
    once. A change of any role assignment or unit path in this process (``forget_grants``)
    makes the next question read them again; a user object loaded anew (the next request,
    a task) starts empty."""
    if not getattr(user, "is_authenticated", False):
        return Grants(user)
    key = _grants_key()  # before the read: a change during it makes the copy stale
    memo = user.__dict__.get("_access_grants")
    if memo is not None and memo[0] == key:
        return memo[1]
    rows = (
        RoleAssignment.objects.filter(user=user)
        .order_by()
        .values_list("tenant_id", "role", "area", "unit_id", "unit__path")
    )
    grants = Grants(user, (Grant(*row) for row in rows))
    user.__dict__["_access_grants"] = (key, grants)
    return grants


def can(user, capability: str, unit: Unit | None = None, area: str | None = None) -> bool:
    """Whether ``user`` has ``capability`` over ``unit`` (for ``area`` when the capability
    is bound to areas; None: in some area). ``unit`` may be None for capabilities that
    reach the agency or the whole tenant. Answered from the person's roles read once
    (``grants_of``); a guardian grant is asked (one query) only where the table allows
    one and no role answers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return grants_of(user).can(capability, unit, area)


def denied_message(user, capability: str, unit: Unit | None = None, area=None) -> str:
    """The Indonesian reason ``user`` lacks ``capability`` (the conflict of interest
    named, when that is the reason)."""
    rule = POLICY[Capability(capability)]
    if rule.conflict and unit is not None and grants_of(user).holds(capability, unit, area):
        if rule.conflict_denied:
            return str(rule.conflict_denied) % {"unit": unit.name}
        conflict = conflict_message(user, unit)
        if conflict:
            return conflict
    return str(rule.denied) % {"unit": getattr(unit, "name", ""), "area": area or ""}


def holds(user, capability: str, unit: Unit, area: str | None = None) -> bool:
    """``user`` holds a role granting ``capability`` over ``unit``, before exclusions: an
    assessor who would have it but for a conflict of interest (pages explain why)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return grants_of(user).holds(capability, unit, area)


def require(user, capability: str, unit: Unit | None = None, area: str | None = None) -> None:
    """``can`` or AccessDenied (403) with the table's message."""
    if not can(user, capability, unit, area):
        raise AccessDenied(denied_message(user, capability, unit, area))


def units_where(user, capability: str) -> QuerySet[Unit]:
    """The active tenant's units over which ``user`` has ``capability`` (in some area):
    plain conditions on their ids and paths from the person's roles (``grants_of``)."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    condition = grants_of(user).where(capability, unit="")
    return Unit.objects.filter(condition).select_related("unit_type")


def conflicting_roles(user, unit: Unit) -> QuerySet[RoleAssignment]:
    """``user``'s roles in ``unit`` or in a unit below it."""
    return _conflicts(user, unit.path).filter(tenant_id=unit.tenant_id).select_related("unit")


def conflict_message(user, unit: Unit) -> str | None:
    """Why ``user`` may not assess ``unit`` (conflict of interest), or None."""
    role = conflicting_roles(user, unit).order_by("unit__depth", "role").first()
    if role is None:
        return None
    label = role.get_role_display() + (f" ({role.area})" if role.area else "")
    return str(CONFLICT_MESSAGE) % {"name": user.full_name, "role": label, "unit": role.unit.name}


class UnitGrants:
    """The capabilities of one person in one unit, from their roles held in that unit
    itself (one query): for pages that ask many UNIT-reach questions at once."""

    def __init__(self, rows: Iterable[tuple[str, str]] = ()):
        self.rows = frozenset(rows)

    def can(self, capability: str, area: str | None = None) -> bool:
        rule = POLICY[Capability(capability)]
        if rule.reach != Reach.UNIT:
            raise ValueError(f"{capability} is not decided by the roles in the unit alone")
        return any(
            role in rule.roles
            and (area is None or role not in rule.area_roles or held_area == area)
            for role, held_area in self.rows
        )

    @property
    def is_member(self) -> bool:
        return bool(self.rows)


def unit_grants(user, unit_id: int) -> UnitGrants:
    if not getattr(user, "is_authenticated", False):
        return UnitGrants()
    return UnitGrants((g.role, g.area) for g in grants_of(user).rows if g.unit_id == unit_id)


def get_unit_for_user(user, pk) -> Unit:
    """The unit, if ``user`` may see it; 404 for missing, other tenant and not yours alike."""
    try:
        return units_where(user, Capability.UNIT_VIEW).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
