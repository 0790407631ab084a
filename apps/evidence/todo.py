"""What waits for a person in the evidence (``apps.core.todo``): items returned to the
area they contribute to, and items waiting for their verification, with age."""

from urllib.parse import urlencode

from django.db.models import Count, Min, Window
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.access import Capability, grants_of
from apps.core.todo import LIMIT, TodoItem
from apps.cycles.selectors import stage_due_dates
from apps.units.models import Unit

from .chain import awaiting, verifier_reach
from .models import EvidenceItem, ItemStatus

RETURNED_FIELDS = (
    "title",
    "updated_at",
    "cycle_id",
    "unit__name",
    "question__code",
    "cycle__year",
    "cycle__stage",
)


def returned_items(user, tenant, grants=None) -> list[TodoItem]:
    """Returned items of the units and areas ``user`` contributes to (the cycle page's
    "needs your action"), the longest returned first; due by the end of the cycle's
    current stage in the agency calendar (two queries)."""
    # Only the units where the person works (evidence.submit reaches the unit itself),
    # named by id: the returned items are read through the unit index, not among every
    # returned item of the agency. Whoever may submit an item may read it
    # (evidence.read_all's roles include evidence.submit's, over at least the unit), so no
    # reading condition is added.
    grants = grants_of(user) if grants is None else grants
    items = list(
        EvidenceItem.objects.filter(tenant=tenant, status=ItemStatus.RETURNED)
        .filter(grants.where(Capability.EVIDENCE_SUBMIT, area_field="area_code"))
        .select_related("unit", "cycle", "question")
        # What a line shows and its deadline needs: not the chain (JSON) nor the rest of
        # four rows' columns.
        .only(*RETURNED_FIELDS)
        .annotate(total=Window(Count("id")))
        .order_by("updated_at", "id")[:LIMIT]
    )
    if not items:
        return []
    due = stage_due_dates(tenant=tenant, cycles=list({i.cycle_id: i.cycle for i in items}.values()))
    first = items[0]
    list_url = reverse("evidence:cycle", args=[first.cycle_id]) + "?status=dikembalikan"
    return [
        TodoItem(
            kind="evidence.returned",
            kind_label=_("Bukti dukung dikembalikan"),
            title=_("Perbaiki bukti %(title)s (%(code)s)")
            % {"title": item.title, "code": item.question.code},
            unit=item.unit.name,
            url=reverse("evidence:question", args=[item.cycle_id, item.question.code]),
            due_on=due.get(item.cycle_id),
            waiting_since=item.updated_at,
            total=item.total if item.total > LIMIT else 0,
            list_url=list_url,
        )
        for item in items
    ]


def verification_items(user, tenant, grants=None) -> list[TodoItem]:
    """Items waiting for ``user``'s verification, one line per unit and area with how
    many and since when the oldest waits, the oldest first: the verifier queue's own
    indexed selector, grouped (one query, a second for the unit names; a third for the
    roles when ``grants`` are not given)."""
    reach = verifier_reach(user, grants) if grants is not None else None
    groups = list(
        awaiting(user, reach)
        .filter(tenant=tenant)
        .values("unit_id", "area_code")
        .annotate(
            count=Count("id"),
            oldest=Min("waiting_since"),
            lines=Window(Count("*")),
        )
        .order_by("oldest", "unit_id", "area_code")[:LIMIT]
    )
    if not groups:
        return []
    names = dict(
        Unit.objects.filter(pk__in={g["unit_id"] for g in groups}).values_list("pk", "name")
    )
    queue = reverse("evidence:queue")
    return [
        TodoItem(
            kind="evidence.verify",
            kind_label=_("Verifikasi bukti dukung"),
            title=ngettext(
                "%(n)d bukti area %(area)s menunggu verifikasi Anda",
                "%(n)d bukti area %(area)s menunggu verifikasi Anda",
                group["count"],
            )
            % {"n": group["count"], "area": group["area_code"]},
            unit=names.get(group["unit_id"], ""),
            url=f"{queue}?{urlencode({'unit': group['unit_id'], 'area': group['area_code']})}",
            waiting_since=group["oldest"],
            count=group["count"],
            total=group["lines"] if group["lines"] > LIMIT else 0,
            list_url=queue,
        )
        for group in groups
    ]
