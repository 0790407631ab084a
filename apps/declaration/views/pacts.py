"""The Pakta Integritas pages: read and sign online, record a paper pact, my pacts."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can, require
from apps.core.actions import submit
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import MAKING_PDF
from apps.files.serving import serve_stored_file
from apps.files.upload import hashing_upload_view, uploaded_file

from .. import selectors, services, texts
from ..forms import (
    PactScanForm,
    PactSignForm,
)
from ..models import Pact

# --- Pakta Integritas -------------------------------------------------------------------


def _pact_context(request, placement, sign_form=None, scan_form=None) -> dict:
    try:
        pact = placement.pact
    except Pact.DoesNotExist:
        pact = None
    is_self = services.is_own_employee(request.user, placement.employee)
    can_manage = can(request.user, Capability.DECLARATION_MANAGE, placement.unit)
    open_ = pact is None and placement.ended_on is None
    return {
        "placement": placement,
        "employee": placement.employee,
        "unit": placement.unit,
        "pact": pact,
        "opening": texts.pact_opening(placement.employee.name, placement.position),
        "statements": texts.pact_statements(placement.unit.name),
        "version": texts.PACT_VERSION,
        "today": texts.long_date(timezone.localdate()),
        "is_self": is_self,
        "can_manage": can_manage,
        "sign_form": (sign_form or PactSignForm()) if open_ and is_self else None,
        "scan_form": (scan_form or PactScanForm(initial={"signed_on": timezone.localdate()}))
        if open_ and can_manage
        else None,
    }


class PactView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        placement = selectors.get_placement_for_user(request.user, pk)
        return render(request, "declaration/pact.html", _pact_context(request, placement))


class PactSignView(TenantMemberRequiredMixin, View):
    """Click to sign: the statement shown on the page, time and IP recorded."""

    def post(self, request, pk):
        placement = selectors.get_placement_for_user(request.user, pk)
        form = PactSignForm(request.POST)  # always valid: not agreeing is the service's refusal
        response = submit(
            request,
            form,
            lambda: services.pact_sign(
                actor=request.user,
                placement=placement,
                ip_address=request.META.get("REMOTE_ADDR"),
                agreed=bool(form.cleaned_data.get("agree")),
            ),
            success=_("Pakta Integritas Anda telah ditandatangani. Terima kasih."),
            redirect_to=("declaration:pact", placement.pk),
        )
        if response is not None:
            return response
        placement = selectors.get_placement_for_user(request.user, pk)
        return render(
            request,
            "declaration/pact.html",
            _pact_context(request, placement, sign_form=form),
            status=400,
        )


@method_decorator(hashing_upload_view, name="dispatch")
class PactScanView(TenantMemberRequiredMixin, View):
    """Record a pact signed on paper (POST, file streamed and hashed) or read its scan."""

    def get(self, request, pk):
        pact = selectors.get_pact_scan_for_user(request.user, pk)
        return serve_stored_file(request, pact.scan, as_attachment=request.GET.get("unduh") == "1")

    def post(self, request, pk):
        placement = selectors.get_placement_for_user(request.user, pk)
        require(request.user, Capability.DECLARATION_MANAGE, placement.unit)
        form = PactScanForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.pact_record_scan(
                actor=request.user,
                placement=placement,
                uploaded=uploaded_file(request),
                signed_on=form.cleaned_data["signed_on"],
            ),
            success=_("Pindaian Pakta Integritas %(name)s disimpan.")
            % {"name": placement.employee.name},
            redirect_to=("declaration:pact", placement.pk),
        )
        if response is not None:
            return response
        placement = selectors.get_placement_for_user(request.user, pk)
        return render(
            request,
            "declaration/pact.html",
            _pact_context(request, placement, scan_form=form),
            status=400,
        )


class PactPdfView(TenantMemberRequiredMixin, View):
    """The signed pact as a PDF in the FRM-02 layout, made by the worker when it was
    signed or recorded; should the worker not have run yet, it is made (and kept) now.
    Readable by the employee themself and by whoever sees the unit's roster."""

    def get(self, request, pk):
        pact = selectors.get_pact_for_user(request.user, pk)
        stored = pact.pdf_file or services.pact_pdf_store(pact=pact, actor=request.user)
        if stored is None:  # the worker is still making it after the wait
            messages.info(request, MAKING_PDF)
            return redirect("declaration:pact", pact.placement_id)
        return serve_stored_file(request, stored, as_attachment=request.GET.get("unduh") == "1")


class MyPactView(TenantMemberRequiredMixin, View):
    """The user's own placements in the active agency and whether each pact is signed."""

    def get(self, request):
        placements = list(selectors.own_placements(request.user))
        return render(request, "declaration/my_pact.html", {"placements": placements})
