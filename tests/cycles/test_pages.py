"""Cycle and calendar pages, walked with the access matrix: anonymous, member without an
admin role, sibling unit, other agency (404 exactly like a missing object)."""

import re

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.models import StateChange
from apps.core.workflow import history_of
from apps.cycles import services
from apps.cycles.models import CalendarEntry, Cycle, Stage

from .conftest import MAIN, advance

pytestmark = pytest.mark.django_db

MISSING = 987654


def strip_volatile(content: bytes) -> bytes:
    """The page without what differs per request: CSRF tokens and the requested id."""
    content = re.sub(rb"[A-Za-z0-9]{64}", b"TOKEN", content)
    return re.sub(rb"/siklus/\d+/", b"/siklus/N/", content)


def counts() -> tuple[int, int, int]:
    return Cycle.objects.count(), StateChange.objects.count(), AuditEvent.objects.count()


def detail_url(cycle_or_pk) -> str:
    return reverse("cycles:detail", args=[getattr(cycle_or_pk, "pk", cycle_or_pk)])


def stage_url(cycle_or_pk) -> str:
    return reverse("cycles:stage", args=[getattr(cycle_or_pk, "pk", cycle_or_pk)])


def create_payload(tree, version, **overrides) -> dict:
    return {
        "unit": tree["upt"].pk,
        "year": 2027,
        "target": "wbk",
        "template": version.pk,
        "name": "",
        **overrides,
    }


# --- Anonymous --------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_page(client, cycle, tenant):
    entry = CalendarEntry.objects.filter(tenant=tenant).first()
    for url in [
        reverse("cycles:list"),
        reverse("cycles:create"),
        detail_url(cycle),
        reverse("cycles:calendar"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    before = counts()
    for url, data in [
        (stage_url(cycle), {"to_stage": "identifikasi", "reason": "x"}),
        (reverse("cycles:calendar_entry", args=[entry.pk]), {}),
        (reverse("cycles:calendar_ensure"), {"year": 2030}),
        (reverse("cycles:create"), {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))
    assert counts() == before


# --- List -------------------------------------------------------------------------------


def test_the_navigation_links_to_the_cycles(client_for, member):
    body = client_for(member).get(reverse("home")).content.decode()
    assert f'href="{reverse("cycles:list")}"' in body


def test_list_shows_the_cycles_of_visible_units_only(
    client_for, member, admin, cycle, sibling_cycle, other_cycle
):
    body = client_for(member).get(reverse("cycles:list")).content.decode()
    assert "UPT Satu" in body and "UPT Dua" not in body and "UPT Beta" not in body
    assert "Buka siklus" not in body
    body = client_for(admin).get(reverse("cycles:list")).content.decode()
    assert "UPT Satu" in body and "UPT Dua" in body and "UPT Beta" not in body
    assert "Buka siklus" in body


def test_list_of_another_agency_never_shows_this_one(client_for, other_admin, cycle, other_cycle):
    body = client_for(other_admin).get(reverse("cycles:list")).content.decode()
    assert "UPT Beta" in body and "UPT Satu" not in body


def test_list_filters_by_year_and_stage(client_for, admin, tree, template, cycle, sibling_cycle):
    advance(sibling_cycle, admin, Stage.IDENTIFIKASI)
    services.cycle_create(
        actor=admin, unit=tree["kanwil"], year=2027, target="wbk", template=template
    )
    c = client_for(admin)

    def units(**params):
        body = c.get(reverse("cycles:list"), params).content.decode()
        return [name for name in ("UPT Satu", "UPT Dua", "Kanwil Satu") if name in body]

    assert units() == ["UPT Satu", "UPT Dua", "Kanwil Satu"]
    assert units(year=2027) == ["Kanwil Satu"]
    assert units(year=2026, stage="identifikasi") == ["UPT Dua"]
    assert units(stage="pencanangan") == ["UPT Satu", "Kanwil Satu"]
    # Nonsense filters are ignored, not errors.
    assert units(year="abc", stage="selesai") == ["UPT Satu", "UPT Dua", "Kanwil Satu"]


def test_list_of_a_member_without_role_is_empty(client_for, no_role, cycle):
    body = client_for(no_role).get(reverse("cycles:list")).content.decode()
    assert "Belum ada siklus ZI yang dapat Anda lihat." in body


# --- Detail -----------------------------------------------------------------------------


def test_detail_access_matrix(client_for, member, sibling_member, other_admin, no_role, cycle):
    url = detail_url(cycle)
    assert client_for(member).get(url).status_code == 200
    assert client_for(sibling_member).get(url).status_code == 404
    assert client_for(no_role).get(url).status_code == 404
    other = client_for(other_admin).get(url)
    missing = client_for(other_admin).get(detail_url(MISSING))
    assert other.status_code == missing.status_code == 404
    assert strip_volatile(other.content) == strip_volatile(missing.content)


def test_detail_shows_unit_target_template_stepper_history_and_deadlines(
    client_for, admin, member, cycle
):
    advance(cycle, admin, Stage.IDENTIFIKASI, reason="Piagam ditandatangani 5 Januari.")
    body = client_for(member).get(detail_url(cycle)).content.decode()
    assert "UPT Satu" in body and "Menuju WBK" in body and "uji-2021" in body
    # The stepper: every stage, the current one marked for screen readers too.
    for label in ["Pencanangan", "Penilaian pendahuluan", "Usulan ke TPN", "Tidak ditetapkan"]:
        assert label in body
    current = re.findall(
        r'<li class="zi-step zi-step-current" aria-current="step">(.*?)</li>', body, re.S
    )
    assert len(current) == 1 and "Identifikasi" in current[0]
    assert body.count("zi-step zi-step-done") == 1
    # The history with actor and reason.
    assert "Admin Alfa" in body and "Piagam ditandatangani 5 Januari." in body
    assert "Siklus dibuka." in body
    # This year's deadlines, the current stage's highlighted.
    assert "Identifikasi unit kerja oleh TPU" in body
    assert "Pengajuan usulan ke TPN melalui PMPZI" in body
    assert "31 Mei 2026" in body


def test_only_admins_see_the_stage_form_with_the_allowed_stages(client_for, admin, member, cycle):
    assert "Ubah tahap" not in client_for(member).get(detail_url(cycle)).content.decode()
    advance(cycle, admin, Stage.IDENTIFIKASI, Stage.PEMBANGUNAN)
    body = client_for(admin).get(detail_url(cycle)).content.decode()
    assert "Ubah tahap" in body
    select = re.search(r'<select name="to_stage".*?</select>', body, re.S).group(0)
    options = re.findall(r'<option value="([a-z_]+)"', select)
    assert options == ["penilaian_pendahuluan", "identifikasi"]
    assert "Identifikasi (koreksi: mundur satu tahap)" in body


def test_an_admin_changes_the_stage(client_for, admin, cycle):
    response = client_for(admin).post(
        stage_url(cycle), {"to_stage": "identifikasi", "reason": "Piagam sudah ditandatangani."}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(cycle)
    cycle.refresh_from_db()
    assert cycle.stage == Stage.IDENTIFIKASI
    change = history_of(cycle).last()
    assert (change.actor, change.reason) == (admin, "Piagam sudah ditandatangani.")


def test_stage_change_access_matrix(client_for, member, sibling_member, other_admin, cycle):
    data = {"to_stage": "identifikasi", "reason": "x"}
    before = counts()
    assert client_for(member).post(stage_url(cycle), data).status_code == 403
    assert client_for(sibling_member).post(stage_url(cycle), data).status_code == 404
    other = client_for(other_admin).post(stage_url(cycle), data)
    missing = client_for(other_admin).post(stage_url(MISSING), data)
    assert other.status_code == missing.status_code == 404
    assert strip_volatile(other.content) == strip_volatile(missing.content)
    assert counts() == before
    assert client_for(member).get(stage_url(cycle)).status_code == 405


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_stage": "identifikasi", "reason": "  "}, "Alasan perubahan tahap wajib diisi."),
        (
            {"to_stage": "usulan_tpi", "reason": "Lompat"},
            "Tahap Pencanangan tidak dapat diubah menjadi Usulan ke TPI.",
        ),
        ({"to_stage": "selesai", "reason": "x"}, "Masukkan pilihan yang valid."),
    ],
)
def test_a_refused_stage_change_says_why_and_saves_nothing(client_for, admin, cycle, data, message):
    before = counts()
    response = client_for(admin).post(stage_url(cycle), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'aria-invalid="true"' in body
    assert counts() == before


def test_a_guard_message_is_shown_on_the_page(client_for, admin, cycle):
    services.register_stage_guard("identifikasi")(lambda c, a: "Piagam Pencanangan belum dicatat.")
    response = client_for(admin).post(stage_url(cycle), {"to_stage": "identifikasi", "reason": "x"})
    assert response.status_code == 400
    assert "Piagam Pencanangan belum dicatat." in response.content.decode()


# --- Create -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "verifier", "no_role", "sibling_member"])
def test_non_admins_cannot_open_the_create_page(request, client_for, tree, template, who):
    c = client_for(request.getfixturevalue(who))
    assert c.get(reverse("cycles:create")).status_code == 403
    before = counts()
    assert c.post(reverse("cycles:create"), create_payload(tree, template)).status_code == 403
    assert counts() == before


def test_the_create_form_offers_administered_units_and_published_templates(
    client_for, kanwil_admin, tree, template, draft_template, retired_template
):
    response = client_for(kanwil_admin).get(reverse("cycles:create") + f"?unit={tree['upt'].pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "UPT Satu" in body and "Kanwil Satu" in body and "Ditjen Satu" not in body
    assert "uji-2021" in body and "uji-draf" not in body and "uji-2014" not in body
    assert f'<option value="{tree["upt"].pk}" selected>' in body
    assert 'value="2026"' in body  # this year


def test_an_admin_opens_a_cycle(client_for, admin, tree, template):
    response = client_for(admin).post(reverse("cycles:create"), create_payload(tree, template))
    assert response.status_code == 302
    cycle = Cycle.objects.get(unit=tree["upt"], year=2027)
    assert response["Location"] == detail_url(cycle)
    assert (cycle.name, cycle.target, cycle.template, cycle.stage) == (
        "Pembangunan ZI 2027",
        "wbk",
        template,
        "pencanangan",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"year": 1999}, "Tahun harus antara 2014 dan 2100."),
        ({"year": 2200}, "Tahun harus antara 2014 dan 2100."),
        ({"year": "dua ribu"}, "Masukkan keseluruhan angka bilangan."),
        ({"template": "draft"}, "tidak berlaku; pilih versi yang berlaku"),
        ({"target": "wbbm"}, "hanya untuk unit yang sudah berpredikat WBK"),
        ({"year": 2026}, "sudah memiliki siklus ZI dengan tahun dan target yang sama"),
        ({"unit": "other"}, "Masukkan pilihan yang valid."),
    ],
)
def test_bad_create_input_gets_an_indonesian_message_and_saves_nothing(
    client_for, admin, tree, other_tree, template, draft_template, cycle, overrides, message
):
    if overrides.get("template") == "draft":
        overrides["template"] = draft_template.pk
    if overrides.get("unit") == "other":
        overrides["unit"] = other_tree["upt"].pk
    before = counts()
    response = client_for(admin).post(
        reverse("cycles:create"), create_payload(tree, template, **overrides)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'aria-invalid="true"' in body or 'data-testid="form-errors"' in body
    assert not re.search(r"<option[^>]*>uji-draf", body)  # re-rendered: published only
    assert counts() == before


def test_a_subtree_admin_cannot_open_a_cycle_outside_their_subtree(
    client_for, kanwil_admin, tree, template
):
    before = counts()
    response = client_for(kanwil_admin).post(
        reverse("cycles:create"), create_payload(tree, template, unit=tree["es1"].pk)
    )
    assert response.status_code == 400
    assert counts() == before


# --- The unit page's card ---------------------------------------------------------------


def test_the_unit_page_lists_its_cycles(client_for, admin, member, tree, cycle, sibling_cycle):
    body = client_for(member).get(reverse("units:detail", args=[tree["upt"].pk])).content.decode()
    assert 'data-testid="unit-cycles"' in body
    assert detail_url(cycle) in body and detail_url(sibling_cycle) not in body
    assert "Buka siklus" not in body
    body = client_for(admin).get(reverse("units:detail", args=[tree["upt"].pk])).content.decode()
    assert f"{reverse('cycles:create')}?unit={tree['upt'].pk}" in body
    body = client_for(admin).get(reverse("units:detail", args=[tree["kanwil"].pk])).content.decode()
    assert "Belum ada siklus ZI untuk unit ini." in body


# --- Calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "no_role", "verifier", "admin"])
def test_everyone_in_the_agency_reads_the_calendar(request, client_for, tenant, who):
    response = client_for(request.getfixturevalue(who)).get(
        reverse("cycles:calendar"), {"year": 2027}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kementerian Alfa" in body
    assert "Penyerahan hasil penilaian pendahuluan dan usulan unit ke TPI" in body
    assert "14 Mar 2027" in body
    assert "bawaan" in body  # nothing stored yet: the defaults
    assert not CalendarEntry.objects.exists()  # reading writes nothing


def test_the_calendar_defaults_to_this_year_and_refuses_nonsense(client_for, member):
    body = client_for(member).get(reverse("cycles:calendar")).content.decode()
    assert "Kalender Kementerian Alfa 2026" in body
    assert client_for(member).get(reverse("cycles:calendar"), {"year": "1990"}).status_code == 404
    assert client_for(member).get(reverse("cycles:calendar"), {"year": "x"}).status_code == 404


def test_only_agency_admins_edit_the_calendar_inline(
    client_for, admin, kanwil_admin, member, cycle
):
    url = reverse("cycles:calendar") + "?year=2026"
    assert 'type="date"' in client_for(admin).get(url).content.decode()
    assert 'type="date"' not in client_for(kanwil_admin).get(url).content.decode()
    assert 'type="date"' not in client_for(member).get(url).content.decode()


def test_an_agency_admin_stores_the_defaults_then_edits_an_entry(client_for, admin, tenant):
    c = client_for(admin)
    body = c.get(reverse("cycles:calendar"), {"year": 2028}).content.decode()
    assert "Simpan jadwal bawaan" in body
    response = c.post(reverse("cycles:calendar_ensure"), {"year": 2028})
    assert response.status_code == 302
    entry = CalendarEntry.objects.get(tenant=tenant, year=2028, key="usulan_tpi")
    response = c.post(
        reverse("cycles:calendar_entry", args=[entry.pk]),
        {
            f"e{entry.pk}-label": "Usulan ke TPI",
            f"e{entry.pk}-starts_on": "2028-03-06",
            f"e{entry.pk}-due_on": "2028-03-20",
            f"e{entry.pk}-note": "Diundur satu minggu.",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?year=2028#entry-{entry.pk}")
    entry.refresh_from_db()
    assert (entry.label, str(entry.due_on), entry.note) == (
        "Usulan ke TPI",
        "2028-03-20",
        "Diundur satu minggu.",
    )
    assert AuditEvent.objects.filter(action="calendar_entry.update", actor=admin).exists()
    body = c.get(reverse("cycles:calendar"), {"year": 2028}).content.decode()
    assert "Simpan jadwal bawaan" not in body and 'value="2028-03-20"' in body


def test_a_bad_calendar_edit_says_why_and_saves_nothing(client_for, admin, cycle, tenant):
    entry = CalendarEntry.objects.get(tenant=tenant, year=2026, key="usulan_tpi")
    before = AuditEvent.objects.count()
    response = client_for(admin).post(
        reverse("cycles:calendar_entry", args=[entry.pk]),
        {
            f"e{entry.pk}-label": "Usulan ke TPI",
            f"e{entry.pk}-starts_on": "2026-04-01",
            f"e{entry.pk}-due_on": "2026-03-14",
        },
    )
    assert response.status_code == 400
    assert "Tanggal mulai tidak boleh setelah batas waktu." in response.content.decode()
    entry.refresh_from_db()
    assert str(entry.starts_on) == "2026-03-08"
    assert AuditEvent.objects.count() == before


def test_calendar_writes_access_matrix(
    client_for, member, kanwil_admin, other_admin, cycle, tenant
):
    entry = CalendarEntry.objects.get(tenant=tenant, year=2026, key="usulan_tpi")
    url = reverse("cycles:calendar_entry", args=[entry.pk])
    data = {f"e{entry.pk}-label": "X", f"e{entry.pk}-due_on": "2026-03-20"}
    assert client_for(member).post(url, data).status_code == 403
    assert client_for(kanwil_admin).post(url, data).status_code == 403
    other = client_for(other_admin).post(url, data)
    missing = client_for(other_admin).post(reverse("cycles:calendar_entry", args=[MISSING]), data)
    assert other.status_code == missing.status_code == 404
    ensure = reverse("cycles:calendar_ensure")
    assert client_for(member).post(ensure, {"year": 2029}).status_code == 403
    assert client_for(kanwil_admin).post(ensure, {"year": 2029}).status_code == 403
    entry.refresh_from_db()
    assert entry.label != "X"
    assert not CalendarEntry.objects.filter(year=2029).exists()


def test_another_agency_has_its_own_calendar(client_for, admin, other_admin, cycle, tenant):
    entry = CalendarEntry.objects.get(tenant=tenant, year=2026, key="usulan_tpi")
    services.calendar_entry_update(
        actor=admin,
        entry=entry,
        label="Usulan ALFA ke TPI",
        starts_on=None,
        due_on=entry.due_on,
        note="",
    )
    body = client_for(other_admin).get(reverse("cycles:calendar"), {"year": 2026}).content.decode()
    assert "Usulan ALFA ke TPI" not in body
    assert "Kementerian Beta" in body


def test_a_finished_cycle_marks_the_main_line_done(client_for, admin, cycle):
    advance(cycle, admin, *MAIN[:5], Stage.TIDAK_DITETAPKAN)
    body = client_for(admin).get(detail_url(cycle)).content.decode()
    # Stopped by TPI: usulan ke TPN was never reached.
    assert body.count("zi-step zi-step-done") == 6
    todo = re.findall(r'<li class="zi-step zi-step-todo">\s*<span class="">(.*?)</span>', body)
    assert todo == ["Usulan ke TPN", "Ditetapkan", "Dicabut"]
