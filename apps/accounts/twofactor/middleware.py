"""The gate of the second factor, right after django-otp's OTPMiddleware.

A logged-in person whose session has not passed the second step is held at:
- the "Kode verifikasi" page, when they have a confirmed device (chosen or required);
- the enrolment page, when 2FA is required of them and they have no device yet.
Only those pages, the recovery codes shown after enrolment, logout and static files stay
reachable. Session-authenticated API requests get a 403 JSON error instead; requests
carrying an ``Authorization`` header are left to DRF (a token is issued only with the
code, see ``TokenObtainView``). Django admin is gated like every other page.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .policy import two_factor_state


def _open_paths() -> tuple[str, ...]:
    return (
        reverse("twofactor:verify"),
        reverse("twofactor:enrol"),
        reverse("twofactor:codes"),
        reverse("twofactor:codes_download"),
        reverse("logout"),
        reverse("set_language"),
        reverse("healthz"),
        settings.STATIC_URL,
    )


class TwoFactorGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_open_paths())
            and not (request.path.startswith("/api/") and "HTTP_AUTHORIZATION" in request.META)
        ):
            state = two_factor_state(user)
            if state.enrolled:
                return self._hold(
                    request,
                    "twofactor:verify",
                    "two_factor_unverified",
                    _(
                        "Masukkan kode verifikasi dari aplikasi autentikator di halaman "
                        "Kode verifikasi sebelum memakai sesi ini."
                    ),
                )
            if state.required:
                return self._hold(
                    request,
                    "twofactor:enrol",
                    "two_factor_required",
                    _(
                        "Akun Anda wajib memakai verifikasi dua langkah. Daftarkan aplikasi "
                        "autentikator di halaman Aktifkan verifikasi dua langkah lebih dulu."
                    ),
                )
        return self.get_response(request)

    def _hold(self, request, url_name: str, code: str, message: str):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"status": 403, "code": code, "message": message, "fields": {}}},
                status=403,
            )
        target = reverse(url_name)
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return redirect(target)
