"""The home page costs the same number of queries for a person with a little or a lot
waiting, in several units and roles (each source a fixed number of queries)."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.evidence import services as evidence_services
from apps.workplan import services as plan_services
from tests.factories import (
    CycleFactory,
    EvidenceItemFactory,
    PlanRevisionFactory,
    TaskFactory,
    UserFactory,
    grant,
    make_unit,
    plan_item_values,
)

from .support import home_lines, kinds, on

pytestmark = pytest.mark.django_db

BUDGET = (
    24  # 21 today: the page, the menu, the bell and six sources (the progress: its own request)
)


def busy_unit(unit, person, verifier, question_code, n):
    """A cycle of ``unit`` where ``person`` (its Ketua Tim) has ``n`` tasks, ``n`` items
    returned, ``n`` items waiting for ``verifier``, an area to approve in place of an
    absent Ketua Pokja, and the year's first monev report to write."""
    from apps.lke.models import Question
    from apps.reports import services as report_services

    cycle = CycleFactory(unit=unit)
    question = Question.objects.get(version_id=cycle.template_id, code=question_code)
    # No Ketua Pokja MP in the unit: the Ketua Tim approves the area in their place.
    revision = PlanRevisionFactory(actor=person, cycle=cycle, approvers={"MP": person})
    head = UserFactory()
    grant(head, unit, Role.PIMPINAN_UNIT)
    revision = plan_services.plan_ratify(actor=head, revision=revision)
    item = revision.items.get(area="MP")
    for i in range(n):
        TaskFactory(
            actor=person,
            item=item,
            title=f"Tugas {i}",
            due_on=datetime.date(2026, 2, 1 + i),
            assignees=[person],
        )
        returned = EvidenceItemFactory(actor=person, cycle=cycle, question=question, submit=True)
        evidence_services.evidence_return(actor=verifier, item=returned, comment="Lengkapi.")
        EvidenceItemFactory(actor=person, cycle=cycle, question=question, submit=True)
    draft = plan_services.plan_revise(actor=person, cycle=cycle, reason="Tambah kegiatan")
    plan_services.plan_item_add(actor=person, revision=draft, **plan_item_values("SDM"))
    report_services.report_draft(actor=person, cycle=cycle, kind="monev", year=2026, month=1)


def test_the_home_page_keeps_its_budget_however_much_waits(
    client, tree, django_assert_max_num_queries
):
    person = UserFactory(full_name="Orang Sibuk")
    grant(person, tree["kanwil"], Role.VERIFIKATOR)
    grant(person, tree["kanwil"], Role.PIMPINAN_UNIT)
    other_verifier = UserFactory()
    grant(other_verifier, tree["kanwil"], Role.VERIFIKATOR)
    units = [tree["upt"], tree["upt2"], make_unit(tree["kanwil"], code="UPT3")]
    for unit in units:
        grant(person, unit, Role.KETUA_TIM)

    def measure():
        with on(2026, 2, 10):
            client.get(reverse("home"))  # process-wide caches (content types) warm
        with on(2026, 2, 10), django_assert_max_num_queries(BUDGET) as queries:
            response = client.get(reverse("home"))
        assert response.status_code == 200
        return len(queries.captured_queries)

    with on(2026, 2, 3):
        busy_unit(units[0], person, other_verifier, "PPA1A", 1)
    client.force_login(person)
    small = measure()
    with on(2026, 2, 3):
        busy_unit(units[1], person, other_verifier, "PPA1A", 6)
        busy_unit(units[2], person, other_verifier, "PPA1A", 6)
    large = measure()
    assert large == small
    with on(2026, 2, 10):
        shown = kinds(home_lines(client, person))
    assert set(shown) == {
        "workplan.task",
        "workplan.approve",
        "evidence.returned",
        "evidence.verify",
        "reports.write",
    }
    assert shown.count("workplan.task") == 10  # of 13, with a link to all of them


# The most common home page (bench/load.py: 60 % of the people): a Ketua Tim who is also
# an Anggota Pokja of their unit, with something waiting in every source that concerns
# them. The roles are read once for the page, the menu and every source.
POKJA_BUDGET = 20  # 18 today (19 before the roles were read once for the page)


def test_a_pokja_members_home_keeps_its_budget(client, tree, django_assert_max_num_queries):
    person = UserFactory(full_name="Ketua Tim Pokja")
    grant(person, tree["upt"], Role.KETUA_TIM)
    grant(person, tree["upt"], Role.ANGGOTA_POKJA, "MP")
    verifier = UserFactory()
    grant(verifier, tree["kanwil"], Role.VERIFIKATOR)
    with on(2026, 2, 3):
        busy_unit(tree["upt"], person, verifier, "PPA1A", 12)
    client.force_login(person)
    with on(2026, 2, 10):
        client.get(reverse("home"))  # process-wide caches (content types) warm
    with on(2026, 2, 10), django_assert_max_num_queries(POKJA_BUDGET):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    with on(2026, 2, 10):
        shown = kinds(home_lines(client, person))
    assert set(shown) == {"workplan.task", "workplan.approve", "evidence.returned", "reports.write"}
