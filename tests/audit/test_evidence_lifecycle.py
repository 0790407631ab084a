"""The whole evidence lifecycle appears in the agency's audit log, with its labels."""

import pytest
from django.urls import reverse
from django_scopes import scope

from apps.accounts.roles import Role
from apps.audit.actions import AuditAction
from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.evidence import services
from tests.factories import UserFactory, grant, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_tenant(tenant):
    with scope(tenant=tenant.pk):
        yield


@pytest.fixture
def chain(tree):
    """The verifiers of a UPT item: Kanwil, Eselon I, TPI (the default chain)."""
    es1 = UserFactory(full_name="Verifikator Eselon I")
    grant(es1, tree["es1"], Role.VERIFIKATOR)
    tpi = UserFactory(full_name="Penilai TPI")
    grant(tpi, tree["root"], Role.PENILAI_TPI)
    return es1, tpi


def trail(item):
    events = AuditEvent.objects.filter(
        object_type="evidence.evidenceitem", object_id=str(item.pk)
    ).order_by("created_at", "id")
    return [
        (e.action, e.actor_id, (e.before or {}).get("status"), (e.after or {}).get("status"))
        for e in events
    ]


def test_add_submit_return_revise_verify_and_withdraw_are_audited(
    member, verifier, chain, cycle, question, tenant
):
    es1, tpi = chain
    item = services.evidence_add(actor=member, cycle=cycle, question=question, uploaded=pdf())
    services.evidence_submit(actor=member, item=item)
    services.evidence_return(actor=verifier, item=item, comment="SK belum ditandatangani")
    services.evidence_revise(actor=member, item=item, uploaded=pdf("sk-baru.pdf", b"2"), note="TTD")
    services.evidence_submit(actor=member, item=item)
    for who in (verifier, es1, tpi):
        services.evidence_verify(actor=who, item=item, comment="sesuai")
    services.evidence_comment_add(actor=member, item=item, body="Terima kasih")
    services.evidence_withdraw(actor=member, item=item, reason="Diganti dokumen lain")

    assert trail(item) == [
        (AuditAction.EVIDENCE_ADD, member.pk, None, "draft"),
        (AuditAction.EVIDENCE_SUBMIT, member.pk, "draft", "in_verification"),
        (AuditAction.EVIDENCE_RETURN, verifier.pk, "in_verification", "returned"),
        (AuditAction.EVIDENCE_REVISE, member.pk, "returned", "draft"),
        (AuditAction.EVIDENCE_SUBMIT, member.pk, "draft", "in_verification"),
        (AuditAction.EVIDENCE_VERIFY, verifier.pk, "in_verification", "in_verification"),
        (AuditAction.EVIDENCE_VERIFY, es1.pk, "in_verification", "in_verification"),
        (AuditAction.EVIDENCE_VERIFY, tpi.pk, "in_verification", "verified"),
        (AuditAction.EVIDENCE_COMMENT, member.pk, None, None),
        (AuditAction.EVIDENCE_WITHDRAW, member.pk, "verified", "withdrawn"),
    ]
    events = AuditEvent.objects.filter(object_id=str(item.pk), object_type="evidence.evidenceitem")
    assert {e.tenant_id for e in events} == {tenant.pk}
    returned = events.get(action=AuditAction.EVIDENCE_RETURN)
    assert returned.reason == "SK belum ditandatangani"
    first_verify = events.filter(action=AuditAction.EVIDENCE_VERIFY).order_by("id").first()
    assert first_verify.changes() == [
        ("level", "Verifikasi Unit Kerja/Kanwil", "Verifikasi Eselon I")
    ]
    revised = events.get(action=AuditAction.EVIDENCE_REVISE)
    assert (revised.before["revision"], revised.after["revision"]) == (1, 2)
    assert revised.after["file"] == "sk-baru.pdf"


def test_a_refused_step_writes_no_audit_record(member, verifier, cycle, question):
    item = services.evidence_add(actor=member, cycle=cycle, question=question, uploaded=pdf())
    before = AuditEvent.objects.count()
    with pytest.raises(AccessDenied):  # a draft is not in verification
        services.evidence_verify(actor=verifier, item=item)
    assert AuditEvent.objects.count() == before


def test_the_agencys_admin_reads_the_lifecycle_by_its_labels(
    client_for, admin, member, verifier, cycle, question
):
    item = services.evidence_add(
        actor=member, cycle=cycle, question=question, uploaded=pdf(), title="SK Tim ZI"
    )
    services.evidence_submit(actor=member, item=item)
    services.evidence_return(actor=verifier, item=item, comment="Belum lengkap")
    client = client_for(admin)
    rows = client.get(reverse("audit:list")).content.decode().split("<tbody>", 1)[1]
    for action in (
        AuditAction.EVIDENCE_ADD,
        AuditAction.EVIDENCE_SUBMIT,
        AuditAction.EVIDENCE_RETURN,
    ):
        assert str(action.label) in rows
    assert "SK Tim ZI" in rows and "Belum lengkap" in rows
    only = client.get(reverse("audit:list"), {"action": AuditAction.EVIDENCE_RETURN.value})
    rows = only.content.decode().split("<tbody>", 1)[1]
    assert str(AuditAction.EVIDENCE_RETURN.label) in rows
    assert str(AuditAction.EVIDENCE_SUBMIT.label) not in rows
