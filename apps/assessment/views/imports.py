"""Importing answers from the LKE workbook: upload and dry run, then confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from apps.core.exceptions import AccessDenied
from apps.core.http import error_text
from apps.core.imports import DryRun, ImportFlowMixin, RowsInvalid
from apps.core.mixins import TenantMemberRequiredMixin
from apps.lke.selectors import engine_template

from .. import excel, services
from ..forms import ImportForm
from ..selectors import answers_by_code, get_assessment_for_user

IMPORT_SESSION_KEY = "assessment_import"


class _AnswersImportFlow(ImportFlowMixin):
    """The LKE workbook import through the shared dry run → confirm flow (core.imports)."""

    session_key = IMPORT_SESSION_KEY
    form_class = ImportForm
    spec = excel.SPEC

    def load(self, pk):
        self.assessment = get_assessment_for_user(self.request.user, pk)

    def import_scope(self) -> dict:
        return {"assessment": self.assessment.pk}

    def upload_page(self, form, status=200):
        assessment = self.assessment
        context = {"assessment": assessment, "cycle": assessment.cycle, "form": form}
        return render(self.request, "assessment/import.html", context, status=status)

    def upload_failed(self, form):
        form.mark_invalid_fields()
        return self.upload_page(form, status=400)

    def preview_context(self) -> dict:
        assessment = self.assessment
        return {
            "title": _("Impor jawaban"),
            "breadcrumbs_template": "assessment/_header.html",
            "assessment": assessment,
            "cycle": assessment.cycle,
            "caption": _("Jawaban yang akan berubah"),
            "confirm_url": reverse("assessment:import_confirm", args=[assessment.pk]),
            "cancel_url": reverse("assessment:detail", args=[assessment.pk]),
            "upload_url": reverse("assessment:import", args=[assessment.pk]),
            "changed_text": _("Jawaban berubah sejak pratinjau dan berkas tidak lagi valid."),
            "nothing_saved": _("Tidak ada yang disimpan. Perbaiki berkas, lalu unggah ulang."),
        }

    def check(self, parsed, upload) -> DryRun:
        template = engine_template(self.assessment.template)
        rows, errors, rows_at = excel.read_answers(parsed, template)
        existing = answers_by_code(self.assessment)
        clean, changes = excel.check_rows(template, rows, existing, errors, rows_at)
        return DryRun(
            rows=[
                {"code": r.code, "value": r.value, "note": r.note, "rec": r.is_recommendation}
                for r in clean
            ],
            errors=errors,
            headings=[_("Sekarang"), _("Menjadi"), _("Catatan berubah")],
            table=[[c.code, c.before, c.after, _("ya") if c.note_changed else ""] for c in changes],
            summary=ngettext(
                "%(n)s jawaban akan berubah.", "%(n)s jawaban akan berubah.", len(changes)
            )
            % {"n": len(changes)},
            row_count=len(rows),
            unchanged=""
            if changes
            else _("Berkas sama dengan jawaban yang tersimpan: tidak ada yang berubah."),
            extra={"versions": {code: a.version for code, a in existing.items()}},
        )

    def apply(self, rows):
        request, assessment = self.request, self.assessment
        # Not perform(): the import flow shows rows found invalid again (``RowsInvalid``).
        try:
            written = services.answers_import(
                actor=request.user,
                assessment=assessment,
                rows=[
                    services.ImportedAnswer(r["code"], r["value"], r["note"], r["rec"])
                    for r in rows
                ],
                seen_versions=self.stored["extra"]["versions"],
            )
        except RowsInvalid:
            raise
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("assessment:import", assessment.pk)
        messages.success(request, _("%(n)s jawaban diimpor.") % {"n": written})
        return redirect("assessment:detail", assessment.pk)


class ImportView(TenantMemberRequiredMixin, _AnswersImportFlow, View):
    """Step 1: upload the workbook and see what would change (dry run), row errors
    included; nothing is written. Step 2 (ImportConfirmView) writes, all or none."""

    def _require_lead(self):
        if self.assessment.lead_id != self.request.user.pk:
            raise AccessDenied(_("Hanya ketua penilai yang dapat mengimpor jawaban."))

    def get(self, request, pk):
        self.load(pk)
        self._require_lead()
        return self.upload_page(ImportForm())

    def post(self, request, pk):
        self.load(pk)
        self._require_lead()
        return self.dry_run_response()


class ImportConfirmView(TenantMemberRequiredMixin, _AnswersImportFlow, View):
    def post(self, request, pk):
        self.load(pk)
        return self.confirm_response()
