"""The survey's invitations (``/survei/<pk>/undangan/``): single-use links for the service
users the unit recorded in its identification, e-mailed through the outbox or shared
over WhatsApp with a prepared text."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from apps.core.actions import perform
from apps.core.mixins import TenantMemberRequiredMixin

from ..access import can_view, require_manage
from ..models import Status, Survey
from ..services import invitations


def _survey_to_manage(request, pk) -> Survey:
    """The survey, if the user may manage it: 404 when missing, of another agency or of a
    unit the user does not see; 403 (AccessDenied) when seen but not managed."""
    try:
        survey = Survey.objects.select_related("unit").get(pk=int(pk))
    except (Survey.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_view(request.user, survey.unit):
        raise Http404
    require_manage(request.user, survey.unit)
    return survey


def _ids(values) -> list[int]:
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def _skipped(chosen, sent: int) -> str:
    """What the confirmation adds when some of the people ticked got no e-mail."""
    if not chosen:
        return ""
    skipped = len(chosen) - sent
    if skipped <= 0:
        return ""
    return " " + _(
        "%(n)s orang yang dipilih dilewati: belum punya tautan, tanpa alamat e-mail, atau "
        "tautannya sudah dipakai."
    ) % {"n": skipped}


class InvitationsView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        survey = _survey_to_manage(request, pk)
        users = invitations.with_links(survey, invitations.invitees(survey))
        rows = []
        for user in users:
            link = user.personal_link
            shareable = link and not link.used_at and survey.status == Status.OPEN
            rows.append(
                {
                    "user": user,
                    "link": link,
                    "url": invitations.survey_url(link) if link else "",
                    "whatsapp": invitations.whatsapp_url(link, user, survey) if shareable else "",
                    "text": invitations.invitation_text(link, user, survey) if shareable else "",
                }
            )
        context = {
            "survey": survey,
            "unit": survey.unit,
            "rows": rows,
            "without_link": sum(1 for r in rows if r["link"] is None),
            "unsent": sum(
                1
                for r in rows
                if r["link"] and not r["link"].sent_at and not r["link"].used_at and r["user"].email
            ),
            "is_open": survey.status == Status.OPEN,
            "is_closed": survey.status == Status.CLOSED,
            "tab": "invitations",
            "can_manage": True,  # the page itself requires survey.manage
        }
        return render(request, "surveys/invitations.html", context)

    def post(self, request, pk):
        survey = _survey_to_manage(request, pk)
        action = request.POST.get("action")
        chosen = _ids(request.POST.getlist("pilih"))
        if action == "buat":
            return perform(
                request,
                lambda: invitations.invitations_create(
                    actor=request.user, survey=survey, service_user_ids=chosen or None
                ),
                success=lambda links: (
                    ngettext(
                        "%(n)s tautan sekali pakai dibuat.",
                        "%(n)s tautan sekali pakai dibuat.",
                        len(links),
                    )
                    % {"n": len(links)}
                    if links
                    else _("Semua pengguna layanan yang dipilih sudah punya tautan.")
                ),
                redirect_to=("surveys:invitations", survey.pk),
            )
        if action == "kirim":
            link_ids = None
            if chosen:
                users = invitations.with_links(
                    survey, invitations.invitees(survey).filter(pk__in=chosen)
                )
                link_ids = [u.personal_link.pk for u in users if u.personal_link]
            return perform(
                request,
                lambda: invitations.invitations_send(
                    actor=request.user, survey=survey, link_ids=link_ids
                ),
                success=lambda n: (
                    ngettext(
                        "%(n)s undangan masuk antrean e-mail dan terkirim dalam beberapa menit.",
                        "%(n)s undangan masuk antrean e-mail dan terkirim dalam beberapa menit.",
                        n,
                    )
                    % {"n": n}
                    + _skipped(chosen, n)
                ),
                redirect_to=("surveys:invitations", survey.pk),
            )
        raise Http404
