"""Single-use links for the identification's service users (``/survei/<pk>/undangan/``):
who may, one link per person, the e-mail through the outbox with the link, the
WhatsApp text ready to share."""

import datetime
import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.core.models import OutboxMessage
from apps.core.outbox import outbox_deliver
from apps.identification.models import ServiceUser
from apps.surveys import services
from apps.surveys.models import Link, LinkKind
from tests.factories import CycleFactory


def _service_user(unit, by, name, *, year=2027, service="Perizinan", phone="", email=""):
    cycle = CycleFactory(unit=unit, year=year)
    return ServiceUser.objects.create(
        tenant=unit.tenant,
        unit=unit,
        cycle=cycle,
        name=name,
        service=service,
        finished_on=datetime.date(year, 2, 1),
        phone=phone,
        email=email,
        created_by=by,
    )


@pytest.fixture
def invitees(tree, pokja_pp):
    upt = tree["upt"]
    budi = _service_user(upt, pokja_pp, "Budi", phone="+6281234567890", email="budi@example.com")
    cycle = budi.cycle
    sari = ServiceUser.objects.create(
        tenant=upt.tenant,
        unit=upt,
        cycle=cycle,
        name="Sari",
        service="Konsultasi",
        finished_on=datetime.date(2027, 3, 1),
        phone="+6285600001111",
        created_by=pokja_pp,
    )
    # Not invitees of the 2027 survey: another year's cycle, another unit.
    _service_user(upt, pokja_pp, "Lama", year=2026, email="lama@example.com")
    _service_user(tree["upt2"], pokja_pp, "Tetangga", email="tetangga@example.com")
    return {"budi": budi, "sari": sari}


def url(survey):
    return reverse("surveys:invitations", args=[survey.pk])


# --- the service -----------------------------------------------------------------------------


def test_one_link_per_service_user_of_the_unit_and_year(open_skm, invitees, pokja_pp):
    links = services.invitations_create(actor=pokja_pp, survey=open_skm)
    assert {link.service_user.name for link in links} == {"Budi", "Sari"}
    assert all(link.kind == LinkKind.PERSONAL and len(link.token) == 22 for link in links)
    budi = next(link for link in links if link.service_user.name == "Budi")
    sari = next(link for link in links if link.service_user.name == "Sari")
    assert budi.service.name == "Perizinan"  # the survey's service of that name
    assert sari.service is None  # "Konsultasi" is not one: the form asks
    # Again: nobody gets a second link.
    assert services.invitations_create(actor=pokja_pp, survey=open_skm) == []
    assert Link.objects.filter(kind=LinkKind.PERSONAL).count() == 2
    assert AuditEvent.objects.filter(action="survey.invite").count() == 1


def test_links_for_chosen_service_users_only(open_skm, invitees, pokja_pp):
    links = services.invitations_create(
        actor=pokja_pp, survey=open_skm, service_user_ids=[invitees["sari"].pk]
    )
    assert [link.service_user for link in links] == [invitees["sari"]]


def test_a_service_user_of_another_unit_cannot_be_chosen(open_skm, invitees, pokja_pp, tree):
    stranger = ServiceUser.objects.get(name="Tetangga")
    with pytest.raises(Exception, match="tidak dikenal"):
        services.invitations_create(actor=pokja_pp, survey=open_skm, service_user_ids=[stranger.pk])
    assert not Link.objects.filter(kind=LinkKind.PERSONAL).exists()


def test_only_the_survey_managers_invite(open_skm, invitees, member):
    with pytest.raises(AccessDenied):
        services.invitations_create(actor=member, survey=open_skm)


def test_the_email_goes_through_the_outbox_with_the_link(open_skm, invitees, pokja_pp):
    services.invitations_create(actor=pokja_pp, survey=open_skm)
    assert services.invitations_send(actor=pokja_pp, survey=open_skm) == 1  # Sari: no e-mail
    message = OutboxMessage.objects.get(handler__startswith="apps.surveys.")
    link = Link.objects.get(service_user=invitees["budi"])
    assert message.payload == {"link_id": link.pk} and link.sent_at is not None
    mail.outbox.clear()
    assert outbox_deliver(message.pk)
    (email,) = mail.outbox
    assert email.to == ["budi@example.com"]
    assert "Yth. Budi" in email.body and "sekali" in email.body
    path = reverse("surveys_public:form", kwargs={"token": link.token})
    assert path in email.body
    # Nothing left to send: every link with an address went.
    with pytest.raises(Exception, match="Tidak ada tautan"):
        services.invitations_send(actor=pokja_pp, survey=open_skm)


def test_a_link_used_before_the_mail_left_is_not_sent(open_skm, invitees, pokja_pp):
    services.invitations_create(actor=pokja_pp, survey=open_skm)
    services.invitations_send(actor=pokja_pp, survey=open_skm)
    link = Link.objects.get(service_user=invitees["budi"])
    services.response_record(link=link, answers={"U1": 4})
    message = OutboxMessage.objects.get(handler__startswith="apps.surveys.")
    mail.outbox.clear()
    assert outbox_deliver(message.pk) is False
    assert mail.outbox == []


def test_a_draft_survey_sends_nothing(skm, invitees, pokja_pp):
    services.invitations_create(actor=pokja_pp, survey=skm)
    with pytest.raises(Exception, match="Buka survei"):
        services.invitations_send(actor=pokja_pp, survey=skm)
    assert not OutboxMessage.objects.filter(handler__startswith="apps.surveys.").exists()


# --- the page --------------------------------------------------------------------------------


def test_the_page_lists_invitees_with_links_and_whatsapp_text(
    client_for, open_skm, invitees, pokja_pp, django_assert_max_num_queries
):
    services.invitations_create(actor=pokja_pp, survey=open_skm)
    client = client_for(pokja_pp)
    with django_assert_max_num_queries(25):
        page = client.get(url(open_skm))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Budi" in html and "Sari" in html
    assert "Lama" not in html and "Tetangga" not in html
    link = Link.objects.get(service_user=invitees["sari"])
    wa = re.search(r'href="(https://wa\.me/6285600001111\?text=[^"]+)"', html)
    assert wa, html
    text = unquote(wa.group(1).split("text=", 1)[1].replace("&amp;", "&"))
    assert "Yth. Sari" in text and f"/s/{link.token}/" in text
    # The same text, ready to copy into any messenger.
    assert f'data-testid="invitation-text-{invitees["sari"].pk}"' in html


def test_the_page_creates_and_sends(client_for, open_skm, invitees, pokja_pp):
    client = client_for(pokja_pp)
    created = client.post(url(open_skm), {"action": "buat"}, follow=True)
    assert "2 tautan sekali pakai dibuat" in created.content.decode()
    sent = client.post(url(open_skm), {"action": "kirim"}, follow=True)
    assert "1 undangan masuk antrean e-mail" in sent.content.decode()
    again = client.post(url(open_skm), {"action": "kirim"}, follow=True)
    assert "Tidak ada tautan" in again.content.decode()


def test_sending_to_the_ticked_people_names_those_skipped(client_for, open_skm, invitees, pokja_pp):
    client = client_for(pokja_pp)
    client.post(url(open_skm), {"action": "buat"})
    ticked = [invitees["budi"].pk, invitees["sari"].pk]  # Sari has no e-mail address
    sent = client.post(url(open_skm), {"action": "kirim", "pilih": ticked}, follow=True)
    page = sent.content.decode()
    assert "1 undangan masuk antrean e-mail" in page
    assert "1 orang yang dipilih dilewati" in page


def test_the_page_with_nobody_recorded_says_so(client_for, open_skm, pokja_pp):
    page = client_for(pokja_pp).get(url(open_skm))
    assert page.status_code == 200
    assert 'data-testid="no-service-users"' in page.content.decode()


def test_anonymous_goes_to_the_login(client, open_skm):
    response = client.get(url(open_skm))
    assert response.status_code == 302 and "/akun/masuk/" in response.url


def test_a_role_without_survey_management_is_refused(client_for, open_skm, invitees, member):
    client = client_for(member)  # Ketua Pokja MP of the same unit
    assert client.get(url(open_skm)).status_code == 403
    assert client.post(url(open_skm), {"action": "buat"}).status_code == 403
    assert not Link.objects.filter(kind=LinkKind.PERSONAL).exists()


def test_another_units_people_are_refused(client_for, open_skm, invitees, sibling_sekretaris):
    client = client_for(sibling_sekretaris)
    assert client.get(url(open_skm)).status_code in (403, 404)
    assert client.post(url(open_skm), {"action": "buat"}).status_code in (403, 404)
    assert not Link.objects.filter(kind=LinkKind.PERSONAL).exists()


def test_another_agency_gets_a_404(client_for, open_skm, invitees, other_admin):
    client = client_for(other_admin)
    assert client.get(url(open_skm)).status_code == 404
    assert client.post(url(open_skm), {"action": "buat"}).status_code == 404
    assert not Link.objects.filter(kind=LinkKind.PERSONAL).exists()
