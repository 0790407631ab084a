"""Shared fixtures: two agencies, a small tree, and one person per access situation.

Tree of agency A:   root (KU-A)
                     └─ es1 (Eselon I)
                         └─ kanwil (Unit Kerja)
                             ├─ upt   <- "this unit"
                             └─ upt2  <- "sibling unit"
Agency B has its own root and one UPT.
"""

import os
import shutil
import uuid

import pytest
from django_scopes import scopes_disabled

from apps.accounts.roles import Role

from .factories import UserFactory, grant, make_member, make_tenant, make_unit, root_of


@pytest.fixture(autouse=True)
def _unscoped_test_code():
    """Test set-up and assertions may touch any agency; the code under test runs inside
    the request's own scope (set by the middleware), which overrides this."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Rate-limit counters live in Redis, which outlives a test: each test counts in a
    namespace of its own (apps.core.ratelimit)."""
    settings.RATE_LIMIT_NAMESPACE = f"rl-test-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """``force_login`` skips the password, and (tests/otp.py) the second step too."""
    from django.test import Client

    from .otp import force_login_verified

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture
def tenant(db):
    return make_tenant(name="Kementerian Alfa", code="ALFA")


@pytest.fixture
def other_tenant(db):
    return make_tenant(name="Kementerian Beta", code="BETA")


@pytest.fixture
def tree(tenant):
    root = root_of(tenant)
    es1 = make_unit(root, code="ES1", type_code="eselon-1", name="Ditjen Satu")
    kanwil = make_unit(es1, code="KW1", type_code="unit-kerja", name="Kanwil Satu")
    upt = make_unit(kanwil, code="UPT1", name="UPT Satu")
    upt2 = make_unit(kanwil, code="UPT2", name="UPT Dua")
    return {"root": root, "es1": es1, "kanwil": kanwil, "upt": upt, "upt2": upt2}


@pytest.fixture
def other_tree(other_tenant):
    root = root_of(other_tenant)
    return {"root": root, "upt": make_unit(root, code="B-UPT", name="UPT Beta")}


@pytest.fixture
def admin(tree):
    user = UserFactory(full_name="Admin Alfa", email="admin@alfa.go.id")
    grant(user, tree["root"], Role.ADMIN_INSTANSI)
    return user


@pytest.fixture
def member(tree):
    """Ketua Pokja MP in UPT1: sees UPT1 only."""
    user = UserFactory(full_name="Anggota Satu", email="anggota@alfa.go.id")
    grant(user, tree["upt"], Role.KETUA_POKJA, "MP")
    return user


@pytest.fixture
def sibling_member(tree):
    user = UserFactory(full_name="Anggota Dua", email="anggota2@alfa.go.id")
    grant(user, tree["upt2"], Role.ANGGOTA_POKJA, "TL")
    return user


@pytest.fixture
def verifier(tree):
    user = UserFactory(full_name="Verifikator Kanwil", email="verif@alfa.go.id")
    grant(user, tree["kanwil"], Role.VERIFIKATOR)
    return user


@pytest.fixture
def no_role(tenant):
    return make_member(tenant, full_name="Tanpa Peran", email="tanpaperan@alfa.go.id")


@pytest.fixture
def other_admin(other_tree):
    user = UserFactory(full_name="Admin Beta", email="admin@beta.go.id")
    grant(user, other_tree["root"], Role.ADMIN_INSTANSI)
    return user


@pytest.fixture
def queued_emails(monkeypatch):
    """Account e-mails queued on commit, as (user_id, kind, tenant_id), without a broker:
    the outbox row is written as usual, the task that would send it is only recorded."""
    from apps.core.models import OutboxMessage

    sent = []

    def record(task, message_id):
        payload = OutboxMessage.objects.get(pk=message_id).payload
        sent.append((payload["user_id"], payload["kind"], payload["tenant_id"]))
        return True

    monkeypatch.setattr("apps.core.queue.enqueue", record)
    return sent


@pytest.fixture
def private_broker(tmp_path):
    """Celery's broker is a redis-server of this test's own, which it may stop and start
    (``private_broker.stop()`` / ``.start()``): a broker outage for real, no mock."""
    from django.test import override_settings

    from tests.core.support import PrivateRedis

    server = PrivateRedis(tmp_path / "redis").start()
    try:
        with override_settings(CELERY_BROKER_URL=server.url):
            yield server
    finally:
        server.stop()


@pytest.fixture
def client_for(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


# --- An LKE version and a ZI cycle of the UPT (evidence, cycles, browser journeys) ---


@pytest.fixture
def lke(db):
    import copy

    from apps.lke.services import template_load
    from tests.lke.support import DOCS

    return template_load(document=copy.deepcopy(DOCS["lke-2021"]), source="test").version


@pytest.fixture
def cycle(lke, tree):
    from apps.cycles.models import Cycle

    return Cycle.objects.create(
        tenant=tree["upt"].tenant,
        unit=tree["upt"],
        year=2026,
        name="Pembangunan ZI 2026",
        target="wbk",
        template=lke,
        stage="pembangunan",
    )


@pytest.fixture
def question(lke):
    """PPA1A: Manajemen Perubahan, with an evidence checklist."""
    from apps.lke.models import Question

    return Question.objects.get(version=lke, code="PPA1A")


# --- The browser: one Chromium per test session, shared by every browser test ---------

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# themselves make are synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: make test installs it (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
