"""Evidence notices (issue 14): an item submitted or passed on waits for the verifiers of
its current level; returned, it goes back to its author and the Pokja of its area with
the reason; verified at the last level, its author is told. Nobody else, never the actor,
nothing for a refused step, and a constant number of queries whatever the number of
people told."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.roles import Role
from apps.core.access import forget_grants
from apps.core.exceptions import AccessDenied
from apps.core.outbox import outbox_send_pending
from apps.evidence import services
from apps.evidence.chain import current_verifier_ids, is_current_verifier
from apps.evidence.models import EvidenceItem
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from tests.factories import UserFactory, grant, make_unit, pdf

pytestmark = pytest.mark.django_db

EVIDENCE_KINDS = (Kind.EVIDENCE_WAITING, Kind.EVIDENCE_RETURNED, Kind.EVIDENCE_VERIFIED)


def add(actor, cycle, question, name="bukti.pdf"):
    return services.evidence_add(
        actor=actor, cycle=cycle, question=question, uploaded=pdf(name, name.encode())
    )


def told(kind=None, item=None) -> dict[int, int]:
    """Recipient id -> number of evidence notices (of ``kind``, about ``item``)."""
    rows = Notification.objects.filter(kind__in=[kind] if kind else EVIDENCE_KINDS)
    if item is not None:
        rows = rows.filter(object_id=item.pk)
    counts: dict[int, int] = {}
    for recipient_id in rows.values_list("recipient_id", flat=True):
        counts[recipient_id] = counts.get(recipient_id, 0) + 1
    return counts


def ids(*users) -> dict[int, int]:
    return {user.pk: 1 for user in users}


@pytest.fixture
def bystanders(tree, other_tree, ketua_tim, sekretaris, unit_leader, pokja_tl, sibling_member):
    """People who must never hear of UPT1's MP item: its unit's team and another area's
    Ketua Pokja, a sibling unit's Pokja, a verifier of another Kanwil, another agency's
    verifier."""
    other_kanwil = make_unit(tree["es1"], code="KW2", type_code="unit-kerja", name="Kanwil Dua")
    other_kanwil_verifier = UserFactory(full_name="Verifikator Kanwil Dua")
    grant(other_kanwil_verifier, other_kanwil, Role.VERIFIKATOR)
    other_agency_verifier = UserFactory(full_name="Verifikator Beta")
    grant(other_agency_verifier, other_tree["root"], Role.VERIFIKATOR)
    return [
        ketua_tim,
        sekretaris,
        unit_leader,
        pokja_tl,
        sibling_member,
        other_kanwil_verifier,
        other_agency_verifier,
    ]


def test_a_submitted_item_waits_for_the_verifiers_of_its_first_level_only(
    anggota, member, verifier, es1_verifier, tpi_user, bystanders, cycle, question
):
    item = add(anggota, cycle, question)
    services.evidence_submit(actor=anggota, item=item)
    assert told() == ids(verifier)
    notice = Notification.objects.get(recipient=verifier)
    assert notice.kind == Kind.EVIDENCE_WAITING
    assert (notice.tenant_id, notice.unit_id, notice.object_id) == (
        cycle.tenant_id,
        cycle.unit_id,
        item.pk,
    )
    assert "bukti.pdf" in notice.title and "UPT Satu" in notice.title
    assert "Verifikasi Unit Kerja/Kanwil" in notice.title
    assert notice.url == f"/bukti/siklus/{cycle.pk}/{question.code}/#item-{item.pk}-title"


def test_each_level_passes_the_item_on_and_the_last_one_tells_the_author(
    tree, anggota, member, verifier, es1_verifier, tpi_user, bystanders, cycle, question
):
    es1_tpi = UserFactory(full_name="TPI di Eselon I")
    grant(es1_tpi, tree["es1"], Role.PENILAI_TPI)
    other_es1 = make_unit(tree["root"], code="ES2", type_code="eselon-1")
    other_es1_tpi = UserFactory(full_name="TPI Eselon I lain")
    grant(other_es1_tpi, other_es1, Role.PENILAI_TPI)
    item = add(anggota, cycle, question)
    services.evidence_submit(actor=anggota, item=item)

    Notification.objects.all().delete()
    services.evidence_verify(actor=verifier, item=item)
    assert told() == ids(es1_verifier)

    Notification.objects.all().delete()
    item.refresh_from_db()
    services.evidence_verify(actor=es1_verifier, item=item)
    # The TPI level reaches: held at the root or anywhere above the item's unit.
    assert told() == ids(tpi_user, es1_tpi)
    assert told(Kind.EVIDENCE_WAITING) == ids(tpi_user, es1_tpi)

    Notification.objects.all().delete()
    item.refresh_from_db()
    services.evidence_verify(actor=tpi_user, item=item)
    assert told() == ids(anggota)
    notice = Notification.objects.get()
    assert notice.kind == Kind.EVIDENCE_VERIFIED and "sudah terverifikasi" in notice.title


def test_the_verifiers_told_are_exactly_those_the_queue_shows_the_item_to(
    tree, anggota, verifier, es1_verifier, tpi_user, bystanders, cycle, question
):
    es1_tpi = UserFactory()
    grant(es1_tpi, tree["es1"], Role.PENILAI_TPI)
    everyone = [verifier, es1_verifier, tpi_user, es1_tpi, anggota, *bystanders]
    item = add(anggota, cycle, question)
    services.evidence_submit(actor=anggota, item=item)
    for decider in (verifier, es1_verifier, None):
        item = EvidenceItem.objects.select_related("unit").get(pk=item.pk)
        expected = {u.pk for u in everyone if is_current_verifier(u, item)}
        assert set(current_verifier_ids(item)) == expected
        if decider is not None:
            services.evidence_verify(actor=decider, item=item)


def test_a_returned_item_goes_back_to_its_author_and_the_pokja_of_its_area_with_the_reason(
    anggota, member, verifier, es1_verifier, bystanders, cycle, question
):
    item = add(anggota, cycle, question)
    services.evidence_submit(actor=anggota, item=item)
    Notification.objects.all().delete()
    mail.outbox.clear()
    services.evidence_return(actor=verifier, item=item, comment="SK belum ditandatangani")
    assert told() == ids(anggota, member)
    for notice in Notification.objects.all():
        assert notice.kind == Kind.EVIDENCE_RETURNED
        assert notice.title == (
            "Bukti dukung \u201cbukti.pdf\u201d (UPT Satu) dikembalikan pada "
            "Verifikasi Unit Kerja/Kanwil: SK belum ditandatangani"
        )
        assert "Verifikator Kanwil" in notice.body and "SK belum ditandatangani" in notice.body
    # evidence_returned is mailed at once by default: through the outbox, once each.
    assert outbox_send_pending() == 2
    assert outbox_send_pending() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([anggota.email, member.email])
    assert all("dikembalikan" in m.subject for m in mail.outbox)


def test_an_item_written_by_the_ketua_tim_goes_back_to_them_too(
    ketua_tim, member, anggota, sekretaris, verifier, cycle, question
):
    item = add(ketua_tim, cycle, question)
    services.evidence_submit(actor=ketua_tim, item=item)
    services.evidence_return(actor=verifier, item=item, comment="Foto buram")
    assert told(Kind.EVIDENCE_RETURNED) == ids(ketua_tim, member, anggota)


def test_an_author_who_no_longer_works_on_the_area_is_not_told(
    anggota, member, verifier, cycle, question
):
    item = add(anggota, cycle, question)
    services.evidence_submit(actor=anggota, item=item)
    anggota.role_assignments.all().delete()
    services.evidence_return(actor=verifier, item=item, comment="Kurang lengkap")
    assert told(Kind.EVIDENCE_RETURNED) == ids(member)


def test_submitted_by_someone_else_and_verified_at_once_tells_the_author(
    tenant, anggota, member, cycle, question
):
    from apps.evidence.models import VerificationLevel

    VerificationLevel.objects.filter(tenant=tenant).update(is_active=False)
    item = add(anggota, cycle, question)
    services.evidence_submit(actor=member, item=item)
    assert told() == ids(anggota)
    assert Notification.objects.get().kind == Kind.EVIDENCE_VERIFIED


def test_a_verifier_who_is_also_the_next_level_is_not_told_of_their_own_act(
    tree, anggota, verifier, cycle, question
):
    grant(verifier, tree["es1"], Role.VERIFIKATOR)
    item = add(anggota, cycle, question)
    services.evidence_submit(actor=anggota, item=item)
    Notification.objects.all().delete()
    services.evidence_verify(actor=verifier, item=item)
    assert told() == {}


def test_refused_steps_tell_nobody(
    anggota, member, verifier, es1_verifier, sibling_member, cycle, question
):
    item = add(anggota, cycle, question)
    with pytest.raises(AccessDenied):
        services.evidence_submit(actor=sibling_member, item=item)
    assert told() == {}
    services.evidence_submit(actor=anggota, item=item)
    Notification.objects.all().delete()
    with pytest.raises(ValidationError):
        services.evidence_submit(actor=anggota, item=item)
    with pytest.raises(AccessDenied):
        services.evidence_verify(actor=es1_verifier, item=item)
    with pytest.raises(AccessDenied):
        services.evidence_return(actor=es1_verifier, item=item, comment="bukan tingkat saya")
    with pytest.raises(ValidationError):
        services.evidence_return(actor=verifier, item=item, comment="   ")
    assert told() == {}


def _count(call) -> int:
    forget_grants()  # each call reads its actor's roles, as a request does
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_submitting_and_returning_ask_the_same_queries_for_one_or_many_people(
    tree, anggota, member, verifier, cycle, question, django_assert_max_num_queries
):
    warm = add(anggota, cycle, question, "pemanasan.pdf")
    services.evidence_submit(actor=anggota, item=warm)  # content types, levels cached
    one, many = add(anggota, cycle, question, "satu.pdf"), add(anggota, cycle, question, "b.pdf")

    submit_one = _count(lambda: services.evidence_submit(actor=anggota, item=one))
    return_one = _count(lambda: services.evidence_return(actor=verifier, item=one, comment="x"))
    assert told(Kind.EVIDENCE_WAITING, one) == ids(verifier)
    assert told(Kind.EVIDENCE_RETURNED, one) == ids(anggota, member)

    more_verifiers = UserFactory.create_batch(4)
    more_pokja = UserFactory.create_batch(4)
    for user in more_verifiers:
        grant(user, tree["kanwil"], Role.VERIFIKATOR)
    for user in more_pokja:
        grant(user, tree["upt"], Role.ANGGOTA_POKJA, "MP")
    forget_grants()
    with django_assert_max_num_queries(submit_one):
        services.evidence_submit(actor=anggota, item=many)
    forget_grants()
    with django_assert_max_num_queries(return_one):
        services.evidence_return(actor=verifier, item=many, comment="x")
    assert told(Kind.EVIDENCE_WAITING, many) == ids(verifier, *more_verifiers)
    assert told(Kind.EVIDENCE_RETURNED, many) == ids(anggota, member, *more_pokja)
