"""The one view pattern for writes: form → service → message → redirect.

Every page that changes data does the same four things: validate the input, call one
service, tell the person what happened, and send them somewhere. A service refuses with
``ValidationError`` (Indonesian messages, per field where it can) or ``AccessDenied``
(a 403, handled by the middleware). The two helpers below are that pattern, so views
keep only what is particular to them: which form, which service, which words, where to.

- ``perform`` is for a button (no form to show again): the service's refusal becomes an
  error message and the person goes back to the same place either way.
- ``submit`` is for a form: an invalid form or a refused service returns ``None`` and the
  view renders the page again with the form's errors (status 400); success redirects.

    response = submit(
        request, form,
        lambda: services.member_add(actor=request.user, cycle=cycle, **form.cleaned_data),
        success=lambda member: _("%(name)s ditambahkan.") % {"name": member.user.full_name},
        redirect_to=("teams:team", cycle.pk),
    )
    if response is None:
        return render(request, "teams/team.html", context, status=400)
    return response
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url

from .forms import apply_validation_error
from .http import error_text

T = TypeVar("T")

# Where to go: a URL, a URL name, or (URL name, *args) for reverse().
Target = str | Sequence[Any] | Callable[[Any], str]
Success = str | Callable[[Any], str] | None


def _url(target: Target, result: Any) -> str:
    if callable(target):
        return target(result)
    if isinstance(target, str):
        return resolve_url(target)
    name, *args = target
    return resolve_url(name, *args)


def _say(request: HttpRequest, success: Success, result: Any) -> None:
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)


def perform(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: Success,
    redirect_to: Target,
    refused_to: Target | None = None,
    refused_page: Callable[[], HttpResponse] | None = None,
) -> HttpResponse:
    """Run ``call`` (one service); say ``success`` or the service's refusal as a message;
    redirect to ``redirect_to`` (``refused_to`` after a refusal, when given). A page that
    shows itself again after a refusal (status 400) passes ``refused_page`` instead."""
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        if refused_page is not None:
            return refused_page()
        return redirect(_url(refused_to if refused_to is not None else redirect_to, None))
    _say(request, success, result)
    return redirect(_url(redirect_to, result))


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[], T],
    *,
    success: Success,
    redirect_to: Target,
    field_map: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Validate ``form``, run ``call`` (one service), say ``success`` and redirect.

    ``None`` means "show the form again": the form is invalid, or the service refused and
    its messages now sit on the form (per field where the form has that field;
    ``field_map`` renames service fields to form fields)."""
    if not form.is_valid():
        return None
    try:
        result = call()
    except ValidationError as exc:
        apply_validation_error(form, exc, field_map)
        return None
    _say(request, success, result)
    return redirect(_url(redirect_to, result))
