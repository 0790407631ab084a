"""The OpenAPI schema class of every API view (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

Kept apart from apps.core.api: drf_spectacular.openapi imports DRF's generic views, which
import apps.core.api (the pagination class) while they load.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .api import ErrorSerializer

ERROR_DESCRIPTIONS = {
    400: gettext_lazy("Data yang dikirim tidak valid."),
    401: gettext_lazy("Tidak ada data autentikasi, atau token tidak valid."),
    403: gettext_lazy("Tidak berwenang di instansi aktif (atau token CSRF tidak ada)."),
    404: gettext_lazy("Data tidak ditemukan (atau milik instansi lain)."),
    409: gettext_lazy("Bertentangan dengan keadaan data saat ini."),
    429: gettext_lazy("Terlalu banyak permintaan; coba lagi nanti."),
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema plus the error answers every operation can give, each with
    the error body above: 400 always (bad input, or a control character in the query
    string), 401/403 when it needs a login, 404 with an id in the path or a page number,
    429 when throttled. A view names more with ``error_statuses``: a tuple for all its
    operations (``(409,)``), or per viewset action or HTTP method (``{"create": (429,)}``);
    its own @extend_schema responses win over these defaults."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in sorted(self._error_statuses(operation)):
            responses.setdefault(
                str(code),
                self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, ERROR_DESCRIPTIONS.get(code, "")), str(code)
                ),
            )
        return operation

    def _error_statuses(self, operation) -> set[int]:
        places = {p["in"] for p in operation.get("parameters", [])}
        names = {p["name"] for p in operation.get("parameters", [])}
        # 400 everywhere: besides a bad body or query parameter, ControlCharacterMiddleware
        # refuses a control character in any query string.
        statuses = {400, *self._declared_statuses()}
        security = operation.get("security")
        if security and {} not in security:
            statuses |= {401, 403}
        if "path" in places or "page" in names:
            statuses.add(404)
        if self.view.get_throttles():
            statuses.add(429)
        return statuses

    def _declared_statuses(self) -> tuple[int, ...]:
        declared = getattr(self.view, "error_statuses", ())
        if isinstance(declared, dict):
            action = getattr(self.view, "action", None)
            return declared.get(action, declared.get(self.method.lower(), ()))
        return declared

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema and _can_be_blank(field):
            if "" not in schema.get("enum", [""]):
                # The enum hook then answers oneOf [<Name>Enum, BlankEnum].
                schema = {**schema, "enum": [*schema["enum"], ""]}
            elif "format" in schema:
                # "" is no URI or e-mail address: say that the value may also be empty.
                meta = {k: v for k, v in schema.items() if k in _META_KEYS}
                value = {k: v for k, v in schema.items() if k not in _META_KEYS}
                schema = {"anyOf": [value, {"type": "string", "enum": [""]}], **meta}
        return schema


_META_KEYS = {"readOnly", "writeOnly", "title", "description", "nullable", "default"}


def _can_be_blank(field) -> bool:
    """A text or choice field whose value can be "": it allows blank, or it is read-only
    and its model field is blank=True (DRF drops ``allow_blank`` from read-only model
    fields, so without this the schema would promise a value from the enum)."""
    if not isinstance(field, serializers.CharField | serializers.ChoiceField):
        return False
    if getattr(field, "allow_blank", False):
        return True
    if not field.read_only or not isinstance(field.parent, serializers.ModelSerializer):
        return False
    source = field.source
    if not source or source == "*" or "." in source:
        return False
    try:
        model_field = field.parent.Meta.model._meta.get_field(source)
    except (AttributeError, FieldDoesNotExist):
        return False
    return model_field.blank and isinstance(model_field, models.CharField | models.TextField)
