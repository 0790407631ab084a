"""Refuse control characters in query and form fields before any view sees them.

A NUL byte cannot be stored or even compared by PostgreSQL (``A string literal cannot
contain NUL``), so ``?q=%00`` used to end as a 500 in whichever view filtered on it.
Rather than guard every field, every request passes here: a control character other than
tab, CR and LF in a GET or POST key or value is answered with a 400 naming the problem
(a page, or the API's JSON error body). Uploaded file contents are not form fields and
are not looked at; JSON bodies are checked by DRF's CharField (no NUL).

The form body is read in ``process_view``, like the CSRF middleware does, and for the
same views: a CSRF-exempt view (DRF's API views, the upload views that install their
own upload handlers before the body is parsed, see apps/files/upload.py) must get its
body unread, so its form fields are left to the view (its query string is checked).
"""

import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .http import wants_json

# C0 controls except \t \n \r, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(data) -> bool:
    """True when a QueryDict has a control character in any key or value."""
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in data.lists()
    )


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.GET):
            return self.refuse(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False):
            return None
        if has_control_characters(request.POST):
            return self.refuse(request)
        return None

    @staticmethod
    def refuse(request):
        message = _(
            "Permintaan berisi karakter kontrol (mis. byte NUL) yang tidak diizinkan. "
            "Hapus karakter tersebut dari isian atau alamat lalu coba lagi."
        )
        if request.path.startswith("/api/") or wants_json(request):
            return JsonResponse(
                {"error": {"status": 400, "code": "invalid", "message": message, "fields": {}}},
                status=400,
            )
        return render(request, "400.html", {"message": message}, status=400)


class HealthCheckMiddleware:
    """Answers ``/healthz`` before the session, authentication and tenant middleware.

    Those read the database as soon as a request carries a session cookie (or a token),
    so with PostgreSQL down a probe that kept its cookie got a 500 from them instead of
    the view's 503 naming the failed check. Placed right after SecurityMiddleware, which
    never touches the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            from .views import healthz

            return healthz(request)
        return self.get_response(request)
