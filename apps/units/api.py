"""/api/v1/units/ and /api/v1/unit-types/: the unit tree, read by members, changed by admins.

Thin views: they parse the request, find the unit through ``get_unit_for_user`` (404 for
missing, other agency and not visible alike) and call the services in ``services.py``,
which check the admin role and write the audit record.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.access import Capability, can, get_unit_for_user, units_where
from apps.core.api import (
    TENANT_HEADER_PARAMETER,
    HasTenant,
    InputSerializer,
    optional_text_field,
    parse,
    text_field,
)
from apps.core.exceptions import AccessDenied

from . import services
from .models import TimeZone, Unit, UnitType
from .selectors import nest, unit_tree_for

SEARCH_MAX_LENGTH = 100
# DRF has no Indonesian text for these.
BOOLEAN_ERRORS = {"invalid": _("Harus bernilai true atau false.")}


class TimeZoneField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _(
                    "Zona waktu harus Asia/Jakarta, Asia/Makassar atau Asia/Jayapura."
                )
            },
        )
        kwargs.setdefault(
            "help_text", _("WIB: Asia/Jakarta, WITA: Asia/Makassar, WIT: Asia/Jayapura.")
        )
        super().__init__(choices=TimeZone.choices, **kwargs)


# --- Fields ---------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisibleUnitField(serializers.PrimaryKeyRelatedField):
    """A unit id the requesting user can see; any other id reads as "not found"."""

    default_error_messages = {
        "required": _("Bidang ini harus diisi."),
        "does_not_exist": _("Unit tidak ditemukan."),
        "incorrect_type": _("Id unit harus berupa angka."),
    }

    def get_queryset(self):
        # Built per request: the scoped manager refuses queries outside a tenant scope.
        return units_where(self.context["request"].user, Capability.UNIT_VIEW)


@extend_schema_field(OpenApiTypes.INT)
class UnitTypeField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Jenis unit tidak dikenal di instansi ini."),
        "incorrect_type": _("Id jenis unit harus berupa angka."),
    }

    def get_queryset(self):
        return UnitType.objects.all()


# --- Output ---------------------------------------------------------------------------


class UnitTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitType
        fields = ["id", "code", "name", "order"]
        read_only_fields = fields


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(
        source="parent_pk", read_only=True, allow_null=True, help_text=_("Id unit induk.")
    )
    unit_type_name = serializers.CharField(source="unit_type.name", read_only=True)
    children_count = serializers.IntegerField(
        source="numchild",
        read_only=True,
        help_text=_("Jumlah anak langsung (termasuk yang tidak dapat Anda lihat)."),
    )

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "unit_type",
            "unit_type_name",
            "parent",
            "depth",
            "children_count",
            "address",
            "head_name",
            "head_nip",
            "head_title",
            "time_zone",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class UnitTreeNodeSerializer(serializers.ModelSerializer):
    unit_type_name = serializers.CharField(source="unit_type.name", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "unit_type", "unit_type_name", "is_active", "children"]
        read_only_fields = fields


# A node nests nodes of its own kind; declared after the class so it can refer to itself.
UnitTreeNodeSerializer._declared_fields["children"] = UnitTreeNodeSerializer(
    source="tree_children", many=True, read_only=True
)


def _attach_parent_pks(units: list[Unit]) -> list[Unit]:
    """Set ``parent_pk`` on each unit with one query (the tree stores paths, not a parent FK)."""
    steplen = Unit.steplen
    parent_paths = {u.path[:-steplen] for u in units if u.depth > 1}
    by_path = (
        dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "pk"))
        if parent_paths
        else {}
    )
    for unit in units:
        unit.parent_pk = by_path.get(unit.path[:-steplen]) if unit.depth > 1 else None
    return units


def _unit_response(user, pk, status_code=status.HTTP_200_OK) -> Response:
    unit = get_unit_for_user(user, pk)
    return Response(UnitSerializer(_attach_parent_pks([unit])[0]).data, status=status_code)


# --- Input ----------------------------------------------------------------------------


class UnitListQuery(InputSerializer):
    q = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Cari pada kode atau nama unit.")
    )
    parent = VisibleUnitField(required=False, help_text=_("Hanya anak langsung unit ini."))


class UnitCreateInput(InputSerializer):
    parent = VisibleUnitField(help_text=_("Id unit induk; Anda harus Admin Instansi di sana."))
    code = text_field()
    name = text_field()
    unit_type = UnitTypeField()
    address = optional_text_field()
    head_name = optional_text_field()
    head_nip = optional_text_field()
    head_title = optional_text_field()
    time_zone = TimeZoneField(required=False)


class UnitUpdateInput(InputSerializer):
    code = text_field(required=False)
    name = text_field(required=False)
    unit_type = UnitTypeField(required=False)
    address = optional_text_field()
    head_name = optional_text_field()
    head_nip = optional_text_field()
    head_title = optional_text_field()
    time_zone = TimeZoneField(required=False)
    is_active = serializers.BooleanField(
        required=False,
        error_messages=BOOLEAN_ERRORS,
        help_text=_("false menonaktifkan unit (unit tidak dihapus)."),
    )


class UnitMoveInput(InputSerializer):
    new_parent = VisibleUnitField(help_text=_("Id unit induk yang baru."))
    reason = text_field(help_text=_("Alasan pemindahan (dicatat di jejak audit)."))


def _administered_unit(user, pk) -> Unit:
    """The unit for a change: 404 if the user cannot see it, 403 if they cannot change it."""
    unit = get_unit_for_user(user, pk)
    if not can(user, Capability.UNIT_ADMIN, unit):
        raise AccessDenied(
            gettext("Anda tidak berwenang mengubah unit %(unit)s.") % {"unit": unit.name}
        )
    return unit


# --- Views ----------------------------------------------------------------------------


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class UnitViewSet(viewsets.GenericViewSet):
    """Units of the active agency the user can see. Admin Instansi add, change and move
    units in their subtree; units are never deleted, only deactivated (is_active=false)."""

    permission_classes = [HasTenant]
    serializer_class = UnitSerializer
    queryset = Unit.objects.none()  # for the schema only; every action builds its own

    @extend_schema(parameters=[UnitListQuery], responses=UnitSerializer(many=True))
    def list(self, request):
        query = parse(UnitListQuery, request, data=request.query_params)
        units = unit_tree_for(request.user, search=query.get("q", "")[:SEARCH_MAX_LENGTH])
        parent = query.get("parent")
        if parent is not None:
            units = units.filter(path__startswith=parent.path, depth=parent.depth + 1)
        page = _attach_parent_pks(self.paginate_queryset(units))
        return self.get_paginated_response(UnitSerializer(page, many=True).data)

    @extend_schema(responses=UnitTreeNodeSerializer(many=True))
    @action(detail=False, pagination_class=None)
    def tree(self, request):
        """Every visible unit, nested under its nearest visible ancestor (one query)."""
        units = list(units_where(request.user, Capability.UNIT_VIEW).order_by("path"))
        return Response(UnitTreeNodeSerializer(nest(units), many=True).data)

    @extend_schema(responses=UnitSerializer)
    def retrieve(self, request, pk=None):
        return _unit_response(request.user, pk)

    @extend_schema(request=UnitCreateInput, responses={201: UnitSerializer})
    def create(self, request):
        data = parse(UnitCreateInput, request)
        unit = services.unit_create(actor=request.user, **data)
        return _unit_response(request.user, unit.pk, status.HTTP_201_CREATED)

    @extend_schema(request=UnitUpdateInput, responses=UnitSerializer)
    def partial_update(self, request, pk=None):
        unit = _administered_unit(request.user, pk)
        changes = parse(UnitUpdateInput, request, partial=True)
        services.unit_update(actor=request.user, unit=unit, **changes)
        return _unit_response(request.user, unit.pk)

    @extend_schema(request=UnitMoveInput, responses=UnitSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        unit = _administered_unit(request.user, pk)
        data = parse(UnitMoveInput, request)
        try:
            services.unit_move(
                actor=request.user,
                unit=unit,
                new_parent=data["new_parent"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            # The service names the field "parent"; this endpoint's input is "new_parent".
            if hasattr(exc, "error_dict") and "parent" in exc.error_dict:
                exc.error_dict["new_parent"] = exc.error_dict.pop("parent")
            raise
        return _unit_response(request.user, unit.pk)


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class UnitTypeViewSet(viewsets.GenericViewSet):
    """The levels of the agency's unit tree (Eselon I, Kanwil, UPT …)."""

    permission_classes = [HasTenant]
    serializer_class = UnitTypeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant scope
            return UnitType.objects.none()
        return UnitType.objects.order_by("order", "name")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(UnitTypeSerializer(page, many=True).data)
