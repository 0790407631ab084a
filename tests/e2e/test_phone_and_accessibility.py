"""Journey: the demo agency on a phone (390 × 844) and on a desktop, role by role.

Every main page is opened as the demo people who use it (admin, Ketua Pokja, Verifikator,
Pimpinan, Penilai TPU, and anonymous for the login pages). On each page:
- the document never scrolls sideways at 390 px (wide tables scroll inside their own box);
- axe-core (vendored, tests/a11y.py) finds no serious or critical WCAG 2.1 A/AA violation,
  at 390 px and again at 1280 px.
Pages: login, password reset, home, unit tree, unit detail, unit import, people, person,
person edit, audit trail, LKE templates, cycle list, cycle detail, new cycle, calendar,
evidence queue, completeness, verification chain, evidence of a cycle, evidence of one
question, declaration, staff roster, one pact, my pact, identification list and detail,
team, change agents, work plan, timeline, my tasks, one task, assessment list, the
assessments of a cycle, the scoring page (self- and TPU assessment), assessment result.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.assessment.models import Assessment, Level
from apps.cycles.models import Cycle
from apps.declaration.models import Placement
from apps.evidence.models import EvidenceItem
from apps.units.models import Unit
from apps.workplan.models import Task

from ..a11y import assert_accessible, assert_no_horizontal_scroll
from ..browser import assert_no_csp_violations, watch_csp
from ..declaration.conftest import import_rows, nip
from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ZonaIntegritas!2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def demo_pages():
    """{e-mail of the demo person: [(name, url), ...]} over the seeded demo agency."""
    unit = Unit.objects.get(code="PJN1-JBR")
    cycle = Cycle.objects.get(unit=unit, year=2026)
    mandiri = Assessment.objects.get(cycle=cycle, level=Level.MANDIRI)
    tpu = Assessment.objects.get(cycle=cycle, level=Level.TPU)
    ipkp = tpu.answers.get(question__code="HPA")  # from the demo's closed IPKP
    question = EvidenceItem.objects.filter(cycle=cycle).select_related("question").first()
    placement = Placement.objects.filter(unit=unit).first()
    task = Task.objects.first()
    ketua_pokja = User.objects.get(email="ketua.pokja@pu-demo.go.id")
    evidence_question = reverse("evidence:question", args=[cycle.pk, question.question.code])
    return {
        "admin@pu-demo.go.id": [
            ("home", reverse("home")),
            ("unit tree", reverse("units:tree")),
            ("unit detail", reverse("units:detail", args=[unit.pk])),
            ("unit import", reverse("units:import")),
            ("people", reverse("accounts:people")),
            ("person", reverse("accounts:person", args=[ketua_pokja.pk])),
            ("person edit", reverse("accounts:person_edit", args=[ketua_pokja.pk])),
            ("audit", reverse("audit:list")),
            ("LKE templates", reverse("lke:templates")),
            ("cycles list", reverse("cycles:list")),
            ("cycle detail", reverse("cycles:detail", args=[cycle.pk])),
            ("new cycle", reverse("cycles:create")),
            ("calendar", reverse("cycles:calendar")),
            ("evidence queue", reverse("evidence:queue")),
            ("completeness", reverse("evidence:completeness")),
            ("verification chain", reverse("evidence:levels")),
            ("cycle evidence", reverse("evidence:cycle", args=[cycle.pk])),
            ("evidence question", evidence_question),
            ("declaration", reverse("declaration:cycle", args=[cycle.pk])),
            ("roster", reverse("declaration:roster", args=[unit.pk])),
            ("pact", reverse("declaration:pact", args=[placement.pk])),
            ("identification list", reverse("identification:list")),
            ("identification", reverse("identification:detail", args=[cycle.pk])),
            ("team", reverse("teams:team", args=[cycle.pk])),
            ("change agents", reverse("teams:agents", args=[cycle.pk])),
            ("work plan", reverse("workplan:plan", args=[cycle.pk])),
            ("timeline", reverse("workplan:timeline", args=[cycle.pk])),
            ("task", reverse("workplan:task", args=[task.pk])),
            ("assessment list", reverse("assessment:list")),
            ("cycle assessments", reverse("assessment:cycle", args=[cycle.pk])),
            ("assessment result", reverse("assessment:result", args=[tpu.pk])),
        ],
        "ketua.pokja@pu-demo.go.id": [
            ("home", reverse("home")),
            ("evidence question", evidence_question),
            ("my tasks", reverse("workplan:my_tasks")),
            ("my pact", reverse("declaration:my_pact")),
            ("self-assessment scoring", reverse("assessment:detail", args=[mandiri.pk])),
        ],
        "verifikator@pu-demo.go.id": [
            ("home", reverse("home")),
            ("evidence queue", reverse("evidence:queue")),
            ("completeness", reverse("evidence:completeness")),
        ],
        "pimpinan@pu-demo.go.id": [
            ("home", reverse("home")),
            ("completeness", reverse("evidence:completeness")),
            ("assessment result", reverse("assessment:result", args=[tpu.pk])),
        ],
        "penilai.tpu@pu-demo.go.id": [
            ("home", reverse("home")),
            ("assessment list", reverse("assessment:list")),
            ("TPU scoring", reverse("assessment:detail", args=[tpu.pk])),
            ("HPA's survey", reverse("assessment:survey", args=[tpu.pk, ipkp.source_survey_id])),
        ],
    }


def check(page, visited, who, name, url, *, phone):
    response = page.goto(url)
    assert response.status == 200, f"{who} {name} {url}: HTTP {response.status}"
    label = f"{who} · {name} ({url}) at {'390' if phone else '1280'} px"
    if phone:
        assert_no_horizontal_scroll(page, label=label)
    assert_accessible(page, label=label)
    visited.append(label)


def test_main_pages_fit_a_phone_and_pass_axe(browser, live_server):
    call_command("seed_demo", stdout=StringIO())
    pages = demo_pages()
    visited = []

    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PHONE)
    context.set_default_timeout(20_000)
    csp_watches = [watch_csp(context)]
    page = context.new_page()
    for name, url in [
        ("login", reverse("login")),
        ("password reset", reverse("password_reset")),
    ]:
        check(page, visited, "anonymous", name, url, phone=True)
        page.set_viewport_size(DESKTOP)
        check(page, visited, "anonymous", name, url, phone=False)
        page.set_viewport_size(PHONE)
    context.close()

    for email, role_pages in pages.items():
        context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PHONE)
        context.set_default_timeout(20_000)
        csp_watches.append(watch_csp(context))
        page = context.new_page()
        login(page, email, DEMO_PASSWORD)
        who = email.split("@")[0]

        # On a phone the menu sits behind the toggler; opened, it fits and passes axe too.
        toggler = page.get_by_role("button", name="Buka menu")
        expect(toggler).to_be_visible()
        toggler.click()
        expect(page.get_by_role("link", name="Siklus ZI")).to_be_visible()
        assert_no_horizontal_scroll(page, label=f"{who} · open menu")
        assert_accessible(page, label=f"{who} · open menu")
        visited.append(f"{who} · open menu at 390 px")

        for name, url in role_pages:
            check(page, visited, who, name, url, phone=True)
        page.set_viewport_size(DESKTOP)
        for name, url in role_pages:
            check(page, visited, who, name, url, phone=False)
        context.close()

    # Every page of every role under the enforced Content-Security-Policy: nothing blocked.
    assert_no_csp_violations([v for watch in csp_watches for v in watch])
    print("\nPages checked:\n  " + "\n  ".join(visited))
    assert len(visited) == 4 + 5 + 2 * sum(len(p) for p in pages.values())


def test_a_wide_table_scrolls_in_a_focusable_region_not_the_page(
    browser, live_server, sekretaris, tree
):
    """The roster is wider than a phone: its box scrolls, is labelled and keyboard-reachable;
    at desktop width the same box fits and stays out of the tab order."""
    unit = tree["upt"]
    import_rows(
        sekretaris,
        unit,
        *[(nip(i), f"Pegawai Nomor {i}", "Analis Kebijakan Ahli Muda", "ya") for i in range(1, 6)],
    )
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PHONE)
    page = context.new_page()
    login(page, sekretaris.email, PASSWORD)
    page.goto(reverse("declaration:roster", args=[unit.pk]))
    region = page.locator("main [data-scroll-region]").first
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("role", "region")
    assert region.get_attribute("aria-label")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('main [data-scroll-region]').scrollLeft > 0"
    )
    assert_no_horizontal_scroll(page)

    page.set_viewport_size(DESKTOP)
    page.reload()
    expect(page.locator("main [data-scroll-region]")).to_have_count(0)
    context.close()


def test_the_checks_fail_on_a_page_that_breaks_them(browser):
    """The helpers are not blind: low contrast, an unlabelled field and a page wider than the
    window are reported with the rule and the element."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_content(
        '<!doctype html><html lang="id"><head><title>Uji</title></head><body><main>'
        '<h1>Uji</h1><a href="#" style="color:#91b0bd;background:#0b4f6c">Unit</a>'
        '<input type="text"><div style="width:600px">lebar</div></main></body></html>'
    )
    with pytest.raises(AssertionError) as axe_failure:
        assert_accessible(page, label="bad page")
    assert "color-contrast" in str(axe_failure.value)
    assert "label" in str(axe_failure.value)
    with pytest.raises(AssertionError) as scroll_failure:
        assert_no_horizontal_scroll(page, label="bad page")
    assert "600" in str(scroll_failure.value) or "scrolls sideways" in str(scroll_failure.value)
    context.close()
