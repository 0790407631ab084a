"""Notices of an assessment (issue 14): the lead and the assessors when they are named,
the assessors (and for the self-assessment the unit's team) when it is finalised, the
unit's head and team when a TPU/TPI result is released. Nobody is told of their own act,
nobody outside the unit, and a refused step writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from apps.assessment import services
from apps.core.exceptions import AccessDenied
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from tests.assessment.conftest import at_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def tpu_cycle(cycle):
    return at_stage(cycle, "penilaian_pendahuluan")


def told(kind=Kind.ASSESSMENT):
    """{recipient id: [titles]} of every notice of ``kind``."""
    result = {}
    for recipient_id, title in Notification.objects.filter(kind=kind).values_list(
        "recipient_id", "title"
    ):
        result.setdefault(recipient_id, []).append(title)
    return result


def open_tpu(admin, cycle, lead):
    with scope(tenant=cycle.tenant_id):
        return services.assessment_open(actor=admin, cycle=cycle, level="tpu", lead=lead)


def test_the_lead_is_told_when_an_assessment_is_opened(admin, tpu_cycle, tpu_user):
    assessment = open_tpu(admin, tpu_cycle, tpu_user)
    notice = Notification.objects.get()
    assert notice.recipient == tpu_user and notice.kind == Kind.ASSESSMENT
    assert "ketua Penilaian pendahuluan (TPU) UPT Satu" in notice.title
    assert notice.url == reverse("assessment:detail", args=[assessment.pk])
    assert (notice.tenant_id, notice.unit_id, notice.object_id) == (
        tpu_cycle.tenant_id,
        tpu_cycle.unit_id,
        assessment.pk,
    )


def test_an_assessor_is_told_of_their_area_and_the_lead_assigning_is_not(
    admin, tpu_cycle, tpu_user, tpu_user_tl
):
    assessment = open_tpu(admin, tpu_cycle, tpu_user)
    Notification.objects.all().delete()
    with scope(tenant=tpu_cycle.tenant_id):
        services.assessor_assign(actor=tpu_user, assessment=assessment, user=tpu_user_tl, area="TL")
        # The lead assigning themselves is not told of their own act.
        services.assessor_assign(actor=tpu_user, assessment=assessment, user=tpu_user, area="MP")
    assert told() == {
        tpu_user_tl.pk: [
            "Anda ditugaskan menilai area TL pada Penilaian pendahuluan (TPU) UPT Satu"
        ]
    }


def test_a_refused_assignment_tells_nobody(admin, tpu_cycle, tpu_user, conflicted_tpu, other_tpu):
    assessment = open_tpu(admin, tpu_cycle, tpu_user)
    Notification.objects.all().delete()
    with scope(tenant=tpu_cycle.tenant_id):
        with pytest.raises(ValidationError):
            services.assessor_assign(
                actor=tpu_user, assessment=assessment, user=conflicted_tpu, area="PW"
            )
        with pytest.raises(AccessDenied):
            services.assessor_assign(
                actor=other_tpu, assessment=assessment, user=other_tpu, area="MP"
            )
    assert not Notification.objects.exists()


def test_finalising_a_tpu_assessment_tells_its_assessors_not_yet_the_unit(
    admin, tpu_cycle, tpu_user, tpu_user_tl, unit_leader, ketua_tim, sekretaris
):
    assessment = open_tpu(admin, tpu_cycle, tpu_user)
    with scope(tenant=tpu_cycle.tenant_id):
        services.assessor_assign(actor=tpu_user, assessment=assessment, user=tpu_user_tl, area="TL")
        Notification.objects.all().delete()
        with pytest.raises(AccessDenied):  # only the lead finalises: refused, nobody told
            services.assessment_finalise(actor=tpu_user_tl, assessment=assessment)
        assert not Notification.objects.exists()
        services.assessment_finalise(actor=tpu_user, assessment=assessment)
    assert list(told()) == [tpu_user_tl.pk]
    assert told()[tpu_user_tl.pk] == [
        "Penilaian pendahuluan (TPU) UPT Satu telah difinalkan; jawabannya dikunci"
    ]


def test_finalising_the_self_assessment_tells_the_units_head_and_team(
    admin, cycle, ketua_tim, unit_leader, sekretaris, member, anggota, sibling_sekretaris
):
    with scope(tenant=cycle.tenant_id):
        mandiri = services.assessment_open(
            actor=admin, cycle=cycle, level="mandiri", lead=ketua_tim
        )
        services.assessor_assign(actor=ketua_tim, assessment=mandiri, user=member, area="MP")
        Notification.objects.all().delete()
        services.assessment_finalise(actor=ketua_tim, assessment=mandiri)
    # The head and the Sekretaris (team), the assessor; not the lead who finalised, not
    # an Anggota Pokja, not the sibling unit's Sekretaris.
    assert sorted(told()) == sorted([unit_leader.pk, sekretaris.pk, member.pk])
    assert all(len(titles) == 1 for titles in told().values())


def test_releasing_tells_the_units_head_and_team_once(
    admin,
    tpu_cycle,
    tpu_user,
    unit_leader,
    ketua_tim,
    sekretaris,
    member,
    anggota,
    sibling_sekretaris,
    other_admin,
):
    assessment = open_tpu(admin, tpu_cycle, tpu_user)
    with scope(tenant=tpu_cycle.tenant_id):
        services.assessment_finalise(actor=tpu_user, assessment=assessment)
        Notification.objects.all().delete()
        services.assessment_release(actor=admin, assessment=assessment)
    assert told() == {
        person.pk: ["Hasil Penilaian pendahuluan (TPU) UPT Satu telah dirilis ke unit"]
        for person in (unit_leader, ketua_tim, sekretaris)
    }
    notice = Notification.objects.filter(recipient=unit_leader).get()
    assert notice.url == reverse("assessment:result", args=[assessment.pk])
    # Released already: refused, nobody told again.
    Notification.objects.all().delete()
    with scope(tenant=tpu_cycle.tenant_id), pytest.raises(ValidationError):
        services.assessment_release(actor=tpu_user, assessment=assessment)
    assert not Notification.objects.exists()
