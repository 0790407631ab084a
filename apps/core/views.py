import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.accounts.invitations import open_invitations_for
from apps.accounts.selectors import role_assignments_of

from .mixins import TenantMemberRequiredMixin


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness: the database and Redis both answer, else 503."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure means "down"
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        client.ping()
        checks["redis"] = "ok"
    except Exception as exc:
        checks["redis"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


class HomeView(TenantMemberRequiredMixin, View):
    """Role-aware landing page: the units the user holds roles in, the roles, and the
    invitations of other agencies waiting for an answer. A person in no agency yet lands
    on their invitations."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.tenant is None:
            return redirect("my_invitations")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        assignments = role_assignments_of(request.user)
        units: dict[int, dict] = {}
        for assignment in assignments:
            entry = units.setdefault(assignment.unit_id, {"unit": assignment.unit, "roles": []})
            entry["roles"].append(assignment)
        return render(
            request,
            "core/home.html",
            {
                "unit_roles": list(units.values()),
                "invitations": list(open_invitations_for(request.user)),
            },
        )
