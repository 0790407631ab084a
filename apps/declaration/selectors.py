"""Reads of the declaration app, scoped to what the user may see, in a fixed number of
queries however long the roster is."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from apps.accounts.models import User
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
        ).select_related(
            "employee", "unit", "pact", "pact__scan", "pact__signer", "pact__pdf_file"
        ),
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


def get_pact_for_user(user, pk) -> Pact:
    """The pact of placement ``pk``, if the user may see the placement; else 404."""
    placement = get_placement_for_user(user, pk)
    try:
        return placement.pact
    except Pact.DoesNotExist:
        raise Http404 from None


def get_pact_scan_for_user(user, pk) -> Pact:
    pact = get_pact_for_user(user, pk)
    if pact.scan_id is None:
        raise Http404
    return pact


# --- The pact as a PDF (FRM-02) -------------------------------------------------------


@dataclass(frozen=True)
class Signatory:
    name: str = ""
    nip: str = ""
    title: str = ""


def _charter_before(unit_id: int, day) -> Declaration | None:
    """The unit's charter recorded last on or before ``day`` (else its first one)."""
    charters = Declaration.objects.filter(unit_id=unit_id)
    return (
        charters.filter(declared_on__lte=day).order_by("-declared_on", "-id").first()
        or charters.order_by("declared_on", "id").first()
    )


def _head_of(unit: Unit, charter: Declaration | None) -> Signatory:
    """The unit's head as the unit tree records them, else as its charter named them."""
    from .texts import title_with_unit

    if unit.head_name:
        title = title_with_unit(unit.head_title, unit.name) if unit.head_title else ""
        return Signatory(unit.head_name, unit.head_nip, title or f"Pimpinan {unit.name}")
    if charter is not None:
        return Signatory(charter.head_name, charter.head_nip, charter.head_title)
    return Signatory(title=f"Pimpinan {unit.name}")


def pact_witness(pact: Pact, charter: Declaration | None) -> Signatory:
    """Who witnesses the pact (FRM-02 "Menyaksikan, Kepala Unit Organisasi/Unit Kerja"):
    the head of the pact's unit, or the head of the unit above when the head signs their
    own pact. Names left empty print as dotted lines to be filled by hand."""
    head = _head_of(pact.unit, charter)
    signer_nip = pact.employee.nip
    if (head.nip and head.nip == signer_nip) or (
        not head.nip and head.name and head.name.casefold() == pact.employee.name.casefold()
    ):
        parent = Unit.objects.get_parent(pact.unit)
        return _head_of(parent, None) if parent is not None else Signatory()
    return head


def pact_pdf_context(pact: Pact) -> dict:
    """What the pact's PDF prints: the statement exactly as signed, the employee, the
    place and date, the witness, and how it was signed. The place is where the unit
    declared ZI (its charter), the only place the portal records for a unit."""
    from django.utils import timezone

    from . import texts

    version, opening, statements = texts.pact_parts(pact.statement)
    signed_day = timezone.localdate(pact.signed_at)
    charter = _charter_before(pact.unit_id, signed_day)
    return {
        "pact": pact,
        "employee": pact.employee,
        "placement": pact.placement,
        "unit": pact.unit,
        "version": version or texts.PACT_VERSION,
        "opening": opening,
        "statements": statements,
        "place": charter.place if charter is not None else "",
        "signed_on": signed_day,
        "witness": pact_witness(pact, charter),
        "signed_note": texts.pact_signed_note(
            online=pact.method == "online",
            when=timezone.localtime(pact.signed_at),
            ip_address=pact.ip_address or "",
        ),
    }


@dataclass(frozen=True)
class Unsigned:
    """The people of a unit who have not signed the pact for their current placement:
    ``people`` those with a portal account ({user: [position, …]}, who can be reminded
    in the portal), ``without_account`` the names of the others (told in person)."""

    people: dict
    without_account: list[str]


def unsigned_pacts(unit: Unit) -> Unsigned:
    """Current staff of ``unit`` without a pact (two queries): an employee's account is
    the one linked to the record, else the account with the same NIP (as "my pact" finds
    it); only active accounts of active members of the agency can be reminded."""
    placements = list(
        Placement.objects.filter(unit=unit, ended_on__isnull=True, pact__isnull=True)
        .select_related("employee")
        .order_by("employee__name", "employee__nip")
    )
    linked = {p.employee.user_id for p in placements if p.employee.user_id}
    nips = {p.employee.nip for p in placements if not p.employee.user_id}
    users = {
        user.pk: user
        for user in User.objects.filter(
            Q(pk__in=linked) | Q(nip__in=nips),
            is_active=True,
            memberships__tenant_id=unit.tenant_id,
            memberships__is_active=True,
        )
    }
    by_nip = {user.nip: user for user in users.values() if user.nip}
    people: dict = {}
    without_account: list[str] = []
    for placement in placements:
        employee = placement.employee
        user = users.get(employee.user_id) if employee.user_id else by_nip.get(employee.nip)
        if user is None:
            without_account.append(employee.name)
        else:
            people.setdefault(user, []).append(placement.position)
    return Unsigned(people=people, without_account=without_account)
