"""The leadership dashboard page: parse the address, check the capability, call the
selector, render. Its figures come from ``selectors.dashboard_for`` (summary rows)."""

from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, request_capabilities
from apps.core.exceptions import AccessDenied
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.models import YEAR_MAX, YEAR_MIN
from apps.cycles.stages import Stage

from .selectors import WBBM_MINIMUM, WBK_MINIMUM, dashboard_for

LAYERS = {"skor": _("Skor"), "kelengkapan": _("Kelengkapan bukti")}
KNOWN = {"tahun", "unit", "lapisan", "tahap"}


def dashboard_params(query) -> dict:
    """The dashboard's address parameters, checked: BadRequest (400) with the reason for
    anything malformed. Unknown parameters are refused too (a typo must not silently show
    another view than the one asked for)."""
    unknown = sorted(set(query) - KNOWN)
    if unknown:
        raise BadRequest(_("Parameter tidak dikenal: %(names)s.") % {"names": ", ".join(unknown)})
    params: dict = {"year": None, "unit_id": None, "layer": "skor", "stage": ""}
    for name, key in (("tahun", "year"), ("unit", "unit_id")):
        raw = query.get(name, "")
        if raw == "":
            continue
        if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
            raise BadRequest(
                _("%(name)s harus berupa angka, bukan “%(value)s”.")
                % {"name": name.capitalize(), "value": raw[:40]}
            )
        params[key] = int(raw)
    if params["year"] is not None and not YEAR_MIN <= params["year"] <= YEAR_MAX:
        raise BadRequest(
            _("Tahun harus antara %(min)s dan %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX}
        )
    layer = query.get("lapisan", "skor")
    if layer not in LAYERS:
        raise BadRequest(_("Lapisan harus “skor” atau “kelengkapan”."))
    params["layer"] = layer
    stage = query.get("tahap", "")
    if stage and stage not in Stage.values:
        raise BadRequest(_("Tahap “%(value)s” tidak dikenal.") % {"value": stage[:40]})
    params["stage"] = stage
    return params


def require_dashboard(request) -> None:
    if Capability.DASHBOARD_VIEW not in request_capabilities(request):
        raise AccessDenied(
            _("Dasbor pimpinan hanya untuk Admin Instansi, Pimpinan, Pimpinan Unit dan Ketua Tim.")
        )


def refused(request, exc: BadRequest | Http404):
    """The 400 or 404 page with the reason (Django's own handlers show none)."""
    status, template = (400, "400.html") if isinstance(exc, BadRequest) else (404, "404.html")
    return render(request, template, {"message": str(exc)}, status=status)


class DashboardView(TenantMemberRequiredMixin, View):
    """Where every unit in the leader's reach stands: ``?tahun=&unit=&lapisan=&tahap=``."""

    def get(self, request):
        require_dashboard(request)
        try:
            params = dashboard_params(request.GET)
            dash = dashboard_for(
                request.user, year=params["year"], unit_id=params["unit_id"], stage=params["stage"]
            )
        except (BadRequest, Http404) as exc:
            return refused(request, exc)
        return render(
            request,
            "dashboard/dashboard.html",
            {
                "dash": dash,
                "chart_data": dash.chart_data(),
                "layer": params["layer"],
                "layers": LAYERS,
                "wbk_minimum": WBK_MINIMUM,
                "wbbm_minimum": WBBM_MINIMUM,
            },
        )
