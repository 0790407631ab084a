from dataclasses import dataclass

from django.db.models import Q, QuerySet

from apps.core.access import Capability, units_where

from .models import Unit


def unit_tree_for(user, *, search: str = "") -> QuerySet[Unit]:
    """Visible units in tree order, optionally matching a search on code or name."""
    units = units_where(user, Capability.UNIT_VIEW).order_by("path")
    if search:
        units = units.filter(Q(code__icontains=search) | Q(name__icontains=search))
    return units


def nest(units: list[Unit]) -> list[Unit]:
    """Hang each unit (in path order) under its nearest visible ancestor, in
    ``tree_children``; returns the roots of the forest.

    A person may see units whose parents they cannot see (a role in one UPT, a guardian
    grant): those units become roots of the returned forest.
    """
    roots: list[Unit] = []
    stack: list[Unit] = []
    for unit in units:
        unit.tree_children = []
        # Paths are fixed-width segments, so a prefix is always a whole ancestor.
        while stack and not unit.path.startswith(stack[-1].path):
            stack.pop()
        (stack[-1].tree_children if stack else roots).append(unit)
        stack.append(unit)
    return roots


@dataclass
class TreeView:
    """What the unit tree page shows: ``roots`` with their ``tree_children`` filled to
    the depth read (every level when ``complete``); a unit whose children were not read
    has ``tree_children = None`` and is opened level by level (``visible_children``)."""

    roots: list[Unit]
    complete: bool
    total: int


def tree_view_for(user, *, open_limit: int) -> TreeView:
    """The visible tree, whole when it has at most ``open_limit`` units; larger trees
    (an agency of 2 000 units) as their roots and one level below them: two queries
    whatever the size (the visible paths, then the units shown)."""
    visible = units_where(user, Capability.UNIT_VIEW)
    paths = list(visible.order_by("path").values_list("path", flat=True))
    if len(paths) <= open_limit:
        return TreeView(nest(list(visible.order_by("path"))), complete=True, total=len(paths))
    # A root is a visible unit whose parent is not visible: every other visible unit is
    # then reached from a root one level at a time (its parent is visible).
    known = set(paths)
    steplen = Unit.steplen
    root_paths = [p for p in paths if p[:-steplen] not in known]
    shown = Q(path__in=root_paths)
    expand = len(root_paths) <= open_limit
    if expand:
        for path in root_paths:
            shown |= Q(path__startswith=path, depth=len(path) // steplen + 1)
    units = list(visible.filter(shown).order_by("path"))
    by_path = {unit.path: unit for unit in units}
    roots = [by_path[path] for path in root_paths if path in by_path]
    for unit in units:
        unit.tree_children = None
    for root in roots:
        root.tree_children = [] if expand else None
    for unit in units:
        parent = by_path.get(unit.path[:-steplen])
        if parent is not None and parent.tree_children is not None:
            parent.tree_children.append(unit)
    return TreeView(roots, complete=False, total=len(paths))


def visible_children(user, parent: Unit) -> QuerySet[Unit]:
    """The units directly below ``parent`` that ``user`` may see, in tree order."""
    return (
        units_where(user, Capability.UNIT_VIEW)
        .filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("path")
    )


def ancestors_of(unit: Unit) -> QuerySet[Unit]:
    """The chain from the agency root down to the unit's parent, in one query."""
    return Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("depth")


def children_of(unit: Unit) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .select_related("unit_type")
        .order_by("path")
    )


def visible_tops(paths: list[str], below: str | None) -> dict[str, bool]:
    """Of the visible ``paths`` (strictly below the path ``below``, or all), those with no
    visible unit between them and ``below``, each with whether visible units lie below it:
    the rows of a page that shows one tree level at a time (evidence completeness, the
    leadership dashboard)."""
    tops: dict[str, bool] = {}
    last = None
    for path in sorted(paths):
        if below is not None and (path == below or not path.startswith(below)):
            continue
        if last is not None and path.startswith(last):
            tops[last] = True
        else:
            last = path
            tops[path] = False
    return tops
