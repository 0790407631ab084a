"""The second factor on the API: a token is issued only with the code."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from .policy import two_factor_state
from .services import CodeRefused, code_check


def token_otp_check(*, user, code: str) -> None:
    """Raise a 400 (field ``otp``) unless ``user`` may have a token with ``code``: people
    with a confirmed device send its current code (or a recovery code, used up); people
    who must use 2FA but have not enrolled get no token until they enrol in the portal."""
    state = two_factor_state(user)
    if state.enrolled:
        if not (code or "").strip():
            raise ValidationError(
                {
                    "otp": [
                        _(
                            "Akun ini memakai verifikasi dua langkah: kirim kode 6 angka dari "
                            "aplikasi autentikator (atau satu kode pemulihan) di kolom otp."
                        )
                    ]
                }
            )
        try:
            code_check(user=user, code=code)
        except CodeRefused as exc:
            raise ValidationError({"otp": exc.messages}) from None
    elif state.required:
        raise ValidationError(
            {
                "otp": [
                    _(
                        "Akun Anda wajib memakai verifikasi dua langkah. Aktifkan dulu di "
                        "halaman Keamanan akun portal, lalu minta token dengan kodenya."
                    )
                ]
            }
        )
