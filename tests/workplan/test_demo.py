"""seed_demo shows the team, the agents, the plan in both states and tasks in every status;
in the draft, an area approved by the Ketua Tim in place and a deleted, restorable item."""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.teams.models import ActionPlanItem, ChangeAgent, Decree, TeamMember
from apps.workplan.models import AreaApproval, PlanItem, PlanRevision, Task, TaskAttachment

pytestmark = pytest.mark.django_db


def test_seed_demo_shows_the_work_plan_in_use():
    call_command("seed_demo", stdout=StringIO())
    first = [
        m.objects.count()
        for m in (TeamMember, PlanRevision, PlanItem, AreaApproval, Task, TaskAttachment)
    ]
    call_command("seed_demo", stdout=StringIO())
    assert [
        m.objects.count()
        for m in (TeamMember, PlanRevision, PlanItem, AreaApproval, Task, TaskAttachment)
    ] == first
    revisions = PlanRevision.objects.filter(unit__code="PJN1-JBR").order_by("number")
    assert [(r.number, r.status) for r in revisions] == [(1, "ratified"), (2, "draft")]
    assert revisions[1].reason
    assert sorted(revisions[0].approvals.values_list("area", flat=True)) == ["MP", "TL"]
    assert set(Task.objects.values_list("status", flat=True)) == {"belum", "sedang", "telah"}
    assert TaskAttachment.objects.count() == 1
    assert TeamMember.objects.filter(function="ketua_pokja", area="TL", granted=True).exists()
    assert Decree.objects.count() == 2
    assert ChangeAgent.objects.count() == 1 and ActionPlanItem.objects.count() == 2
    draft = revisions[1]
    # SDM has no Ketua Pokja in the demo unit: the Ketua Tim approved it in their place.
    approval = draft.approvals.get()
    assert (approval.area, approval.in_place, approval.approved_by.email) == (
        "SDM",
        True,
        "ketua.tim@pu-demo.go.id",
    )
    assert not TeamMember.objects.filter(cycle=draft.cycle, function="ketua_pokja", area="SDM")
    # Deleted from the draft, kept (restorable) until ratification.
    removed = draft.items.get(removed_at__isnull=False)
    assert removed.action.startswith("Penerapan e-office")
    assert removed.removed_by.email == "ketua.tim@pu-demo.go.id"
    assert draft.items.filter(removed_at__isnull=True).count() == 5
