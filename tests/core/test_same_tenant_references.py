"""A tenant-owned row never points at a unit, a cycle, a stored file or a survey of another agency
(issue 9, the whole class): PostgreSQL refuses it, whichever path writes the row.

The demo agency is seeded once for the module (inside a transaction rolled back at the
end); each case moves one real row's reference to the other agency's row.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from apps.accounts.roles import Role
from apps.core.models import TenantOwned
from apps.cycles import services as cycle_services
from apps.cycles.models import Cycle
from apps.files.models import StoredFile
from apps.lke.models import TemplateVersion
from apps.surveys.models import Survey
from apps.units.models import Unit
from tests.factories import UserFactory, grant, make_tenant, make_unit, root_of

# (model, field, database constraint): every reference of a tenant-owned row to a unit,
# a cycle or a stored file. ``test_every_reference_to_a_unit_cycle_or_file_is_listed``
# fails when a new one is added without its constraint.
REFERENCES = [
    ("accounts.RoleAssignment", "unit", "roleassignment_unit_same_tenant_fk"),
    ("accounts.Invitation", "unit", "invitation_unit_same_tenant_fk"),
    ("cycles.Cycle", "unit", "cycle_unit_same_tenant_fk"),
    ("files.StoredFile", "unit", "storedfile_unit_same_tenant_fk"),
    ("declaration.Declaration", "cycle", "declaration_cycle_same_tenant_fk"),
    ("declaration.Declaration", "unit", "declaration_unit_same_tenant_fk"),
    ("declaration.Declaration", "scan", "declaration_scan_same_tenant_fk"),
    ("declaration.Declaration", "pdf_file", "declaration_pdf_file_same_tenant_fk"),
    ("declaration.Placement", "unit", "placement_unit_same_tenant_fk"),
    ("declaration.Pact", "unit", "pact_unit_same_tenant_fk"),
    ("declaration.Pact", "scan", "pact_scan_same_tenant_fk"),
    ("declaration.Pact", "pdf_file", "declaration_pact_pdf_file_same_tenant_fk"),
    ("evidence.EvidenceItem", "cycle", "evidenceitem_cycle_same_tenant_fk"),
    ("evidence.EvidenceItem", "unit", "evidenceitem_unit_same_tenant_fk"),
    ("evidence.EvidenceItem", "current_anchor", "evidenceitem_anchor_same_tenant_fk"),
    ("identification.Identification", "cycle", "identification_cycle_same_tenant_fk"),
    ("identification.Identification", "unit", "identification_unit_same_tenant_fk"),
    ("identification.Identification", "report_file", "identification_report_same_tenant_fk"),
    ("identification.ServiceUser", "cycle", "serviceuser_cycle_same_tenant_fk"),
    ("identification.ServiceUser", "unit", "serviceuser_unit_same_tenant_fk"),
    ("teams.Decree", "cycle", "decree_cycle_same_tenant_fk"),
    ("teams.Decree", "stored_file", "decree_file_same_tenant_fk"),
    ("teams.TeamMember", "cycle", "teammember_cycle_same_tenant_fk"),
    ("teams.TeamMember", "unit", "teammember_unit_same_tenant_fk"),
    ("teams.ChangeAgent", "cycle", "changeagent_cycle_same_tenant_fk"),
    ("teams.ChangeAgent", "unit", "changeagent_unit_same_tenant_fk"),
    ("workplan.PlanRevision", "cycle", "planrevision_cycle_same_tenant_fk"),
    ("workplan.PlanRevision", "unit", "planrevision_unit_same_tenant_fk"),
    ("workplan.PlanRevision", "pdf_file", "workplan_revision_pdf_file_same_tenant_fk"),
    ("workplan.Task", "cycle", "task_cycle_same_tenant_fk"),
    ("workplan.Task", "unit", "task_unit_same_tenant_fk"),
    ("assessment.Assessment", "cycle", "assessment_cycle_same_tenant_fk"),
    ("assessment.Assessment", "unit", "assessment_unit_same_tenant_fk"),
    ("assessment.CycleFacts", "cycle", "cyclefacts_cycle_same_tenant_fk"),
    ("reports.Report", "unit", "report_unit_same_tenant_fk"),
    ("reports.Report", "cycle", "report_cycle_same_tenant_fk"),
    ("reports.Report", "pdf_file", "report_pdf_file_same_tenant_fk"),
    ("reports.Report", "scan", "report_scan_same_tenant_fk"),
    ("reports.Recommendation", "unit", "recommendation_unit_same_tenant_fk"),
    ("reports.Recommendation", "cycle", "recommendation_cycle_same_tenant_fk"),
    ("dashboard.CycleSummary", "cycle", "dashboard_summary_cycle_same_tenant_fk"),
    ("dashboard.CycleSummary", "unit", "dashboard_summary_unit_same_tenant_fk"),
    ("dashboard.DashboardExport", "unit", "dashboard_export_unit_same_tenant_fk"),
    ("dashboard.DashboardExport", "pdf_file", "dashboard_export_file_same_tenant_fk"),
    ("surveys.Survey", "unit", "survey_unit_same_tenant_fk"),
    ("surveys.Survey", "report_file", "survey_report_same_tenant_fk"),
    ("surveys.FollowUpAction", "evidence", "survey_follow_up_evidence_same_tenant_fk"),
    # A survey's parts, and the survey an LKE answer's value comes from (HBA/HPA).
    ("surveys.Service", "survey", "survey_service_survey_same_tenant_fk"),
    ("surveys.Item", "survey", "survey_item_survey_same_tenant_fk"),
    ("surveys.Link", "survey", "survey_link_survey_same_tenant_fk"),
    ("surveys.Response", "survey", "survey_response_survey_same_tenant_fk"),
    ("surveys.FollowUpAction", "survey", "survey_follow_up_survey_same_tenant_fk"),
    ("assessment.Answer", "source_survey", "answer_source_survey_same_tenant_fk"),
]
TARGETS = (Unit, Cycle, StoredFile, Survey)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The seeded demo agency plus one unit, cycle, file and survey of another agency."""
    from django_scopes import scopes_disabled

    with django_db_blocker.unblock(), scopes_disabled():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=StringIO())
            other = make_tenant(name="Kementerian Lain", code="LAIN")
            unit = make_unit(root_of(other), code="LAIN-UPT", name="UPT Lain")
            cycle = Cycle.objects.create(
                tenant=other,
                unit=unit,
                # Not the demo's year: moving a demo cycle here meets no unique key.
                year=2025,
                name="Pembangunan ZI 2025",
                target="wbk",
                template=TemplateVersion.objects.get(code="lke-2021"),
            )
            stored = StoredFile.objects.create(
                tenant=other,
                unit=unit,
                sha256="0" * 64,
                size=1,
                content_type="application/pdf",
                kind="pdf",
                extension="pdf",
                original_name="lain.pdf",
                file="files/lain.pdf",
            )
            survey = Survey.objects.create(
                tenant=other,
                unit=unit,
                kind="ipkp",
                year=2025,
                period="year",
                title="IPKP Lain",
                created_by=UserFactory(),
            )
            yield {Unit: unit, Cycle: cycle, StoredFile: stored, Survey: survey}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
# The demo is seeded once, by one xdist worker (make test runs --dist loadgroup).
@pytest.mark.xdist_group("seed_demo")
@pytest.mark.parametrize(("label", "field", "constraint"), REFERENCES)
def test_the_database_refuses_a_reference_to_another_agencys_row(demo, label, field, constraint):
    model = apps.get_model(label)
    target = demo[model._meta.get_field(field).related_model]
    # A row that already holds such a reference (a pact with a scan, not one signed online).
    rows = model._base_manager.exclude(tenant_id=target.tenant_id)
    row = rows.order_by(F(field).asc(nulls_last=True), "pk").first()
    assert row is not None, f"the demo has no {label} to move"
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        model._base_manager.filter(pk=row.pk).update(**{field: target.pk})
    assert constraint in str(exc.value)


@pytest.mark.django_db
def test_every_reference_to_a_unit_cycle_or_file_is_listed_and_constrained():
    found = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        if issubclass(model, TenantOwned)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in TARGETS
    }
    assert found == {(label, field) for label, field, _ in REFERENCES}
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'f'")
        names = {name for (name,) in cursor.fetchall()}
    assert {constraint for *_, constraint in REFERENCES} <= names


@pytest.mark.django_db
def test_the_database_refuses_inserting_a_cycle_of_another_agencys_unit(tenant, other_tree, lke):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(
            tenant=tenant,
            unit=other_tree["upt"],
            year=2026,
            name="Pembangunan ZI 2026",
            target="wbk",
            template=lke,
        )


@pytest.mark.django_db
def test_the_cycle_service_refuses_a_unit_of_another_agency_than_the_callers(
    tenant, other_tree, lke
):
    """An Admin Instansi of both agencies, acting for one, cannot open the other's cycle."""
    actor = UserFactory()
    grant(actor, root_of(tenant), Role.ADMIN_INSTANSI)
    grant(actor, other_tree["root"], Role.ADMIN_INSTANSI)
    with pytest.raises(ValidationError) as exc:
        cycle_services.cycle_create(
            actor=actor,
            tenant=tenant,
            unit=other_tree["upt"],
            year=2026,
            target="wbk",
            template=lke,
        )
    message = exc.value.message_dict["unit"][0]
    assert "UPT Beta bukan milik instansi Kementerian Alfa" in message
    assert not Cycle.objects.filter(unit=other_tree["upt"]).exists()
