"""/api/v1/dashboard/: the leadership dashboard's figures for an agency's own BI tools,
the same as the page's (``selectors.dashboard_whole``: its lists whole).

``?tahun=&unit=`` as on the page: 400 with the error body for a malformed or unknown
parameter, 404 for a year without cycles in the reach or a unit outside it (another
agency's alike), 403 without the capability ``dashboard.view``. Read only.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import TENANT_HEADER_PARAMETER, HasTenant, InputSerializer, parse
from apps.cycles.api import YEAR_ERRORS as CYCLE_YEAR_ERRORS
from apps.cycles.api import StageField
from apps.cycles.models import YEAR_MAX, YEAR_MIN, Target

from .selectors import dashboard_whole, rule_figures
from .views import require_dashboard

YEAR_ERRORS = {
    **CYCLE_YEAR_ERRORS,
    "max_string_length": CYCLE_YEAR_ERRORS["invalid"],
}
UNIT_ERRORS = {
    "invalid": _("Unit harus berupa id (angka)."),
    "min_value": _("Unit harus berupa id (angka)."),
    "max_value": _("Unit harus berupa id (angka)."),
    "max_string_length": _("Unit harus berupa id (angka)."),
}
# The API's own parameter (``?format=json``) besides the dashboard's.
KNOWN = {"tahun", "unit", "format"}


def _percent(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=7, decimal_places=2, read_only=True, allow_null=True, **kwargs
    )


# --- Input ----------------------------------------------------------------------------


class DashboardQuery(InputSerializer):
    tahun = serializers.IntegerField(
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages=YEAR_ERRORS,
        help_text=_("Tahun; tanpa parameter: tahun terbaru yang punya siklus dalam jangkauan."),
    )
    unit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        error_messages=UNIT_ERRORS,
        help_text=_("Id unit yang dilihat; tanpa parameter: puncak jangkauan Anda."),
    )

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - KNOWN)
        if unknown:
            raise serializers.ValidationError(
                gettext("Parameter tidak dikenal: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return attrs


# --- Output ---------------------------------------------------------------------------


class DashboardUnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class DashboardFiguresSerializer(serializers.Serializer):
    cycles = serializers.IntegerField(read_only=True, help_text=_("Siklus ZI."))
    scored = serializers.IntegerField(
        read_only=True, help_text=_("Siklus dengan penilaian yang sudah dirilis.")
    )
    failing = serializers.IntegerField(read_only=True, help_text=_("Gagal nilai minimum."))
    eligible = serializers.IntegerField(read_only=True, help_text=_("Layak diusulkan ke TPI."))
    total = _percent(help_text=_("Rata-rata nilai LKE siklus yang dinilai."))
    completeness = _percent(help_text=_("Kelengkapan bukti (%)."))
    entries = serializers.IntegerField(read_only=True, help_text=_("Dokumen checklist LKE."))
    satisfied = serializers.IntegerField(
        read_only=True, help_text=_("Dokumen checklist dengan bukti terverifikasi.")
    )
    items = serializers.IntegerField(read_only=True)
    items_verified = serializers.IntegerField(read_only=True)
    items_waiting = serializers.IntegerField(read_only=True)
    items_returned = serializers.IntegerField(read_only=True)
    tasks = serializers.IntegerField(read_only=True, help_text=_("Tugas rencana kerja."))
    tasks_done = serializers.IntegerField(read_only=True)
    tasks_overdue = serializers.IntegerField(read_only=True)
    realisation = _percent(help_text=_("Realisasi tugas rencana kerja (%)."))
    staff = serializers.IntegerField(read_only=True)
    pacts_signed = serializers.IntegerField(read_only=True)
    pacts = _percent(help_text=_("Pakta Integritas ditandatangani (%)."))
    monev_due = serializers.IntegerField(read_only=True)
    monev_on_time = serializers.IntegerField(read_only=True)
    monev = _percent(help_text=_("Laporan monev terbit tepat waktu (%)."))


class DashboardAreaSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True, help_text=_("Kode area; HASIL: komponen hasil."))
    name = serializers.CharField(read_only=True)


class DashboardCellSerializer(serializers.Serializer):
    area = serializers.CharField(read_only=True)
    percent = _percent(
        help_text=_(
            "Nilai tingkat penilaian tertinggi yang dirilis, % dari bobot area (rata-rata "
            "siklus yang dinilai)."
        )
    )
    band = serializers.CharField(
        source="score_band", read_only=True, help_text=_("wbbm, wbk, below, atau none.")
    )
    scored = serializers.IntegerField(read_only=True)
    completeness = _percent(help_text=_("Kelengkapan bukti area (%)."))
    completeness_band = serializers.CharField(read_only=True)
    entries = serializers.IntegerField(read_only=True)
    satisfied = serializers.IntegerField(read_only=True)


class DashboardRowSerializer(serializers.Serializer):
    unit = DashboardUnitRefSerializer(read_only=True)
    own = serializers.BooleanField(
        read_only=True, help_text=_("true: siklus unit yang dilihat itu sendiri.")
    )
    has_below = serializers.BooleanField(
        read_only=True, help_text=_("true: ada unit di bawahnya (buka dengan ?unit=<id>).")
    )
    cycle = serializers.IntegerField(
        source="cycle_id",
        read_only=True,
        allow_null=True,
        help_text=_("Id siklus, bila baris ini satu siklus."),
    )
    stage = StageField(
        read_only=True, allow_blank=True, help_text=_("Tahap, bila baris ini satu siklus.")
    )
    target = serializers.CharField(read_only=True)
    figures = DashboardFiguresSerializer(read_only=True)
    cells = serializers.SerializerMethodField()

    @extend_schema_field(DashboardCellSerializer(many=True))
    def get_cells(self, row):
        areas = self.context["areas"]
        return DashboardCellSerializer(
            [row.cells[a.code] for a in areas if a.code in row.cells], many=True
        ).data


class DashboardFunnelStepSerializer(serializers.Serializer):
    stage = StageField(read_only=True)
    label = serializers.CharField(read_only=True)
    wbk = serializers.SerializerMethodField()
    wbbm = serializers.SerializerMethodField()
    total = serializers.IntegerField(read_only=True)

    def get_wbk(self, step) -> int:
        return step.counts.get(Target.WBK, 0)

    def get_wbbm(self, step) -> int:
        return step.counts.get(Target.WBBM, 0)


class DashboardRuleSerializer(serializers.Serializer):
    label = serializers.CharField(read_only=True)
    area = serializers.CharField(read_only=True)
    unit = serializers.CharField(
        read_only=True, help_text=_("percent, points, atau kosong (predikat sebelumnya).")
    )
    value = _percent()
    bound = _percent()


class DashboardListedSerializer(serializers.Serializer):
    unit = DashboardUnitRefSerializer(read_only=True)
    cycle = serializers.IntegerField(source="summary.cycle_id", read_only=True)
    target = serializers.CharField(source="summary.target", read_only=True)
    stage = StageField(source="summary.stage", read_only=True)
    level = serializers.CharField(
        source="summary.level",
        read_only=True,
        help_text=_("Tingkat penilaian tertinggi yang dirilis: mandiri, tpu, tpi."),
    )
    total = _percent(source="summary.total")
    total_tpu = _percent(source="summary.total_tpu")


class DashboardFailingSerializer(DashboardListedSerializer):
    failed_rules = serializers.SerializerMethodField()

    @extend_schema_field(DashboardRuleSerializer(many=True))
    def get_failed_rules(self, item):
        return DashboardRuleSerializer(
            [rule_figures(r) for r in item.summary.failed_rules], many=True
        ).data


class DashboardBacklogSerializer(serializers.Serializer):
    level = serializers.IntegerField(read_only=True, help_text=_("0: tingkat pertama."))
    name = serializers.CharField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    oldest = serializers.DateTimeField(read_only=True, allow_null=True)


class DashboardYearTrendSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    cycles = serializers.IntegerField(read_only=True)
    completeness = _percent()
    mandiri = _percent()
    tpu = _percent()
    tpi = _percent()


class DashboardAreaTrendSerializer(serializers.Serializer):
    area = serializers.CharField(source="area.code", read_only=True)
    name = serializers.CharField(source="area.name", read_only=True)
    mandiri = _percent()
    tpu = _percent()
    tpi = _percent()
    optimism = _percent(help_text=_("Mandiri dikurangi penilai tertinggi (TPI, else TPU)."))


class DashboardTrendsSerializer(serializers.Serializer):
    years = DashboardYearTrendSerializer(source="year_trend", many=True, read_only=True)
    levels = DashboardAreaTrendSerializer(source="area_trend", many=True, read_only=True)


class DashboardSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    years = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    unit = DashboardUnitRefSerializer(
        source="current",
        read_only=True,
        allow_null=True,
        help_text=_("Unit yang dilihat; null: beberapa unit puncak jangkauan Anda."),
    )
    breadcrumb = DashboardUnitRefSerializer(many=True, read_only=True)
    refreshed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    totals = DashboardFiguresSerializer(source="total", read_only=True)
    areas = DashboardAreaSerializer(many=True, read_only=True)
    total_cells = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField()
    funnel = DashboardFunnelStepSerializer(many=True, read_only=True)
    outcomes = DashboardFunnelStepSerializer(many=True, read_only=True)
    failing_count = serializers.IntegerField(read_only=True)
    failing = DashboardFailingSerializer(many=True, read_only=True, help_text=_("Daftar lengkap."))
    eligible_count = serializers.IntegerField(read_only=True)
    eligible = DashboardListedSerializer(many=True, read_only=True, help_text=_("Daftar lengkap."))
    backlog = DashboardBacklogSerializer(many=True, read_only=True)
    trends = DashboardTrendsSerializer(source="*", read_only=True)

    @extend_schema_field(DashboardCellSerializer(many=True))
    def get_total_cells(self, dash):
        return DashboardCellSerializer(
            [dash.total_cells[a.code] for a in dash.areas if a.code in dash.total_cells],
            many=True,
        ).data

    @extend_schema_field(DashboardRowSerializer(many=True))
    def get_rows(self, dash):
        return DashboardRowSerializer(dash.rows, many=True, context={"areas": dash.areas}).data


# --- View -----------------------------------------------------------------------------


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class DashboardApiView(APIView):
    """The leadership dashboard of the requester's reach."""

    permission_classes = [HasTenant]
    error_statuses = (404,)

    @extend_schema(
        summary=_("Dasbor pimpinan"),
        description=_(
            "Angka dasbor pimpinan untuk tahun dan unit yang diminta, sama dengan halaman "
            "/dasbor/ (daftar gagal minimum dan layak TPI lengkap). Persentase 0–100 dengan "
            "dua desimal (teks); null: belum ada. 404 untuk tahun tanpa siklus atau unit di "
            "luar jangkauan Anda."
        ),
        parameters=[DashboardQuery],
        responses=DashboardSerializer,
    )
    def get(self, request):
        require_dashboard(request)
        query = parse(DashboardQuery, request, data=request.query_params)
        dash = dashboard_whole(request.user, year=query.get("tahun"), unit_id=query.get("unit"))
        return Response(DashboardSerializer(dash).data)
