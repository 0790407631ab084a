"""Rencana Kerja notices (issue 14): an approved area tells the drafters (Ketua Tim,
Sekretaris), the last approval tells the Pimpinan Unit that the plan waits for
ratification, the ratification tells the drafters; an area waits again for its Ketua
Pokja when a change withdraws its approval or a new revision copies it. Nobody else,
never the actor, nothing for a refused step, constant queries."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from apps.accounts.roles import Role
from apps.core.exceptions import AccessDenied
from apps.core.outbox import outbox_send_pending
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from apps.workplan import services
from tests.factories import UserFactory, grant, plan_item_values

pytestmark = pytest.mark.django_db

PLAN_KINDS = (Kind.PLAN_WAITING, Kind.PLAN_DECIDED)


def told(kind=None) -> dict[int, int]:
    counts: dict[int, int] = {}
    for recipient_id in Notification.objects.filter(
        kind__in=[kind] if kind else PLAN_KINDS
    ).values_list("recipient_id", flat=True):
        counts[recipient_id] = counts.get(recipient_id, 0) + 1
    return counts


def ids(*users) -> dict[int, int]:
    return {user.pk: 1 for user in users}


@pytest.fixture
def everyone(
    ketua_tim, sekretaris, member, pokja_tl, anggota, unit_leader, sibling_sekretaris, other_admin
):
    """The cast around UPT1's plan, and people of a sibling unit and another agency."""


@pytest.fixture
def draft(cycle, ketua_tim, everyone):
    revision = services.plan_start(actor=ketua_tim, cycle=cycle)
    for area in ("MP", "TL"):
        services.plan_item_add(actor=ketua_tim, revision=revision, **plan_item_values(area))
    assert told() == {}  # drafting tells nobody: there is no "send for approval" step
    return revision


def test_an_approved_area_tells_the_drafters(draft, member, ketua_tim, sekretaris, cycle):
    services.plan_area_approve(actor=member, revision=draft, area="MP")
    assert told() == ids(ketua_tim, sekretaris)
    notice = Notification.objects.filter(recipient=ketua_tim).get()
    assert notice.kind == Kind.PLAN_DECIDED
    assert notice.title == (
        "Area Manajemen Perubahan Rencana Kerja UPT Satu revisi 1 disetujui oleh Anggota Satu"
    )
    assert notice.url == f"/rencana-kerja/siklus/{cycle.pk}/"
    assert (notice.tenant_id, notice.unit_id) == (cycle.tenant_id, cycle.unit_id)


def test_the_last_approval_makes_the_plan_wait_for_the_pimpinan_unit(
    draft, member, pokja_tl, ketua_tim, sekretaris, unit_leader
):
    services.plan_area_approve(actor=member, revision=draft, area="MP")
    assert told(Kind.PLAN_WAITING) == {}
    services.plan_area_approve(actor=pokja_tl, revision=draft, area="TL")
    assert told(Kind.PLAN_WAITING) == ids(unit_leader)
    assert "menunggu pengesahan Anda" in Notification.objects.get(recipient=unit_leader).title
    assert told(Kind.PLAN_DECIDED) == {ketua_tim.pk: 2, sekretaris.pk: 2}


def test_ratifying_tells_the_drafters_and_mails_them_once(
    draft, member, pokja_tl, ketua_tim, sekretaris, unit_leader
):
    services.plan_area_approve(actor=member, revision=draft, area="MP")
    services.plan_area_approve(actor=pokja_tl, revision=draft, area="TL")
    Notification.objects.all().delete()
    outbox_send_pending()
    mail.outbox.clear()
    services.plan_ratify(actor=unit_leader, revision=draft)
    assert told() == ids(ketua_tim, sekretaris)
    assert "disahkan oleh Kepala UPT Satu" in Notification.objects.get(recipient=sekretaris).title
    # plan_decided is mailed at once by default (the PDF job of the ratification aside).
    outbox_send_pending()
    outbox_send_pending()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ketua_tim.email, sekretaris.email])


def test_a_change_after_approval_makes_the_area_wait_for_its_ketua_pokja_again(
    draft, member, pokja_tl, ketua_tim, sekretaris
):
    services.plan_area_approve(actor=member, revision=draft, area="MP")
    services.plan_area_approve(actor=pokja_tl, revision=draft, area="TL")
    Notification.objects.all().delete()
    item = draft.items.get(area="MP")
    services.plan_item_update(
        actor=sekretaris, item=item, **plan_item_values("MP", action="Kegiatan MP diubah")
    )
    assert told() == ids(member)
    notice = Notification.objects.get()
    assert notice.kind == Kind.PLAN_WAITING
    assert "Manajemen Perubahan" in notice.title and "Sekretaris Satu" in notice.title

    Notification.objects.all().delete()
    services.plan_item_update(
        actor=sekretaris, item=item, **plan_item_values("MP", action="Kegiatan MP diubah lagi")
    )
    assert told() == {}  # not approved since: nothing withdrawn, nobody told again


def test_deleting_the_last_item_of_an_approved_area_leaves_nothing_to_approve(
    draft, pokja_tl, ketua_tim
):
    services.plan_area_approve(actor=pokja_tl, revision=draft, area="TL")
    Notification.objects.all().delete()
    services.plan_item_delete(actor=ketua_tim, item=draft.items.get(area="TL"))
    assert told() == {}


def test_an_area_without_ketua_pokja_waits_for_the_ketua_tim(draft, ketua_tim, sekretaris):
    services.plan_item_add(actor=ketua_tim, revision=draft, **plan_item_values("SDM"))
    services.plan_area_approve(actor=ketua_tim, revision=draft, area="SDM")
    Notification.objects.all().delete()
    services.plan_item_add(actor=sekretaris, revision=draft, **plan_item_values("SDM"))
    assert told(Kind.PLAN_WAITING) == ids(ketua_tim)


def test_a_new_revision_waits_for_the_ketua_pokja_of_each_area(
    cycle, ketua_tim, member, pokja_tl, unit_leader, sekretaris, everyone
):
    from tests.workplan.conftest import ratified_plan

    ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)
    Notification.objects.all().delete()
    services.plan_revise(actor=ketua_tim, cycle=cycle, reason="Penyesuaian anggaran")
    assert told() == ids(member, pokja_tl)
    assert all(
        "Penyesuaian anggaran" in n.title and "revisi 2" in n.title
        for n in Notification.objects.all()
    )


def test_refused_steps_tell_nobody(draft, member, pokja_tl, sekretaris, unit_leader, anggota):
    with pytest.raises(AccessDenied):
        services.plan_area_approve(actor=anggota, revision=draft, area="MP")
    with pytest.raises(AccessDenied):
        services.plan_area_approve(actor=member, revision=draft, area="TL")
    services.plan_area_approve(actor=member, revision=draft, area="MP")
    Notification.objects.all().delete()
    with pytest.raises(ValidationError):
        services.plan_area_approve(actor=member, revision=draft, area="MP")
    with pytest.raises(ValidationError):
        services.plan_ratify(actor=unit_leader, revision=draft)  # TL not approved
    with pytest.raises(AccessDenied):
        services.plan_ratify(actor=sekretaris, revision=draft)
    assert told() == {}


def test_approving_asks_the_same_queries_for_one_or_many_drafters(
    draft, tree, ketua_tim, member, pokja_tl, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pokja_sdm = UserFactory()
    grant(pokja_sdm, tree["upt"], Role.KETUA_POKJA, "SDM")
    services.plan_item_add(actor=ketua_tim, revision=draft, **plan_item_values("SDM"))
    with CaptureQueriesContext(connection) as one:
        services.plan_area_approve(actor=member, revision=draft, area="MP")
    more = UserFactory.create_batch(4)
    for user in more:
        grant(user, tree["upt"], Role.SEKRETARIS)
    with django_assert_max_num_queries(len(one.captured_queries)):
        services.plan_area_approve(actor=pokja_tl, revision=draft, area="TL")
    assert len(told(Kind.PLAN_DECIDED)) == 2 + 4
