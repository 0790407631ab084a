from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View

from apps.core.access import Capability
from apps.core.mixins import TenantAdminRequiredMixin

from .labels import action_choices
from .models import AuditEvent


class AuditListView(TenantAdminRequiredMixin, View):
    capability = Capability.AUDIT_VIEW

    def get(self, request):
        events = AuditEvent.objects.select_related("actor")
        action = request.GET.get("action", "").strip()
        if action:
            events = events.filter(action__startswith=action[:60])
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
        return render(
            request,
            "audit/list.html",
            {"page": page, "action": action, "actions": action_choices(actions)},
        )
