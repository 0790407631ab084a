"""Notices of a report's way (issue 14): drafted by the portal → the people who complete
it (its kind's edit capability; an agent's own report, that agent), submitted → the
Pimpinan Unit, returned (with the reason) and approved → the people who complete it.
Nobody is told of their own act, nobody of another unit or agency; a refused step and a
second beat run write nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from apps.core.exceptions import AccessDenied
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from apps.reports import services
from tests.factories import CycleFactory
from tests.reports.conftest import agents, at, complete, draft_all, report_of, travel  # noqa: F401

pytestmark = pytest.mark.django_db

WRITERS = ("ketua_tim", "sekretaris", "member")  # monev: Ketua Tim, Sekretaris, Ketua Pokja MP


def told():
    """{recipient id: [(title, body)]} of every report notice."""
    result = {}
    for recipient_id, title, body in Notification.objects.filter(kind=Kind.REPORT).values_list(
        "recipient_id", "title", "body"
    ):
        result.setdefault(recipient_id, []).append((title, body))
    return result


@pytest.fixture
def people(ketua_tim, sekretaris, member, pokja_tl, anggota, unit_leader, sibling_sekretaris):
    return {
        "ketua_tim": ketua_tim,
        "sekretaris": sekretaris,
        "member": member,
        "unit_leader": unit_leader,
    }


@pytest.fixture
def january(cycle, tenant, people):
    """January's monev of UPT1, drafted by the portal on the first working day after it."""
    draft_all(tenant, at(2026, 2, 3))
    return report_of(cycle, 1)


def ids(people, names):
    return sorted(people[name].pk for name in names)


def test_the_portals_draft_tells_who_completes_it_once(
    cycle, tenant, tree, other_tree, people, sibling_sekretaris, other_admin
):
    # The sibling unit builds ZI too: its own Sekretaris hears of its own report only.
    sibling = CycleFactory(unit=tree["upt2"])
    made = draft_all(tenant, at(2026, 2, 3))
    assert {r.unit_id for r in made} == {cycle.unit_id, sibling.unit_id}
    january = report_of(cycle, 1)
    notices = told()
    assert sorted(k for k in notices if k != sibling_sekretaris.pk) == ids(people, WRITERS)
    for name in WRITERS:
        assert notices[people[name].pk] == [
            ("Laporan Monitoring dan Evaluasi Januari 2026 UPT Satu sudah disusun portal; "
             "lengkapi dan ajukan", "")
        ]  # fmt: skip
    assert notices[sibling_sekretaris.pk] == [
        ("Laporan Monitoring dan Evaluasi Januari 2026 UPT Dua sudah disusun portal; "
         "lengkapi dan ajukan", "")
    ]  # fmt: skip
    notice = Notification.objects.filter(recipient=people["ketua_tim"]).get()
    assert notice.url == reverse("reports:detail", args=[january.pk])
    assert (notice.tenant_id, notice.unit_id) == (tenant.pk, cycle.unit_id)
    # The beat again: nothing drafted, nobody told again.
    assert draft_all(tenant, at(2026, 2, 3, 10)) == []
    assert Notification.objects.filter(kind=Kind.REPORT).count() == 4


def test_the_beat_tells_of_all_its_drafts_in_one_batch(
    cycle, tenant, tree, people, django_assert_max_num_queries
):
    from apps.accounts.roles import Role
    from tests.conftest import person
    from tests.factories import make_unit

    for i in range(5):
        unit = make_unit(tree["kanwil"], code=f"UPTX{i}", name=f"UPT Tambahan {i}")
        CycleFactory(unit=unit)
        person(unit, Role.SEKRETARIS, full_name=f"Sekretaris Tambahan {i}")
    with django_assert_max_num_queries(200) as captured:
        made = draft_all(tenant, at(2026, 2, 3))
    assert len(made) == 6
    assert Notification.objects.filter(kind=Kind.REPORT).count() == 3 + 5
    # Who writes (role assignments), who may be told (accounts, memberships), their
    # preferences, the notices and their e-mails: once each for the six reports.
    for table in (
        "accounts_roleassignment",
        "notifications_notificationpreference",
        'INSERT INTO "notifications_notification"',
    ):
        assert sum(table in q["sql"] for q in captured.captured_queries) == 1, table


def test_submit_tells_the_head_return_and_approve_tell_the_team(january, people, anggota):
    Notification.objects.all().delete()
    report = complete(january, people["ketua_tim"], at(2026, 2, 5))
    with scope(tenant=report.tenant_id), travel(at(2026, 2, 5)):
        with pytest.raises(AccessDenied):  # an Anggota Pokja does not write it: nobody told
            services.report_submit(actor=anggota, report=report)
        assert not Notification.objects.exists()
        report = services.report_submit(actor=people["ketua_tim"], report=report)
    assert told() == {
        people["unit_leader"].pk: [
            ("Laporan Monitoring dan Evaluasi Januari 2026 UPT Satu diajukan dan menunggu "
             "persetujuan Anda", "")
        ]
    }  # fmt: skip

    Notification.objects.all().delete()
    with scope(tenant=report.tenant_id), travel(at(2026, 2, 6)):
        with pytest.raises(ValidationError):  # no reason: refused, nobody told
            services.report_return(actor=people["unit_leader"], report=report, reason=" ")
        assert not Notification.objects.exists()
        report = services.report_return(
            actor=people["unit_leader"], report=report, reason="Peserta rapat belum lengkap."
        )
    notices = told()
    assert sorted(notices) == ids(people, WRITERS)
    assert all(
        n == [("Laporan Monitoring dan Evaluasi Januari 2026 UPT Satu dikembalikan Pimpinan Unit",
               "Alasan: Peserta rapat belum lengkap.")]
        for n in notices.values()
    )  # fmt: skip

    Notification.objects.all().delete()
    with scope(tenant=report.tenant_id), travel(at(2026, 2, 7)):
        report = services.report_submit(actor=people["sekretaris"], report=report)
        Notification.objects.all().delete()
        services.report_approve(actor=people["unit_leader"], report=report)
    notices = told()
    # The Sekretaris submitted, the Pimpinan Unit approved: the writers are told.
    assert sorted(notices) == ids(people, WRITERS)
    assert notices[people["member"].pk] == [
        ("Laporan Monitoring dan Evaluasi Januari 2026 UPT Satu disetujui dan terbit", "")
    ]


def test_an_agents_own_report_is_told_to_that_agent_only(cycle, tenant, agents, people):  # noqa: F811
    draft_all(tenant, at(2026, 4, 2))
    (first, *_rest), (second, *_rest2) = agents
    notices = {
        recipient: titles
        for recipient, titles in told().items()
        if any("Agen Perubahan" in title for title, _body in titles)
    }
    assert notices == {
        first.pk: [
            ("Laporan Triwulan Agen Perubahan Triwulan I 2026 UPT Satu sudah disusun portal; "
             "lengkapi dan ajukan", "")
        ],
        second.pk: [
            ("Laporan Triwulan Agen Perubahan Triwulan I 2026 UPT Satu sudah disusun portal; "
             "lengkapi dan ajukan", "")
        ],
    }  # fmt: skip
