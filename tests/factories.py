"""factory_boy factories. Agencies and units are made through the real tree operations,
so every test tree has the same shape as production data (one root per agency). Evidence
items, assessments, work plans and tasks are made by the apps' own services (checks, audit
and history included), inside the tenant scope of their cycle; cycles and bare template
versions are rows."""

import datetime
import itertools

import factory
from django_scopes import scopes_disabled

from apps.accounts.models import RoleAssignment, User
from apps.accounts.services import tenant_create
from apps.tenants.models import Membership, Tenant
from apps.units.models import Unit, UnitType

_seq = itertools.count(1)
PASSWORD = "Sandi-Uji-12345"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.go.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_tenant(
    name: str | None = None, code: str | None = None, kind: str = "kementerian"
) -> Tenant:
    n = next(_seq)
    return tenant_create(
        actor=None, name=name or f"Kementerian Uji {n}", code=code or f"KU{n}", kind=kind
    )


def root_of(tenant: Tenant) -> Unit:
    with scopes_disabled():
        return Unit.objects.get(tenant=tenant, depth=1)


def make_unit(parent: Unit, code: str | None = None, type_code: str = "upt", **kwargs) -> Unit:
    with scopes_disabled():
        unit_type = UnitType.objects.get(tenant_id=parent.tenant_id, code=type_code)
        unit = Unit(
            tenant_id=parent.tenant_id,
            code=code or f"U{next(_seq)}",
            name=kwargs.pop("name", None) or f"Unit {next(_seq)}",
            unit_type=unit_type,
            **kwargs,
        )
        return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=unit)


def make_member(tenant: Tenant, user: User | None = None, **user_kwargs) -> User:
    user = user or UserFactory(**user_kwargs)
    with scopes_disabled():
        Membership.objects.get_or_create(tenant=tenant, user=user)
    return user


def grant(user: User, unit: Unit, role: str, area: str = "") -> RoleAssignment:
    with scopes_disabled():
        Membership.objects.get_or_create(tenant_id=unit.tenant_id, user=user)
        return RoleAssignment.objects.create(
            tenant_id=unit.tenant_id, user=user, unit=unit, role=role, area=area
        )


# --- Uploads ---------------------------------------------------------------------------

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf(name="bukti.pdf", salt=b""):
    """An uploaded one-page PDF; ``salt`` makes its content (and hash) differ."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, MINIMAL_PDF + b"%" + salt + b"\n", content_type="application/pdf"
    )


# --- LKE template versions and cycles ----------------------------------------------------

LKE_CODE = "lke-2021"


def lke_version():
    """The shipped lke-2021 version, loaded once per test database (tests/conftest.py)."""
    from apps.lke.models import TemplateVersion

    return TemplateVersion.objects.get(code=LKE_CODE)


class TemplateVersionFactory(factory.django.DjangoModelFactory):
    """A bare template version (no questions): for tests where a cycle only binds to it."""

    class Meta:
        model = "lke.TemplateVersion"
        django_get_or_create = ("code",)

    code = "uji-2021"
    name = factory.LazyAttribute(lambda o: f"LKE {o.code}")
    status = "published"
    content_hash = "0" * 64


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle row as it stands at ``stage`` (no stage history): for tests about what
    happens inside a stage. Tests of the stage machinery use apps.cycles.services."""

    class Meta:
        model = "cycles.Cycle"

    unit = None  # required: the unit whose ZI year this is
    tenant = factory.SelfAttribute("unit.tenant")
    year = 2026
    name = factory.LazyAttribute(lambda o: f"Pembangunan ZI {o.year}")
    target = "wbk"
    template = factory.LazyFunction(lke_version)
    stage = "pembangunan"


class _ServiceFactory(factory.Factory):
    """A factory whose objects are made by the app's own service (checks, audit, history
    and all), inside the tenant scope of the object; ``build`` is not supported."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError(f"{cls.__name__} only creates, through the service")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from django_scopes import scope

        with scope(tenant=kwargs["cycle"].tenant_id):
            return cls._service(**kwargs)


class EvidenceItemFactory(_ServiceFactory):
    """An evidence item added by ``actor`` (a Pokja member of the area), holding a PDF
    named ``name`` (or ``url``); ``submit=True`` also submits it for verification."""

    class Meta:
        model = "evidence.EvidenceItem"

    actor = None
    cycle = None
    question = None
    requirement = None
    name = "bukti.pdf"
    url = ""
    title = ""
    submit = False

    @classmethod
    def _service(cls, *, actor, cycle, question, requirement, name, url, title, submit):
        from apps.evidence import services

        item = services.evidence_add(
            actor=actor,
            cycle=cycle,
            question=question,
            requirement=requirement,
            uploaded=None if url else pdf(name, name.encode()),
            url=url,
            title=title,
        )
        if submit:
            item = services.evidence_submit(actor=actor, item=item)
        return item


class AssessmentFactory(_ServiceFactory):
    """An assessment of ``cycle`` at ``level`` opened by ``actor`` (an admin of the unit)
    and led by ``lead``; ``assessors`` is a list of (user, area) the lead assigns."""

    class Meta:
        model = "assessment.Assessment"

    actor = None
    cycle = None
    level = "tpu"
    lead = None
    assessors = ()

    @classmethod
    def _service(cls, *, actor, cycle, level, lead, assessors):
        from apps.assessment import services

        assessment = services.assessment_open(actor=actor, cycle=cycle, level=level, lead=lead)
        for user, area in assessors:
            services.assessor_assign(actor=lead, assessment=assessment, user=user, area=area)
        return assessment


def plan_item_values(area="MP", **overrides):
    values = {
        "area": area,
        "action": f"Kegiatan {area}",
        "description": "",
        "output": "Laporan kegiatan",
        "pic": f"Ketua Pokja {area}",
        "months": [1, 2],
    }
    values.update(overrides)
    return values


# The LKE question an item of each area is linked to (lke-2021).
PLAN_QUESTIONS = {"MP": "PPA1A", "TL": "PPB1A"}


class PlanRevisionFactory(_ServiceFactory):
    """The cycle's Rencana Kerja started by ``actor`` (the Ketua Tim) with one item per
    area of ``approvers`` ({area: Ketua Pokja}); each approves their area, and with
    ``ratified_by`` (the Pimpinan Unit) the revision is ratified."""

    class Meta:
        model = "workplan.PlanRevision"

    actor = None
    cycle = None
    approvers = factory.LazyFunction(dict)
    ratified_by = None

    @classmethod
    def _service(cls, *, actor, cycle, approvers, ratified_by):
        from apps.lke.models import Question
        from apps.workplan import services

        revision = services.plan_start(actor=actor, cycle=cycle)
        for area in approvers:
            questions = Question.objects.filter(
                version_id=cycle.template_id, code=PLAN_QUESTIONS.get(area, "")
            ).select_related("indicator__aspect__area")
            services.plan_item_add(
                actor=actor, revision=revision, questions=list(questions), **plan_item_values(area)
            )
        for area, approver in approvers.items():
            services.plan_area_approve(actor=approver, revision=revision, area=area)
        if ratified_by is not None:
            revision = services.plan_ratify(actor=ratified_by, revision=revision)
        return revision


class TaskFactory(_ServiceFactory):
    """A task of ``item`` (a ratified plan's item) created by ``actor``."""

    class Meta:
        model = "workplan.Task"

    actor = None
    item = None
    cycle = factory.SelfAttribute("item.revision.cycle")
    title = "Susun notulen rapat"
    due_on = datetime.date(2026, 2, 15)
    assignees = ()

    @classmethod
    def _service(cls, *, actor, item, cycle, title, due_on, assignees):
        from apps.workplan import services

        return services.task_create(
            actor=actor, item=item, title=title, due_on=due_on, assignees=list(assignees)
        )
