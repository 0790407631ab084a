from io import StringIO

import pytest
from django.core.management import call_command

from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.assessment.models import Answer, Assessment
from apps.audit.models import AuditEvent
from apps.evidence.models import EvidenceComment, EvidenceItem
from apps.lke.models import TemplateVersion
from apps.tenants.models import Tenant
from apps.units.models import Unit

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count()
        for m in (
            Tenant,
            Unit,
            User,
            RoleAssignment,
            AuditEvent,
            TemplateVersion,
            EvidenceItem,
            EvidenceComment,
            Assessment,
            Answer,
        )
    ]


def test_seed_demo_builds_the_demo_agency_once_and_prints_every_login():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first

    tenant = Tenant.objects.get(code="PU-DEMO")
    units = Unit.objects.filter(tenant=tenant)
    assert units.filter(unit_type__code="eselon-1").count() == 2
    assert units.filter(unit_type__code="unit-kerja").count() == 4
    assert units.filter(unit_type__code="upt").count() == 12
    held = set(RoleAssignment.objects.filter(tenant=tenant).values_list("role", flat=True))
    assert held == set(Role.values)
    text = out.getvalue()
    for user in User.objects.filter(role_assignments__tenant=tenant).distinct():
        assert user.email in text
    assert "operator@zi-portal.local" in text
    assert TemplateVersion.objects.filter(code="lke-2021").exists()

    # Evidence: a verifier's question in a waiting item's thread, answered by the unit.
    waiting = EvidenceItem.objects.get(title="Dokumentasi Sosialisasi ZI Triwulan I")
    assert waiting.status == "in_verification"
    thread = list(
        waiting.comments.order_by("created_at", "id").values_list("author__email", "body")
    )
    assert [author for author, _ in thread] == [
        "verifikator@pu-demo.go.id",
        "anggota.pokja@pu-demo.go.id",
    ]
    assert thread[0][1].endswith("Mohon sebutkan pesertanya.")

    # The TPU assessment started from the final mandiri: most answers are copied, keeping
    # their answerer; the TPU's own findings are not.
    tpu = Assessment.objects.get(level="tpu", unit__code="PJN1-JBR")
    copied = tpu.answers.filter(copied_from="mandiri")
    assert copied.count() > 100
    assert copied.filter(updated_by__email="ketua.tim@pu-demo.go.id").exists()
    assert not tpu.answers.filter(question__code="PPA1B", copied_from="mandiri").exists()
