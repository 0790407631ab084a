"""Evidence items, revisions and the verification chain (services and selectors)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.evidence import services
from apps.evidence.chain import DEFAULT_LEVELS, awaiting, chain_for, is_current_verifier
from apps.evidence.models import EvidenceItem, EvidenceRevision, VerificationLevel
from apps.evidence.selectors import cycles_progress, queue_counts
from apps.files.models import StoredFile
from apps.lke.models import Question
from tests.factories import UserFactory, grant, make_unit

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_tenant(tenant):
    with scope(tenant=tenant.pk):
        yield


def add(actor, cycle, question, name="bukti.pdf", salt=b"", **kwargs):
    return services.evidence_add(
        actor=actor,
        cycle=cycle,
        question=question,
        uploaded=pdf(name, salt or name.encode()),
        **kwargs,
    )


def test_a_upt_item_goes_through_kanwil_eselon1_and_tpi(tree):
    steps = chain_for(tree["upt"])
    assert [(s.anchor_unit, s.reach) for s in steps] == [
        (tree["kanwil"].pk, False),
        (tree["es1"].pk, False),
        (tree["root"].pk, True),
    ]
    assert [s.name for s in steps] == [
        "Verifikasi Unit Kerja/Kanwil",
        "Verifikasi Eselon I",
        "Verifikasi TPI",
    ]


def test_a_kanwil_item_skips_the_level_that_would_repeat_its_verifier(tree):
    steps = chain_for(tree["kanwil"])
    assert [s.anchor_unit for s in steps] == [tree["es1"].pk, tree["root"].pk]


def test_a_new_agency_has_its_verification_levels_from_its_creation(tenant):
    levels = VerificationLevel.objects.filter(tenant=tenant).order_by("order")
    assert [(lv.order, lv.role, lv.anchor) for lv in levels] == [
        (order, role, anchor) for order, _name, role, anchor in DEFAULT_LEVELS
    ]


def test_reading_the_chain_writes_nothing_even_without_saved_levels(tree, tenant):
    """An agency whose levels are missing reads the default chain, unsaved: a read must not
    write (it created the levels on first read, 15.8 s for 1 889 UPT, issue 12)."""
    VerificationLevel.objects.filter(tenant=tenant).delete()
    with CaptureQueriesContext(connection) as queries:
        steps = chain_for(tree["upt"])
    assert [s.anchor_unit for s in steps] == [tree["kanwil"].pk, tree["es1"].pk, tree["root"].pk]
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert not VerificationLevel.objects.filter(tenant=tenant).exists()


def test_saving_the_levels_of_an_agency_without_saved_levels_saves_the_chain(tenant, admin):
    VerificationLevel.objects.filter(tenant=tenant).delete()
    services.verification_levels_update(
        actor=admin, tenant=tenant, changes={2: {"name": "Eselon I", "is_active": False}}
    )
    levels = VerificationLevel.objects.filter(tenant=tenant).order_by("order")
    assert [(lv.order, lv.is_active) for lv in levels] == [(1, True), (2, False), (3, True)]
    assert levels[1].name == "Eselon I"


def test_the_migration_gives_the_agencies_without_levels_the_default_chain(tenant, other_tenant):
    migration = importlib.import_module(
        "apps.evidence.migrations.0007_every_agency_has_its_verification_levels"
    )
    with scopes_disabled():  # as in a migration: every agency at once
        VerificationLevel.objects.filter(tenant=tenant).delete()
        VerificationLevel.objects.filter(tenant=other_tenant, order=3).update(name="TPI Beta")
        migration.create_missing_levels(django_apps, None)
        levels = VerificationLevel.objects.filter(tenant__in=[tenant, other_tenant])
        assert sorted((lv.tenant_id, lv.order, lv.name) for lv in levels) == sorted(
            [(tenant.pk, order, name) for order, name, _role, _anchor in DEFAULT_LEVELS]
            + [
                (other_tenant.pk, 1, DEFAULT_LEVELS[0][1]),
                (other_tenant.pk, 2, DEFAULT_LEVELS[1][1]),
            ]
            + [(other_tenant.pk, 3, "TPI Beta")]
        )


def test_an_agency_may_switch_a_level_off(tree, tenant):
    VerificationLevel.objects.filter(tenant=tenant, order=2).update(is_active=False)
    assert [s.anchor_unit for s in chain_for(tree["upt"])] == [tree["kanwil"].pk, tree["root"].pk]


def test_awaiting_is_exactly_the_items_whose_current_level_the_user_verifies(
    tree, member, verifier, es1_verifier, tpi_user, cycle, question
):
    """The queue's filter over the roles read once gives the same items as asking item by
    item (``is_current_verifier``): exact anchors, and a reaching level held anywhere above
    the item's unit (a TPI role at the Eselon I reaches its UPT, not another Eselon I's)."""
    es1_tpi = UserFactory()
    grant(es1_tpi, tree["es1"], Role.PENILAI_TPI)
    other_es1 = make_unit(tree["root"], code="ES2", type_code="eselon-1")
    other_tpi = UserFactory()
    grant(other_tpi, other_es1, Role.PENILAI_TPI)
    items = [add(member, cycle, question, f"b{i}.pdf", salt=bytes([i])) for i in range(4)]
    for item in items:
        services.evidence_submit(actor=member, item=item)
    for item, deciders in zip(items, [[], [verifier], [verifier, es1_verifier]], strict=False):
        for who in deciders:
            item.refresh_from_db()
            services.evidence_verify(actor=who, item=item)
    pending = list(EvidenceItem.objects.filter(status="in_verification"))
    for user in (member, verifier, es1_verifier, tpi_user, es1_tpi, other_tpi):
        expected = {i for i in pending if is_current_verifier(user, i)}
        assert set(awaiting(user)) == expected, user
    assert {i.pk for i in awaiting(es1_tpi)} == {items[2].pk}
    assert list(awaiting(other_tpi)) == []


def test_the_whole_journey_return_revise_and_verify(
    member, verifier, es1_verifier, tpi_user, cycle, question
):
    first = add(member, cycle, question, "sk-tim.pdf")
    second = add(member, cycle, question, "foto-rapat.pdf")
    assert first.status == second.status == "draft"
    for item in (first, second):
        services.evidence_submit(actor=member, item=item)
    first.refresh_from_db()
    assert first.status == "in_verification" and first.chain_position == (1, 3)
    assert set(awaiting(verifier)) == {first, second}
    assert list(awaiting(es1_verifier)) == []

    with pytest.raises(ValidationError) as exc:
        services.evidence_return(actor=verifier, item=second, comment="  ")
    assert "alasan pengembalian" in str(exc.value)
    services.evidence_return(actor=verifier, item=second, comment="SK belum ditandatangani")
    second.refresh_from_db()
    assert second.status == "returned"

    revision = services.evidence_revise(
        actor=member, item=second, uploaded=pdf("foto-rapat-2.pdf", b"v2")
    )
    assert revision.number == 2
    assert list(second.revisions.values_list("number", "is_current")) == [(2, True), (1, False)]
    services.evidence_submit(actor=member, item=second)

    for verifier_at_level in (verifier, es1_verifier, tpi_user):
        for item in (first, second):
            item.refresh_from_db()
            services.evidence_verify(actor=verifier_at_level, item=item)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == "verified"
    actions = [(e.action, e.level) for e in second.events]
    assert actions == [
        ("upload", None),
        ("submit", 0),
        ("return", 0),
        ("revise", None),
        ("submit", 0),
        ("verify", 0),
        ("verify", 1),
        ("verify", 2),
    ]


def test_only_the_current_level_verifies(
    member, verifier, es1_verifier, tpi_user, sibling_member, cycle, question
):
    item = add(member, cycle, question)
    services.evidence_submit(actor=member, item=item)
    for wrong in (es1_verifier, tpi_user, sibling_member, member):
        with pytest.raises(AccessDenied):
            services.evidence_verify(actor=wrong, item=item)
    item.refresh_from_db()
    assert item.level == 0 and item.status == "in_verification"
    assert not item.history.filter(transition="verify").exists()


def test_who_may_add_evidence(cycle, question, member, sibling_member, verifier, tree):
    from apps.accounts.roles import Role
    from tests.factories import UserFactory, grant

    other_area = UserFactory()
    grant(other_area, tree["upt"], Role.ANGGOTA_POKJA, "TL")
    ketua_tim = UserFactory()
    grant(ketua_tim, tree["upt"], Role.KETUA_TIM)
    assert add(ketua_tim, cycle, question).pk
    for outsider in (sibling_member, verifier, other_area):
        with pytest.raises(AccessDenied):
            add(outsider, cycle, question, "x.pdf")
    assert EvidenceItem.objects.count() == 1


def test_bad_input_is_refused_and_nothing_is_saved(member, cycle, question, lke):
    from apps.lke.models import EvidenceRequirement

    other_question = Question.objects.get(version=lke, code="PPA1B")
    foreign_requirement = EvidenceRequirement.objects.filter(question=other_question).first()
    cases = [
        dict(url="javascript:alert(1)"),
        dict(url="bukan tautan"),
        dict(),
    ]
    for kwargs in cases:
        with pytest.raises(ValidationError):
            services.evidence_add(actor=member, cycle=cycle, question=question, **kwargs)
    if foreign_requirement:
        with pytest.raises(ValidationError):
            add(member, cycle, question, requirement=foreign_requirement)
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as exc:
        services.evidence_add(
            actor=member,
            cycle=cycle,
            question=question,
            uploaded=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        )
    assert exc.value.messages
    assert EvidenceItem.objects.count() == 0
    assert StoredFile.objects.count() == 0
    assert EvidenceRevision.objects.count() == 0


def test_a_link_can_be_evidence(member, cycle, question):
    item = services.evidence_add(
        actor=member, cycle=cycle, question=question, url="https://unit.example.go.id/zi"
    )
    assert item.revisions.get().url == "https://unit.example.go.id/zi"
    assert item.title == "https://unit.example.go.id/zi"


def test_a_verified_or_submitted_item_cannot_be_revised(member, verifier, cycle, question):
    item = add(member, cycle, question)
    services.evidence_submit(actor=member, item=item)
    with pytest.raises(ValidationError):
        services.evidence_revise(actor=member, item=item, uploaded=pdf("b.pdf", b"b"))
    assert item.revisions.count() == 1


def test_withdrawing_keeps_the_history(member, cycle, question):
    item = add(member, cycle, question)
    with pytest.raises(ValidationError):
        services.evidence_withdraw(actor=member, item=item, reason="")
    services.evidence_withdraw(actor=member, item=item, reason="Salah unggah")
    item.refresh_from_db()
    assert item.status == "withdrawn"
    assert item.revisions.count() == 1
    assert item.events[-1].comment == "Salah unggah"
    assert AuditEvent.objects.filter(action="evidence.withdraw", reason="Salah unggah").exists()


def test_evidence_is_frozen_once_the_cycle_moves_on(member, cycle, question):
    cycle.stage = "usulan_tpi"
    cycle.save()
    with pytest.raises(ValidationError) as exc:
        add(member, cycle, question)
    assert "tahap" in str(exc.value)


def test_the_same_file_twice_is_stored_once(member, cycle, question):
    a = add(member, cycle, question, "a.pdf", b"same")
    b = add(member, cycle, question, "b.pdf", b"same")
    assert a.revisions.get().stored_file_id == b.revisions.get().stored_file_id
    assert StoredFile.objects.count() == 1


def test_completeness_counts_checklist_documents_with_verified_evidence(
    member, verifier, es1_verifier, tpi_user, cycle, question
):
    requirements = list(question.evidence.all())
    assert requirements, "PPA1A has a checklist"
    before = cycles_progress([cycle])[cycle.pk]
    assert before.total.satisfied == 0
    assert before.questions[question.pk].entries == len(requirements)
    item = add(member, cycle, question, requirement=requirements[0])
    services.evidence_submit(actor=member, item=item)
    for who in (verifier, es1_verifier, tpi_user):
        item.refresh_from_db()
        services.evidence_verify(actor=who, item=item)
    after = cycles_progress([cycle])[cycle.pk]
    assert after.questions[question.pk].satisfied == 1
    assert after.areas["MP"].satisfied == 1
    assert after.total.satisfied == 1
    assert after.total.entries == before.total.entries


def test_queue_counts_per_unit_and_area(member, verifier, cycle, question, lke):
    for name in ("a.pdf", "b.pdf"):
        services.evidence_submit(actor=member, item=add(member, cycle, question, name))
    assert queue_counts(verifier) == [
        {
            "unit_id": cycle.unit_id,
            "unit__code": "UPT1",
            "unit__name": "UPT Satu",
            "area_code": "MP",
            "count": 2,
        }
    ]
