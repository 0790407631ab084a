"""API conventions shared by every app: pagination, one error body, service errors."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class HasTenant(BasePermission):
    """The request acts in an agency the user is a member of."""

    message = _(
        "Anda belum menjadi anggota instansi mana pun, atau instansi yang diminta tidak dikenal."
    )

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.tenant)


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def exception_handler(exc, context):
    """Every error answers ``{"error": {"status", "code", "message", "fields"}}``."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields = {}
    if isinstance(exc, exceptions.ValidationError):
        message = _("Data yang dikirim tidak valid.")
        if isinstance(detail, dict):
            fields = detail
            non_field = detail.get("non_field_errors")
            if non_field:
                message = str(non_field[0])
        elif isinstance(detail, list) and detail:
            message = str(detail[0])
    else:
        message = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.APIException) and isinstance(exc.detail, exceptions.ErrorDetail):
        code = exc.detail.code
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": message,
            "fields": fields,
        }
    }
    return response


def error_response(message: str, status_code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response(
        {"error": {"status": status_code, "code": "invalid", "message": message, "fields": {}}},
        status=status_code,
    )
