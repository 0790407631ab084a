"""The public's pages behind a link (``/s/<token>/``): no account, on a phone, in
Indonesian. Everything is decided by the link: its survey, unit, service and desk; the
form shows questions and takes answers, never figures.

The request has no agency (no login), so the link is looked up across agencies by its
token and the rest of the request runs inside that link's agency scope.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_scopes import scope, scopes_disabled

from .. import protection, services
from ..models import Link, LinkKind, Status
from ..public_form import CHALLENGE_FIELD, ResponseForm


def _link_or_404(token: str) -> Link:
    with scopes_disabled():
        try:
            return Link.objects.select_related("survey", "survey__unit", "service").get(token=token)
        except Link.DoesNotExist:
            raise Http404 from None


def _unavailable(link: Link) -> tuple[int, str, str] | None:
    """Why the link takes no answer now: (status, title, text), or None."""
    survey = link.survey
    if survey.status == Status.DRAFT:
        return (
            409,
            _("Survei belum dibuka"),
            _("Survei ini sedang disiapkan dan belum menerima jawaban. Silakan coba lagi nanti."),
        )
    if survey.status == Status.CLOSED or (
        survey.closes_on and timezone.localdate() > survey.closes_on
    ):
        return (
            410,
            _("Survei sudah ditutup"),
            _(
                "Masa pengisian survei ini sudah berakhir dan tidak menerima jawaban lagi. "
                "Terima kasih atas perhatian Anda."
            ),
        )
    if link.kind == LinkKind.PERSONAL and link.used_at is not None:
        return (
            410,
            _("Tautan sudah dipakai"),
            _(
                "Tautan ini hanya untuk satu kali menjawab dan sudah dipakai. Terima kasih atas "
                "jawaban Anda."
            ),
        )
    return None


def _notice(request, link: Link | None, status: int, title: str, text: str, **extra):
    response = render(
        request,
        "surveys/public/notice.html",
        {"link": link, "survey": link.survey if link else None, "title": title, "text": text},
        status=status,
    )
    for name, value in extra.items():
        response[name] = value
    return response


def too_many(request, link, refusal: protection.Refusal):
    """429 with the flood's message as a public notice (the form's pages, the results)."""
    return _notice(
        request,
        link,
        429,
        _("Terlalu banyak permintaan"),
        refusal.message,
        **{"Retry-After": str(refusal.retry_after)},
    )


@method_decorator(never_cache, name="dispatch")
class SurveyFormView(View):
    def _form(self, link: Link, data=None) -> ResponseForm:
        survey = link.survey
        return ResponseForm(
            data,
            link=link,
            items=survey.items.all(),
            services=survey.services.all(),
        )

    def _page(self, request, link, form, status=200, challenge_error: str = ""):
        return render(
            request,
            "surveys/public/form.html",
            {
                "link": link,
                "survey": link.survey,
                "form": form,
                "challenge_error": challenge_error,
                "challenge_field": CHALLENGE_FIELD,
            },
            status=status,
        )

    def _refused(self, request, link, form, refusal: protection.Refusal):
        """Over a rate limit: the form again with the respondent's answers kept (a busy
        service hall shares one address), to send again after the wait (429)."""
        form.add_error(None, refusal.message)
        response = self._page(request, link, form, 429)
        response["Retry-After"] = str(refusal.retry_after)
        return response

    def get(self, request, token):
        link = _link_or_404(token)
        with scope(tenant=link.tenant_id):
            refusal = protection.page_allowed(request)
            if refusal:
                return too_many(request, link, refusal)
            unavailable = _unavailable(link)
            if unavailable:
                return _notice(request, link, *unavailable)
            return self._page(request, link, self._form(link))

    def post(self, request, token):
        # Not submit(): the public has no session messages to carry a refusal; it is
        # answered with the form again (400) or a notice page with its own status.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.SURVEY_FORM_MAX_BYTES:
            return _notice(
                request,
                None,
                413,
                _("Isian terlalu besar"),
                _("Isian yang dikirim terlalu besar. Persingkat saran Anda, lalu kirim ulang."),
            )
        link = _link_or_404(token)
        with scope(tenant=link.tenant_id):
            refusal = protection.answer_allowed(request)
            unavailable = _unavailable(link)
            if unavailable:
                return _notice(request, link, *unavailable)
            form = self._form(link, request.POST)
            if refusal and not form.unknown_fields():
                form.is_valid()
                return self._refused(request, link, form, refusal)
            if refusal:
                return too_many(request, link, refusal)
            unknown = form.unknown_fields()
            if unknown:
                return _notice(
                    request,
                    link,
                    400,
                    _("Isian tidak dikenal"),
                    _(
                        "Formulir yang dikirim tidak sesuai dengan survei ini. Muat ulang "
                        "halaman survei, lalu isi kembali."
                    ),
                )
            challenge_error = ""
            signature = ""
            try:
                signature = protection.check(request.POST.get(CHALLENGE_FIELD, ""), link.token)
            except protection.ChallengeError as exc:
                challenge_error = str(exc)
            if not form.is_valid() or challenge_error:
                return self._page(request, link, form, 400, challenge_error)
            refusal = protection.link_allowed(link.token)
            if refusal:
                return self._refused(request, link, form, refusal)
            try:
                protection.consume(signature)
            except protection.ChallengeError as exc:
                return self._page(request, link, form, 400, str(exc))
            try:
                services.response_record(
                    link=link,
                    answers=form.answers(),
                    service=form.chosen_service(),
                    suggestion=form.cleaned_data["suggestion"],
                    **{
                        name: form.cleaned_data[name]
                        for name in ("sex", "age_band", "education", "occupation")
                    },
                )
            except ValidationError as exc:
                link.refresh_from_db()
                unavailable = _unavailable(link)
                if unavailable:
                    return _notice(request, link, *unavailable)
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        target = field if field in form.fields else None
                        if field and (f"q_{field}") in form.fields:
                            target = f"q_{field}"
                        for error in errors:
                            form.add_error(target, error)
                else:
                    form.add_error(None, exc)
                return self._page(request, link, form, 400)
        return redirect("surveys_public:thanks", token=link.token)


@method_decorator(never_cache, name="dispatch")
class ChallengeView(View):
    """A fresh proof-of-work challenge for the link's form (the widget fetches it)."""

    def get(self, request, token):
        link = _link_or_404(token)
        with scope(tenant=link.tenant_id):
            refusal = protection.page_allowed(request)
            if refusal:
                response = JsonResponse({"error": refusal.message}, status=429)
                response["Retry-After"] = str(refusal.retry_after)
                return response
            unavailable = _unavailable(link)
            if unavailable:
                return JsonResponse({"error": unavailable[2]}, status=unavailable[0])
            return JsonResponse(protection.challenge_for(link.token))


class ThanksView(View):
    def get(self, request, token):
        link = _link_or_404(token)
        return render(
            request,
            "surveys/public/thanks.html",
            {"link": link, "survey": link.survey, "again": link.kind == LinkKind.QR},
        )
