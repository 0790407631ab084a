"""The verification chain of an agency and who may act at each level."""

from dataclasses import asdict, dataclass

from django.db.models import Q, QuerySet

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import SUBTREE_ROLES, Role
from apps.core.access import grants_of
from apps.units.models import Unit

from .models import Anchor, EvidenceItem, ItemStatus, VerificationLevel

# Seed 002 (Gambar 8): the UPT uploads, its Kanwil verifies, the Eselon I team verifies,
# the TPI verifies. An agency switches levels off or renames them.
DEFAULT_LEVELS = [
    (1, "Verifikasi Unit Kerja/Kanwil", Role.VERIFIKATOR, Anchor.PARENT),
    (2, "Verifikasi Eselon I", Role.VERIFIKATOR, Anchor.ESELON1),
    (3, "Verifikasi TPI", Role.PENILAI_TPI, Anchor.AGENCY),
]


@dataclass(frozen=True)
class ChainStep:
    name: str
    role: str
    anchor_unit: int
    reach: bool  # True: the role may be held anywhere above the item's unit

    def as_json(self) -> dict:
        return asdict(self)


def default_levels(tenant) -> list[VerificationLevel]:
    """The default chain, unsaved (``services.verification_levels_create`` saves it)."""
    return [
        VerificationLevel(tenant=tenant, order=order, name=name, role=role, anchor=anchor)
        for order, name, role, anchor in DEFAULT_LEVELS
    ]


def verification_levels(tenant) -> list[VerificationLevel]:
    """The agency's levels, in order. A read: an agency gets its levels when it is created
    (``tenant_create``); one without saved levels reads the defaults, unsaved."""
    saved = list(VerificationLevel.objects.filter(tenant=tenant).order_by("order"))
    return saved or default_levels(tenant)


def chain_for(unit: Unit) -> list[ChainStep]:
    """The levels an item of ``unit`` passes, skipping a level whose verifier would sit in
    the unit itself or in the same unit as the level before (a Kanwil's own evidence goes
    straight to Eselon I; a UPT directly under Eselon I skips the Kanwil level)."""
    levels = [lv for lv in verification_levels(unit.tenant) if lv.is_active]
    steplen = Unit.steplen
    ancestor_paths = unit.ancestor_paths()
    by_path = {
        u.path: u for u in Unit.objects.filter(tenant_id=unit.tenant_id, path__in=ancestor_paths)
    }
    parent = by_path.get(unit.path[:-steplen]) if unit.depth > 1 else None
    eselon1 = by_path.get(unit.path[: 2 * steplen]) if unit.depth > 2 else None
    root = by_path.get(unit.path[:steplen]) if unit.depth > 1 else unit
    steps: list[ChainStep] = []
    for level in levels:
        anchor = {Anchor.PARENT: parent, Anchor.ESELON1: eselon1, Anchor.AGENCY: root}[level.anchor]
        if anchor is None:
            continue
        reach = level.anchor == Anchor.AGENCY
        if not reach and (anchor.pk == unit.pk or (steps and steps[-1].anchor_unit == anchor.pk)):
            continue
        steps.append(ChainStep(level.name, level.role, anchor.pk, reach))
    return steps


@dataclass(frozen=True)
class Reach:
    """Where ``user`` verifies: their roles in the active tenant, read once per request
    (``verifier_reach``) so that the queue filters items by plain columns instead of a
    subquery run for every item in verification."""

    anchors: dict[tuple[int, str], frozenset[int]]  # (tenant, role) -> unit ids
    paths: dict[tuple[int, str], frozenset[str]]  # (tenant, role) -> unit paths

    def reaches_every_unit(self, tenant_id: int) -> bool:
        """A role held at the agency's root that reaches down the whole tree (Admin
        Instansi, Pimpinan, Penilai TPI …): every unit of the agency is visible."""
        return any(
            tenant == tenant_id and role in SUBTREE_ROLES and len(path) == Unit.steplen
            for (tenant, role), paths in self.paths.items()
            for path in paths
        )

    def condition(self) -> Q | None:
        """Items whose current level ``user`` verifies: the level's role in its anchor
        unit, or (a reaching level) anywhere above or at the item's unit. None: nowhere."""
        condition = None
        for (tenant_id, role), units in sorted(self.anchors.items()):
            term = Q(
                tenant_id=tenant_id,
                current_role=role,
                current_reach=False,
                current_anchor_id__in=sorted(units),
            )
            condition = term if condition is None else condition | term
        for (tenant_id, role), paths in sorted(self.paths.items()):
            term = Q(tenant_id=tenant_id, current_role=role, current_reach=True)
            # Held at the agency's root, the role reaches every unit of the agency: no
            # condition on the unit (a join the TPI's queue would make for every row).
            if not any(len(path) == Unit.steplen for path in paths):
                below = Q()
                for path in sorted(paths):
                    below |= Q(unit__path__startswith=path)
                term &= below
            condition = term if condition is None else condition | term
        return condition


def _reach(rows) -> Reach:
    """From ``(tenant id, role, unit id, unit path)`` rows."""
    anchors: dict[tuple[int, str], set[int]] = {}
    paths: dict[tuple[int, str], set[str]] = {}
    for tenant_id, role, unit_id, path in rows:
        anchors.setdefault((tenant_id, role), set()).add(unit_id)
        paths.setdefault((tenant_id, role), set()).add(path)
    return Reach(
        anchors={k: frozenset(v) for k, v in anchors.items()},
        paths={k: frozenset(v) for k, v in paths.items()},
    )


def verifier_reach(user, grants=None) -> Reach:
    """``user``'s roles as verifier, from the roles read once for the request
    (``apps.core.access.grants_of``, or ``grants`` when the caller has them)."""
    if grants is None:
        grants = grants_of(user)
    reach = grants.__dict__.get("_verifier_reach")
    if reach is None:
        reach = _reach((g.tenant_id, g.role, g.unit_id, g.path) for g in grants.rows)
        grants.__dict__["_verifier_reach"] = reach
    return reach


def awaiting_condition(user, reach: Reach | None = None) -> Q | None:
    """Condition on items: in verification at a level ``user`` verifies now (``reach``: the
    user's ``verifier_reach``, read when not given). None: ``user`` verifies nowhere."""
    condition = (reach if reach is not None else verifier_reach(user)).condition()
    if condition is None:
        return None
    return Q(status=ItemStatus.IN_VERIFICATION) & condition


def awaiting(user, reach: Reach | None = None) -> QuerySet[EvidenceItem]:
    """Items in verification whose current level ``user`` verifies."""
    condition = awaiting_condition(user, reach)
    if condition is None:
        return EvidenceItem.objects.none()
    return EvidenceItem.objects.filter(condition)


def is_current_verifier(user, item: EvidenceItem) -> bool:
    if not user.is_authenticated or item.status != "in_verification":
        return False
    if item.current_reach:
        return (
            RoleAssignment.objects.filter(user=user, role=item.current_role)
            .filter(unit__path__in=item.unit.ancestor_paths(include_self=True))
            .exists()
        )
    return RoleAssignment.objects.filter(
        user=user, role=item.current_role, unit_id=item.current_anchor_id
    ).exists()


def current_verifier_ids(item: EvidenceItem) -> QuerySet:
    """The inverse of ``is_current_verifier`` (and of ``awaiting``): the ids of the people
    who verify ``item`` at its current level, in one query whatever their number (for
    the notice that the item waits for them). ``item.unit`` is read for a reaching level."""
    if item.status != ItemStatus.IN_VERIFICATION or not item.current_role:
        return RoleAssignment.objects.none().values_list("user_id", flat=True)
    holders = RoleAssignment.objects.filter(tenant_id=item.tenant_id, role=item.current_role)
    if item.current_reach:
        holders = holders.filter(unit__path__in=item.unit.ancestor_paths(include_self=True))
    else:
        holders = holders.filter(unit_id=item.current_anchor_id)
    return holders.values_list("user_id", flat=True).distinct()


def is_chain_verifier(user, item: EvidenceItem) -> bool:
    """Holds the role of any level of the item's chain (fixed at submission), where that
    level sits: they take part in the item's thread even after their own decision."""
    if not user.is_authenticated or not item.chain:
        return False
    condition = Q()
    paths = None
    for step in item.chain:
        if step["reach"]:
            paths = paths or item.unit.ancestor_paths(include_self=True)
            condition |= Q(role=step["role"], unit__path__in=paths)
        else:
            condition |= Q(role=step["role"], unit_id=step["anchor_unit"])
    return RoleAssignment.objects.filter(condition, user=user).exists()


def chain_verifier_in(chain: list[dict], unit_path: str, roles) -> bool:
    """Pure form of ``is_chain_verifier`` over the user's (role, unit id, unit path)
    assignments loaded once, so a page decides for many items without one query each."""
    for step in chain:
        for role, unit_id, path in roles:
            if role != step["role"]:
                continue
            if step["reach"] and unit_path.startswith(path):
                return True
            if not step["reach"] and unit_id == step["anchor_unit"]:
                return True
    return False
