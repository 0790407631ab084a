"""API conventions shared by every app: pagination, one error body, service errors."""

import datetime

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .http import get_or_404 as get_or_404  # one lookup for pages, selectors and the API

# Documents the header read by apps.tenants.middleware (add to every tenant-scoped view).
TENANT_HEADER_PARAMETER = OpenApiParameter(
    "X-Tenant",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        "Kode instansi yang dipakai (mis. ALFA); tanpa header: instansi aktif di sesi, "
        "atau instansi pertama Anda."
    ),
)


# DRF has no Indonesian text for this.
TEXT_ERRORS = {"invalid": gettext_lazy("Harus berupa teks.")}


def parse(serializer_class, request, data=None, **kwargs) -> dict:
    """The validated data of ``serializer_class`` over the request body (or ``data``, e.g.
    ``request.query_params``); invalid input raises the 400 error body."""
    serializer = serializer_class(
        data=request.data if data is None else data, context={"request": request}, **kwargs
    )
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def text_field(**kwargs) -> serializers.CharField:
    """A text field whose "not a string" message is Indonesian."""
    return serializers.CharField(error_messages=TEXT_ERRORS, **kwargs)


def optional_text_field(**kwargs) -> serializers.CharField:
    return text_field(required=False, allow_blank=True, **kwargs)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


# Ids are bigints: a larger number in a cursor would make PostgreSQL fail, not refuse it.
_MAX_ID = 2**63 - 1


class KeysetPagination(CursorPagination):
    """Cursor pagination for long lists, on a unique order ``(<timestamp>, id)``.

    A page is the rows after (or, going back, before) the cursor's row, compared as a
    pair, so each page is one range scan of an index on ``(tenant, <timestamp>, id)``
    however deep it is, and nothing before the page is sorted or computed. Unlike DRF's
    CursorPagination the position holds both values, so rows with the same timestamp
    (bulk inserts) are neither skipped nor repeated and no offset is ever needed. The
    answer is ``{"next", "previous", "results"}``; a cursor that cannot be read is a 400
    with the error body (field ``cursor``). ``descending`` lists newest first (an inbox),
    on an index whose timestamp is descending."""

    ordering = ("created_at", "id")
    descending = False
    page_size_query_param = "page_size"
    page_size_query_description = gettext_lazy("Jumlah per halaman (paling banyak 500).")
    max_page_size = 500
    cursor_query_description = gettext_lazy(
        "Kursor halaman: salin dari next atau previous jawaban sebelumnya (tanpa kursor: "
        "halaman pertama)."
    )
    invalid_cursor_message = gettext_lazy(
        "Kursor halaman tidak valid; mulai lagi dari halaman pertama."
    )

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            cursor = None
            invalid = True
        else:
            # Every cursor handed out names a row: anything else was not ours.
            invalid = cursor is not None and (
                cursor.position is None or self._key(cursor.position) is None
            )
        if invalid:
            raise exceptions.ValidationError(
                {self.cursor_query_param: [self.invalid_cursor_message]}
            )
        return cursor

    @staticmethod
    def _key(position: str) -> tuple[datetime.datetime, int] | None:
        stamp, _sep, pk = position.rpartition("|")
        try:
            when = datetime.datetime.fromisoformat(stamp)
            number = int(pk)
        except ValueError:
            return None
        if when.tzinfo is None or not 0 < number <= _MAX_ID:
            return None
        return when, number

    def _position(self, row) -> str:
        first, second = self.ordering
        return f"{getattr(row, first).isoformat()}|{getattr(row, second)}"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        cursor = self.decode_cursor(request)
        reverse = bool(cursor and cursor.reverse)
        # The direction rows are read in: against the list's order when going back.
        downwards = self.descending != reverse
        key = self._key(cursor.position) if cursor else None
        first, second = self.ordering
        if key is not None:
            # (first, second) > key (< reading downwards), written so that the inclusive
            # bound on the first column limits the index scan and only its ties are filtered.
            strict, inclusive = ("lt", "lte") if downwards else ("gt", "gte")
            value, pk = key
            queryset = queryset.filter(
                Q(**{f"{first}__{inclusive}": value}),
                Q(**{f"{first}__{strict}": value}) | Q(**{f"{second}__{strict}": pk}),
            )
        order = [f"-{f}" for f in self.ordering] if downwards else list(self.ordering)
        rows = list(queryset.order_by(*order)[: self.page_size + 1])
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if reverse:
            self.page.reverse()
        # Coming from a cursor, there is a page on the side it came from.
        self.has_next, self.has_previous = (
            (key is not None, more) if reverse else (more, key is not None)
        )
        return self.page

    def _link(self, row, reverse: bool) -> str:
        return self.encode_cursor(Cursor(offset=0, reverse=reverse, position=self._position(row)))

    def get_next_link(self):
        return self._link(self.page[-1], False) if self.has_next and self.page else None

    def get_previous_link(self):
        return self._link(self.page[0], True) if self.has_previous and self.page else None


class HasTenant(BasePermission):
    """The request acts in an agency the user is a member of."""

    # Lazy: a class attribute is built at import time, before any request's language.
    message = gettext_lazy(
        "Anda belum menjadi anggota instansi mana pun, atau instansi yang diminta tidak dikenal."
    )

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.tenant)


class InputSerializer(serializers.Serializer):
    """Base of request-body serializers: DRF leaves these messages untranslated in Indonesian
    (a body that is a list, a string, a number or ``null`` instead of an object)."""

    default_error_messages = {
        "invalid": gettext_lazy("Data tidak valid: kirim sebuah objek JSON."),
        "null": gettext_lazy("Data tidak valid: kirim sebuah objek JSON."),
    }

    @property
    def errors(self):
        errors = super().errors
        # DRF swaps a null body's error for a hard-coded English "No data provided".
        key = api_settings.NON_FIELD_ERRORS_KEY
        if [getattr(e, "code", None) for e in errors.get(key, [])] == ["null"]:
            errors[key] = [exceptions.ErrorDetail(self.error_messages["null"], code="null")]
        return errors


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def _untranslated_message(exc, context) -> str | None:
    """Indonesian text for errors whose DRF message has no Indonesian translation (or
    carries parser internals)."""
    if isinstance(exc, exceptions.ParseError):
        return _("Isi permintaan tidak dapat dibaca: format JSON tidak valid.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        request = context.get("request")
        return _("Metode %(method)s tidak diizinkan di alamat ini.") % {
            "method": getattr(request, "method", "")
        }
    if isinstance(exc, exceptions.AuthenticationFailed):
        return _("Token atau data masuk tidak valid.")
    if isinstance(exc, exceptions.NotFound):
        return _("Data tidak ditemukan.")
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        return _("Token CSRF tidak ada atau tidak valid; muat ulang halaman lalu coba lagi.")
    return None


def exception_handler(exc, context):
    """Every error answers ``{"error": {"status", "code", "message", "fields"}}``."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, Http404):
        # Drop Django's "No <Model> matches the given query.": every 404 reads the same,
        # so a missing object and another agency's object cannot be told apart.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        # Converted here rather than by DRF so that the body's code is "permission_denied".
        exc = exceptions.PermissionDenied(*exc.args)
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
        message = _untranslated_message(exc, context) or (
            str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
        )
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


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text=gettext_lazy("Kode status HTTP."))
    code = serializers.CharField(
        help_text=gettext_lazy("Kode mesin, mis. invalid, not_found, permission_denied.")
    )
    message = serializers.CharField(help_text=gettext_lazy("Pesan untuk manusia."))
    fields = serializers.DictField(
        help_text=gettext_lazy("Per field: daftar pesan kesalahan (kosong bila tidak ada).")
    )


class ErrorSerializer(serializers.Serializer):
    """The one error body of every endpoint (see exception_handler)."""

    error = ErrorDetailSerializer()


def error_response(message: str, status_code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response(
        {"error": {"status": status_code, "code": "invalid", "message": message, "fields": {}}},
        status=status_code,
    )


class TooManyRequests(exceptions.APIException):
    """429 with the error body, for the rate limits of apps.core.ratelimit and the login
    lockout (``code`` says which)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"
    default_detail = gettext_lazy("Terlalu banyak permintaan. Coba lagi nanti.")


def page_not_found(request, exception=None):
    """``handler404``: an address under /api/ that matches no route (e.g. ``/units/0.5/``)
    answers the JSON error body like every other API 404; other addresses the 404 page."""
    if request.path_info.startswith("/api/"):
        body = {"status": 404, "code": "not_found", "message": _("Data tidak ditemukan.")}
        return JsonResponse({"error": {**body, "fields": {}}}, status=404)
    return defaults.page_not_found(request, exception)
