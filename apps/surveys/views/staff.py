"""A unit's surveys for its staff (``/survei/``): the list, a new survey, its summary,
settings, questionnaire, services and QR codes with their printable posters, and the two
irreversible steps (open, close).

Reading needs ``survey.view`` over the survey's unit (else 404, as for a missing survey);
changing needs ``survey.manage`` for the Pelayanan Publik area (else 403 with the
capability table's message, from the service). Writes follow ``apps.core.actions``.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from apps.core.actions import perform, submit
from apps.core.exceptions import AccessDenied
from apps.core.http import error_text, get_or_404
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import render_pdf
from apps.identification.selectors import service_names_by_unit
from apps.units.letterhead import letterhead

from .. import qr, services
from ..access import (
    can_manage,
    get_survey_for_user,
    require_manage,
    surveys_visible_to,
    units_managed,
)
from ..forms import (
    LinkForm,
    ServicesForm,
    SurveyCreateForm,
    SurveyEditForm,
    item_formset,
)
from ..models import Kind, Link, LinkKind, Period, Response, Status, Survey
from ..scoring import rule_text
from ..selectors import SurveyResult, answered_count, totals_by_survey

PER_PAGE = 50
# Above this many units with surveys, the list's unit filter is a search on code or name.
UNIT_SELECT_LIMIT = 100


def _detail(survey) -> str:
    return reverse("surveys:detail", args=[survey.pk])


def public_url(request, link: Link) -> str:
    """The absolute address a QR code leads to (the public form, ``/s/<token>/``)."""
    try:
        path = reverse("surveys_public:form", args=[link.token])
    except NoReverseMatch:
        path = f"/s/{link.token}/"
    return request.build_absolute_uri(path)


def _base(request, survey: Survey, tab: str) -> dict:
    return {
        "survey": survey,
        "unit": survey.unit,
        "tab": tab,
        "can_manage": can_manage(request.user, survey.unit),
    }


def _qr_links(survey: Survey):
    """The survey's open QR codes: the whole unit's first, then by service and desk."""
    return (
        survey.links.filter(kind=LinkKind.QR)
        .select_related("service")
        .order_by(F("service__order").asc(nulls_first=True), "service__name", "desk", "id")
    )


# --- The list ---------------------------------------------------------------------------


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


class SurveyListView(TenantMemberRequiredMixin, View):
    """The surveys of the units the user may read, filtered by unit, kind, year, status."""

    def get(self, request):
        visible = surveys_visible_to(request.user)
        filters = {
            "unit": _int(request.GET.get("unit")),
            "unit_q": request.GET.get("unit_q", "").strip()[:100],
            "kind": request.GET.get("kind", "") if request.GET.get("kind") in Kind.values else "",
            "year": _int(request.GET.get("year")),
            "status": (
                request.GET.get("status", "") if request.GET.get("status") in Status.values else ""
            ),
        }
        units = list(
            visible.order_by("unit__path")
            .values_list("unit_id", "unit__code", "unit__name")
            .distinct()
        )
        years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
        surveys = visible.order_by("-year", "unit__path", "kind", "period", "pk")
        if filters["unit"]:
            surveys = surveys.filter(unit_id=filters["unit"])
        elif filters["unit_q"]:
            q = filters["unit_q"]
            surveys = surveys.filter(Q(unit__name__icontains=q) | Q(unit__code__icontains=q))
        for name in ("kind", "year", "status"):
            if filters[name]:
                surveys = surveys.filter(**{name: filters[name]})
        page = Paginator(surveys, PER_PAGE).get_page(request.GET.get("page"))
        totals = totals_by_survey([s.pk for s in page.object_list])
        for survey in page.object_list:
            survey.respondents = totals.get(survey.pk, 0)
        context = {
            "page": page,
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "units": units if len(units) <= UNIT_SELECT_LIMIT else None,
            "unit_count": len(units),
            "years": years,
            "kinds": Kind.choices,
            "statuses": Status.choices,
            "can_create": units_managed(request.user).exists(),
        }
        return render(request, "surveys/list.html", context)


# --- A new survey -----------------------------------------------------------------------


class SurveyCreateView(TenantMemberRequiredMixin, View):
    def _context(self, request, form, units, suggestions) -> dict:
        chosen = form["unit"].value()
        return {
            "form": form,
            "suggestions": [
                {"unit": unit, "names": suggestions[unit.pk], "chosen": str(unit.pk) == str(chosen)}
                for unit in units
                if suggestions.get(unit.pk)
            ],
        }

    def _units(self, request):
        """The units the user may prepare surveys of (a queryset and its rows), or 403."""
        units = units_managed(request.user)
        rows = list(units)
        if not rows:
            raise AccessDenied(
                _(
                    "Hanya Ketua Tim, Sekretaris atau Pokja Pelayanan Publik suatu unit yang "
                    "dapat membuat survei."
                )
            )
        return units, rows

    def get(self, request):
        units, rows = self._units(request)
        suggestions = service_names_by_unit([u.pk for u in rows])
        by_pk = {str(u.pk): u for u in rows}
        unit = by_pk.get(request.GET.get("unit", "")) or (rows[0] if len(rows) == 1 else None)
        kind = request.GET.get("kind")
        initial = {"kind": kind if kind in Kind.values else Kind.SKM}
        if unit is not None:
            initial["unit"] = unit.pk
            initial["services"] = "\n".join(suggestions.get(unit.pk, []))
        form = SurveyCreateForm(initial=initial, units=units)
        return render(
            request, "surveys/create.html", self._context(request, form, rows, suggestions)
        )

    def post(self, request):
        units, rows = self._units(request)
        form = SurveyCreateForm(request.POST, units=units)
        response = submit(
            request,
            form,
            lambda: services.survey_create(actor=request.user, **form.service_values()),
            success=lambda survey: (
                _("Survei %(title)s dibuat dari kuesioner standar.") % {"title": survey.title}
            ),
            redirect_to=_detail,
        )
        if response is not None:
            return response
        suggestions = service_names_by_unit([u.pk for u in rows])
        context = self._context(request, form, rows, suggestions)
        return render(request, "surveys/create.html", context, status=400)


# --- One survey -------------------------------------------------------------------------


class SurveyDetailView(TenantMemberRequiredMixin, View):
    """Status, settings, questionnaire, services, QR codes, answers against the minimum
    sample, and the open/close buttons."""

    def get(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        context = _base(request, survey, "detail")
        items = list(survey.items.all())
        # The answers counted (one query) against the minimum sample, as the results define
        # it (selectors.SurveyResult), without computing the figures themselves.
        progress = SurveyResult(survey, answered_count(survey), ())
        services_ = list(survey.services.all())
        if survey.is_open and survey.kind != Kind.SKM and services_:
            # IPAK/IPKP need every service represented: said before the final close.
            answered = set(
                Response.objects.filter(survey=survey)
                .exclude(service=None)
                .values_list("service_id", flat=True)
                .distinct()
            )
            missing = tuple(s.name for s in services_ if s.pk not in answered)
            progress = SurveyResult(survey, progress.respondents, (), missing)
        start, end = survey.bounds
        open_warnings = []
        if timezone.localdate() < start:
            open_warnings.append(
                _("Periode survei baru dimulai %(day)s; jawaban sebelum itu ikut dihitung.")
                % {"day": date_format(start, "j F Y")}
            )
        elif timezone.localdate() > end:
            open_warnings.append(
                _("Periode survei sudah berakhir %(day)s.") % {"day": date_format(end, "j F Y")}
            )
        context.update(
            {
                "items": items,
                "services": services_,
                "close_warnings": progress.warnings if survey.is_open else [],
                "open_warnings": open_warnings if survey.is_editable else [],
                "links": list(_qr_links(survey)),
                "respondents": progress.respondents,
                "sample_minimum": progress.sample_minimum,
                "sample_percent": progress.sample_percent,
                "rule_text": rule_text(survey.scale_rule, survey.scale),
                "bounds": survey.bounds,
            }
        )
        return render(request, "surveys/detail.html", context)


class SurveyOpenView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.survey_open(actor=request.user, survey=survey),
            success=_("Survei dibuka: responden kini dapat menjawab lewat kode QR dan tautan."),
            redirect_to=_detail(survey),
        )


class SurveyCloseView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.survey_close(actor=request.user, survey=survey),
            success=_("Survei ditutup: tidak ada jawaban baru lagi; hasilnya kini final."),
            redirect_to=_detail(survey),
        )


class SurveyEditView(TenantMemberRequiredMixin, View):
    template = "surveys/edit.html"

    def _context(self, request, survey, form) -> dict:
        context = _base(request, survey, "detail")
        context["form"] = form
        return context

    def get(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        form = SurveyEditForm(survey=survey)
        return render(request, self.template, self._context(request, survey, form))

    def post(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        require_manage(request.user, survey.unit)  # before "nothing changed"
        form = SurveyEditForm(request.POST, survey=survey)
        if form.is_valid() and not form.changed_data:
            messages.info(request, _("Tidak ada yang berubah."))
            return redirect(_detail(survey))
        response = submit(
            request,
            form,
            lambda: services.survey_update(actor=request.user, survey=survey, **form.changes()),
            success=_("Pengaturan survei disimpan."),
            redirect_to=_detail,
        )
        if response is not None:
            return response
        survey = get_survey_for_user(request.user, pk)
        return render(request, self.template, self._context(request, survey, form), status=400)


class ItemsView(TenantMemberRequiredMixin, View):
    """The questionnaire: read it; while the survey is being prepared, adapt it."""

    template = "surveys/items.html"

    def _context(self, request, survey, formset, error="") -> dict:
        context = _base(request, survey, "items")
        context.update(
            {
                "formset": formset,
                "error": error,
                "editable": context["can_manage"] and survey.is_editable,
                "is_skm": survey.kind == Kind.SKM,
            }
        )
        return context

    def get(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        formset = item_formset(survey, items=survey.items.all())
        return render(request, self.template, self._context(request, survey, formset))

    def post(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        require_manage(request.user, survey.unit)  # a reader's rubbish is a 403, not a 400
        # Not submit(): the refusal is shown beside the whole formset, which is rendered
        # again with what was typed (submit() takes one form).
        formset = item_formset(survey, request.POST, items=survey.items.all())
        if formset.is_valid():
            try:
                services.items_save(actor=request.user, survey=survey, items=formset.items())
            except ValidationError as exc:
                context = self._context(request, survey, formset, error_text(exc))
                return render(request, self.template, context, status=400)
            messages.success(request, _("Kuesioner disimpan."))
            return redirect("surveys:items", survey.pk)
        error = " ".join(str(e) for e in formset.non_form_errors()) or _(
            "Periksa kembali isian yang ditandai."
        )
        return render(
            request, self.template, self._context(request, survey, formset, error), status=400
        )


class ServicesView(TenantMemberRequiredMixin, View):
    template = "surveys/services.html"

    def _context(self, request, survey, form) -> dict:
        context = _base(request, survey, "services")
        known = {s.name.casefold() for s in survey.services.all()}
        suggested = service_names_by_unit([survey.unit_id]).get(survey.unit_id, [])
        context.update(
            {
                "form": form,
                "suggestions": [name for name in suggested if name.casefold() not in known],
                "editable": context["can_manage"] and not survey.is_closed,
            }
        )
        return context

    def get(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        names = "\n".join(s.name for s in survey.services.all())
        form = ServicesForm(initial={"names": names})
        return render(request, self.template, self._context(request, survey, form))

    def post(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        form = ServicesForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.services_save(
                actor=request.user, survey=survey, names=form.names_list()
            ),
            success=_("Daftar layanan disimpan."),
            redirect_to=("surveys:services", survey.pk),
        )
        if response is not None:
            return response
        return render(request, self.template, self._context(request, survey, form), status=400)


# --- QR codes and posters ---------------------------------------------------------------


class LinksView(TenantMemberRequiredMixin, View):
    """The survey's open QR codes (unit, service, desk/officer), each with its code, its
    address and its poster; a form to add one."""

    template = "surveys/links.html"

    def _context(self, request, survey, form) -> dict:
        context = _base(request, survey, "links")
        links = list(_qr_links(survey).annotate(respondents=Count("responses")))
        for link in links:
            link.url = public_url(request, link)
            link.qr_svg = qr.svg_data_uri(link.url)
        context.update(
            {
                "links": links,
                "form": form,
                "can_add": context["can_manage"] and not survey.is_closed,
            }
        )
        return context

    def get(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        form = LinkForm(survey=survey)
        return render(request, self.template, self._context(request, survey, form))

    def post(self, request, pk):
        survey = get_survey_for_user(request.user, pk)
        form = LinkForm(request.POST, survey=survey)
        response = submit(
            request,
            form,
            lambda: services.link_create(
                actor=request.user,
                survey=survey,
                service=form.cleaned_data["service"],
                desk=form.cleaned_data["desk"],
            ),
            success=lambda link: _("Kode QR %(label)s dibuat.") % {"label": link.label},
            redirect_to=lambda link: reverse("surveys:links", args=[survey.pk]) + f"#qr-{link.pk}",
        )
        if response is not None:
            return response
        return render(request, self.template, self._context(request, survey, form), status=400)


class PosterView(TenantMemberRequiredMixin, View):
    """An A4 poster of one QR code to print and put up at the service desk."""

    def get(self, request, pk, link_pk):
        survey = get_survey_for_user(request.user, pk)
        link = get_or_404(
            Link.objects.filter(survey=survey, kind=LinkKind.QR).select_related("service"),
            pk=link_pk,
        )
        url = public_url(request, link)
        context = {
            "survey": survey,
            "unit": survey.unit,
            "link": link,
            "url": url,
            "qr_svg": qr.svg_inline(url),
            "kop": letterhead(survey.unit),
            "period": Period(survey.period).label,
        }
        data = render_pdf("surveys/poster_pdf.html", context)
        name = f"poster-survei-{survey.unit.code}-{survey.short_kind}-{survey.year}-{link.pk}.pdf"
        response = HttpResponse(data, content_type="application/pdf")
        disposition = "attachment" if request.GET.get("unduh") == "1" else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{name.lower()}"'
        return response
