"""A cycle's questions and one question's evidence, its thread and submitting its drafts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import grants_of
from apps.core.actions import perform
from apps.core.http import get_or_404
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.models import Cycle
from apps.cycles.selectors import get_cycle_for_user
from apps.lke.models import Question

from .. import services
from ..chain import chain_verifier_in
from ..models import EvidenceComment, EvidenceItem, ItemStatus
from ..selectors import (
    STATUS_FILTERS,
    cycle_items,
    cycles_progress,
    get_item_for_user,
    items_for_question,
    items_readable_by,
    sees_only_verified,
)


def _question_or_404(cycle: Cycle, code: str) -> Question:
    return get_or_404(
        Question.objects.select_related(
            "indicator", "indicator__aspect", "indicator__aspect__area"
        ),
        version_id=cycle.template_id,
        code=code,
    )


class CycleEvidenceView(TenantMemberRequiredMixin, View):
    """The cycle's LKE areas and questions with their checklist progress, and its evidence
    filtered by area and status, what needs the user's action first."""

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        questions = list(
            Question.objects.filter(version_id=cycle.template_id)
            .select_related("indicator", "indicator__aspect", "indicator__aspect__area")
            .order_by(
                "indicator__aspect__area__order",
                "indicator__aspect__order",
                "indicator__order",
                "order",
            )
        )
        area_codes = list(dict.fromkeys(q.indicator.aspect.area.code for q in questions))
        area = request.GET.get("area", "")
        area = area if area in area_codes else ""
        status = request.GET.get("status", "")
        status = status if status in STATUS_FILTERS else ""
        progress = cycles_progress([cycle])[cycle.pk]
        counts: dict[int, dict[str, int]] = {}
        for row in (
            items_readable_by(request.user)
            .filter(cycle=cycle)
            .values("question_id", "status")
            .annotate(n=Count("id"))
            .order_by()
        ):
            counts.setdefault(row["question_id"], {})[row["status"]] = row["n"]
        areas: dict[str, dict] = {}
        # One reverse() for the 113 rows' links (the code is a plain path segment).
        url_of = reverse("evidence:question", args=[cycle.pk, "KODE"]).replace("KODE", "{}")
        for question in questions:
            question_area = question.indicator.aspect.area
            if area and question_area.code != area:
                continue
            entry = areas.setdefault(
                question_area.code,
                {
                    "area": question_area,
                    "progress": progress.areas.get(question_area.code),
                    "questions": [],
                },
            )
            entry["questions"].append(
                {
                    "question": question,
                    "url": url_of.format(question.code),
                    "progress": progress.questions.get(question.pk),
                    "counts": counts.get(question.pk, {}),
                }
            )
        page = Paginator(cycle_items(request.user, cycle, area=area, status=status), 50).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "evidence/cycle.html",
            {
                "cycle": cycle,
                "areas": list(areas.values()),
                "total": progress.total,
                "area_codes": area_codes,
                "area": area,
                "status": status,
                "statuses": [
                    ("draf", _("Draf")),
                    ("dikembalikan", _("Dikembalikan")),
                    ("menunggu", _("Menunggu verifikasi")),
                    ("terverifikasi", _("Terverifikasi")),
                ],
                "page": page,
            },
        )


def _timeline(item) -> list[dict]:
    """The item's events, thread messages and revisions, oldest first (prefetched)."""
    levels = len(item.chain)
    entries = [{"at": e.created_at, "event": e, "text": e.action_text(levels)} for e in item.events]
    entries += [{"at": c.created_at, "comment": c} for c in item.comments.all()]
    return sorted(entries, key=lambda e: e["at"])


def _last_return(item):
    """The return comment the unit still has to answer: the last return with no later
    submission."""
    last = None
    for event in item.events:
        if event.action == "return":
            last = event
        elif event.action == "submit":
            last = None
    return last


class QuestionEvidenceView(TenantMemberRequiredMixin, View):
    """One question of a cycle: its checklist, its evidence, upload and actions."""

    def get(self, request, cycle_pk, code):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        question = _question_or_404(cycle, code)
        only_verified = sees_only_verified(request.user, cycle.unit)
        items = list(items_for_question(request.user, cycle, question))
        done = {i.requirement_id for i in items if i.status == ItemStatus.VERIFIED}
        requirements = list(question.evidence.all())
        area_code = question.indicator.aspect.area.code
        my_roles = [(g.role, g.unit_id, g.path) for g in grants_of(request.user).rows]
        can_contribute = services.can_contribute(request.user, cycle.unit, area_code)
        for item in items:
            item.can_discuss = can_contribute or chain_verifier_in(
                item.chain, cycle.unit.path, my_roles
            )
            item.timeline = _timeline(item)
            item.open_return = _last_return(item)
        in_queue = request.GET.get("antrian") == "1"
        context = {
            "cycle": cycle,
            "question": question,
            "requirements": [{"requirement": r, "done": r.pk in done} for r in requirements],
            "any_verified": bool(done),
            "items": items,
            "only_verified": only_verified,
            "can_contribute": can_contribute and cycle.stage in services.OPEN_STAGES,
            "upload_url": reverse("evidence:upload", args=[cycle.pk, question.code]),
            "in_queue": in_queue,
            "comment_max": EvidenceComment.MAX_LENGTH,
        }
        template = "evidence/_items.html" if request.htmx else "evidence/question.html"
        return render(request, template, context)


class CommentView(TenantMemberRequiredMixin, View):
    """A message in an item's thread."""

    def post(self, request, pk):
        item = get_item_for_user(request.user, pk)
        query = "?antrian=1" if request.POST.get("antrian") == "1" else ""
        return perform(
            request,
            lambda: services.evidence_comment_add(
                actor=request.user, item=item, body=request.POST.get("body", "")
            ),
            success=_("Pesan dikirim."),
            redirect_to=reverse("evidence:question", args=[item.cycle_id, item.question.code])
            + f"{query}#item-{item.pk}-title",
        )


class SubmitAllView(TenantMemberRequiredMixin, View):
    """Submit every draft of a question at once."""

    def post(self, request, cycle_pk, code):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        question = _question_or_404(cycle, code)
        drafts = list(
            EvidenceItem.objects.filter(cycle=cycle, question=question, status=ItemStatus.DRAFT)
        )
        submitted = 0
        # Not perform(): one outcome per draft (submitted, or refused with its reason).
        for item in drafts:
            try:
                services.evidence_submit(actor=request.user, item=item)
                submitted += 1
            except ValidationError as exc:
                messages.error(request, f"{item.title}: {' '.join(exc.messages)}")
        if submitted:
            messages.success(
                request, _("%(n)s bukti diajukan untuk verifikasi.") % {"n": submitted}
            )
        elif not drafts:
            messages.info(request, _("Tidak ada bukti berstatus draf untuk diajukan."))
        return redirect("evidence:question", cycle.pk, question.code)
