"""An area without a Ketua Pokja is no dead end: the page says who must act, an admin gets
the link to the Tim Kerja, and the Ketua Tim approves in place (recorded as such).
Deleted draft items can be restored; text over a limit is refused, never cut; the
irreversible steps ask first; multiple choices are checkboxes."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.workplan import services
from apps.workplan.models import AreaApproval, PlanItem, PlanRevision

from .conftest import item_values
from .test_pages import item_post, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cycle, ketua_tim):
    with scope(tenant=cycle.tenant_id):
        revision = services.plan_start(actor=ketua_tim, cycle=cycle)
        services.plan_item_add(actor=ketua_tim, revision=revision, **item_values("SDM"))
        return revision


def test_the_page_says_who_must_act_for_an_area_without_ketua_pokja(
    client_for, draft, cycle, unit_leader, admin, member, ketua_tim
):
    with scope(tenant=cycle.tenant_id):
        services.plan_item_add(actor=ketua_tim, revision=draft, **item_values("MP"))
    url = reverse("workplan:plan", args=[cycle.pk])
    page = client_for(unit_leader).get(url).content.decode()
    assert f"menunggu persetujuan Ketua Pokja {member.full_name}" in page
    assert "belum ada Ketua Pokja – Admin Instansi menetapkannya di halaman Tim Kerja" in page
    assert "Minta Admin Instansi menetapkan Ketua Pokja" in page
    assert reverse("teams:team", args=[cycle.pk]) not in page.split("headless-help")[1][:400]
    admin_page = client_for(admin).get(url).content.decode()
    assert f'href="{reverse("teams:team", args=[cycle.pk])}">Tetapkan Ketua Pokja' in admin_page
    ratify = client_for(unit_leader).post(reverse("workplan:ratify", args=[draft.pk]), follow=True)
    text = ratify.content.decode()
    assert (
        "Belum dapat disahkan" in text and "Ketua Tim menyetujui area ini sebagai pengganti" in text
    )


def test_the_ketua_tim_approves_an_area_without_ketua_pokja_in_place(
    client_for, draft, cycle, ketua_tim, unit_leader
):
    c = client_for(ketua_tim)
    page = c.get(reverse("workplan:plan", args=[cycle.pk])).content.decode()
    assert "Setujui area SDM sebagai Ketua Tim" in page
    assert "menggantikan Ketua Pokja; persetujuan ini tercatat" in page  # data-confirm
    response = c.post(reverse("workplan:approve", args=[draft.pk, "SDM"]), follow=True)
    assert "disetujui oleh Ketua Tim menggantikan Ketua Pokja" in response.content.decode()
    approval = AreaApproval.objects.get()
    assert approval.in_place and approval.approved_by == ketua_tim
    event = AuditEvent.objects.get(action="plan.approve_area")
    assert event.after["in_place_of_ketua_pokja"] is True
    shown = c.get(reverse("workplan:plan", args=[cycle.pk])).content.decode()
    assert "(Ketua Tim, menggantikan Ketua Pokja yang belum ditetapkan)" in shown
    with scope(tenant=cycle.tenant_id):
        services.plan_ratify(actor=unit_leader, revision=draft)
    ratified = client_for(unit_leader).get(reverse("workplan:plan", args=[cycle.pk]))
    assert "menggantikan Ketua Pokja yang belum ditetapkan" in ratified.content.decode()


def test_the_ketua_tim_cannot_approve_in_place_of_an_appointed_ketua_pokja(
    draft, cycle, ketua_tim, member
):
    with scope(tenant=cycle.tenant_id):
        services.plan_item_add(actor=ketua_tim, revision=draft, **item_values("MP"))
        with pytest.raises(AccessDenied) as info:
            services.plan_area_approve(actor=ketua_tim, revision=draft, area="MP")
    assert member.full_name in str(info.value)
    assert not AreaApproval.objects.exists()


def test_appointing_a_ketua_pokja_lets_them_approve(client_for, draft, cycle, admin, tenant):
    """The other way out: the admin appoints a Ketua Pokja SDM in the Tim Kerja."""
    from tests.factories import make_member

    head = make_member(tenant, full_name="Ketua Pokja SDM", email="sdm@alfa.go.id")
    client_for(admin).post(
        reverse("teams:team", args=[cycle.pk]),
        {"person": f"u{head.pk}", "function": "ketua_pokja", "area": "SDM"},
    )
    c = client_for(head)
    page = c.get(reverse("workplan:plan", args=[cycle.pk])).content.decode()
    assert "Setujui area SDM</button>" in page
    c.post(reverse("workplan:approve", args=[draft.pk, "SDM"]))
    approval = AreaApproval.objects.get()
    assert approval.approved_by == head and not approval.in_place


def test_a_sekretaris_or_pokja_member_cannot_approve_in_place(draft, cycle, anggota):
    with scope(tenant=cycle.tenant_id), pytest.raises(AccessDenied):
        services.plan_area_approve(actor=anggota, revision=draft, area="SDM")


# --- Delete and restore ------------------------------------------------------------------


def test_a_deleted_item_is_restored_while_the_revision_is_a_draft(
    client_for, draft, cycle, ketua_tim, unit_leader
):
    item = PlanItem.objects.get(revision=draft)
    c = client_for(ketua_tim)
    page = c.get(reverse("workplan:plan", args=[cycle.pk])).content.decode()
    assert "akan dihapus dari draf ini" in page  # the confirmation text
    c.post(reverse("workplan:item_delete", args=[item.pk]))
    page = c.get(reverse("workplan:plan", args=[cycle.pk])).content.decode()
    assert 'data-testid="item"' not in page and 'data-testid="removed-item"' in page
    with scope(tenant=cycle.tenant_id), pytest.raises(ValidationError):
        services.plan_item_update(actor=ketua_tim, item=item, **item_values("SDM"))
    c.post(reverse("workplan:item_restore", args=[item.pk]))
    item.refresh_from_db()
    assert item.removed_at is None
    assert {"plan_item.delete", "plan_item.restore"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )
    # Deleted once more and ratified: the item is gone for good.
    c.post(reverse("workplan:item_delete", args=[item.pk]))
    with scope(tenant=cycle.tenant_id):
        services.plan_item_add(actor=ketua_tim, revision=draft, **item_values("SDM", action="B"))
        services.plan_area_approve(actor=ketua_tim, revision=draft, area="SDM")
        services.plan_ratify(actor=unit_leader, revision=draft)
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    assert AuditEvent.objects.get(action="plan.ratify").after["deleted_items_purged"] == 1


def test_restore_access_matrix(client_for, draft, cycle, member, sibling_member, other_admin):
    item = PlanItem.objects.get(revision=draft)
    url = reverse("workplan:item_restore", args=[item.pk])
    assert Client().post(url).status_code == 302
    for outsider in (sibling_member, other_admin):
        assert client_for(outsider).post(url).status_code == 404
    assert client_for(member).post(url).status_code == 403


def test_ratifying_asks_first(client_for, draft, cycle, ketua_tim, unit_leader):
    with scope(tenant=cycle.tenant_id):
        services.plan_area_approve(actor=ketua_tim, revision=draft, area="SDM")
    page = client_for(unit_leader).get(reverse("workplan:plan", args=[cycle.pk])).content.decode()
    assert "akan disahkan dan berlaku" in page and 'data-confirm-button="Ya, sahkan"' in page


# --- Text limits and choices -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "limit"), [("action", 300), ("output", 300), ("pic", 150), ("description", 2000)]
)
def test_item_text_over_the_limit_is_refused_never_cut(client_for, draft, ketua_tim, field, limit):
    c = client_for(ketua_tim)
    url = reverse("workplan:item_add", args=[draft.pk])
    response = c.post(url, item_post("SDM", **{field: "k" * (limit + 1)}))
    assert response.status_code == 400
    assert f"paling banyak {limit} karakter" in response.content.decode()
    assert PlanItem.objects.filter(revision=draft).count() == 1
    with scope(tenant=draft.tenant_id), pytest.raises(ValidationError) as info:
        services.plan_item_add(
            actor=ketua_tim, revision=draft, **item_values("SDM", **{field: "k" * (limit + 1)})
        )
    assert f"Maksimal {limit} karakter" in info.value.message_dict[field][0]
    assert c.post(url, item_post("SDM", **{field: "k" * limit})).status_code == 302
    assert PlanItem.objects.filter(**{field: "k" * limit}).exists()


def test_a_too_long_import_cell_is_a_row_error(client_for, cycle, draft, ketua_tim):
    c = client_for(ketua_tim)
    response = c.post(
        reverse("workplan:import", args=[draft.pk]),
        {
            "file": xlsx(
                [
                    ("MP", "k" * 301, "", "Notulen", "Pokja MP", "Jan", ""),
                    ("MP", "k" * 300, "r" * 2001, "Notulen", "Pokja MP", "Jan", ""),
                ]
            )
        },
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e.line, e.column) for e in errors] == [(2, "Kegiatan"), (3, "Rincian")]
    assert "Maksimal 300 karakter (sekarang 301)" in errors[0].message
    ok = c.post(
        reverse("workplan:import", args=[draft.pk]),
        {"file": xlsx([("MP", "k" * 300, "", "Notulen", "Pokja MP", "Jan", "")])},
    )
    assert ok.status_code == 200
    c.post(reverse("workplan:import_confirm", args=[draft.pk]), {"token": ok.context["token"]})
    assert PlanItem.objects.get(revision=draft, removed_at__isnull=True).action == "k" * 300


def test_revision_reason_and_comment_limits(client_for, plan, cycle, ketua_tim, task, member):
    c = client_for(ketua_tim)
    response = c.post(reverse("workplan:revise", args=[cycle.pk]), {"reason": "r" * 2001})
    assert (
        response.status_code == 400 and "paling banyak 2000 karakter" in response.content.decode()
    )
    assert PlanRevision.objects.count() == 1
    m = client_for(member)
    refused = m.post(reverse("workplan:task_comment", args=[task.pk]), {"text": "c" * 2001})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Komentar maksimal 2000 karakter" in page and "c" * 2001 in page  # nothing lost
    assert 'data-maxlength="2000"' in page and "maxlength=" not in page.replace(
        "data-maxlength", ""
    )
    assert not task.comments.exists()


def test_questions_are_checkboxes_not_ctrl_click(client_for, draft, cycle, ketua_tim):
    page = client_for(ketua_tim).get(
        reverse("workplan:plan", args=[cycle.pk]) + f"?revisi={draft.number}"
    )
    text = page.content.decode()
    assert 'type="checkbox" name="questions"' in text and '<select name="questions"' not in text
    assert "data-choice-filter" in text and "tahan Ctrl" not in text
    # The shared widget: one box named by a legend, the filter aimed at it.
    assert 'data-testid="choices-questions"' in text
    assert 'data-choice-filter="#id_questions"' in text and 'id="id_questions"' in text
    assert "Pertanyaan LKE yang dilayani</legend>" in text.replace("\n", "")


def test_task_assignees_are_checkboxes(client_for, plan, member):
    item = plan.items.get(area="MP")
    text = client_for(member).get(reverse("workplan:task_create", args=[item.pk])).content.decode()
    assert 'type="checkbox" name="assignees"' in text and "data-choice-filter" in text
    assert 'class="checkbox-group" id="id_assignees"' in text
    assert 'data-testid="choices-assignees"' in text and 'aria-label="Saring Pelaksana"' in text
