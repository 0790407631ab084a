"""The agency's audit log: who changed what, visible to its admins only."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import escape

from apps.audit.actions import AuditAction
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def rename(client, unit, name):
    return client.post(
        reverse("units:update", args=[unit.pk]),
        {"code": unit.code, "name": name, "unit_type": unit.unit_type_id},
    )


def test_a_change_is_recorded_with_actor_before_and_after(client_for, admin, tree):
    rename(client_for(admin), tree["upt"], "UPT Satu Baru")
    event = AuditEvent.objects.get(action="unit.update")
    assert event.actor == admin
    assert event.changes() == [("name", "UPT Satu", "UPT Satu Baru")]
    body = client_for(admin).get(reverse("audit:list")).content.decode()
    assert "unit.update" in body and "UPT Satu Baru" in body


def test_the_log_never_shows_another_agencys_events(
    client_for, admin, other_admin, tree, other_tree
):
    rename(client_for(other_admin), other_tree["upt"], "UPT Beta Rahasia")
    body = client_for(admin).get(reverse("audit:list")).content.decode()
    assert "UPT Beta Rahasia" not in body
    body = client_for(other_admin).get(reverse("audit:list")).content.decode()
    assert "UPT Beta Rahasia" in body


def test_the_log_filters_by_action(client_for, admin, tree):
    rename(client_for(admin), tree["upt"], "UPT Satu Baru")
    c = client_for(admin)
    body = c.get(reverse("audit:list"), {"action": "role."}).content.decode()
    assert "unit.update" not in body.split("<tbody>", 1)[1]


def test_only_admins_read_the_log(client, client_for, member, verifier, tree):
    assert client.get(reverse("audit:list")).status_code == 302
    assert client_for(member).get(reverse("audit:list")).status_code == 403
    assert client_for(verifier).get(reverse("audit:list")).status_code == 403


def test_the_log_and_its_filter_speak_indonesian_labels(client_for, admin, tree):
    rename(client_for(admin), tree["upt"], "UPT Satu Baru")
    body = client_for(admin).get(reverse("audit:list")).content.decode()
    rows = body.split("<tbody>", 1)[1]
    assert "Data unit diubah" in rows
    assert "<code>unit.update</code>" not in rows
    assert '<option value="unit.update" >Data unit diubah</option>' in body


def test_an_action_no_longer_enumerated_is_shown_as_its_raw_string(client_for, admin, tenant):
    AuditEvent.objects.create(
        tenant=tenant, actor=admin, action="ghost.haunt", object_type="x.y", object_id="1"
    )
    body = client_for(admin).get(reverse("audit:list")).content.decode()
    assert ">ghost.haunt</span>" in body
    assert 'value="ghost.haunt"' not in body  # the filter offers the enumeration only


def test_the_filter_offers_every_enumerated_action_by_its_label(client_for, admin, tree):
    body = client_for(admin).get(reverse("audit:list")).content.decode()
    select = body.split('<select id="action"', 1)[1].split("</select>", 1)[0]
    for action in AuditAction:
        assert f'<option value="{action.value}" >{escape(action.label)}</option>' in select
    labels = [str(a.label).lower() for a in AuditAction]
    offered = re.findall(r'<option value="[a-z_.]+" >([^<]+)</option>', select)
    assert [unescape(o).lower() for o in offered] == sorted(labels)


def test_filtering_by_an_action_shows_that_action_only(client_for, admin, tenant, tree):
    for action in (AuditAction.EVIDENCE_VERIFY, AuditAction.EVIDENCE_VERIFY_MANY):
        AuditEvent.objects.create(
            tenant=tenant,
            actor=admin,
            action=action,
            object_type="evidence.evidenceitem",
            object_id="1",
            object_repr=f"objek {action.name}",
        )
    body = (
        client_for(admin)
        .get(reverse("audit:list"), {"action": AuditAction.EVIDENCE_VERIFY.value})
        .content.decode()
    )
    rows = body.split("<tbody>", 1)[1]
    assert "objek EVIDENCE_VERIFY<" in rows and "EVIDENCE_VERIFY_MANY" not in rows
    assert '<option value="evidence.verify" selected>' in body
