"""Evidence pages: a cycle's questions, one question's evidence, actions, the verifier
queue and completeness. Thin: parse, check access, call one service or selector."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from apps.accounts.models import RoleAssignment
from apps.core.access import Capability, can, units_where
from apps.core.exceptions import AccessDenied
from apps.core.http import json_error, wants_json
from apps.core.mixins import TenantAdminRequiredMixin, TenantMemberRequiredMixin
from apps.cycles.models import Cycle
from apps.cycles.selectors import get_cycle_for_user
from apps.files.checks import FileRefused
from apps.files.serving import serve_stored_file
from apps.files.upload import hashing_upload_view, uploaded_file, uploaded_files
from apps.lke.models import EvidenceRequirement, Question

from . import services
from .chain import chain_verifier_in, verification_levels_ensure
from .models import EvidenceItem, ItemStatus
from .selectors import (
    STATUS_FILTERS,
    cycle_items,
    cycles_progress,
    get_item_for_user,
    get_revision_for_user,
    items_for_question,
    items_readable_by,
    queue_counts,
    queue_levels,
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
        my_roles = list(
            RoleAssignment.objects.filter(user=request.user).values_list(
                "role", "unit_id", "unit__path"
            )
        )
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
            "comment_max": services.EvidenceComment.MAX_LENGTH,
        }
        template = "evidence/_items.html" if request.htmx else "evidence/question.html"
        return render(request, template, context)


@method_decorator(hashing_upload_view, name="dispatch")
class UploadView(TenantMemberRequiredMixin, View):
    """One file per request from the browser uploader (each file on its own, with its own
    progress bar); a request carrying several files (a script, a form with ``multiple``)
    is answered file by file: each becomes its own item or is refused with its own
    message, up to FILE_MAX_FILES_PER_REQUEST. Files stream to a temporary file while
    their SHA-256 is computed."""

    def post(self, request, cycle_pk, code):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        question = _question_or_404(cycle, code)
        url = request.POST.get("url", "").strip()
        try:
            files = [] if url else uploaded_files(request)
        except ValidationError as exc:
            return self._refused(request, cycle, question, exc)
        if len(files) > 1:
            return self._many(request, cycle, question, files)
        try:
            uploaded = None
            if files:
                uploaded = files[0][1]
                if isinstance(uploaded, FileRefused):
                    raise uploaded
            item = self._add(request, cycle, question, uploaded, url, request.POST.get("title", ""))
        except (AccessDenied, ValidationError) as exc:
            return self._refused(request, cycle, question, exc)
        if not wants_json(request):
            messages.success(
                request, _("Bukti %(title)s ditambahkan sebagai draf.") % {"title": item.title}
            )
            return redirect("evidence:question", cycle.pk, question.code)
        return JsonResponse(
            {"item": item.pk, "title": item.title, "status": item.status}, status=201
        )

    def _add(self, request, cycle, question, uploaded, url, title):
        return services.evidence_add(
            actor=request.user,
            cycle=cycle,
            question=question,
            requirement=_requirement_or_none(question, request.POST.get("requirement")),
            uploaded=uploaded,
            url=url,
            title=title,
        )

    def _refused(self, request, cycle, question, exc):
        if not wants_json(request):
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("evidence:question", cycle.pk, question.code)
        return json_error(exc, 403 if isinstance(exc, AccessDenied) else 400)

    def _many(self, request, cycle, question, files):
        """Each file on its own (its own transaction): stored ones stay when another is
        refused, and every file gets a line in the answer."""
        results = []
        for name, uploaded in files:
            try:
                if isinstance(uploaded, FileRefused):
                    raise uploaded
                item = self._add(request, cycle, question, uploaded, "", "")
            except (AccessDenied, ValidationError) as exc:
                message = " ".join(getattr(exc, "messages", [str(exc)]))
                results.append({"name": name, "stored": False, "message": message})
                if not wants_json(request):
                    messages.error(request, f"{name}: {message}")
                continue
            results.append({"name": name, "stored": True, "item": item.pk, "title": item.title})
            if not wants_json(request):
                messages.success(
                    request, _("Bukti %(title)s ditambahkan sebagai draf.") % {"title": item.title}
                )
        if not wants_json(request):
            return redirect("evidence:question", cycle.pk, question.code)
        stored = sum(r["stored"] for r in results)
        return JsonResponse(
            {"files": results, "stored": stored, "refused": len(results) - stored},
            status=201 if stored else 400,
        )


@method_decorator(hashing_upload_view, name="dispatch")
class RevisionView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
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
    "verifikasi": ("verify", ""),
    "kembalikan": ("return", _("Bukti dikembalikan ke unit.")),
    "tarik": ("withdraw", _("Bukti ditarik.")),
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
        try:
            if name == "submit":
                services.evidence_submit(actor=request.user, item=item)
            elif name == "verify":
                item = services.evidence_verify(actor=request.user, item=item, comment=comment)
                done_message = verified_message(item, level)
            elif name == "return":
                services.evidence_return(actor=request.user, item=item, comment=comment)
            else:
                services.evidence_withdraw(actor=request.user, item=item, reason=comment)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done_message)
            if request.POST.get("antrian") == "1" and name in ("verify", "return"):
                # From the queue: the next item opens.
                filters = _queue_filters(request.POST)
                target = next_in_queue(request.user, filters, exclude=item.pk)
                if target is None:
                    messages.info(
                        request, _("Antrian Anda kosong: tidak ada bukti lain yang menunggu.")
                    )
                    target = reverse("evidence:queue") + (
                        f"?{_queue_query(filters)}" if _queue_query(filters) else ""
                    )
                return redirect(target)
        target = request.POST.get("next", "")
        if not target.startswith("/") or target.startswith("//"):
            target = reverse("evidence:question", args=[item.cycle_id, item.question.code])
        return redirect(target)


class CommentView(TenantMemberRequiredMixin, View):
    """A message in an item's thread."""

    def post(self, request, pk):
        item = get_item_for_user(request.user, pk)
        try:
            services.evidence_comment_add(
                actor=request.user, item=item, body=request.POST.get("body", "")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Pesan dikirim."))
        query = "?antrian=1" if request.POST.get("antrian") == "1" else ""
        return redirect(
            reverse("evidence:question", args=[item.cycle_id, item.question.code])
            + f"{query}#item-{item.pk}-title"
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
            request,
            revision.stored_file,
            as_attachment=request.GET.get("unduh") == "1",
            name=revision.display_name,
        )


class QueueView(TenantMemberRequiredMixin, View):
    """What awaits the user's verification: filters, waiting time, bulk verification."""

    def get(self, request):
        filters = _queue_filters(request.GET)
        page = Paginator(verifier_queue(request.user, **filters), 50).get_page(
            request.GET.get("page")
        )
        now = timezone.now()
        for item in page:
            item.waited = now - (item.waiting_since or item.submitted_at or now)
        counts = queue_counts(request.user)
        return render(
            request,
            "evidence/queue.html",
            {
                "page": page,
                "items": page.object_list,
                "counts": counts,
                "filters": filters,
                "query": _queue_query(filters),
                "units": sorted(
                    {(c["unit_id"], c["unit__code"], c["unit__name"]) for c in counts},
                    key=lambda u: u[1],
                ),
                "areas": sorted({c["area_code"] for c in counts}),
                "levels": queue_levels(request.user),
                "comment_max": services.EvidenceComment.MAX_LENGTH,
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


class CompletenessView(TenantMemberRequiredMixin, View):
    """Checklist completeness of every visible unit's cycle of a year, rolled up the tree."""

    def get(self, request):
        years = list(
            Cycle.objects.filter(
                unit__in=units_where(request.user, Capability.UNIT_VIEW).values("pk")
            )
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        try:
            year = int(request.GET.get("tahun") or (years[0] if years else 0))
        except ValueError:
            year = years[0] if years else 0
        units = list(units_where(request.user, Capability.UNIT_VIEW).order_by("path"))
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
            {"levels": levels, "can_edit": can(request.user, Capability.AGENCY_ADMIN)},
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
