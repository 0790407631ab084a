""" "Kirim pengingat": the preview of who will be reminded (GET, never sends) and the
send after confirmation (POST). For the unit's head, its Ketua Tim and the Admin Instansi
over it (``nudge.send``); anybody else who sees the cycle gets a 403, anybody who does not
a 404."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, require
from apps.core.actions import perform
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.selectors import get_cycle_for_user

from .. import services
from ..nudges import Reason, nudge_preview, whatsapp_link


def _page_url(cycle, reason: str = "") -> str:
    url = reverse("workplan:nudge", args=[cycle.pk])
    return f"{url}?{urlencode({'alasan': reason})}" if reason else url


class NudgeView(TenantMemberRequiredMixin, View):
    template_name = "workplan/nudge.html"

    def _cycle(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        require(request.user, Capability.NUDGE_SEND, cycle.unit)
        return cycle

    def get(self, request, cycle_pk):
        cycle = self._cycle(request, cycle_pk)
        reason = request.GET.get("alasan", "")
        context = {"cycle": cycle, "reasons": Reason.choices, "reason": reason}
        status = 200
        if reason in Reason.values:
            pending, without_account = nudge_preview(cycle, reason)
            context.update(
                previewed=True,
                reason_label=Reason(reason).label,
                rows=[(p, whatsapp_link(cycle, reason, p, sender=request.user)) for p in pending],
                ready=[p for p in pending if p.may_send],
                without_account=without_account,
            )
        elif reason:
            context["reason_error"] = _("Jenis pengingat tidak dikenal; pilih salah satu.")
            context["reason"] = ""
            status = 400
        return render(request, self.template_name, context, status=status)

    def post(self, request, cycle_pk):
        cycle = self._cycle(request, cycle_pk)
        reason = request.POST.get("alasan", "")
        ids = [int(v) for v in request.POST.getlist("penerima") if v.isdigit() and len(v) < 19]
        back = _page_url(cycle, reason if reason in Reason.values else "")

        def said(result):
            text = _("Pengingat dikirim kepada %(n)s orang.") % {"n": result["sent"]}
            if result["skipped"]:
                text += " " + _(
                    "%(n)s orang dilewati karena sudah diingatkan untuk hal ini dalam 24 jam "
                    "terakhir."
                ) % {"n": result["skipped"]}
            return text

        return perform(
            request,
            lambda: services.nudge_send(
                actor=request.user, cycle=cycle, reason=reason, recipient_ids=ids
            ),
            success=said,
            redirect_to=back,
        )
