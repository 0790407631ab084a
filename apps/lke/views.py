"""Read-only, print-friendly pages of the LKE template versions.

Templates are national regulations: every signed-in person may read the
published and retired versions (drafts: platform operators only).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from apps.core.actions import perform
from apps.lke.engine import model as m

from .selectors import engine_template, get_template_version_for_user, visible_template_versions
from .services import STATUS_TRANSITIONS, template_set_status

MEASURES = {
    m.M_TOTAL: _("Nilai total"),
    m.M_COMPONENT: _("Nilai komponen"),
    m.M_AREA: _("Nilai area"),
    m.M_AREA_PERCENT: _("Persentase setiap area"),
    m.M_QUESTION: _("Nilai butir"),
    m.M_PRIOR: _("Predikat sebelumnya"),
}


def _predicate_rows(template: m.Template) -> list[dict]:
    """Each predicate with its rules, and the area minimums its % rule implies."""
    rows = []
    for predicate in template.predicates:
        rules = [{"rule": rule, "measure": MEASURES.get(rule.measure)} for rule in predicate.rules]
        minimums = {
            area.code: area.weight * rule.percent / 100
            for rule in predicate.rules
            if rule.measure == m.M_AREA_PERCENT
            for area in template.component(rule.ref).areas
        }
        rows.append({"predicate": predicate, "rules": rules, "area_minimums": minimums})
    return rows


class TemplateListView(LoginRequiredMixin, View):
    def get(self, request):
        versions = visible_template_versions(request.user)
        return render(request, "lke/template_list.html", {"versions": versions})


class TemplateDetailView(LoginRequiredMixin, View):
    def get(self, request, code):
        version = get_template_version_for_user(request.user, code)
        template = engine_template(version)
        context = {
            "version": version,
            "template": template,
            "pengungkit_areas": template.areas(m.PENGUNGKIT),
            "per_aspect": template.settings.area_rule == m.PER_ASPECT,
            "question_count": len(template.questions),
            "predicates": _predicate_rows(template),
            "next_statuses": [
                (status, status.label) for status in STATUS_TRANSITIONS.get(version.status, ())
            ]
            if request.user.is_superuser
            else [],
        }
        return render(request, "lke/template_detail.html", context)


class TemplateStatusView(LoginRequiredMixin, View):
    """Publish or retire a version (platform operators)."""

    def post(self, request, code):
        version = get_template_version_for_user(request.user, code)
        return perform(
            request,
            lambda: template_set_status(
                actor=request.user, version=version, status=request.POST.get("status", "")
            ),
            success=_("Status template %(code)s diperbarui.") % {"code": code},
            redirect_to=("lke:template", code),
        )
