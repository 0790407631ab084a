"""The reports API's views. Thin: rows through the selectors (404 for anything not
readable), writes through the services (403 without the capability, 400 with Indonesian
messages for bad input)."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import TENANT_HEADER_PARAMETER, HasTenant, parse
from apps.files.serving import serve_stored_file

from .. import sections, services
from ..agents import services as agent_services
from ..models import ActionRealisation, Kind, Recommendation, Report, ReportStatus
from ..periods import percent
from ..selectors import (
    deadlines,
    get_action_item_for_user,
    get_recommendation_for_user,
    get_report_for_user,
    history,
    last_return_reason,
    realisations_visible_to,
    recommendation_list,
    report_list,
)
from ..services.flow import AGENT_FIELDS, MEETING_FIELDS
from ..views.files import DOCX
from .inputs import (
    AgentSettingsInput,
    FollowUpInput,
    RealisationInput,
    RealisationListQuery,
    ReasonInput,
    RecommendationCreateInput,
    RecommendationInput,
    RecommendationListQuery,
    ReportCreateInput,
    ReportListQuery,
    ReportUpdateInput,
)
from .serializers import (
    AgentSettingsSerializer,
    RealisationSerializer,
    RecommendationSerializer,
    ReportDetailSerializer,
    ReportSerializer,
)

# --- Views -------------------------------------------------------------------------------


def percent_string(done: int, total: int) -> str | None:
    value = percent(done, total)
    return None if value is None else str(value)


def _figures(report: Report) -> dict:
    current = sections.of(report)
    if report.kind == Kind.TAHUNAN:  # the year's plan and the monev recommendations
        return {
            "recommendations": {
                k: current["recommendations"][k] for k in ("done", "total", "percent")
            },
            "activities": {k: current["plan"][k] for k in ("done", "total", "percent")},
        }, current
    if report.kind == Kind.AGEN_PERUBAHAN:
        # FRM-05: G.1 (last quarter's unrealised items followed up) and G.2 (plan vs actual).
        follow = current["follow_up"]
        return {
            "recommendations": {
                "done": follow["done"],
                "total": follow["total"],
                "percent": percent_string(follow["done"], follow["total"]),
            },
            "activities": {k: current["plan_actual"][k] for k in ("done", "total", "percent")},
        }, current
    return {
        "recommendations": {k: current["b"][k] for k in ("done", "total", "percent")},
        "activities": {k: current["c"][k] for k in ("done", "total", "percent")},
    }, current


def _report_response(request, pk, status_code=status.HTTP_200_OK) -> Response:
    report = get_report_for_user(request.user, pk)
    deadlines([report], tenant=request.tenant)
    report.figures, report.sections = _figures(report)
    steps = history(report) if report.status == ReportStatus.RETURNED else []
    report.return_reason = last_return_reason(steps)
    return Response(ReportDetailSerializer(report).data, status=status_code)


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """A download answers with the file's own type whatever ``Accept`` asks for; only its
    error bodies are rendered (as JSON)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class ReportViewSet(viewsets.GenericViewSet):
    """Reports of the units the user may read (the unit's team and head, verifiers and
    leadership above). The team drafts a past month and writes a draft; the Pimpinan
    Unit returns or approves it; an issued report is frozen and has its PDF."""

    permission_classes = [HasTenant]
    serializer_class = ReportSerializer
    queryset = Report.objects.none()  # for the schema only; every action builds its own

    @extend_schema(parameters=[ReportListQuery], responses=ReportSerializer(many=True))
    def list(self, request):
        """Newest period first; every revision not superseded (for a period being
        corrected, the issued one and its open correction)."""
        query = parse(ReportListQuery, request, data=request.query_params)
        reports = report_list(
            request.user,
            year=query.get("year"),
            month=query.get("month"),
            status=query.get("status", ""),
        )
        if "kind" in query:
            reports = reports.filter(kind=query["kind"])
        for field in ("cycle", "unit", "agent"):
            if field in query:
                reports = reports.filter(**{f"{field}_id": query[field]})
        page = self.paginate_queryset(reports)
        deadlines(page, tenant=request.tenant)
        return self.get_paginated_response(ReportSerializer(page, many=True).data)

    @extend_schema(responses=ReportDetailSerializer)
    def retrieve(self, request, pk=None):
        return _report_response(request, pk)

    @extend_schema(request=ReportCreateInput, responses={201: ReportDetailSerializer})
    def create(self, request):
        """Draft the report of a month that is over (the portal drafts it anyway on the
        first working day after it)."""
        data = parse(ReportCreateInput, request)
        report = services.report_draft(actor=request.user, **data)
        return _report_response(request, report.pk, status.HTTP_201_CREATED)

    @extend_schema(request=ReportUpdateInput, responses=ReportDetailSerializer)
    def partial_update(self, request, pk=None):
        """The team's parts of a draft: A (the meeting), D and E."""
        report = get_report_for_user(request.user, pk)
        changes = parse(ReportUpdateInput, request, partial=True)
        write, fields = (
            (agent_services.agent_report_update, AGENT_FIELDS)
            if report.kind == Kind.AGEN_PERUBAHAN
            else (services.report_update, MEETING_FIELDS)
        )
        other = sorted(set(changes) - set(fields))
        if other:
            raise ValidationError(
                {f: [_("Bagian ini tidak ada pada jenis laporan ini.")] for f in other}
            )
        write(actor=request.user, report=report, **changes)
        return _report_response(request, report.pk)

    @extend_schema(request=None, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = get_report_for_user(request.user, pk)
        services.report_submit(actor=request.user, report=report)
        return _report_response(request, report.pk)

    @extend_schema(request=ReasonInput, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        report = get_report_for_user(request.user, pk)
        data = parse(ReasonInput, request)
        services.report_return(actor=request.user, report=report, reason=data["reason"])
        return _report_response(request, report.pk)

    @extend_schema(request=None, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        report = get_report_for_user(request.user, pk)
        services.report_approve(actor=request.user, report=report)
        return _report_response(request, report.pk)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("PDF laporan yang terbit.")
            ),
            (206, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Rentang yang diminta (header Range).")
            ),
        }
    )
    @action(detail=True, methods=["get"], content_negotiation_class=AnyAcceptNegotiation)
    def pdf(self, request, pk=None):
        """The issued report's PDF (``?unduh=1``: as an attachment); made at once when the
        worker has not yet run. 404 for a report not issued."""
        report = get_report_for_user(request.user, pk)
        if not report.is_published:
            raise Http404
        stored = report.pdf_file or services.report_pdf_store(report=report, actor=request.user)
        if stored is None:
            raise Http404
        return serve_stored_file(request, stored, as_attachment=request.GET.get("unduh") == "1")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "bagian",
                str,
                enum=["narasi"],
                required=False,
                description=_("narasi: hanya bagian yang ditulis tim; kosong: seluruh laporan."),
            )
        ],
        responses={
            (200, DOCX): OpenApiResponse(
                OpenApiTypes.BINARY,
                description=_("Laporan Pembangunan ZI tahunan sebagai .docx (dari sumber PDF)."),
            ),
        },
    )
    @action(detail=True, methods=["get"], content_negotiation_class=AnyAcceptNegotiation)
    def docx(self, request, pk=None):
        """The annual report as .docx, built from the same document as its PDF (any state:
        the team's working copy). 404 for another kind."""
        report = get_report_for_user(request.user, pk)
        if report.kind != Kind.TAHUNAN:
            raise Http404
        narrative = request.GET.get("bagian") == "narasi"
        response = HttpResponse(
            services.report_docx(report=report, narrative=narrative), content_type=DOCX
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{services.docx_name(report, narrative)}"'
        )
        return response


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class RecommendationViewSet(viewsets.GenericViewSet):
    """Recommendations of the reports the user may read: made in a report's section E with
    a PIC and a target date, followed up in later reports (section B) until done."""

    permission_classes = [HasTenant]
    serializer_class = RecommendationSerializer
    queryset = Recommendation.objects.none()  # for the schema only

    @extend_schema(
        parameters=[RecommendationListQuery], responses=RecommendationSerializer(many=True)
    )
    def list(self, request):
        query = parse(RecommendationListQuery, request, data=request.query_params)
        rows = recommendation_list(request.user)
        if "report" in query:
            rows = rows.filter(report_id=query["report"])
        if "unit" in query:
            rows = rows.filter(unit_id=query["unit"])
        if "open" in query:
            rows = rows.filter(closed_in__isnull=query["open"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(RecommendationSerializer(page, many=True).data)

    def _response(self, request, pk, status_code=status.HTTP_200_OK):
        recommendation = get_recommendation_for_user(request.user, pk)
        return Response(RecommendationSerializer(recommendation).data, status=status_code)

    @extend_schema(responses=RecommendationSerializer)
    def retrieve(self, request, pk=None):
        return self._response(request, pk)

    @extend_schema(request=RecommendationCreateInput, responses={201: RecommendationSerializer})
    def create(self, request):
        data = parse(RecommendationCreateInput, request)
        recommendation = services.recommendation_add(
            actor=request.user,
            report=data["report"],
            area=data.get("area", ""),
            text=data.get("text", ""),
            pic=data.get("pic"),
            target_on=data.get("target_on"),
        )
        return self._response(request, recommendation.pk, status.HTTP_201_CREATED)

    @extend_schema(request=RecommendationInput, responses=RecommendationSerializer)
    def partial_update(self, request, pk=None):
        recommendation = get_recommendation_for_user(request.user, pk)
        data = parse(RecommendationInput, request, partial=True)
        values = {
            "area": recommendation.area,
            "text": recommendation.text,
            "pic": recommendation.pic,
            "target_on": recommendation.target_on,
        }
        values.update(data)
        services.recommendation_update(actor=request.user, recommendation=recommendation, **values)
        return self._response(request, recommendation.pk)

    @extend_schema(request=FollowUpInput, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """Record the follow-up in section B of the report being written."""
        recommendation = get_recommendation_for_user(request.user, pk)
        data = parse(FollowUpInput, request)
        services.recommendation_follow_up(
            actor=request.user,
            report=data["report"],
            recommendation=recommendation,
            status=data["status"],
            follow_up=data.get("follow_up", ""),
            evidence_note=data.get("evidence_note", ""),
            evidence=data.get("evidence", []),
        )
        return self._response(request, recommendation.pk)


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class AgentRealisationViewSet(viewsets.GenericViewSet):
    """Plan vs actual of the change agents' Rencana Aksi, per item and month (FRM-05 G.2):
    read as the unit's reports are; recorded by the item's own agent."""

    permission_classes = [HasTenant]
    serializer_class = RealisationSerializer
    queryset = ActionRealisation.objects.none()
    # The item named in the body must be one the user may read (404 otherwise, as a path id).
    error_statuses = {"create": (404,)}

    @extend_schema(parameters=[RealisationListQuery], responses=RealisationSerializer(many=True))
    def list(self, request):
        query = parse(RealisationListQuery, request, data=request.query_params)
        rows = realisations_visible_to(request.user)
        for field in ("cycle", "agent", "item"):
            if field in query:
                key = {"cycle": "item__agent__cycle_id", "agent": "item__agent_id"}.get(
                    field, "item_id"
                )
                rows = rows.filter(**{key: query[field]})
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(RealisationSerializer(page, many=True).data)

    @extend_schema(request=RealisationInput, responses={200: RealisationSerializer})
    def create(self, request):
        """Record (or change) one month of one item: realised yes / partly / no, a note
        (required unless fully realised) and evidence items of the unit."""
        data = parse(RealisationInput, request)
        item = get_action_item_for_user(request.user, data.pop("item"))
        record = agent_services.agent_realisation_record(actor=request.user, item=item, **data)
        return Response(RealisationSerializer(record).data)


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class AgentReportSettingsView(APIView):
    """The agency's FRM-05 setting: one report per change agent or per unit, and the texts
    of A–C new drafts start from. Read by every member of the agency; changed by the
    Admin Instansi at the agency's root (403 for anyone else)."""

    permission_classes = [HasTenant]

    @extend_schema(responses=AgentSettingsSerializer)
    def get(self, request):
        setting = agent_services.agent_report_settings_of(request.tenant)
        return Response(AgentSettingsSerializer(setting).data)

    @extend_schema(request=AgentSettingsInput, responses=AgentSettingsSerializer)
    def patch(self, request):
        data = parse(AgentSettingsInput, request, partial=True)
        setting = agent_services.agent_report_settings_update(
            actor=request.user, tenant=request.tenant, **data
        )
        return Response(AgentSettingsSerializer(setting).data)
