"""Evidence pages: a cycle's questions, one question's evidence, actions, the verifier
queue and completeness. Thin: parse, check access, call one service or selector."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from apps.accounts.access import is_agency_admin, visible_units
from apps.core.exceptions import AccessDenied
from apps.core.http import json_error, wants_json
from apps.core.mixins import TenantAdminRequiredMixin, TenantMemberRequiredMixin
from apps.cycles.models import Cycle
from apps.cycles.selectors import get_cycle_for_user
from apps.files.serving import serve_stored_file
from apps.files.upload import HashingTemporaryFileUploadHandler, uploaded_file
from apps.lke.models import EvidenceRequirement, Question

from . import services
from .chain import verification_levels_ensure
from .models import EvidenceItem, ItemStatus
from .selectors import (
    cycles_progress,
    get_item_for_user,
    get_revision_for_user,
    items_for_question,
    queue_counts,
    rolled_up,
    sees_only_verified,
    verifier_queue,
)


def _question_or_404(cycle: Cycle, code: str) -> Question:
    try:
        return Question.objects.select_related(
            "indicator", "indicator__aspect", "indicator__aspect__area"
        ).get(version_id=cycle.template_id, code=code)
    except Question.DoesNotExist:
        raise Http404 from None


def _requirement_or_none(question: Question, raw) -> EvidenceRequirement | None:
    if raw in (None, ""):
        return None
    try:
        return EvidenceRequirement.objects.get(pk=int(raw), question=question)
    except (ValueError, TypeError, EvidenceRequirement.DoesNotExist):
        raise ValidationError({"requirement": _("Dokumen checklist tidak dikenal.")}) from None


class CycleEvidenceView(TenantMemberRequiredMixin, View):
    """The cycle's LKE areas and questions with their checklist progress."""

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
        progress = cycles_progress([cycle])[cycle.pk]
        counts: dict[int, dict[str, int]] = {}
        for row in (
            EvidenceItem.objects.filter(cycle=cycle)
            .values("question_id", "status")
            .annotate(n=Count("id"))
        ):
            counts.setdefault(row["question_id"], {})[row["status"]] = row["n"]
        areas: dict[str, dict] = {}
        for question in questions:
            area = question.indicator.aspect.area
            entry = areas.setdefault(
                area.code,
                {"area": area, "progress": progress.areas.get(area.code), "questions": []},
            )
            entry["questions"].append(
                {
                    "question": question,
                    "progress": progress.questions.get(question.pk),
                    "counts": counts.get(question.pk, {}),
                }
            )
        return render(
            request,
            "evidence/cycle.html",
            {"cycle": cycle, "areas": list(areas.values()), "total": progress.total},
        )


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
        context = {
            "cycle": cycle,
            "question": question,
            "requirements": [{"requirement": r, "done": r.pk in done} for r in requirements],
            "any_verified": bool(done),
            "items": items,
            "only_verified": only_verified,
            "can_contribute": services.can_contribute(request.user, cycle.unit, area_code)
            and cycle.stage in services.OPEN_STAGES,
            "upload_url": reverse("evidence:upload", args=[cycle.pk, question.code]),
        }
        template = "evidence/_items.html" if request.htmx else "evidence/question.html"
        return render(request, template, context)


@method_decorator(csrf_exempt, name="dispatch")
class UploadView(TenantMemberRequiredMixin, View):
    """One file per request (the browser uploader sends each file on its own, with its own
    progress bar). The file streams to a temporary file while its SHA-256 is computed."""

    def post(self, request, cycle_pk, code):
        request.upload_handlers = [HashingTemporaryFileUploadHandler(request)]
        return self._post(request, cycle_pk, code)

    @method_decorator(csrf_protect)
    def _post(self, request, cycle_pk, code):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        question = _question_or_404(cycle, code)
        try:
            url = request.POST.get("url", "").strip()
            # A missing file, or one cut off for its size, gets its own message.
            uploaded = None if url else uploaded_file(request)
            item = services.evidence_add(
                actor=request.user,
                cycle=cycle,
                question=question,
                requirement=_requirement_or_none(question, request.POST.get("requirement")),
                uploaded=uploaded,
                url=url,
                title=request.POST.get("title", ""),
            )
        except (AccessDenied, ValidationError) as exc:
            if not wants_json(request):
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
                return redirect("evidence:question", cycle.pk, question.code)
            return json_error(exc, 403 if isinstance(exc, AccessDenied) else 400)
        if not wants_json(request):
            messages.success(
                request, _("Bukti %(title)s ditambahkan sebagai draf.") % {"title": item.title}
            )
            return redirect("evidence:question", cycle.pk, question.code)
        return JsonResponse(
            {"item": item.pk, "title": item.title, "status": item.status}, status=201
        )


@method_decorator(csrf_exempt, name="dispatch")
class RevisionView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        request.upload_handlers = [HashingTemporaryFileUploadHandler(request)]
        return self._post(request, pk)

    @method_decorator(csrf_protect)
    def _post(self, request, pk):
        item = get_item_for_user(request.user, pk)
        try:
            url = request.POST.get("url", "").strip()
            # A missing file, or one cut off for its size, gets its own message.
            uploaded = None if url else uploaded_file(request)
            revision = services.evidence_revise(
                actor=request.user,
                item=item,
                uploaded=uploaded,
                url=url,
                note=request.POST.get("note", ""),
            )
        except AccessDenied as exc:
            return json_error(exc, 403)
        except ValidationError as exc:
            return json_error(exc)
        return JsonResponse(
            {"item": item.pk, "revision": revision.number, "status": "draft"}, status=201
        )


ACTIONS = {
    "ajukan": ("submit", _("Bukti diajukan untuk verifikasi.")),
    "verifikasi": ("verify", _("Bukti diverifikasi.")),
    "kembalikan": ("return", _("Bukti dikembalikan ke unit.")),
    "tarik": ("withdraw", _("Bukti ditarik.")),
}


class ItemActionView(TenantMemberRequiredMixin, View):
    def post(self, request, pk, action):
        if action not in ACTIONS:
            raise Http404
        item = get_item_for_user(request.user, pk)
        name, done_message = ACTIONS[action]
        comment = request.POST.get("comment", "")
        try:
            if name == "submit":
                services.evidence_submit(actor=request.user, item=item)
            elif name == "verify":
                services.evidence_verify(actor=request.user, item=item, comment=comment)
            elif name == "return":
                services.evidence_return(actor=request.user, item=item, comment=comment)
            else:
                services.evidence_withdraw(actor=request.user, item=item, reason=comment)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done_message)
        target = request.POST.get("next", "")
        if not target.startswith("/") or target.startswith("//"):
            target = reverse("evidence:question", args=[item.cycle_id, item.question.code])
        return redirect(target)


class SubmitAllView(TenantMemberRequiredMixin, View):
    """Submit every draft of a question at once."""

    def post(self, request, cycle_pk, code):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        question = _question_or_404(cycle, code)
        drafts = list(
            EvidenceItem.objects.filter(cycle=cycle, question=question, status=ItemStatus.DRAFT)
        )
        submitted = 0
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


class DownloadView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        revision = get_revision_for_user(request.user, pk)
        if revision.stored_file is None:
            raise Http404
        return serve_stored_file(
            request, revision.stored_file, as_attachment=request.GET.get("unduh") == "1"
        )


class QueueView(TenantMemberRequiredMixin, View):
    def get(self, request):
        items = list(verifier_queue(request.user)[:500])
        return render(
            request, "evidence/queue.html", {"items": items, "counts": queue_counts(request.user)}
        )


class CompletenessView(TenantMemberRequiredMixin, View):
    """Checklist completeness of every visible unit's cycle of a year, rolled up the tree."""

    def get(self, request):
        years = list(
            Cycle.objects.filter(unit__in=visible_units(request.user).values("pk"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        try:
            year = int(request.GET.get("tahun") or (years[0] if years else 0))
        except ValueError:
            year = years[0] if years else 0
        units = list(visible_units(request.user).order_by("path"))
        cycles = list(
            Cycle.objects.filter(unit__in=[u.pk for u in units], year=year).select_related("unit")
        )
        progress = cycles_progress(cycles)
        by_unit: dict[int, object] = {}
        for cycle in cycles:
            current = by_unit.get(cycle.unit_id)
            if current is None:
                by_unit[cycle.unit_id] = {"cycle": cycle, "progress": progress[cycle.pk]}
        rows = []
        base = min((u.depth for u in units), default=1)
        for unit in units:
            entry = by_unit.get(unit.pk)
            rows.append(
                {
                    "unit": unit,
                    "indent": unit.depth - base,
                    "cycle": entry["cycle"] if entry else None,
                    "progress": entry["progress"].total if entry else None,
                    "areas": entry["progress"].areas if entry else {},
                }
            )
        rolled_up(rows)
        rows = [r for r in rows if r["subtree"].entries]
        return render(
            request, "evidence/completeness.html", {"rows": rows, "year": year, "years": years}
        )


class VerificationLevelsView(TenantAdminRequiredMixin, View):
    """The agency's verification chain: which levels are used and what they are called."""

    def get(self, request):
        levels = verification_levels_ensure(request.tenant)
        return render(
            request,
            "evidence/levels.html",
            {"levels": levels, "can_edit": is_agency_admin(request.user)},
        )

    def post(self, request):
        levels = verification_levels_ensure(request.tenant)
        try:
            changes = {
                level.pk: {
                    "is_active": request.POST.get(f"active-{level.pk}") == "on",
                    "name": request.POST.get(f"name-{level.pk}", level.name),
                }
                for level in levels
            }
            services.verification_levels_update(
                actor=request.user, tenant=request.tenant, changes=changes
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return render(
                request, "evidence/levels.html", {"levels": levels, "can_edit": True}, status=400
            )
        messages.success(
            request, _("Rantai verifikasi disimpan. Berlaku untuk bukti yang diajukan setelah ini.")
        )
        return redirect("evidence:levels")
