"""Pages of the second factor: enrolment, the "Kode verifikasi" step, recovery codes, the
person's own status, an admin's reset and an agency's rule. Thin: services decide."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_scopes import scopes_disabled

from apps.accounts.models import User
from apps.accounts.selectors import get_member_or_404
from apps.core.exceptions import AccessDenied
from apps.core.forms import apply_validation_error
from apps.core.mixins import TenantMemberRequiredMixin

from . import services
from .forms import ConfirmDeviceForm, ResetForm, TenantPolicyForm, VerifyForm
from .policy import recovery_codes_left, totp_device_of, two_factor_state

NEW_CODES_SESSION_KEY = "two_factor_new_codes"


def _next_url(request, default="home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _secret_text(device) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _show_new_codes(request, codes: list[str], next_url: str):
    request.session[NEW_CODES_SESSION_KEY] = codes
    return redirect(f"{reverse('twofactor:codes')}?{urlencode({'next': next_url})}")


class StatusView(LoginRequiredMixin, View):
    def get(self, request):
        state = two_factor_state(request.user)
        return render(
            request,
            "accounts/twofactor/status.html",
            {
                "state": state,
                "codes_left": recovery_codes_left(request.user) if state.enrolled else 0,
                "device": totp_device_of(request.user) if state.enrolled else None,
                "form": VerifyForm(),
            },
        )


class EnrolView(LoginRequiredMixin, View):
    template = "accounts/twofactor/enrol.html"

    def _render(self, request, device, form, status=200):
        state = two_factor_state(request.user)
        qr = segno.make(device.config_url, error="m")
        return render(
            request,
            self.template,
            {
                "qr_svg": qr.svg_inline(scale=5, title=_("Kode QR untuk aplikasi autentikator")),
                "secret": _secret_text(device),
                "form": form,
                "state": state,
                "two_factor_pending": state.required and not request.user.is_verified(),
                "next": _next_url(request),
            },
            status=status,
        )

    def get(self, request):
        if totp_device_of(request.user) is not None:
            messages.info(request, _("Verifikasi dua langkah sudah aktif untuk akun Anda."))
            return redirect("twofactor:status")
        device = services.totp_enrolment_start(user=request.user)
        return self._render(request, device, ConfirmDeviceForm())

    def post(self, request):
        if totp_device_of(request.user) is not None:
            return redirect("twofactor:status")
        device = services.totp_enrolment_start(user=request.user)
        form = ConfirmDeviceForm(request.POST)
        if form.is_valid():
            try:
                codes = services.totp_enrolment_confirm(
                    user=request.user, device=device, code=form.cleaned_data["code"]
                )
            except ValidationError as exc:
                apply_validation_error(form, ValidationError({"code": exc.messages}))
            else:
                device.refresh_from_db()
                otp_login(request, device)
                messages.success(request, _("Verifikasi dua langkah aktif."))
                return _show_new_codes(request, codes, _next_url(request))
        return self._render(request, device, form, status=400)


class RecoveryCodesView(LoginRequiredMixin, View):
    """The new recovery codes, shown once: they stay in the session until the person says
    they have kept them (so that printing and downloading work), then they are gone."""

    def get(self, request):
        codes = request.session.get(NEW_CODES_SESSION_KEY)
        if not codes:
            messages.info(
                request,
                _(
                    "Kode pemulihan hanya ditampilkan sekali. Buat kode baru jika Anda "
                    "kehilangannya."
                ),
            )
            return redirect("twofactor:status")
        return render(
            request,
            "accounts/twofactor/codes.html",
            {
                "codes": [services.format_recovery_code(c) for c in codes],
                "next": _next_url(request),
            },
        )

    def post(self, request):
        request.session.pop(NEW_CODES_SESSION_KEY, None)
        return redirect(_next_url(request))


class RecoveryCodesDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        codes = request.session.get(NEW_CODES_SESSION_KEY)
        if not codes:
            raise Http404
        lines = [
            _("Kode pemulihan ZI Portal untuk %(email)s") % {"email": request.user.email},
            _("Setiap kode hanya dapat dipakai sekali. Simpan di tempat yang aman."),
            "",
            *(services.format_recovery_code(c) for c in codes),
            "",
        ]
        response = HttpResponse("\r\n".join(lines), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="kode-pemulihan-zi-portal.txt"'
        response["Cache-Control"] = "no-store"
        return response


class VerifyView(LoginRequiredMixin, View):
    """The second step after the password: "Kode verifikasi"."""

    template = "accounts/twofactor/verify.html"

    def _render(self, request, form, status=200):
        return render(
            request,
            self.template,
            {"form": form, "next": _next_url(request), "two_factor_pending": True},
            status=status,
        )

    def get(self, request):
        if request.user.is_verified() or totp_device_of(request.user) is None:
            return redirect(_next_url(request))
        return self._render(request, VerifyForm())

    def post(self, request):
        if request.user.is_verified():
            return redirect(_next_url(request))
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                device = services.code_check(user=request.user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                apply_validation_error(form, ValidationError({"code": exc.messages}))
            else:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        _(
                            "Anda masuk dengan kode pemulihan; kode itu tidak berlaku lagi. "
                            "Sisa kode pemulihan: %(n)s."
                        )
                        % {"n": recovery_codes_left(request.user)},
                    )
                return redirect(_next_url(request))
        return self._render(request, form, status=400)


class RegenerateCodesView(LoginRequiredMixin, View):
    def post(self, request):
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                codes = services.recovery_codes_regenerate(
                    user=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Kode pemulihan baru dibuat; kode lama tidak berlaku."))
                return _show_new_codes(request, codes, reverse("twofactor:status"))
        else:
            messages.error(request, _("Kode verifikasi wajib diisi."))
        return redirect("twofactor:status")


class DisableView(LoginRequiredMixin, View):
    def post(self, request):
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                services.two_factor_disable(user=request.user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            except AccessDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
        else:
            messages.error(request, _("Kode verifikasi wajib diisi."))
        return redirect("twofactor:status")


class ResetView(LoginRequiredMixin, View):
    """An admin resets a person's second factor with a reason. Platform operators reach
    anyone (from Django admin); an Admin Instansi only members of the active agency."""

    def _person(self, request, pk) -> User:
        if request.user.is_superuser:
            with scopes_disabled():
                return get_object_or_404(User, pk=pk)
        if request.tenant is None:
            raise Http404
        return get_member_or_404(pk)

    def _render(self, request, person, form, status=200):
        return render(
            request,
            "accounts/twofactor/reset.html",
            {"person": person, "form": form, "state": two_factor_state(person)},
            status=status,
        )

    def get(self, request, pk):
        person = self._person(request, pk)
        services.two_factor_reset_allowed(actor=request.user, user=person)
        return self._render(request, person, ResetForm())

    def post(self, request, pk):
        person = self._person(request, pk)
        form = ResetForm(request.POST)
        if form.is_valid():
            try:
                services.two_factor_reset(
                    actor=request.user, user=person, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Verifikasi dua langkah %(name)s direset; ia harus mendaftarkan "
                        "aplikasi autentikator lagi saat masuk."
                    )
                    % {"name": person.full_name},
                )
                if request.tenant is not None and not request.user.is_superuser:
                    return redirect("accounts:person", pk=person.pk)
                return redirect(_next_url(request, default="twofactor:status"))
        return self._render(request, person, form, status=400)


class TenantPolicyView(TenantMemberRequiredMixin, View):
    template = "accounts/twofactor/tenant_policy.html"

    def get(self, request):
        services.tenant_two_factor_allowed(actor=request.user)
        form = TenantPolicyForm(initial={"two_factor_required": request.tenant.two_factor_required})
        return render(request, self.template, {"form": form})

    def post(self, request):
        form = TenantPolicyForm(request.POST)
        if form.is_valid():
            services.tenant_two_factor_set(
                actor=request.user,
                tenant=request.tenant,
                required=form.cleaned_data["two_factor_required"],
            )
            messages.success(request, _("Aturan verifikasi dua langkah instansi disimpan."))
            return redirect("twofactor:tenant_policy")
        return render(request, self.template, {"form": form}, status=400)
