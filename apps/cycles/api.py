"""/api/v1/cycles/ and /api/v1/calendar/: ZI cycles of the units the user sees, and the
agency calendar of deadlines per year.

Thin views: cycles are found through ``get_cycle_for_user`` (404 for missing, other
agency and not visible alike), calendar entries through the tenant-scoped manager;
every write goes through ``services.py``, which checks the admin role (403) and writes
the stage log and the audit record.
"""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.access import Capability, can
from apps.core.api import (
    TENANT_HEADER_PARAMETER,
    HasTenant,
    InputSerializer,
    get_or_404,
    parse,
    text_field,
)
from apps.core.exceptions import AccessDenied
from apps.lke.models import TemplateVersion
from apps.units.api import VisibleUnitField

from . import services
from .models import YEAR_MAX, YEAR_MIN, CalendarEntry, Cycle, Target
from .selectors import calendar_for, cycles_visible_to, get_cycle_for_user, stage_history
from .stages import Stage, next_stages

YEAR_ERRORS = {
    "invalid": _("Tahun harus berupa angka."),
    "min_value": _("Tahun harus antara 2014 dan 2100."),
    "max_value": _("Tahun harus antara 2014 dan 2100."),
}
STAGE_ERRORS = {"invalid_choice": _("Tahap tidak dikenal.")}
TARGET_ERRORS = {"invalid_choice": _("Target harus wbk atau wbbm.")}


def _year_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=YEAR_MIN, max_value=YEAR_MAX, error_messages=YEAR_ERRORS, **kwargs
    )


# Every stage field refers to one "Stage" component (SPECTACULAR_SETTINGS'
# ENUM_NAME_OVERRIDES): by default the schema would name the same choice set after each
# field ("FromStageEnum", "ToStageEnum" …) and warn. A blank stage (from_stage of the
# opening) is then declared as oneOf [Stage, BlankEnum].
class StageField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", STAGE_ERRORS)
        super().__init__(choices=Stage.choices, **kwargs)


@extend_schema_field({"type": "string", "example": "lke-2021"})
class TemplateCodeField(serializers.SlugRelatedField):
    default_error_messages = {
        "does_not_exist": _("Versi template LKE tidak ditemukan."),
        "invalid": _("Kode versi template LKE tidak valid."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return TemplateVersion.objects.all()

    def to_internal_value(self, data):
        # PostgreSQL refuses a NUL character in a query (a 500); no code contains one.
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


# --- Output ---------------------------------------------------------------------------


class StageChangeSerializer(serializers.Serializer):
    """One row of the cycle's workflow history (``selectors.stage_history``)."""

    from_stage = StageField(
        read_only=True, allow_blank=True, help_text=_("Kosong: pembukaan siklus.")
    )
    to_stage = StageField(read_only=True)
    actor = serializers.IntegerField(source="actor_id", read_only=True, allow_null=True)
    actor_name = serializers.CharField(source="actor.full_name", read_only=True, default=None)
    reason = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class CycleSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    target_label = serializers.CharField(source="get_target_display", read_only=True)
    template = serializers.CharField(source="template.code", read_only=True)
    template_name = serializers.CharField(source="template.name", read_only=True)
    stage = StageField(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Cycle
        fields = [
            "id",
            "unit",
            "unit_code",
            "unit_name",
            "year",
            "name",
            "target",
            "target_label",
            "template",
            "template_name",
            "stage",
            "stage_label",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NextStageSerializer(serializers.Serializer):
    stage = StageField()
    kind = serializers.ChoiceField(
        choices=["forward", "back"], help_text=_("back: koreksi, mundur satu tahap.")
    )


class CycleDetailSerializer(CycleSerializer):
    history = StageChangeSerializer(many=True, read_only=True)
    can_change_stage = serializers.BooleanField(read_only=True)
    next_stages = NextStageSerializer(
        many=True,
        read_only=True,
        help_text=_("Tahap yang dapat dipilih (tanpa memeriksa syarat tambahan)."),
    )

    class Meta(CycleSerializer.Meta):
        fields = [*CycleSerializer.Meta.fields, "can_change_stage", "next_stages", "history"]
        read_only_fields = fields


def _cycle_response(user, pk, status_code=status.HTTP_200_OK) -> Response:
    cycle = get_cycle_for_user(user, pk)
    cycle.history = list(stage_history(cycle))
    cycle.can_change_stage = can(user, Capability.CYCLE_MANAGE, cycle.unit)
    came_from = next(
        (c.from_stage for c in reversed(cycle.history) if c.to_stage == cycle.stage), None
    )
    cycle.next_stages = (
        [{"stage": s, "kind": k} for s, k in next_stages(cycle.stage, came_from)]
        if cycle.can_change_stage
        else []
    )
    return Response(CycleDetailSerializer(cycle).data, status=status_code)


class CalendarEntrySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("null: jadwal bawaan yang belum disimpan.")
    )
    is_default = serializers.SerializerMethodField(
        help_text=_("true: jadwal bawaan yang belum disimpan instansi.")
    )

    class Meta:
        model = CalendarEntry
        fields = ["id", "year", "key", "label", "starts_on", "due_on", "note", "is_default"]
        read_only_fields = fields

    def get_is_default(self, obj) -> bool:
        return obj.pk is None


# --- Input ----------------------------------------------------------------------------


class CycleListQuery(InputSerializer):
    year = _year_field(required=False)
    stage = serializers.ChoiceField(
        choices=Stage.choices, required=False, error_messages=STAGE_ERRORS
    )
    unit = VisibleUnitField(required=False)


class CycleCreateInput(InputSerializer):
    unit = VisibleUnitField(help_text=_("Id unit; Anda harus Admin Instansi di sana."))
    year = _year_field()
    target = serializers.ChoiceField(choices=Target.choices, error_messages=TARGET_ERRORS)
    template = TemplateCodeField(help_text=_("Kode versi template LKE yang berlaku."))
    name = text_field(
        required=False, allow_blank=True, help_text=_('Kosong: "Pembangunan ZI <tahun>".')
    )


class StageChangeInput(InputSerializer):
    to_stage = StageField()
    reason = text_field(
        allow_blank=True,
        help_text=_("Alasan perubahan (wajib; dicatat di riwayat dan jejak audit)."),
    )


class CalendarQuery(InputSerializer):
    year = _year_field(required=False, help_text=_("Tahun; tanpa parameter: tahun ini."))


class CalendarEnsureInput(InputSerializer):
    year = _year_field()


class CalendarEntryUpdateInput(InputSerializer):
    label = text_field(required=False)
    starts_on = serializers.DateField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False)
    note = text_field(required=False, allow_blank=True)


# --- Views ----------------------------------------------------------------------------


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class CycleViewSet(viewsets.GenericViewSet):
    """ZI cycles of the units the user can see. Admin Instansi open cycles and change
    their stage in their subtree; cycles are never deleted."""

    permission_classes = [HasTenant]
    serializer_class = CycleSerializer
    queryset = Cycle.objects.none()  # for the schema only; every action builds its own

    @extend_schema(parameters=[CycleListQuery], responses=CycleSerializer(many=True))
    def list(self, request):
        query = parse(CycleListQuery, request, data=request.query_params)
        cycles = cycles_visible_to(request.user)
        for field in ("year", "stage", "unit"):
            if field in query:
                cycles = cycles.filter(**{field: query[field]})
        page = self.paginate_queryset(cycles)
        return self.get_paginated_response(CycleSerializer(page, many=True).data)

    @extend_schema(responses=CycleDetailSerializer)
    def retrieve(self, request, pk=None):
        return _cycle_response(request.user, pk)

    @extend_schema(request=CycleCreateInput, responses={201: CycleDetailSerializer})
    def create(self, request):
        data = parse(CycleCreateInput, request)
        cycle = services.cycle_create(actor=request.user, tenant=request.tenant, **data)
        return _cycle_response(request.user, cycle.pk, status.HTTP_201_CREATED)

    @extend_schema(request=StageChangeInput, responses=CycleDetailSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        """Move the cycle to another stage (forward, or one step back as a correction)."""
        cycle = get_cycle_for_user(request.user, pk)
        if not can(request.user, Capability.CYCLE_MANAGE, cycle.unit):
            raise AccessDenied(gettext("Anda tidak berwenang mengubah tahap siklus ini."))
        data = parse(StageChangeInput, request)
        services.cycle_change_stage(actor=request.user, cycle=cycle, **data)
        return _cycle_response(request.user, cycle.pk)


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class CalendarViewSet(viewsets.GenericViewSet):
    """The agency's deadlines per year. Every member reads; Admin Instansi at the
    agency's root store the defaults and change entries."""

    permission_classes = [HasTenant]
    serializer_class = CalendarEntrySerializer
    queryset = CalendarEntry.objects.none()  # for the schema only
    pagination_class = None

    def _entry(self, pk) -> CalendarEntry:
        return get_or_404(CalendarEntry.objects.all(), tenant=self.request.tenant, pk=pk)

    @extend_schema(parameters=[CalendarQuery], responses=CalendarEntrySerializer(many=True))
    def list(self, request):
        """The year's entries in date order; defaults not stored yet have ``id`` null."""
        query = parse(CalendarQuery, request, data=request.query_params)
        year = query.get("year", timezone.localdate().year)
        entries = calendar_for(tenant=request.tenant, year=year)
        return Response(CalendarEntrySerializer(entries, many=True).data)

    @extend_schema(request=CalendarEntryUpdateInput, responses=CalendarEntrySerializer)
    def partial_update(self, request, pk=None):
        entry = self._entry(pk)
        changes = parse(CalendarEntryUpdateInput, request, partial=True)
        values = {field: getattr(entry, field) for field in services.CALENDAR_FIELDS}
        values.update(changes)
        entry = services.calendar_entry_update(actor=request.user, entry=entry, **values)
        return Response(CalendarEntrySerializer(entry).data)

    @extend_schema(request=CalendarEnsureInput, responses=CalendarEntrySerializer(many=True))
    @action(detail=False, methods=["post"])
    def ensure(self, request):
        """Store the year's default entries the agency does not have yet (agency admins)."""
        data = parse(CalendarEnsureInput, request)
        services.require_agency_admin(request.user, request.tenant)
        services.calendar_ensure(tenant=request.tenant, year=data["year"], actor=request.user)
        entries = calendar_for(tenant=request.tenant, year=data["year"])
        return Response(CalendarEntrySerializer(entries, many=True).data)
