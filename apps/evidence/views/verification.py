"""Moving an item through its verification chain, the verifier queue and bulk verification."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from apps.core.actions import perform
from apps.core.mixins import TenantMemberRequiredMixin

from .. import services
from ..chain import verifier_reach
from ..models import EvidenceComment, EvidenceItem, ItemStatus
from ..selectors import get_item_for_user, items_readable_by, queue_overview, verifier_queue

# The page's action names: the step, and what the person is told when it is done.
ACTIONS = {
    "ajukan": ("submit", _("Bukti diajukan untuk verifikasi.")),
    "verifikasi": ("verify", ""),
    "kembalikan": ("return", _("Bukti dikembalikan ke unit.")),
    "tarik": ("withdraw", _("Bukti ditarik.")),
}

# The service of each step, given the actor, the item and the comment typed with it.
STEPS = {
    "submit": lambda actor, item, comment: services.evidence_submit(actor=actor, item=item),
    "verify": lambda actor, item, comment: services.evidence_verify(
        actor=actor, item=item, comment=comment
    ),
    "return": lambda actor, item, comment: services.evidence_return(
        actor=actor, item=item, comment=comment
    ),
    "withdraw": lambda actor, item, comment: services.evidence_withdraw(
        actor=actor, item=item, reason=comment
    ),
}


def verified_message(item: EvidenceItem, level: int) -> str:
    """One level's decision ("diverifikasi tingkat n dari N") is not the final status
    ("terverifikasi": every level passed)."""
    total = len(item.chain)
    if item.status == ItemStatus.VERIFIED:
        return _(
            "Bukti diverifikasi tingkat %(n)s dari %(total)s; semua tingkat selesai: bukti kini terverifikasi."
        ) % {"n": level + 1, "total": total}
    return _("Bukti diverifikasi tingkat %(n)s dari %(total)s; diteruskan ke %(next)s.") % {
        "n": level + 1,
        "total": total,
        "next": item.current_level_name,
    }


def _queue_filters(data) -> dict:
    """The verifier queue's filters, from a query string or a form."""
    try:
        unit = int(data.get("unit") or 0) or None
    except ValueError:
        unit = None
    return {
        "unit": unit,
        "unit_q": data.get("unit_q", "").strip()[:100],
        "area": data.get("area", "")[:20],
        "level": data.get("level", "")[:100],
        "order": "baru" if data.get("order") == "baru" else "",
    }


def _queue_query(filters: dict) -> str:
    return urlencode({k: v for k, v in filters.items() if v})


def next_in_queue(user, filters: dict, exclude: int | None = None) -> str | None:
    """The page of the next item awaiting ``user`` (same filters), or None."""
    items = verifier_queue(user, **filters)
    if exclude:
        items = items.exclude(pk=exclude)
    item = items.select_related(None).select_related("question").first()
    if item is None:
        return None
    query = urlencode({"antrian": 1, **{k: v for k, v in filters.items() if v}})
    return (
        reverse("evidence:question", args=[item.cycle_id, item.question.code])
        + f"?{query}#item-{item.pk}-title"
    )


class ItemActionView(TenantMemberRequiredMixin, View):
    def post(self, request, pk, action):
        if action not in ACTIONS:
            raise Http404
        item = get_item_for_user(request.user, pk)
        name, done_message = ACTIONS[action]
        comment = request.POST.get("comment", "")
        level = item.level

        def back(_result=None) -> str:
            target = request.POST.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = reverse("evidence:question", args=[item.cycle_id, item.question.code])
            return target

        def done(result) -> str:
            if request.POST.get("antrian") == "1" and name in ("verify", "return"):
                return self._next_in_queue(request, item)
            return back()

        return perform(
            request,
            lambda: STEPS[name](request.user, item, comment),
            success=lambda result: (
                verified_message(result, level) if name == "verify" else done_message
            ),
            redirect_to=done,
            refused_to=back,
        )

    def _next_in_queue(self, request, item) -> str:
        """From the queue: the next item opens (or the queue, saying it is empty)."""
        filters = _queue_filters(request.POST)
        target = next_in_queue(request.user, filters, exclude=item.pk)
        if target is None:
            messages.info(request, _("Antrian Anda kosong: tidak ada bukti lain yang menunggu."))
            target = reverse("evidence:queue") + (
                f"?{_queue_query(filters)}" if _queue_query(filters) else ""
            )
        return target


class CountedPaginator(Paginator):
    """A paginator told its total (counted with the page's other figures), so the list is
    not counted again."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


# Above this many units with waiting items, the unit filter is a search on code or name
# rather than a list of every unit (the TPI of a ministry: ~1 900 UPT).
QUEUE_UNIT_SELECT_LIMIT = 100
# The counts per unit and area show at most this many rows (the largest first, then a
# line for the rest).
QUEUE_COUNTS_SHOWN = 25


class QueueView(TenantMemberRequiredMixin, View):
    """What awaits the user's verification: filters, waiting time, bulk verification."""

    def get(self, request):
        filters = _queue_filters(request.GET)
        # Where the user verifies, read once; the counts, the level names and the pager's
        # total come from one grouped query, so the page's items are read once too.
        reach = verifier_reach(request.user)
        overview = queue_overview(
            request.user,
            unit=filters["unit"],
            unit_q=filters["unit_q"],
            area=filters["area"],
            level=filters["level"],
            reach=reach,
        )
        page = CountedPaginator(
            verifier_queue(request.user, **filters, reach=reach), 50, count=overview.total
        ).get_page(request.GET.get("page"))
        now = timezone.now()
        for item in page:
            item.waited = now - (item.waiting_since or item.submitted_at or now)
        counts = overview.counts
        units = sorted(
            {(c["unit_id"], c["unit__code"], c["unit__name"]) for c in counts},
            key=lambda u: u[1],
        )
        shown = counts
        if len(counts) > QUEUE_COUNTS_SHOWN:
            shown = sorted(counts, key=lambda c: (-c["count"], c["unit__code"], c["area_code"]))
            shown = shown[:QUEUE_COUNTS_SHOWN]
        rest = len(counts) - len(shown)
        return render(
            request,
            "evidence/queue.html",
            {
                "page": page,
                "items": page.object_list,
                "counts": shown,
                "counts_rest": rest,
                "counts_rest_items": overview.waiting - sum(c["count"] for c in shown),
                "filters": filters,
                "query": _queue_query(filters),
                "units": units if len(units) <= QUEUE_UNIT_SELECT_LIMIT else None,
                "unit_count": len(units),
                "areas": sorted({c["area_code"] for c in counts}),
                "levels": overview.levels,
                "comment_max": EvidenceComment.MAX_LENGTH,
            },
        )


class BulkVerifyView(TenantMemberRequiredMixin, View):
    """Verify the selected queue items with one comment."""

    def post(self, request):
        filters = _queue_filters(request.POST)
        ids = [int(i) for i in request.POST.getlist("item") if i.isdigit()]
        items = list(items_readable_by(request.user).filter(pk__in=ids).order_by("pk"))
        back = reverse("evidence:queue") + (
            f"?{_queue_query(filters)}" if _queue_query(filters) else ""
        )
        if not items:
            messages.error(request, _("Pilih paling sedikit satu bukti untuk diverifikasi."))
            return redirect(back)
        # Not perform(): one outcome per item (verified, or refused with its reason).
        try:
            done, refused = services.evidence_verify_many(
                actor=request.user, items=items, comment=request.POST.get("comment", "")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        if done:
            messages.success(
                request,
                _("%(n)s bukti diverifikasi pada tingkat Anda.") % {"n": done},
            )
        for title, reason in refused:
            messages.error(request, f"{title}: {reason}")
        if len(items) < len(set(ids)):
            messages.error(
                request,
                _("%(n)s bukti yang dipilih tidak ditemukan atau tidak dapat Anda lihat.")
                % {"n": len(set(ids)) - len(items)},
            )
        return redirect(back)
