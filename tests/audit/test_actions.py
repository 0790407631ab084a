"""Audit actions are one enumeration with Indonesian labels; services pass its members."""

import ast
import pathlib

import pytest
from django.db.models import TextChoices

from apps.audit.actions import AuditAction, action_label
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record


def test_every_enumerated_action_has_its_own_indonesian_label():
    labels = {}
    for action in AuditAction:
        label = str(action.label)
        # TextChoices makes "Unit Type Create" out of a member declared without a label.
        assert label != action.name.replace("_", " ").title(), action
        assert "." not in label and label[0].isupper(), action
        assert label not in labels, (action, labels.get(label))
        labels[label] = action


def test_values_are_the_stored_identifiers_and_fit_the_column():
    width = AuditEvent._meta.get_field("action").max_length
    for action in AuditAction:
        domain, _, verb = action.value.partition(".")
        assert domain and verb and len(action.value) <= width
        assert action.name == action.value.upper().replace(".", "_")


def test_an_action_no_longer_enumerated_reads_as_its_string():
    assert action_label("unit.update") == "Data unit diubah"
    assert action_label("ghost.haunt") == "ghost.haunt"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["unit.update", "unit.haunt", None])
def test_audit_record_refuses_anything_but_a_member(action, tenant):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="not an AuditAction member"):
        audit_record(actor=None, tenant=tenant, action=action, instance=tenant)
    assert AuditEvent.objects.count() == before
    audit_record(actor=None, tenant=tenant, action=AuditAction.TENANT_UPDATE, instance=tenant)
    assert AuditEvent.objects.count() == before + 1


def _audit_calls():
    """(file, line, the action argument) of every call that writes an audit record, and of
    every declared workflow transition (``transition()`` writes its declared action)."""
    writers = {
        "audit_record",
        "audit_record_for_person",
        "_audit",
        "_devices_remove",
        "Transition",
        "_transition",
    }
    for path in sorted(pathlib.Path("apps").rglob("*.py")):
        # The mechanism itself passes on what a declaration names (checked at its source).
        if "migrations" in path.parts or path.as_posix() == "apps/core/workflow.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in writers:
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    yield path, node.lineno, keyword.value
            if name == "_audit" and len(node.args) >= 2:  # evidence: _audit(item, action, …)
                yield path, node.lineno, node.args[1]


def _members_named(node) -> list[str] | None:
    """The AuditAction members an argument names, or None when it names anything else."""
    if isinstance(node, ast.Attribute) and ast.unparse(node.value) == "AuditAction":
        return [node.attr]
    if isinstance(node, ast.IfExp):
        body, orelse = _members_named(node.body), _members_named(node.orelse)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.Name):
        return []  # a parameter or a variable holding a member (checked at run time)
    return None


def test_every_call_site_passes_an_enumerated_member():
    calls = list(_audit_calls())
    assert len(calls) > 80
    wrong = []
    for path, line, node in calls:
        names = _members_named(node)
        if names is None or any(n not in AuditAction.__members__ for n in names):
            wrong.append(f"{path}:{line}: {ast.unparse(node)}")
    assert wrong == []


def test_the_enumeration_is_django_choices():
    assert issubclass(AuditAction, TextChoices)
    assert AuditEvent._meta.get_field("action").choices == AuditAction.choices


# Writes that record no audit event, and why.
UNAUDITED_WRITES = {
    # Platform data without an agency (AuditEvent belongs to one): LKE template versions.
    "apps/lke/services.py:template_load",
    "apps/lke/services.py:template_set_status",
    # An agency's default verification levels: a step of tenant_create (audited).
    "apps/evidence/services/levels.py:verification_levels_create",
    # A step inside audited services (invitation accept, first admin, membership add).
    "apps/tenants/services.py:membership_ensure",
    # An unconfirmed authenticator; enabling it (two_factor.enable) is audited.
    "apps/accounts/twofactor/services.py:totp_enrolment_start",
}
# (A queryset's .update() is not looked for: dicts have one too; such services are atomic.)
WRITES = (".save(", ".create(", ".delete(", "bulk_create", "get_or_create")


def _service_modules():
    for path in sorted(pathlib.Path("apps").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        if (
            "services" in path.parts
            or path.stem == "services"
            or path.name
            in (
                "chain.py",
                "invitations.py",
            )
        ):
            yield path


def test_every_write_service_records_an_audit_event():
    """A public function of a services module that writes (or is atomic) calls
    audit_record, directly or through another function of its module that does (a
    workflow ``transition`` writes its declared audit action)."""
    writers = {"audit_record", "audit_record_for_person", "transition"}
    unaudited = set()
    for path in _service_modules():
        tree = ast.parse(path.read_text(), str(path))
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        called = {
            name: {
                getattr(c.func, "id", None) or getattr(c.func, "attr", None)
                for c in ast.walk(node)
                if isinstance(c, ast.Call)
            }
            for name, node in functions.items()
        }
        audited = set()
        while True:
            more = {n for n, calls in called.items() if calls & (writers | audited)} - audited
            if not more:
                break
            audited |= more
        for name, node in functions.items():
            if name.startswith("_") or name in audited or name in writers:
                continue
            source = ast.unparse(node)
            atomic = any("atomic" in ast.unparse(d) for d in node.decorator_list)
            if atomic or any(w in source for w in WRITES):
                unaudited.add(f"{path}:{name}")
    assert unaudited == UNAUDITED_WRITES, unaudited ^ UNAUDITED_WRITES
