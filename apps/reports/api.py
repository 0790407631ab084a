"""/api/v1/reports/ and /api/v1/recommendations/: the reports a person may read (list, read,
the PDF), the team's draft and edits, the head's decision, and recommendations as records.

Thin views: rows through the selectors (404 for anything not readable: missing, other unit,
other agency alike), writes through the services, which check the capability (403) and
refuse bad input with Indonesian messages (400, nothing saved)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from apps.accounts.models import User
from apps.core.api import (
    TENANT_HEADER_PARAMETER,
    HasTenant,
    InputSerializer,
    optional_text_field,
    parse,
    text_field,
)
from apps.core.choices import Area
from apps.cycles.models import YEAR_MAX, YEAR_MIN
from apps.cycles.selectors import cycles_visible_to
from apps.evidence.models import EvidenceItem
from apps.files.serving import serve_stored_file

from . import sections, services
from .models import FollowUp, Kind, Recommendation, Report, ReportStatus
from .selectors import (
    deadlines,
    get_recommendation_for_user,
    get_report_for_user,
    recommendation_list,
    report_list,
    reports_visible_to,
)

INT_ERRORS = {"invalid": _("Harus berupa bilangan bulat.")}
DATE_ERRORS = {"invalid": _("Tanggal tidak valid; gunakan format YYYY-MM-DD.")}
BOOL_ERRORS = {"invalid": _("Harus bernilai true, false atau null.")}


# --- Output ------------------------------------------------------------------------------


class FiguresSerializer(serializers.Serializer):
    done = serializers.IntegerField(help_text=_("x: yang telah ditindaklanjuti/dilaksanakan."))
    total = serializers.IntegerField(help_text=_("y: seluruhnya."))
    percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=True,
        help_text=_("z = x/y × 100, dua desimal, setengah dibulatkan ke atas; null bila y = 0."),
    )


class ReportFiguresSerializer(serializers.Serializer):
    recommendations = FiguresSerializer(help_text=_("B: x dari y rekomendasi = z%."))
    activities = FiguresSerializer(help_text=_("C: x dari y kegiatan = z%."))


class ReportSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    title = serializers.CharField(source="__str__", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    due_on = serializers.DateField(
        source="deadline.due_on",
        read_only=True,
        allow_null=True,
        help_text=_("Batas waktu dari kalender instansi."),
    )
    overdue = serializers.BooleanField(
        source="deadline.overdue",
        read_only=True,
        help_text=_("Belum terbit dan batas waktunya sudah lewat (zona waktu unit)."),
    )
    has_pdf = serializers.SerializerMethodField(help_text=_("PDF dapat diunduh (laporan terbit)."))

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "unit",
            "unit_code",
            "unit_name",
            "cycle",
            "period_start",
            "period_end",
            "revision",
            "status",
            "status_label",
            "due_on",
            "overdue",
            "issued_at",
            "has_pdf",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_has_pdf(self, report) -> bool:
        return report.is_published


class ReportDetailSerializer(ReportSerializer):
    figures = ReportFiguresSerializer(read_only=True)
    sections = serializers.JSONField(
        read_only=True,
        help_text=_(
            "Bagian B (rekomendasi dibawa), C (kegiatan bulan itu per area) dan E (rekomendasi "
            "baru): dihitung dari data portal untuk draf, dibekukan sejak diajukan."
        ),
    )
    return_reason = serializers.CharField(read_only=True, allow_blank=True)

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "revision_reason",
            "based_on",
            "meeting_on",
            "meeting_place",
            "meeting_agenda",
            "meeting_chair",
            "attendees",
            "head_attended",
            "obstacles",
            "conclusions",
            "submitted_at",
            "approved_by",
            "signer_name",
            "signer_nip",
            "signer_title",
            "return_reason",
            "figures",
            "sections",
        ]
        read_only_fields = fields


class EvidenceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class RecommendationSerializer(serializers.ModelSerializer):
    report_title = serializers.CharField(source="report.__str__", read_only=True)
    period_start = serializers.DateField(source="report.period_start", read_only=True)
    pic_name = serializers.CharField(source="pic.full_name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    evidence = EvidenceRefSerializer(many=True, read_only=True)
    is_open = serializers.SerializerMethodField(
        help_text=_("Masih dibawa ke laporan berikutnya (belum dicatat selesai).")
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "report",
            "report_title",
            "period_start",
            "unit",
            "area",
            "text",
            "pic",
            "pic_name",
            "target_on",
            "status",
            "status_label",
            "follow_up",
            "evidence_note",
            "evidence",
            "closed_in",
            "is_open",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_is_open(self, recommendation) -> bool:
        return recommendation.closed_in_id is None


# --- Input -------------------------------------------------------------------------------


class ReportListQuery(InputSerializer):
    cycle = serializers.IntegerField(required=False, error_messages=INT_ERRORS)
    unit = serializers.IntegerField(required=False, error_messages=INT_ERRORS)
    year = serializers.IntegerField(
        required=False, min_value=YEAR_MIN, max_value=YEAR_MAX, error_messages=INT_ERRORS
    )
    month = serializers.IntegerField(
        required=False, min_value=1, max_value=12, error_messages=INT_ERRORS
    )
    status = serializers.ChoiceField(choices=ReportStatus.choices, required=False)


@extend_schema_field(OpenApiTypes.INT)
class VisibleCycleField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Siklus tidak ditemukan."),
        "incorrect_type": _("Id siklus harus berupa bilangan bulat."),
    }

    def get_queryset(self):
        return cycles_visible_to(self.context["request"].user)


class ReportCreateInput(InputSerializer):
    cycle = VisibleCycleField(help_text=_("Id siklus ZI unit (tahap pembangunan atau sesudahnya)."))
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.MONEV)
    year = serializers.IntegerField(
        min_value=1, max_value=9999, error_messages=INT_ERRORS, help_text=_("Tahun siklus.")
    )
    month = serializers.IntegerField(
        error_messages=INT_ERRORS, help_text=_("Bulan yang sudah berakhir, 1–12.")
    )


class ReportUpdateInput(InputSerializer):
    meeting_on = serializers.DateField(required=False, allow_null=True, error_messages=DATE_ERRORS)
    meeting_place = optional_text_field()
    meeting_agenda = optional_text_field()
    meeting_chair = optional_text_field()
    attendees = optional_text_field(help_text=_("Satu nama per baris."))
    head_attended = serializers.BooleanField(
        required=False, allow_null=True, error_messages=BOOL_ERRORS
    )
    obstacles = optional_text_field(help_text=_("Satu kendala per baris."))
    conclusions = optional_text_field(help_text=_("Satu kesimpulan per baris."))


class ReasonInput(InputSerializer):
    reason = text_field(allow_blank=True, help_text=_("Alasan (wajib)."))


class RecommendationListQuery(InputSerializer):
    report = serializers.IntegerField(required=False, error_messages=INT_ERRORS)
    unit = serializers.IntegerField(required=False, error_messages=INT_ERRORS)
    open = serializers.BooleanField(
        required=False, help_text=_("true: hanya yang masih dibawa ke laporan berikutnya.")
    )


@extend_schema_field(OpenApiTypes.INT)
class VisibleReportField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Laporan tidak ditemukan."),
        "incorrect_type": _("Id laporan harus berupa bilangan bulat."),
    }

    def get_queryset(self):
        return reports_visible_to(self.context["request"].user).select_related("unit")


@extend_schema_field(OpenApiTypes.INT)
class MemberField(serializers.PrimaryKeyRelatedField):
    """A person of the active agency (whether they work in the unit is the service's rule)."""

    default_error_messages = {
        "does_not_exist": _("Pegawai tidak ditemukan."),
        "incorrect_type": _("Id pegawai harus berupa bilangan bulat."),
    }

    def get_queryset(self):
        request = self.context["request"]
        return User.objects.filter(
            memberships__tenant=request.tenant, memberships__is_active=True
        ).distinct()


class RecommendationInput(InputSerializer):
    area = serializers.ChoiceField(
        choices=[("", _("Umum")), *Area.choices], required=False, allow_blank=True
    )
    text = optional_text_field(help_text=_("Rekomendasi (wajib)."))
    pic = MemberField(required=False, allow_null=True, help_text=_("Id PIC (wajib)."))
    target_on = serializers.DateField(
        required=False, allow_null=True, error_messages=DATE_ERRORS, help_text=_("Wajib.")
    )


class RecommendationCreateInput(RecommendationInput):
    report = VisibleReportField(help_text=_("Id laporan yang sedang disusun (bagian E)."))


@extend_schema_field(OpenApiTypes.INT)
class EvidenceField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Bukti dukung tidak ditemukan."),
        "incorrect_type": _("Id bukti dukung harus berupa bilangan bulat."),
    }

    def get_queryset(self):
        return EvidenceItem.objects.all()


class FollowUpInput(InputSerializer):
    report = VisibleReportField(help_text=_("Id laporan yang sedang disusun (bagian B)."))
    status = serializers.ChoiceField(choices=FollowUp.choices)
    follow_up = optional_text_field()
    evidence_note = optional_text_field()
    evidence = EvidenceField(many=True, required=False)


# --- Views -------------------------------------------------------------------------------


def _figures(report: Report) -> dict:
    current = sections.of(report)
    return {
        "recommendations": {k: current["b"][k] for k in ("done", "total", "percent")},
        "activities": {k: current["c"][k] for k in ("done", "total", "percent")},
    }, current


def _report_response(request, pk, status_code=status.HTTP_200_OK) -> Response:
    from .selectors import history, last_return_reason

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
        for field in ("cycle", "unit"):
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
        services.report_update(actor=request.user, report=report, **changes)
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
