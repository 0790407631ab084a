"""What the reports API reads: list filters and request bodies (parsed here, validated
by the services)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.models import User
from apps.core.api import InputSerializer, optional_text_field, text_field
from apps.core.choices import Area
from apps.cycles.models import YEAR_MAX, YEAR_MIN
from apps.cycles.selectors import cycles_visible_to
from apps.evidence.models import EvidenceItem

from ..models import AgentReportScope, FollowUp, Kind, Realised, ReportStatus
from ..selectors import reports_visible_to

INT_ERRORS = {"invalid": _("Harus berupa bilangan bulat.")}
DATE_ERRORS = {"invalid": _("Tanggal tidak valid; gunakan format YYYY-MM-DD.")}
BOOL_ERRORS = {"invalid": _("Harus bernilai true, false atau null.")}

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
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    agent = serializers.IntegerField(
        required=False, error_messages=INT_ERRORS, help_text=_("Id Agen Perubahan (FRM-05).")
    )


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
    introduction = optional_text_field(help_text=_("Laporan tahunan: pendahuluan."))
    next_steps = optional_text_field(help_text=_("Laporan tahunan: rencana tindak lanjut."))
    # FRM-05 (kind agen_perubahan): A–C and G.5; obstacles above is G.3.
    background = optional_text_field(help_text=_("FRM-05 A. Latar belakang."))
    purpose = optional_text_field(help_text=_("FRM-05 B. Maksud dan tujuan."))
    scope = optional_text_field(help_text=_("FRM-05 C. Ruang lingkup."))
    agent_recommendations = optional_text_field(help_text=_("FRM-05 G.5, satu per baris."))


class RealisationListQuery(InputSerializer):
    cycle = serializers.IntegerField(required=False, error_messages=INT_ERRORS)
    agent = serializers.IntegerField(required=False, error_messages=INT_ERRORS)
    item = serializers.IntegerField(required=False, error_messages=INT_ERRORS)


class RealisationInput(InputSerializer):
    item = serializers.IntegerField(
        error_messages=INT_ERRORS, help_text=_("Id butir Rencana Aksi agen.")
    )
    month = serializers.DateField(
        error_messages=DATE_ERRORS, help_text=_("Hari mana pun dalam bulannya (YYYY-MM-DD).")
    )
    status = serializers.ChoiceField(
        choices=Realised.choices,
        error_messages={"invalid_choice": _("Pilih realisasi: yes, partly, atau no.")},
    )
    note = optional_text_field(help_text=_("Wajib bila belum terealisasi penuh."))
    evidence = serializers.ListField(
        child=serializers.IntegerField(error_messages=INT_ERRORS), required=False, default=list
    )


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


class AgentSettingsInput(InputSerializer):
    scope = serializers.ChoiceField(
        choices=AgentReportScope.choices,
        required=False,
        error_messages={"invalid_choice": _("Pilih per_agent atau per_unit.")},
    )
    background = optional_text_field(help_text=_("Teks awal A. Latar belakang."))
    purpose = optional_text_field(help_text=_("Teks awal B. Maksud dan tujuan."))
    scope_text = optional_text_field(help_text=_("Teks awal C. Ruang lingkup."))
