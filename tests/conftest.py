"""Shared fixtures: two agencies, a small tree, the cast (one person per access situation,
one meaning per fixture name), the LKE versions loaded once per test database, the cycle
of UPT1, and the browser.

Tree of agency A:   root (KU-A)
                     └─ es1 (Eselon I)
                         └─ kanwil (Unit Kerja)
                             ├─ upt   <- "this unit"
                             └─ upt2  <- "sibling unit"
Agency B has its own root and one UPT.
"""

import collections
import os
import shutil
import uuid

import pytest
from django_scopes import scopes_disabled

from apps.accounts.roles import Role

from .factories import (
    CycleFactory,
    TemplateVersionFactory,
    UserFactory,
    grant,
    lke_version,
    make_member,
    make_tenant,
    make_unit,
    root_of,
)

# --- pytest-xdist: browser tests share one worker --------------------------------------
# `make test` runs `pytest -n $(TEST_WORKERS) --dist loadgroup`: every test that drives
# Chromium against the live server (tests/e2e, tests/files/test_uploader_browser.py …) is
# in one xdist group, so they run one after another in one worker (one Chromium at a time
# on a 2-core machine) while the other workers take the rest.
BROWSER_GROUP = "browser"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if {"live_server", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group(BROWSER_GROUP))
    _unique_node_ids(items)


def _unique_node_ids(items):
    """schemathesis gives every operation's test the id of the test function; pytest-xdist
    hands out tests by id, so it would run one operation and drop the rest without a word.
    Each gets its own id, the name pytest shows (``test_…[GET /api/v1/units/]``)."""
    seen = collections.Counter(item.nodeid for item in items)
    for item in items:
        if seen[item.nodeid] > 1:
            item._id = item.parent.id.child(item.name)  # pytest 9's node id
    if len({item.nodeid for item in items}) != len(items):
        raise pytest.UsageError("tests with the same id: pytest-xdist would drop all but one")


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


# --- The cast: one person per access situation, one meaning per name ----------------------
# Every test directory uses these; a conftest below adds no person of its own.
#
#   admin               Admin Instansi of agency A (its root)
#   kanwil_admin        Admin Instansi of the Kanwil subtree only
#   other_admin         Admin Instansi of agency B
#   unit_leader         Pimpinan Unit of UPT1 (ratifies its work plan)
#   es1_leader          Pimpinan (read only) at the Eselon I
#   ketua_tim           Ketua Tim Kerja of UPT1
#   sekretaris          Sekretaris of UPT1
#   sibling_sekretaris  Sekretaris of UPT2
#   member              Ketua Pokja MP of UPT1
#   pokja_tl            Ketua Pokja TL of UPT1
#   anggota             Anggota Pokja MP of UPT1
#   sibling_member      Anggota Pokja TL of UPT2
#   verifier            Verifikator at the Kanwil (first level of UPT1's chain)
#   es1_verifier        Verifikator at the Eselon I (second level)
#   tpu_user            Penilai TPU (area MP) at the Eselon I: reaches UPT1, no role in it
#   tpu_user_tl         Penilai TPU (area TL) at the Eselon I
#   conflicted_tpu      Penilai TPU (PW) at the Eselon I who is also Anggota Pokja PW of UPT1
#   other_tpu           Penilai TPU of agency B
#   tpi_user            Penilai TPI at agency A's root
#   no_role             a member of agency A without any role
#   staff_user          an employee of UPT1 with an account (matched by NIP), no role


def person(unit, role, area="", *, full_name, email=None):
    user = UserFactory(full_name=full_name, **({"email": email} if email else {}))
    grant(user, unit, role, area)
    return user


@pytest.fixture
def admin(tree):
    return person(
        tree["root"], Role.ADMIN_INSTANSI, full_name="Admin Alfa", email="admin@alfa.go.id"
    )


@pytest.fixture
def kanwil_admin(tree):
    return person(
        tree["kanwil"],
        Role.ADMIN_INSTANSI,
        full_name="Admin Kanwil",
        email="admin.kanwil@alfa.go.id",
    )


@pytest.fixture
def other_admin(other_tree):
    return person(
        other_tree["root"], Role.ADMIN_INSTANSI, full_name="Admin Beta", email="admin@beta.go.id"
    )


@pytest.fixture
def unit_leader(tree):
    return person(
        tree["upt"], Role.PIMPINAN_UNIT, full_name="Kepala UPT Satu", email="kepala@alfa.go.id"
    )


@pytest.fixture
def es1_leader(tree):
    return person(
        tree["es1"], Role.PIMPINAN, full_name="Pimpinan Eselon I", email="pimpinan@alfa.go.id"
    )


@pytest.fixture
def ketua_tim(tree):
    return person(
        tree["upt"], Role.KETUA_TIM, full_name="Ketua Tim Satu", email="ketua.tim@alfa.go.id"
    )


@pytest.fixture
def sekretaris(tree):
    return person(
        tree["upt"], Role.SEKRETARIS, full_name="Sekretaris Satu", email="sekretaris@alfa.go.id"
    )


@pytest.fixture
def sibling_sekretaris(tree):
    return person(
        tree["upt2"], Role.SEKRETARIS, full_name="Sekretaris Dua", email="sekretaris2@alfa.go.id"
    )


@pytest.fixture
def member(tree):
    """Ketua Pokja MP in UPT1: sees UPT1 only."""
    return person(
        tree["upt"], Role.KETUA_POKJA, "MP", full_name="Anggota Satu", email="anggota@alfa.go.id"
    )


@pytest.fixture
def pokja_tl(tree):
    return person(
        tree["upt"], Role.KETUA_POKJA, "TL", full_name="Ketua Pokja TL", email="pokja.tl@alfa.go.id"
    )


@pytest.fixture
def anggota(tree):
    return person(
        tree["upt"],
        Role.ANGGOTA_POKJA,
        "MP",
        full_name="Anggota Pokja MP",
        email="anggota.mp@alfa.go.id",
    )


@pytest.fixture
def sibling_member(tree):
    return person(
        tree["upt2"], Role.ANGGOTA_POKJA, "TL", full_name="Anggota Dua", email="anggota2@alfa.go.id"
    )


@pytest.fixture
def verifier(tree):
    return person(
        tree["kanwil"], Role.VERIFIKATOR, full_name="Verifikator Kanwil", email="verif@alfa.go.id"
    )


@pytest.fixture
def es1_verifier(tree):
    return person(
        tree["es1"],
        Role.VERIFIKATOR,
        full_name="Verifikator Eselon I",
        email="verif.es1@alfa.go.id",
    )


@pytest.fixture
def tpu_user(tree):
    return person(
        tree["es1"], Role.PENILAI_TPU, "MP", full_name="Penilai TPU Satu", email="tpu@alfa.go.id"
    )


@pytest.fixture
def tpu_user_tl(tree):
    return person(
        tree["es1"], Role.PENILAI_TPU, "TL", full_name="Penilai TPU Dua", email="tpu2@alfa.go.id"
    )


@pytest.fixture
def conflicted_tpu(tree):
    user = person(
        tree["es1"],
        Role.PENILAI_TPU,
        "PW",
        full_name="Penilai Merangkap",
        email="rangkap@alfa.go.id",
    )
    grant(user, tree["upt"], Role.ANGGOTA_POKJA, "PW")
    return user


@pytest.fixture
def other_tpu(other_tree):
    return person(
        other_tree["root"], Role.PENILAI_TPU, "MP", full_name="Penilai Beta", email="tpu@beta.go.id"
    )


@pytest.fixture
def tpi_user(tree):
    return person(
        tree["root"], Role.PENILAI_TPI, full_name="Penilai TPI Satu", email="tpi@alfa.go.id"
    )


@pytest.fixture
def no_role(tenant):
    return make_member(tenant, full_name="Tanpa Peran", email="tanpaperan@alfa.go.id")


@pytest.fixture
def staff_user(tenant):
    return make_member(
        tenant, full_name="Pegawai Berakun", email="pegawai@alfa.go.id", nip="198501012010011900"
    )


@pytest.fixture
def queued_emails(monkeypatch):
    """Account e-mails queued on commit, as (user_id, kind, tenant_id), without a broker:
    the outbox row is written as usual, the task that would send it is only recorded."""
    from apps.core.models import OutboxMessage

    sent = []

    def record(task, message_ids):
        # One message, or a batch (outbox_add_many: e.g. the notices' e-mails, which are
        # not account e-mails and are not recorded here).
        ids = message_ids if isinstance(message_ids, list) else [message_ids]
        for message in OutboxMessage.objects.filter(
            pk__in=ids, handler__startswith="apps.accounts."
        ).order_by("pk"):
            payload = message.payload
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


# --- LKE versions: loaded once per test database -------------------------------------------
# Both shipped versions (fixtures/lke/*.json) are loaded, as `load_lke` loads them, into the
# test database when the session starts (per xdist worker: each has its own database), and
# committed: every test's transaction rolls back to a database that already has them. A
# transactional test (live server, Celery worker thread) ends with a flush that empties every
# table; they are loaded again right after it (pytest_runtest_teardown below).

_blocker = None


def _load_shipped_templates():
    """Load lke-2021 and lke-2014 unless already there with the same content (a reused
    test database keeps them between runs)."""
    import copy

    from django.db import transaction

    from apps.lke.models import TemplateVersion
    from apps.lke.services import content_hash, template_load
    from tests.lke.support import DOCS

    present = dict(TemplateVersion.objects.values_list("code", "content_hash"))
    for code, document in DOCS.items():
        if present.get(code) != content_hash(document):
            with transaction.atomic():
                template_load(document=copy.deepcopy(document), source=f"fixtures/lke/{code}.json")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    global _blocker
    _blocker = django_db_blocker
    with django_db_blocker.unblock():
        _load_shipped_templates()


def _flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _blocker is not None and _flushes_database(item):
        with _blocker.unblock():
            _load_shipped_templates()
    return result


@pytest.fixture
def lke(db):
    """The lke-2021 version (113 questions), loaded once per test database."""
    return lke_version()


@pytest.fixture
def template(db):
    """A bare published version (no questions): for tests where a cycle only binds to it."""
    return TemplateVersionFactory()


@pytest.fixture
def cycle(lke, tree):
    """UPT1's 2026 cycle on lke-2021, at pembangunan (directories about another stage
    override it with the stage they need)."""
    return CycleFactory(unit=tree["upt"])


@pytest.fixture
def question(lke):
    """PPA1A: Manajemen Perubahan, with an evidence checklist."""
    from apps.lke.models import Question

    return Question.objects.get(version=lke, code="PPA1A")


# --- Media: one folder per test session (per xdist worker), not the dev server's var/media


@pytest.fixture(scope="session", autouse=True)
def _session_media(tmp_path_factory):
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


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
