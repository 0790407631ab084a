"""Adding evidence (files or links), new revisions, and downloading a revision's file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from apps.core.exceptions import AccessDenied
from apps.core.http import get_or_404, json_error, wants_json
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.selectors import get_cycle_for_user
from apps.files.checks import FileRefused
from apps.files.serving import serve_stored_file
from apps.files.upload import hashing_upload_view, uploaded_file, uploaded_files
from apps.lke.models import EvidenceRequirement, Question

from .. import services
from ..selectors import get_item_for_user, get_revision_for_user
from .questions import _question_or_404


def _requirement_or_none(question: Question, raw) -> EvidenceRequirement | None:
    """The checklist entry chosen for the upload (blank: none); an unknown or malformed
    one is refused at the field."""
    if raw in (None, ""):
        return None
    try:
        return get_or_404(EvidenceRequirement.objects.filter(question=question), pk=raw)
    except Http404:
        raise ValidationError({"requirement": _("Dokumen checklist tidak dikenal.")}) from None


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
        # Not perform(): the browser uploader wants JSON (201 or the error body, 403 for
        # a refused role), and several files get one outcome each.
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
        # Not perform(): one outcome per file, answered as JSON to the uploader.
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
        # Not perform(): the uploader's revision form wants JSON (201 or the error body).
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
