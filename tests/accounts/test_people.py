"""People and roles administration in the portal (Admin Instansi)."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.tenants.models import Membership
from tests.factories import UserFactory, grant, make_member, root_of

pytestmark = pytest.mark.django_db


def test_admin_creates_a_person_who_gets_an_invitation(
    client_for, admin, tenant, django_capture_on_commit_callbacks, queued_emails
):
    queued = queued_emails
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            reverse("accounts:person_create"),
            {"email": "Baru@Alfa.go.id", "full_name": "Orang Baru", "nip": "199001012015031003"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="baru@alfa.go.id")
    assert not user.has_usable_password()
    # Nobody is a member before accepting, new accounts included (issue 10).
    assert not Membership.objects.filter(user=user).exists()
    assert queued == [(user.pk, "invitation", tenant.pk)]
    assert AuditEvent.objects.filter(action="invitation.create").exists()


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("12345", "18 angka"),
        ("19900101201503100X", "18 angka"),
        ("199013012015031003", "tanggal lahir"),
        ("199001012015131003", "bulan pengangkatan"),
        ("199001012015033003", "jenis kelamin"),
        ("19850101²010011001", "18 angka"),
        ("١٩٩٠٠١٠١٢٠١٥٠٣١٠٠٣", "18 angka"),
    ],
)
def test_a_wrong_nip_is_refused_with_its_reason(client_for, admin, nip, message):
    before = User.objects.count()
    response = client_for(admin).post(
        reverse("accounts:person_create"),
        {"email": "x@alfa.go.id", "full_name": "X", "nip": nip},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert User.objects.count() == before


def test_a_duplicate_nip_of_this_agency_is_refused(client_for, admin, tenant):
    make_member(tenant, UserFactory(nip="199001012015031003"))
    response = client_for(admin).post(
        reverse("accounts:person_create"),
        {"email": "y@alfa.go.id", "full_name": "Y", "nip": "199001012015031003"},
    )
    assert response.status_code == 400
    assert "sudah dipakai pengguna instansi ini" in response.content.decode()
    assert not User.objects.filter(email="y@alfa.go.id").exists()


def test_a_nip_held_outside_the_agency_is_not_disclosed(client_for, admin):
    """Refusing it would tell the admin the NIP has an account elsewhere."""
    UserFactory(nip="199001012015031003")
    response = client_for(admin).post(
        reverse("accounts:person_create"),
        {"email": "y@alfa.go.id", "full_name": "Y", "nip": "199001012015031003"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="y@alfa.go.id").nip is None


def test_an_existing_member_cannot_be_added_twice(client_for, admin, member):
    response = client_for(admin).post(
        reverse("accounts:person_create"), {"email": member.email.upper(), "full_name": "Z"}
    )
    assert response.status_code == 400
    assert "sudah terdaftar di instansi ini" in response.content.decode()


def test_a_person_of_another_agency_is_only_invited_and_keeps_their_profile(
    client_for, admin, other_admin, tenant
):
    response = client_for(admin).post(
        reverse("accounts:person_create"), {"email": other_admin.email, "full_name": "Nama Lain"}
    )
    assert response.status_code == 302
    other_admin.refresh_from_db()
    assert other_admin.full_name == "Admin Beta"
    assert not Membership.objects.filter(tenant=tenant, user=other_admin).exists()


def test_admin_assigns_a_per_area_role(client_for, admin, no_role, tree):
    response = client_for(admin).post(
        reverse("accounts:person", args=[no_role.pk]),
        {"unit": tree["upt"].pk, "role": Role.KETUA_POKJA, "area": "SDM"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=no_role)
    assert (assignment.unit, assignment.role, assignment.area) == (
        tree["upt"],
        "ketua_pokja",
        "SDM",
    )
    event = AuditEvent.objects.get(action="role.assign")
    assert event.actor == admin and event.after["role"] == "ketua_pokja"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": Role.KETUA_POKJA, "area": ""}, "wajib memilih area"),
        ({"role": "raja", "area": ""}, "bukan salah satu dari pilihan"),
        ({"role": Role.ANGGOTA_POKJA, "area": "XX"}, "bukan salah satu dari pilihan"),
    ],
)
def test_bad_role_input_is_refused(client_for, admin, no_role, tree, data, message):
    response = client_for(admin).post(
        reverse("accounts:person", args=[no_role.pk]), {"unit": tree["upt"].pk, **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RoleAssignment.objects.filter(user=no_role).exists()


def test_the_same_role_twice_is_refused(client_for, admin, member, tree):
    response = client_for(admin).post(
        reverse("accounts:person", args=[member.pk]),
        {"unit": tree["upt"].pk, "role": Role.KETUA_POKJA, "area": "MP"},
    )
    assert response.status_code == 400
    assert "sudah memegang peran ini" in response.content.decode()
    assert RoleAssignment.objects.filter(user=member).count() == 1


def test_delegated_admin_cannot_give_roles_outside_its_subtree(client_for, tree, no_role):
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    response = client_for(delegated).post(
        reverse("accounts:person", args=[no_role.pk]),
        {"unit": tree["es1"].pk, "role": Role.PIMPINAN, "area": ""},
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=no_role).exists()


def test_admin_revokes_a_role_with_an_audit_record(client_for, admin, member):
    assignment = RoleAssignment.objects.get(user=member)
    response = client_for(admin).post(reverse("accounts:role_revoke", args=[assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.get(action="role.revoke").before["role"] == "ketua_pokja"


def test_suspending_a_member_removes_their_access(client_for, admin, member, tree):
    client_for(admin).post(reverse("accounts:person_activation", args=[member.pk]), {"active": "0"})
    response = client_for(member).get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("my_invitations")
    assert "belum terdaftar di instansi mana pun" in response.content.decode()


def test_an_admin_cannot_suspend_themselves(client_for, admin):
    response = client_for(admin).post(
        reverse("accounts:person_activation", args=[admin.pk]), {"active": "0"}, follow=True
    )
    assert "tidak dapat menonaktifkan akun Anda sendiri" in response.content.decode()
    assert Membership.objects.get(user=admin).is_active


def test_people_of_another_agency_answer_404(client_for, admin, other_admin):
    c = client_for(admin)
    assignment = RoleAssignment.objects.get(user=other_admin)
    assert c.get(reverse("accounts:person", args=[other_admin.pk])).status_code == 404
    assert (
        c.post(
            reverse("accounts:person_edit", args=[other_admin.pk]), {"full_name": "x"}
        ).status_code
        == 404
    )
    assert c.post(reverse("accounts:role_revoke", args=[assignment.pk])).status_code == 404
    assert c.post(reverse("accounts:person_activation", args=[other_admin.pk])).status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    body = c.get(reverse("accounts:people")).content.decode()
    assert ("Admin Beta" not in body and "Anggota" not in body) or "Admin Alfa" in body


def people_rows(response) -> list[str]:
    """The names in the people table, in order."""
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('data-testid="people"') : body.index("</table>")]
    return re.findall(r'<a href="/pengguna/\d+/">([^<]*)</a>', table)


@pytest.fixture
def sixty_people(tenant) -> list[User]:
    """60 members named "Orang 01" … "Orang 60" (and the admin, "Admin Alfa")."""
    return [
        make_member(tenant, full_name=f"Orang {n:02}", email=f"orang{n:02}@contoh.go.id")
        for n in range(1, 61)
    ]


def test_people_list_has_a_constant_query_budget(
    client_for, admin, tenant, django_assert_max_num_queries
):
    c = client_for(admin)
    c.get(reverse("accounts:people"))
    for n in range(120):
        user = make_member(tenant)
        if n % 2:
            grant(user, root_of(tenant), Role.AGEN_PERUBAHAN)
    # 13: the session, user, 2FA device, tenant and admin check (6), the page's count,
    # the admin's menu (3), its people, their memberships and the invitations.
    for page in ("1", "2", "3"):
        with django_assert_max_num_queries(13):
            response = c.get(reverse("accounts:people"), {"page": page})
        assert len(people_rows(response)) == (21 if page == "3" else 50)


def test_people_are_shown_fifty_a_page_with_indonesian_labels(client_for, admin, sixty_people):
    c = client_for(admin)
    first = c.get(reverse("accounts:people"))
    body = first.content.decode()
    assert people_rows(first) == ["Admin Alfa", *(f"Orang {n:02}" for n in range(1, 50))]
    assert "61 pengguna" in body and "Halaman 1 dari 2" in body
    assert 'href="?page=2">Berikutnya</a>' in body and "Sebelumnya" not in body
    second = c.get(reverse("accounts:people"), {"page": "2"})
    assert people_rows(second) == [f"Orang {n:02}" for n in range(50, 61)]
    body = second.content.decode()
    assert "Halaman 2 dari 2" in body
    assert 'href="?page=1">Sebelumnya</a>' in body and "Berikutnya" not in body


@pytest.mark.parametrize(
    "page, shown",
    [("abc", 1), ("0", 2), ("-1", 2), ("99999", 2), ("1.5", 1), ("", 1), ("9" * 40, 2)],
)
def test_a_bad_page_number_shows_the_first_or_the_last_page(
    client_for, admin, sixty_people, page, shown
):
    response = client_for(admin).get(reverse("accounts:people"), {"page": page})
    assert response.status_code == 200
    assert f"Halaman {shown} dari 2" in response.content.decode()


def test_people_are_searched_by_name_email_and_nip_across_pages(client_for, admin, sixty_people):
    with scopes_disabled():
        User.objects.filter(pk=sixty_people[6].pk).update(nip="198306062008011011")
    c = client_for(admin)
    people = reverse("accounts:people")
    assert people_rows(c.get(people, {"q": "orang 0"})) == [f"Orang 0{n}" for n in range(1, 10)]
    assert people_rows(c.get(people, {"q": "ORANG42@contoh"})) == ["Orang 42"]
    # The NIP's start, as stored or as printed.
    assert people_rows(c.get(people, {"q": "1983060620"})) == ["Orang 07"]
    assert people_rows(c.get(people, {"q": "19830606 2008"})) == ["Orang 07"]
    assert people_rows(c.get(people, {"q": "tidak ada"})) == []
    # 60 people match "contoh": the search stays in the links between pages.
    first = c.get(people, {"q": "contoh"})
    body = first.content.decode()
    assert "60 pengguna untuk “contoh”" in body and 'value="contoh"' in body
    assert 'href="?q=contoh&page=2">Berikutnya</a>' in body
    second = c.get(people, {"q": "contoh", "page": "2"})
    assert people_rows(second) == [f"Orang {n:02}" for n in range(51, 61)]
    assert 'href="?q=contoh&page=1">Sebelumnya</a>' in second.content.decode()


def test_a_persons_page_shows_the_history_of_their_roles(client_for, admin, no_role, tree):
    c = client_for(admin)
    c.post(
        reverse("accounts:person", args=[no_role.pk]),
        {"unit": tree["upt"].pk, "role": Role.SEKRETARIS},
    )
    assignment = RoleAssignment.objects.get(user=no_role)
    c.post(reverse("accounts:role_revoke", args=[assignment.pk]))
    body = c.get(reverse("accounts:person", args=[no_role.pk])).content.decode()
    assert "role.assign" in body and "role.revoke" in body


def test_a_delegated_admin_cannot_suspend_or_edit_people(client_for, tree, admin, member):
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    c = client_for(delegated)
    response = c.post(reverse("accounts:person_activation", args=[admin.pk]), {"active": "0"})
    assert response.status_code == 403
    assert Membership.objects.get(user=admin).is_active
    response = c.post(reverse("accounts:person_edit", args=[member.pk]), {"full_name": "Diganti"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.full_name == "Anggota Satu"


def test_a_person_shared_with_another_agency_is_not_edited_from_one(
    client_for, admin, other_admin, tenant
):
    Membership.objects.create(tenant=tenant, user=other_admin)
    response = client_for(admin).post(
        reverse("accounts:person_edit", args=[other_admin.pk]), {"full_name": "Diganti"}
    )
    assert response.status_code == 400
    assert "juga terdaftar di instansi lain" in response.content.decode()
    other_admin.refresh_from_db()
    assert other_admin.full_name == "Admin Beta"


def test_adding_a_suspended_member_again_points_to_reactivation(client_for, admin, member):
    Membership.objects.filter(user=member).update(is_active=False)
    response = client_for(admin).post(
        reverse("accounts:person_create"), {"email": member.email, "full_name": "X"}
    )
    assert response.status_code == 400
    assert "ditangguhkan" in response.content.decode()
    assert not Membership.objects.get(user=member).is_active


def test_suspending_and_revoking_ask_first_naming_what_happens(client_for, admin, member):
    body = client_for(admin).get(reverse("accounts:person", args=[member.pk])).content.decode()
    assert f"Tangguhkan akses {member.full_name} ke instansi ini?" in body
    assert "Cabut peran Ketua Pokja di UPT Satu dari" in body
    assert body.count("data-confirm=") == 2
