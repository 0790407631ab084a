from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Tenant
from .selectors import SESSION_KEY, tenants_of


@login_required
@require_POST
def switch_tenant(request):
    try:
        tenant = tenants_of(request.user).get(pk=int(request.POST.get("tenant", "")))
    except (ValueError, Tenant.DoesNotExist):
        return HttpResponseBadRequest("Instansi tidak dikenal.")
    request.session[SESSION_KEY] = tenant.pk
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "home"
    return redirect(target)
