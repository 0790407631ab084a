"""The task base opens the row's agency; the PDF renderer reads local static files only."""

import pytest
from django_scopes import get_scope

from apps.core.pdf import render_pdf
from apps.core.tasks import each_tenant, tenant_task
from tests.factories import make_tenant

pytestmark = pytest.mark.django_db


@tenant_task
def _scope_probe(tenant_id: int, marker: str) -> tuple:
    scope = get_scope()
    return scope["_enabled"], scope["tenant"].pk, marker


def test_a_tenant_task_runs_inside_the_scope_of_the_tenant_it_names():
    tenant = make_tenant()
    assert _scope_probe(tenant.pk, "x") == (True, tenant.pk, "x")
    assert _scope_probe.apply(args=(tenant.pk, "y")).get() == (True, tenant.pk, "y")


def test_a_tenant_task_for_an_agency_that_is_gone_does_nothing():
    assert _scope_probe(987654, "x") is None


def test_beat_jobs_visit_each_agency_in_its_own_scope():
    tenants = [make_tenant(), make_tenant()]
    seen = [(t.pk, get_scope()["tenant"].pk) for t in each_tenant()]
    assert [(t.pk, t.pk) for t in tenants] == [s for s in seen if s[0] in {t.pk for t in tenants}]


def test_render_pdf_makes_a_pdf_from_a_template():
    data = render_pdf("declaration/charter_pdf.html", {"unit": {"name": "UPT Uji"}})
    assert data.startswith(b"%PDF")
