"""Identification notices (issue 14): submitted, it waits for the Penilai TPU who may
decide it (not a conflicted one, not another agency's); returned or complete, the unit's
people who fill it in are told (returned: with what is missing). Never the actor, nothing
for a refused step, constant queries."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from apps.accounts.roles import Role
from apps.core.exceptions import AccessDenied
from apps.core.outbox import outbox_send_pending
from apps.identification import services
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from tests.factories import UserFactory, grant
from tests.identification.conftest import ALL_MET, fill, make_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def id_cycle(tree, template):
    """UPT1's cycle at identifikasi (tests/identification/conftest.py's ``cycle``)."""
    return make_cycle(tree["upt"], template)


@pytest.fixture
def opened(id_cycle, ketua_tim):
    return services.identification_open(actor=ketua_tim, cycle=id_cycle)


@pytest.fixture
def submitted(opened, ketua_tim):
    fill(opened, ketua_tim)
    return services.identification_submit(actor=ketua_tim, identification=opened)


def told() -> dict[int, int]:
    counts: dict[int, int] = {}
    for recipient_id in Notification.objects.filter(kind=Kind.IDENTIFICATION).values_list(
        "recipient_id", flat=True
    ):
        counts[recipient_id] = counts.get(recipient_id, 0) + 1
    return counts


def ids(*users) -> dict[int, int]:
    return {user.pk: 1 for user in users}


@pytest.fixture
def cast(
    ketua_tim,
    sekretaris,
    unit_leader,
    member,
    sibling_sekretaris,
    tpu_user,
    tpu_user_tl,
    conflicted_tpu,
    other_tpu,
    tpi_user,
    verifier,
):
    return locals()


def test_a_submitted_identification_waits_for_the_tpu_who_may_decide_it(
    opened, cast, ketua_tim, tpu_user, tpu_user_tl, id_cycle
):
    fill(opened, ketua_tim)
    assert told() == {}
    services.identification_submit(actor=ketua_tim, identification=opened)
    # conflicted_tpu holds a role in UPT1: not asked; other_tpu is another agency's.
    assert told() == ids(tpu_user, tpu_user_tl)
    notice = Notification.objects.filter(recipient=tpu_user).get()
    assert notice.title == "Identifikasi UPT Satu diajukan dan menunggu keputusan Anda"
    assert notice.url == f"/identifikasi/siklus/{id_cycle.pk}/"
    assert (notice.tenant_id, notice.unit_id) == (id_cycle.tenant_id, id_cycle.unit_id)


def test_a_returned_identification_tells_the_unit_what_is_missing_and_mails_it_once(
    submitted, cast, ketua_tim, sekretaris, unit_leader, tpu_user
):
    Notification.objects.all().delete()
    outbox_send_pending()
    mail.outbox.clear()
    services.identification_decide(
        actor=tpu_user,
        identification=submitted,
        outcome="return",
        requirements={**ALL_MET, "req_public_impact": False},
        note="Lampirkan SK penetapan layanan",
    )
    assert told() == ids(ketua_tim, sekretaris, unit_leader)
    notice = Notification.objects.filter(recipient=sekretaris).get()
    assert notice.title.startswith("Identifikasi UPT Satu dikembalikan TPU untuk dilengkapi: ")
    assert "Lampirkan SK penetapan layanan" in notice.body
    assert "Penilai TPU Satu" in notice.body
    assert outbox_send_pending() == 3
    assert outbox_send_pending() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ketua_tim.email, sekretaris.email, unit_leader.email]
    )


def test_a_complete_identification_tells_the_unit(
    submitted, cast, ketua_tim, sekretaris, unit_leader, tpu_user_tl
):
    Notification.objects.all().delete()
    services.identification_decide(
        actor=tpu_user_tl, identification=submitted, outcome="complete", requirements=ALL_MET
    )
    assert told() == ids(ketua_tim, sekretaris, unit_leader)
    assert "Calon Unit Kerja" in Notification.objects.filter(recipient=ketua_tim).get().title


def test_resubmitting_after_a_return_asks_the_tpu_again(
    submitted, cast, ketua_tim, sekretaris, tpu_user, tpu_user_tl
):
    services.identification_decide(
        actor=tpu_user,
        identification=submitted,
        outcome="return",
        requirements=ALL_MET,
        note="Perbarui data TLHP",
    )
    Notification.objects.all().delete()
    services.identification_submit(actor=sekretaris, identification=submitted)
    assert told() == ids(tpu_user, tpu_user_tl)


def test_refused_steps_tell_nobody(opened, submitted, cast, ketua_tim, conflicted_tpu):
    Notification.objects.all().delete()
    with pytest.raises(AccessDenied):
        services.identification_decide(
            actor=conflicted_tpu,
            identification=submitted,
            outcome="complete",
            requirements=ALL_MET,
        )
    with pytest.raises(ValidationError):
        services.identification_submit(actor=ketua_tim, identification=submitted)
    assert told() == {}


def test_an_incomplete_identification_cannot_be_submitted_and_tells_nobody(
    opened, cast, ketua_tim, tpu_user
):
    with pytest.raises(ValidationError):
        services.identification_submit(actor=ketua_tim, identification=opened)
    with pytest.raises(ValidationError):
        services.identification_decide(
            actor=tpu_user, identification=opened, outcome="complete", requirements={}
        )
    assert told() == {}


def test_submitting_asks_the_same_queries_for_one_or_many_assessors(
    tree, id_cycle, template, ketua_tim, tpu_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = services.identification_open(actor=ketua_tim, cycle=id_cycle)
    fill(first, ketua_tim)
    with CaptureQueriesContext(connection) as one:
        services.identification_submit(actor=ketua_tim, identification=first)
    assert told() == ids(tpu_user)
    more = UserFactory.create_batch(4)
    for user in more:
        grant(user, tree["kanwil"], Role.PENILAI_TPU, "SDM")
    second_cycle = make_cycle(tree["upt"], template, year=2027)
    second = services.identification_open(actor=ketua_tim, cycle=second_cycle)
    fill(second, ketua_tim)
    Notification.objects.all().delete()
    with django_assert_max_num_queries(len(one.captured_queries)):
        services.identification_submit(actor=ketua_tim, identification=second)
    assert told() == ids(tpu_user, *more)
