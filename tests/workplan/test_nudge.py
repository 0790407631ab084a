""" "Kirim pengingat" (issue 14): the preview of who will be reminded (never sends), one
NUDGE notice per confirmed person with what they must do and the link, the audit event,
no second nudge for the same reason within 24 hours, the wa.me links, and the access
matrix (anonymous, wrong role, other unit's head, other agency's admin)."""

import datetime as dt
import html
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.declaration import services as declaration
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from apps.workplan import services as workplan
from apps.workplan.models import TaskStatus
from apps.workplan.nudges import whatsapp_number
from tests.factories import TaskFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def page(cycle, reason=""):
    url = reverse("workplan:nudge", args=[cycle.pk])
    return f"{url}?alasan={reason}" if reason else url


@pytest.fixture
def roster(cycle, admin, anggota, staff_user, tree):
    """UPT1's staff: anggota (account by e-mail, phone), staff_user (account by NIP,
    signed), Budi (no account)."""
    anggota.phone = "0812-3456-7890"
    anggota.save(update_fields=["phone"])
    upt = tree["upt"]
    declaration.employee_add(
        actor=admin,
        unit=upt,
        nip="198501012010011901",
        name="Anggota Pokja MP",
        position="Analis SDM",
        lhkpn_obliged=False,
        email=anggota.email,
    )
    signed = declaration.employee_add(
        actor=admin,
        unit=upt,
        nip=staff_user.nip,
        name="Pegawai Berakun",
        position="Pengadministrasi Umum",
        lhkpn_obliged=False,
    )
    declaration.pact_sign(actor=staff_user, placement=signed, ip_address=None, agreed=True)
    declaration.employee_add(
        actor=admin,
        unit=upt,
        nip="198501012010011902",
        name="Budi Tanpa Akun",
        position="Pramubakti",
        lhkpn_obliged=False,
    )


@pytest.fixture
def overdue(plan, member, anggota, pokja_tl):
    """Two overdue tasks for anggota, one done (not overdue), one not yet due."""
    item = plan.items.get(area="MP")
    late = [
        TaskFactory(
            actor=member, item=item, title=t, due_on=dt.date(2026, 2, d), assignees=[anggota]
        )
        for t, d in (("Susun notulen rapat", 15), ("Unggah SK tim", 20))
    ]
    done = TaskFactory(
        actor=member, item=item, title="Selesai", due_on=dt.date(2026, 2, 1), assignees=[pokja_tl]
    )
    workplan.task_set_status(actor=pokja_tl, task=done, status=TaskStatus.TELAH)
    TaskFactory(
        actor=member,
        item=item,
        title="Belum waktunya",
        due_on=dt.date(2026, 3, 9),
        assignees=[pokja_tl],
    )
    return late


def nudges():
    return Notification.objects.filter(kind=Kind.NUDGE)


def test_the_pact_preview_shows_who_what_and_the_phone_and_sends_nothing(
    client, cycle, roster, unit_leader, anggota
):
    client.force_login(unit_leader)
    response = client.get(page(cycle, "pakta"))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Anggota Pokja MP" in text and "Pakta Integritas sebagai Analis SDM" in text
    assert "0812-3456-7890" in text
    assert "Pegawai Berakun" not in text  # signed
    assert "Budi Tanpa Akun" in text  # told in person: no account
    assert response.context["ready"][0].user == anggota and len(response.context["ready"]) == 1
    link = response.context["rows"][0][1]
    assert link.startswith("https://wa.me/6281234567890?text=")
    message = parse_qs(urlsplit(link).query)["text"][0]
    assert message.startswith("Yth. Anggota Pokja MP,")
    assert "Pakta Integritas UPT Satu" in message and "/pencanangan/pakta-saya/" in message
    assert not nudges().exists()


def test_the_task_preview_lists_overdue_tasks_per_assignee(client, cycle, overdue, ketua_tim):
    client.force_login(ketua_tim)
    response = client.get(page(cycle, "tugas"))
    rows = response.context["rows"]
    assert [p.user.full_name for p, _wa in rows] == ["Anggota Pokja MP"]
    assert rows[0][0].items == [
        "Susun notulen rapat (batas 15 Feb 2026)",
        "Unggah SK tim (batas 20 Feb 2026)",
    ]
    assert rows[0][0].url == reverse("workplan:my_tasks")
    assert rows[0][1] == ""  # no phone, no WhatsApp link
    assert not nudges().exists()


def test_sending_tells_each_person_once_with_the_link_and_records_the_event(
    client, cycle, overdue, ketua_tim, anggota
):
    client.force_login(ketua_tim)
    response = client.post(page(cycle), {"alasan": "tugas", "penerima": [anggota.pk]}, follow=True)
    assert "Pengingat dikirim kepada 1 orang." in response.content.decode()
    notice = nudges().get()
    assert notice.recipient == anggota and notice.url == reverse("workplan:my_tasks")
    assert notice.title == "Pengingat: 2 tugas melewati batas waktu di UPT Satu"
    assert "Ketua Tim Satu mengingatkan Anda." in notice.body
    assert "- Unggah SK tim (batas 20 Feb 2026)" in notice.body
    assert notice.unit_id == cycle.unit_id and notice.tenant_id == cycle.tenant_id
    event = AuditEvent.objects.get(action="nudge.send")
    assert event.actor == ketua_tim and event.object_id == str(cycle.pk)
    assert event.after == {"reason": "tugas", "recipients": [anggota.pk], "skipped": []}


def test_a_second_nudge_within_24_hours_is_refused_and_allowed_after(
    client, cycle, roster, overdue, unit_leader, anggota
):
    client.force_login(unit_leader)
    body = {"alasan": "pakta", "penerima": [anggota.pk]}
    client.post(page(cycle), body)
    assert nudges().count() == 1
    notice = nudges().get()
    # The pact is the employee's own page: its link does not depend on reading the unit.
    assert notice.url == reverse("declaration:my_pact") and notice.unit_id is None

    with time_machine.travel(NOW + dt.timedelta(hours=23), tick=False):
        client.force_login(unit_leader)  # the session of the morning has expired
        preview = client.get(page(cycle, "pakta"))
        assert preview.context["ready"] == []
        assert "sudah diingatkan" in preview.content.decode()
        response = client.post(page(cycle), body, follow=True)
        text = html.unescape(response.content.decode())
        assert "sudah diingatkan untuk hal ini dalam 24 jam terakhir" in text
        assert "3 Mar 2026 10:00" in text
        assert nudges().count() == 1
        # Another reason is another nudge.
        client.post(page(cycle), {"alasan": "tugas", "penerima": [anggota.pk]})
        assert nudges().count() == 2

    with time_machine.travel(NOW + dt.timedelta(hours=25), tick=False):
        client.force_login(unit_leader)
        client.post(page(cycle), body)
        assert nudges().count() == 3


def test_only_the_people_confirmed_on_the_preview_are_told(
    client, cycle, overdue, plan, member, ketua_tim, anggota, pokja_tl
):
    TaskFactory(
        actor=member,
        item=plan.items.get(area="MP"),
        title="Lain",
        due_on=dt.date(2026, 2, 2),
        assignees=[pokja_tl],
    )
    client.force_login(ketua_tim)
    client.post(page(cycle), {"alasan": "tugas", "penerima": [anggota.pk, "abc", 10**25]})
    assert list(nudges().values_list("recipient", flat=True)) == [anggota.pk]


def test_nobody_to_remind_gives_a_clear_message(client, cycle, plan, ketua_tim):
    client.force_login(ketua_tim)
    preview = client.get(page(cycle, "tugas"))
    assert 'data-testid="nudge-nobody"' in preview.content.decode()
    assert 'data-testid="nudge-confirm"' not in preview.content.decode()
    response = client.post(page(cycle), {"alasan": "tugas"}, follow=True)
    assert (
        "Tidak ada yang perlu diingatkan: tidak ada tugas siklus ini yang melewati batas "
        "waktu dan belum selesai." in html.unescape(response.content.decode())
    )
    assert not nudges().exists()
    assert not AuditEvent.objects.filter(action="nudge.send").exists()


def test_bad_input_is_an_indonesian_message(client, cycle, overdue, ketua_tim, anggota):
    client.force_login(ketua_tim)
    response = client.get(page(cycle, "semua"))
    assert response.status_code == 400
    assert "Jenis pengingat tidak dikenal; pilih salah satu." in response.content.decode()
    response = client.post(page(cycle), {"alasan": "semua", "penerima": [anggota.pk]}, follow=True)
    assert response.status_code == 200
    assert "Pilih jenis pengingat." in response.content.decode()
    response = client.post(page(cycle), {"alasan": "tugas"}, follow=True)
    assert "Tidak ada penerima yang dipilih dari pratinjau" in response.content.decode()
    assert not nudges().exists()


def test_who_may_nudge(
    client, cycle, overdue, tree, anggota, member, admin, kanwil_admin, unit_leader, other_admin
):
    other_head = UserFactory(full_name="Kepala UPT Dua")
    grant(other_head, tree["upt2"], Role.PIMPINAN_UNIT)
    body = {"alasan": "tugas", "penerima": [anggota.pk]}

    response = client.get(page(cycle, "tugas"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(page(cycle), body).status_code == 302

    for user, expected in ((member, 403), (anggota, 403), (other_head, 404), (other_admin, 404)):
        client.force_login(user)
        assert client.get(page(cycle, "tugas")).status_code == expected, user
        assert client.post(page(cycle), body).status_code == expected, user
        detail = client.get(reverse("cycles:detail", args=[cycle.pk]))
        assert 'data-testid="nudge-link"' not in detail.content.decode()
    assert not nudges().exists()

    for user in (unit_leader, admin, kanwil_admin):
        client.force_login(user)
        assert client.get(page(cycle, "tugas")).status_code == 200, user
        detail = client.get(reverse("cycles:detail", args=[cycle.pk]))
        assert 'data-testid="nudge-link"' in detail.content.decode(), user


def test_the_preview_has_a_fixed_query_budget(
    client, cycle, roster, tree, admin, unit_leader, django_assert_max_num_queries
):
    client.force_login(unit_leader)
    client.get(page(cycle, "pakta"))  # warm the session and caches
    with django_assert_max_num_queries(40) as small:
        client.get(page(cycle, "pakta"))
    for i in range(8):
        user = UserFactory(full_name=f"Pegawai {i}", phone=f"08123456780{i}")
        grant(user, tree["upt"], Role.ANGGOTA_POKJA, "TL")
        declaration.employee_add(
            actor=admin,
            unit=tree["upt"],
            nip=f"19850101201001191{i}",
            name=f"Pegawai {i}",
            position="Staf",
            lhkpn_obliged=False,
            email=user.email,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(page(cycle, "pakta"))
    assert len(response.context["ready"]) == 9


@pytest.mark.parametrize(
    ("phone", "number"),
    [
        ("0812-3456-7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("(022) 4231234", "62224231234"),
        ("", ""),
        ("12345", ""),
        ("+1 555 0100", ""),
    ],
)
def test_the_whatsapp_number_is_international_without_plus(phone, number):
    assert whatsapp_number(phone) == number
