"""The charter pages: record it, upload and read its scan, print it or get the PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can, require
from apps.core.actions import submit
from apps.core.exceptions import AccessDenied
from apps.core.http import json_error, wants_json
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import MAKING_PDF
from apps.cycles.selectors import get_cycle_for_user
from apps.cycles.stages import Stage
from apps.files.serving import serve_stored_file
from apps.files.upload import hashing_upload_view, uploaded_file

from .. import selectors, services, texts
from ..forms import (
    DeclarationForm,
    witness_formset,
)

# --- Piagam Pencanangan ---------------------------------------------------------------


def _charter_context(cycle, declaration) -> dict:
    return selectors.charter_context(cycle, declaration)


class DeclarationView(TenantMemberRequiredMixin, View):
    """A cycle's charter: its facts and witnesses, the signed scan, the pact share."""

    def context(self, request, cycle, form=None, formset=None) -> dict:
        declaration = selectors.declaration_of(cycle)
        can_edit = (
            can(request.user, Capability.DECLARATION_MANAGE, cycle.unit)
            and cycle.stage == Stage.PENCANANGAN
        )
        context = _charter_context(cycle, declaration)
        context.update(
            {
                "can_edit": can_edit,
                "share": selectors.pact_share(cycle.unit),
                "missing": services.declaration_missing(cycle),
                "upload_url": reverse("declaration:scan", args=[cycle.pk]),
            }
        )
        if can_edit:
            if form is None:
                unit = cycle.unit
                initial = {
                    "head_name": unit.head_name,
                    # FRM-01: "(Jabatan pada Unit Kerja/UPT)", e.g. Kepala Satker PJN …
                    "head_title": (
                        texts.title_with_unit(unit.head_title, unit.name) if unit.head_title else ""
                    ),
                    "head_nip": unit.head_nip,
                }
                witnesses = []
                if declaration is not None:
                    initial = {
                        "declared_on": declaration.declared_on,
                        "place": declaration.place,
                        "head_name": declaration.head_name,
                        "head_title": declaration.head_title,
                        "head_nip": declaration.head_nip,
                    }
                    witnesses = [
                        {"name": w.name, "title": w.title, "institution": w.institution}
                        for w in context["witnesses"]
                    ]
                form = DeclarationForm(initial=initial)
                formset = witness_formset(initial=witnesses)
            context["form"] = form
            context["formset"] = formset
        return context

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        context = self.context(request, cycle)
        template = "declaration/_scan.html" if request.htmx else "declaration/declaration.html"
        return render(request, template, context)

    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        require(request.user, Capability.DECLARATION_MANAGE, cycle.unit)
        form = DeclarationForm(request.POST)
        formset = witness_formset(request.POST)
        if formset.is_valid():
            response = submit(
                request,
                form,
                lambda: services.declaration_record(
                    actor=request.user,
                    cycle=cycle,
                    witnesses=[f.cleaned_data for f in formset.forms if f.cleaned_data],
                    **form.cleaned_data,
                ),
                success=_("Piagam pencanangan disimpan."),
                redirect_to=("declaration:cycle", cycle.pk),
            )
            if response is not None:
                return response
        else:
            form.add_error(None, _("Data saksi tidak valid: periksa isian saksi."))
        context = self.context(request, cycle, form=form, formset=formset)
        return render(request, "declaration/declaration.html", context, status=400)


@method_decorator(hashing_upload_view, name="dispatch")
class DeclarationScanView(TenantMemberRequiredMixin, View):
    """Upload (POST, streamed and hashed) or download (GET) the signed charter's scan."""

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        declaration = selectors.declaration_of(cycle)
        if declaration is None or declaration.scan is None:
            raise Http404
        return serve_stored_file(
            request, declaration.scan, as_attachment=request.GET.get("unduh") == "1"
        )

    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        declaration = selectors.declaration_of(cycle)
        try:
            require(request.user, Capability.DECLARATION_MANAGE, cycle.unit)
            if declaration is None:
                raise ValidationError(
                    _(
                        "Simpan data piagam (tanggal, tempat, pimpinan, saksi) sebelum mengunggah pindaiannya."
                    )
                )
            declaration = services.declaration_attach_scan(
                actor=request.user, declaration=declaration, uploaded=uploaded_file(request)
            )
        except (AccessDenied, ValidationError) as exc:  # not perform(): JSON for the uploader
            if not wants_json(request):
                if isinstance(exc, AccessDenied):
                    raise
                messages.error(request, " ".join(exc.messages))
                return redirect("declaration:cycle", cycle.pk)
            return json_error(exc, 403 if isinstance(exc, AccessDenied) else 400)
        if not wants_json(request):
            messages.success(request, _("Pindaian piagam pencanangan disimpan."))
            return redirect("declaration:cycle", cycle.pk)
        return JsonResponse(
            {"declaration": declaration.pk, "scan": declaration.scan.original_name}, status=201
        )


class CharterView(TenantMemberRequiredMixin, View):
    """FRM-01 in its wording, for printing (print CSS) or as the PDF made by the worker
    when the charter was recorded; should the worker not have run yet, it is made (and
    kept) now."""

    def get(self, request, cycle_pk, as_pdf=False):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        declaration = selectors.declaration_of(cycle)
        if declaration is None:
            raise Http404
        if not as_pdf:
            return render(request, "declaration/charter.html", _charter_context(cycle, declaration))
        stored = declaration.pdf_file or services.charter_pdf_store(
            declaration=declaration, actor=request.user
        )
        if stored is None:  # the worker is making it right now
            messages.info(request, MAKING_PDF)
            return redirect("declaration:charter", cycle.pk)
        return serve_stored_file(request, stored, as_attachment=request.GET.get("unduh") == "1")
