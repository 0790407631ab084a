"""Reads of the declaration app, scoped to what the user may see, in a fixed number of
queries however long the roster is."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from apps.core.access import Capability, units_where
from apps.core.http import get_or_404
from apps.units.models import Unit

from .models import Declaration, Employee, Pact, Placement


@dataclass(frozen=True)
class PactShare:
    signed: int
    total: int

    @property
    def percent(self) -> Decimal:
        if not self.total:
            return Decimal("0.00")
        return (Decimal(self.signed) * 100 / self.total).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.signed == self.total


def pact_share(unit: Unit) -> PactShare:
    """Signed pacts / current employees of ``unit`` (one query)."""
    row = Placement.objects.filter(unit=unit, ended_on__isnull=True).aggregate(
        total=Count("id"), signed=Count("pact")
    )
    return PactShare(signed=row["signed"], total=row["total"])


def cycle_declaration_status(cycle) -> tuple[bool, bool, PactShare]:
    """(charter recorded, its scan uploaded, pact share of the unit) in one query, for
    the card on the cycle page."""
    from apps.cycles.models import Cycle

    current = Placement.objects.filter(unit=OuterRef("unit_id"), ended_on__isnull=True)

    def count(queryset):
        counted = queryset.values("unit").annotate(n=Count("id")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    row = (
        Cycle.objects.filter(pk=cycle.pk)
        .annotate(
            recorded=Exists(Declaration.objects.filter(cycle=OuterRef("pk"))),
            scanned=Exists(Declaration.objects.filter(cycle=OuterRef("pk"), scan__isnull=False)),
            total=count(current),
            signed=count(current.filter(pact__isnull=False)),
        )
        .values("recorded", "scanned", "total", "signed")
        .get()
    )
    return row["recorded"], row["scanned"], PactShare(signed=row["signed"], total=row["total"])


def current_roster(unit: Unit) -> QuerySet[Placement]:
    """The unit's current staff with their pact (one query)."""
    return (
        Placement.objects.filter(unit=unit, ended_on__isnull=True)
        .select_related("employee", "employee__user", "pact")
        .order_by("employee__name", "employee__nip")
    )


def former_staff(unit: Unit) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(unit=unit, ended_on__isnull=False)
        .select_related("employee")
        .order_by("-ended_on", "employee__name")
    )


def charter_context(cycle, declaration) -> dict:
    """What the charter (page and PDF) shows: FRM-01's sentence, place and date, witnesses."""
    from . import texts

    context = {
        "cycle": cycle,
        "declaration": declaration,
        "unit": cycle.unit,
        "form_code": texts.CHARTER_VERSION,
    }
    if declaration is not None:
        context["sentence"] = texts.charter_sentence(
            declared_on=declaration.declared_on,
            head_name=declaration.head_name,
            head_title=declaration.head_title,
            unit_name=cycle.unit.name,
        )
        context["place_date"] = f"{declaration.place}, {texts.long_date(declaration.declared_on)}"
        context["witnesses"] = list(declaration.witnesses.all())
    return context


def declaration_of(cycle) -> Declaration | None:
    return (
        Declaration.objects.filter(cycle=cycle)
        .select_related("scan", "pdf_file", "recorded_by")
        .prefetch_related("witnesses")
        .first()
    )


def employees_visible_to(user) -> QuerySet[Employee]:
    """Employees ever placed in a unit ``user`` may see, and the user's own records."""
    if not user.is_authenticated:
        return Employee.objects.none()
    placed = Placement.objects.filter(
        employee=OuterRef("pk"), unit__in=units_where(user, Capability.UNIT_VIEW).values("pk")
    )
    own = Q(user=user)
    if user.nip:
        own |= Q(user__isnull=True, nip=user.nip)
    return Employee.objects.filter(Exists(placed) | own)


def get_employee_for_user(user, pk) -> Employee:
    return get_or_404(employees_visible_to(user).select_related("user"), pk=pk)


def placements_of(employee: Employee) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(employee=employee)
        .select_related("unit", "pact", "created_by")
        .order_by("-started_on", "-id")
    )


def get_placement_for_user(user, pk) -> Placement:
    """A placement whose unit ``user`` sees, or one of the user's own; else 404."""
    if not user.is_authenticated:
        raise Http404
    own = Q(employee__user=user)
    if user.nip:
        own |= Q(employee__user__isnull=True, employee__nip=user.nip)
    return get_or_404(
        Placement.objects.filter(
            Q(unit__in=units_where(user, Capability.UNIT_VIEW).values("pk")) | own
        ).select_related("employee", "unit", "pact", "pact__scan", "pact__signer"),
        pk=pk,
    )


def own_placements(user) -> QuerySet[Placement]:
    """The user's own current placements in the active agency (for "my pact")."""
    if not user.is_authenticated:
        return Placement.objects.none()
    own = Q(employee__user=user)
    if user.nip:
        own |= Q(employee__user__isnull=True, employee__nip=user.nip)
    return (
        Placement.objects.filter(own, ended_on__isnull=True)
        .select_related("employee", "unit", "pact")
        .order_by("unit__path")
    )


def get_pact_scan_for_user(user, pk) -> Pact:
    placement = get_placement_for_user(user, pk)
    try:
        pact = placement.pact
    except Pact.DoesNotExist:
        raise Http404 from None
    if pact.scan_id is None:
        raise Http404
    return pact
