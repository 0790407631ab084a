"""What the reports API answers: reports (list and detail with the figures) and
recommendations."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import ActionRealisation, AgentReportSettings, Recommendation, Report

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
    agent_name = serializers.CharField(
        source="agent.user.full_name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("FRM-05 per Agen Perubahan: nama agennya; kosong untuk laporan unit."),
    )

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
            "agent",
            "agent_name",
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
            "baru); laporan tahunan: plan, monev, recommendations, agents, evidence. Dihitung "
            "dari data portal untuk draf, dibekukan sejak diajukan."
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
            "introduction",
            "next_steps",
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


class RealisationSerializer(serializers.ModelSerializer):
    agent = serializers.IntegerField(source="item.agent_id", read_only=True)
    agent_name = serializers.CharField(source="item.agent.user.full_name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    evidence = EvidenceRefSerializer(many=True, read_only=True)

    class Meta:
        model = ActionRealisation
        fields = [
            "id",
            "item",
            "agent",
            "agent_name",
            "month",
            "status",
            "status_label",
            "note",
            "evidence",
            "updated_at",
        ]
        read_only_fields = fields


class AgentSettingsSerializer(serializers.ModelSerializer):
    # None until the agency first saves its setting (the defaults apply until then).
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = AgentReportSettings
        fields = ["scope", "background", "purpose", "scope_text", "updated_at"]
