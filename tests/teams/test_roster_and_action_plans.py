"""The member picker offers the unit's staff roster (a person without an account is
invited), Rencana Aksi rows are edited through the service with an audit record and the
access matrix, text over a limit is refused, and removals ask first."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from apps.accounts.invitations import invitation_accept
from apps.accounts.models import Invitation, RoleAssignment, User
from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.declaration.models import Employee, Placement
from apps.notifications.models import Notification
from apps.teams import services
from apps.teams.models import ActionPlanItem, TeamMember
from apps.tenants.models import Membership
from tests.factories import make_member

pytestmark = pytest.mark.django_db

VALUES = {
    "value": "Integritas (Disiplin)",
    "outcome": "Meningkatnya kedisiplinan pegawai",
    "indicator": "Hadir kerja tepat waktu",
    "target": "100% pegawai hadir tepat waktu",
    "activities": "Memasang foto pegawai teladan",
    "timing": "Setiap bulan",
    "pic": "Dewi",
}


def staff(tree, name, nip, email="", user=None, unit="upt"):
    tenant_id = tree[unit].tenant_id
    with scope(tenant=tenant_id):
        employee = Employee.objects.create(
            tenant_id=tenant_id, nip=nip, name=name, email=email, user=user
        )
        Placement.objects.create(
            tenant_id=tenant_id,
            employee=employee,
            unit=tree[unit],
            position="Analis SDM",
            started_on=datetime.date(2025, 1, 1),
        )
    return employee


@pytest.fixture
def queued(queued_emails):
    return queued_emails


@pytest.fixture
def agent(admin, cycle, tenant):
    person = make_member(tenant, full_name="Dewi Lestari", email="dewi@alfa.go.id")
    with scope(tenant=cycle.tenant_id):
        return services.agent_add(actor=admin, cycle=cycle, user=person)


@pytest.fixture
def row(agent):
    with scope(tenant=agent.tenant_id):
        return services.action_item_add(actor=agent.user, agent=agent, **VALUES)


# --- Roster picker and invitation -----------------------------------------------------------


def test_the_picker_offers_the_units_roster_with_and_without_account(
    client_for, admin, cycle, tree, tenant
):
    linked = make_member(tenant, full_name="Sari Wulan", email="sari@alfa.go.id")
    staff(tree, "Sari Wulan", "198001012005011001", user=linked)
    staff(tree, "Joko Susilo", "198101012006011002")
    elsewhere = staff(tree, "Orang Unit Lain", "198201012007011003", unit="upt2")
    page = client_for(admin).get(reverse("teams:team", args=[cycle.pk])).content.decode()
    assert "Daftar pegawai unit ini" in page
    assert "Joko Susilo (NIP 198101012006011002) – Analis SDM · belum punya akun" in page
    assert "Sari Wulan (NIP 198001012005011001)" in page
    assert f'value="e{elsewhere.pk}"' not in page


def test_a_roster_person_without_account_is_invited_when_added(
    client_for, admin, cycle, tree, tenant, queued, django_capture_on_commit_callbacks
):
    employee = staff(tree, "Joko Susilo", "198101012006011002")
    url = reverse("teams:team", args=[cycle.pk])
    c = client_for(admin)
    missing = c.post(url, {"person": f"e{employee.pk}", "function": "anggota", "area": "SDM"})
    assert missing.status_code == 400
    assert "isi e-mail untuk mengirim undangan" in missing.content.decode()
    assert not TeamMember.objects.exists() and queued == []
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            url,
            {
                "person": f"e{employee.pk}",
                "email": "joko@alfa.go.id",
                "function": "anggota",
                "area": "SDM",
            },
            follow=True,
        )
    assert "undangan dikirim ke joko@alfa.go.id" in response.content.decode()
    user = User.objects.get(email="joko@alfa.go.id")
    assert user.nip == "198101012006011002" and not user.has_usable_password()
    assert queued == [(user.pk, "invitation", tenant.pk)]
    # Nothing changes before the invitation is accepted (issue 10) ...
    assert not TeamMember.objects.exists()
    assert not RoleAssignment.objects.filter(user=user).exists()
    invitation = Invitation.objects.get(user=user)
    assert (invitation.unit, invitation.role, invitation.area) == (
        tree["upt"],
        Role.ANGGOTA_POKJA,
        "SDM",
    )
    # ... then the function's role is given, and the person can join the team.
    invitation_accept(actor=user, invitation=invitation)
    assert RoleAssignment.objects.filter(
        user=user, unit=tree["upt"], role=Role.ANGGOTA_POKJA, area="SDM"
    ).exists()
    c.post(url, {"person": f"e{employee.pk}", "function": "anggota", "area": "SDM"})
    member = TeamMember.objects.get()
    assert member.user == user and member.position == "Analis SDM"
    with scope(tenant=tenant.pk):
        assert Employee.objects.get(pk=employee.pk).user == user


def test_a_roster_person_with_an_account_elsewhere_is_invited_not_added(
    client_for, admin, cycle, tree, tenant, other_admin, queued, django_capture_on_commit_callbacks
):
    """Issue 10: the Tim Kerja page never makes someone of another agency a member."""
    employee = staff(tree, "Admin Beta", "198101012006011002", email=other_admin.email)
    url = reverse("teams:team", args=[cycle.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            url, {"person": f"e{employee.pk}", "function": "sekretaris"}, follow=True
        )
    assert "undangan dikirim ke admin@beta.go.id" in response.content.decode()
    assert not TeamMember.objects.exists()
    assert not Membership.objects.filter(tenant=tenant, user=other_admin).exists()
    # An existing account is told by a notice (tests/notifications/test_invitation_notice.py).
    assert queued == []
    assert Notification.objects.filter(recipient=other_admin, kind="invitation").count() == 1


def test_a_roster_person_with_an_e_mail_on_the_roster_is_invited_to_it(
    admin, cycle, tree, queued, django_capture_on_commit_callbacks
):
    employee = staff(tree, "Rina Ayu", "198301012008012004", email="rina@alfa.go.id")
    with django_capture_on_commit_callbacks(execute=True), scope(tenant=cycle.tenant_id):
        invitation = services.member_add(
            actor=admin, cycle=cycle, employee=employee, function="sekretaris"
        )
    assert invitation.email == "rina@alfa.go.id" and len(queued) == 1


def test_a_nip_known_only_in_another_agency_reveals_nothing_of_that_account(
    client_for, admin, cycle, tree, other_tenant, queued, django_capture_on_commit_callbacks
):
    """The roster NIP matches an account of another agency: that account is neither
    joined silently nor shown; the invitation goes to the address the unit recorded, and
    nobody joins the team before the invitation is accepted."""
    elsewhere = make_member(
        other_tenant,
        full_name="Akun Instansi Lain",
        email="rahasia@beta.go.id",
        nip="198101012006011002",
    )
    employee = staff(tree, "Joko Susilo", "198101012006011002", email="joko@alfa.go.id")
    url = reverse("teams:team", args=[cycle.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            url, {"person": f"e{employee.pk}", "function": "anggota", "area": "SDM"}, follow=True
        )
    page = response.content.decode()
    assert "rahasia@beta.go.id" not in page and "Akun Instansi Lain" not in page
    assert not TeamMember.objects.exists()
    invitation = Invitation.objects.get()
    assert invitation.email == "joko@alfa.go.id" and invitation.user != elsewhere
    assert not elsewhere.memberships.filter(tenant=cycle.tenant).exists()


def test_someone_not_on_the_units_roster_cannot_be_added_as_employee(admin, cycle, tree):
    employee = staff(tree, "Orang Unit Lain", "198201012007011003", unit="upt2")
    with scope(tenant=cycle.tenant_id), pytest.raises(ValidationError) as info:
        services.member_add(
            actor=admin, cycle=cycle, employee=employee, function="sekretaris", email="x@y.id"
        )
    assert "daftar pegawai unit ini" in info.value.message_dict["person"][0]
    assert not User.objects.filter(email="x@y.id").exists()


# --- Rencana Aksi editing --------------------------------------------------------------------


def test_a_rencana_aksi_row_is_edited_with_an_audit_record(client_for, row, agent):
    c = client_for(agent.user)
    url = reverse("teams:action_edit", args=[row.pk])
    form = c.get(url).content.decode()
    assert 'value="Hadir kerja tepat waktu"' in form and 'data-maxlength="300"' in form
    response = c.post(url, {**VALUES, "target": "95% hadir tepat waktu"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.target == "95% hadir tepat waktu"
    event = AuditEvent.objects.get(action="action_plan.update")
    assert event.before["target"] == VALUES["target"]
    assert event.after["target"] == "95% hadir tepat waktu"


def test_rencana_aksi_edit_access_matrix(
    client_for, row, ketua_tim, member, sibling_member, other_admin, admin
):
    url = reverse("teams:action_edit", args=[row.pk])
    assert Client().get(url).status_code == 302
    assert Client().post(url, VALUES).status_code == 302
    for outsider in (sibling_member, other_admin):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, VALUES).status_code == 404
    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(url, {**VALUES, "pic": "Orang lain"}).status_code == 403
    for editor in (ketua_tim, admin):
        assert client_for(editor).get(url).status_code == 200
    row.refresh_from_db()
    assert row.pic == "Dewi"
    with scope(tenant=row.tenant_id), pytest.raises(AccessDenied):
        services.action_item_update(actor=member, item=row, **VALUES)


@pytest.mark.parametrize(
    ("field", "limit"), [("value", 200), ("indicator", 300), ("outcome", 2000), ("pic", 150)]
)
def test_rencana_aksi_text_over_the_limit_is_refused_not_cut(client_for, row, agent, field, limit):
    c = client_for(agent.user)
    too_long = "x" * (limit + 1)
    response = c.post(reverse("teams:action_edit", args=[row.pk]), {**VALUES, field: too_long})
    assert response.status_code == 400
    assert f"paling banyak {limit} karakter" in response.content.decode()
    with scope(tenant=row.tenant_id), pytest.raises(ValidationError) as info:
        services.action_item_update(actor=agent.user, item=row, **{**VALUES, field: too_long})
    assert f"Maksimal {limit} karakter" in info.value.message_dict[field][0]
    exact = c.post(reverse("teams:action_edit", args=[row.pk]), {**VALUES, field: "y" * limit})
    assert exact.status_code == 302
    row.refresh_from_db()
    assert getattr(row, field) == "y" * limit


def test_adding_a_too_long_row_shows_the_error_at_the_field(client_for, agent):
    c = client_for(agent.user)
    response = c.post(
        reverse("teams:action_add", args=[agent.pk]), {**VALUES, "activities": "k" * 2001}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "paling banyak 2000 karakter" in page and "k" * 2001 in page
    assert not ActionPlanItem.objects.exists()


# --- Confirmations ---------------------------------------------------------------------------


def test_removals_ask_first_and_say_which_role_is_revoked(
    client_for, admin, cycle, row, tenant, member
):
    person = make_member(tenant, full_name="Budi Hartono", email="budi@alfa.go.id")
    with scope(tenant=cycle.tenant_id):
        services.member_add(
            actor=admin, cycle=cycle, user=person, function="ketua_pokja", area="SDM"
        )
        services.member_add(
            actor=admin, cycle=cycle, user=member, function="ketua_pokja", area="MP"
        )
    team = client_for(admin).get(reverse("teams:team", args=[cycle.pk])).content.decode()
    assert "peran Ketua Pokja SDM di unit ini dicabut darinya" in team
    # ``member`` was Ketua Pokja MP before joining: the role stays.
    assert "Peran Ketua Pokja MP di unit ini tetap dimilikinya" in team
    agents = client_for(admin).get(reverse("teams:agents", args=[cycle.pk])).content.decode()
    assert "tidak lagi menjadi Agen Perubahan siklus ini" in agents
    assert "akan dihapus dan tidak dapat dikembalikan" in agents
    assert 'name="value"' in agents and 'data-maxlength="200"' in agents
