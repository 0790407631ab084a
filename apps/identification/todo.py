"""What waits for a person in the identification (``apps.core.todo``): identifications
their unit must complete (draft or returned), and submitted ones they decide as TPU."""

from django.db.models import Count, Q, Window
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.access import Capability, grants_of
from apps.core.todo import LIMIT, TodoItem
from apps.cycles.selectors import stage_due_dates

from .models import Identification, Status
from .selectors import awaiting_decision


def _lines(identifications, tenant, *, kind, title) -> list[TodoItem]:
    due = stage_due_dates(tenant=tenant, cycles=[i.cycle for i in identifications])
    list_url = reverse("identification:list")
    return [
        TodoItem(
            kind=kind,
            kind_label=_("Identifikasi"),
            title=title(i),
            unit=i.unit.name,
            url=reverse("identification:detail", args=[i.cycle_id]),
            due_on=due.get(i.cycle_id),
            waiting_since=i.submitted_at if i.status == Status.SUBMITTED else i.updated_at,
            total=i.total if i.total > LIMIT else 0,
            list_url=list_url,
        )
        for i in identifications
    ]


def fill_items(user, tenant, grants=None) -> list[TodoItem]:
    """Identifications of ``user``'s units to complete (draft, or returned by the TPU):
    one query, two more for the calendar when there is something to do."""
    if not user.is_authenticated:
        return []
    grants = grants_of(user) if grants is None else grants
    to_fill = list(
        Identification.objects.filter(
            Q(status=Status.DRAFT) | Q(status=Status.RETURNED), tenant=tenant
        )
        .filter(grants.where(Capability.IDENTIFICATION_FILL))
        .select_related("cycle", "unit")
        .annotate(total=Window(Count("id")))
        .order_by("updated_at", "id")[:LIMIT]
    )
    if not to_fill:
        return []
    return _lines(
        to_fill,
        tenant,
        kind="identification.fill",
        title=lambda i: (
            _("Lengkapi identifikasi (dikembalikan TPU)")
            if i.status == Status.RETURNED
            else _("Lengkapi dan ajukan identifikasi")
        ),
    )


def decide_items(user, tenant, grants=None) -> list[TodoItem]:
    """Identifications submitted to ``user`` as a Penilai TPU who may decide them: one
    query, two more for the calendar when there is something to do."""
    if not user.is_authenticated:
        return []
    to_decide = list(
        awaiting_decision(user, grants)
        .filter(tenant=tenant)
        .annotate(total=Window(Count("id")))[:LIMIT]
    )
    if not to_decide:
        return []
    return _lines(
        to_decide,
        tenant,
        kind="identification.decide",
        title=lambda i: _("Putuskan identifikasi yang diajukan"),
    )
