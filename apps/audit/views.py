from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View

from apps.core.access import Capability
from apps.core.mixins import TenantAdminRequiredMixin

from .actions import AuditAction, action_choices
from .models import AuditEvent


class AuditListView(TenantAdminRequiredMixin, View):
    capability = Capability.AUDIT_VIEW

    def get(self, request):
        events = AuditEvent.objects.select_related("actor")
        action = request.GET.get("action", "").strip()[:60]
        if action in AuditAction.values:
            events = events.filter(action=action)
        elif action:
            # A group of actions by its prefix ("role.", "evidence.").
            events = events.filter(action__startswith=action)
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "audit/list.html",
            {"page": page, "action": action, "actions": action_choices()},
        )
