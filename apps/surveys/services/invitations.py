"""Single-use links for the service users the unit recorded in its identification
(FRM-03 part C): one personal link each, sent by e-mail through the outbox, or shared by
the unit over WhatsApp with a prepared text.

A service user belongs to the survey's unit and to a ZI cycle of the survey's year. A
personal link answers once (``response_record`` spends it); the e-mail is written with
the change and sent by the worker, which skips a link already used or a survey no
longer open.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core import workflow
from apps.core.outbox import outbox_add_many, outbox_handler
from apps.identification.models import ServiceUser

from ..access import require_manage
from ..models import Link, LinkKind, Status, Survey
from .surveys import new_token

EMAIL_SUBJECT = "Survei layanan: mohon kesediaan Anda"


# --- reads (the invitations page) -----------------------------------------------------------


def invitees(survey: Survey) -> QuerySet[ServiceUser]:
    """The service users a survey may invite: the unit's, recorded in a cycle of the
    survey's year; each with ``personal_link`` (its link for this survey, or None)
    read in one more query by ``with_links``."""
    return ServiceUser.objects.filter(
        tenant_id=survey.tenant_id, unit_id=survey.unit_id, cycle__year=survey.year
    ).order_by("finished_on", "name", "id")


def with_links(survey: Survey, users) -> list[ServiceUser]:
    users = list(users)
    links = {
        link.service_user_id: link
        for link in Link.objects.filter(
            survey=survey, kind=LinkKind.PERSONAL, service_user__in=[u.pk for u in users]
        )
    }
    for user in users:
        user.personal_link = links.get(user.pk)
    return users


def survey_url(link: Link) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "surveys_public:form", kwargs={"token": link.token}
    )


def invitation_text(link: Link, service_user: ServiceUser, survey: Survey) -> str:
    return _(
        "Yth. %(name)s, terima kasih telah menggunakan layanan %(unit)s. Mohon kesediaan "
        "Anda mengisi %(title)s (sekitar 3 menit, tanpa nama dan NIK) melalui tautan "
        "berikut. Tautan ini khusus untuk Anda dan hanya dapat dipakai sekali: %(url)s"
    ) % {
        "name": service_user.name,
        "unit": survey.unit.name,
        "title": survey.title,
        "url": survey_url(link),
    }


def whatsapp_url(link: Link, service_user: ServiceUser, survey: Survey) -> str:
    """A wa.me link that opens WhatsApp with the invitation typed for the service user's
    number (stored as +62…; wa.me wants the digits only). Empty without a number."""
    digits = "".join(ch for ch in service_user.phone if ch.isdigit())
    if not digits:
        return ""
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"https://wa.me/{digits}?text={quote(invitation_text(link, service_user, survey))}"


# --- writes ---------------------------------------------------------------------------------


def _locked_survey(actor, survey: Survey) -> Survey:
    survey = workflow.lock(survey, select_related=("unit", "unit__tenant"))
    require_manage(actor, survey.unit)
    if survey.is_closed:
        raise ValidationError(_("Survei yang sudah ditutup tidak menerima jawaban lagi."))
    return survey


@transaction.atomic
def invitations_create(*, actor, survey: Survey, service_user_ids=None) -> list[Link]:
    """A personal link for each service user of the survey (or of ``service_user_ids``)
    who has none yet. The link names the survey's service of the same name as the one
    the identification recorded, when there is one (the form then does not ask)."""
    survey = _locked_survey(actor, survey)
    users = invitees(survey)
    if service_user_ids is not None:
        wanted = {int(pk) for pk in service_user_ids}
        users = users.filter(pk__in=wanted)
        if len(users) != len(wanted):
            raise ValidationError(_("Sebagian pengguna layanan yang dipilih tidak dikenal."))
    users = users.exclude(
        pk__in=Link.objects.filter(
            survey=survey, kind=LinkKind.PERSONAL, service_user__isnull=False
        ).values("service_user_id")
    )
    services_by_name = {s.name.casefold(): s for s in survey.services.all()}
    links = Link.objects.bulk_create(
        Link(
            tenant_id=survey.tenant_id,
            survey=survey,
            kind=LinkKind.PERSONAL,
            token=new_token(),
            service=services_by_name.get(user.service.casefold()),
            service_user=user,
            created_by=actor,
        )
        for user in users
    )
    if links:
        audit_record(
            actor=actor,
            tenant=survey.unit.tenant,
            action=AuditAction.SURVEY_INVITE,
            instance=survey,
            after={"links_created": len(links)},
        )
    return links


@transaction.atomic
def invitations_send(*, actor, survey: Survey, link_ids=None) -> int:
    """E-mail the personal links (``link_ids``, or every one not sent yet) of service users
    with an address, through the outbox; marks them sent. Only an open survey: a link
    must work when it arrives."""
    survey = _locked_survey(actor, survey)
    if survey.status != Status.OPEN:
        raise ValidationError(_("Buka survei dahulu: tautan harus dapat dipakai saat diterima."))
    links = Link.objects.filter(
        survey=survey, kind=LinkKind.PERSONAL, used_at__isnull=True
    ).exclude(service_user__email="")
    if link_ids is not None:
        links = links.filter(pk__in=[int(pk) for pk in link_ids])
    else:
        links = links.filter(sent_at__isnull=True)
    ids = list(links.values_list("pk", flat=True))
    if not ids:
        raise ValidationError(
            _(
                "Tidak ada tautan yang dapat dikirim lewat e-mail (belum dibuat, sudah dipakai, "
                "atau pengguna layanan tanpa alamat e-mail)."
            )
        )
    outbox_add_many(
        handler=survey_invitation_email,
        payloads=[{"link_id": pk} for pk in ids],
        tenant_id=survey.tenant_id,
    )
    Link.objects.filter(pk__in=ids).update(sent_at=timezone.now())
    audit_record(
        actor=actor,
        tenant=survey.unit.tenant,
        action=AuditAction.SURVEY_INVITE,
        instance=survey,
        after={"emailed": len(ids)},
    )
    return len(ids)


@outbox_handler
def survey_invitation_email(link_id: int) -> bool:
    """Send one invitation (called by the outbox sender). False: nothing to send any more
    (the link was used, removed, or the survey is no longer open)."""
    with scopes_disabled():  # the worker has no request, hence no agency scope
        link = (
            Link.objects.select_related("survey", "survey__unit", "service_user")
            .filter(pk=link_id, kind=LinkKind.PERSONAL)
            .first()
        )
        if link is None or link.used_at is not None or link.survey.status != Status.OPEN:
            return False
        user = link.service_user
        if not user.email:
            return False
        body = render_to_string(
            "surveys/email/invitation.txt",
            {
                "service_user": user,
                "survey": link.survey,
                "unit": link.survey.unit,
                "url": survey_url(link),
            },
        )
    send_mail(EMAIL_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
