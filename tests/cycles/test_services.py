"""The cycle services: opening a cycle, the transition table, reasons, guards, the log."""

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.core.models import StateChange
from apps.core.workflow import history_of
from apps.cycles import services
from apps.cycles.models import CalendarEntry, Cycle, Stage
from apps.cycles.stages import BACK, FORWARD, next_stages

from .conftest import MAIN, advance

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Cycle.objects.count(), StateChange.objects.count(), AuditEvent.objects.count()


def messages_of(exc: ValidationError) -> list[str]:
    return exc.messages


@pytest.fixture
def guards(stage_guards):
    """The private guard registry of conftest.py: what a test registers disappears."""
    return stage_guards


# --- The transition table (no database) ------------------------------------------------


def test_the_main_line_moves_one_step_forward_or_one_back():
    assert next_stages(Stage.PENCANANGAN) == [(Stage.IDENTIFIKASI, FORWARD)]
    assert next_stages(Stage.PEMBANGUNAN) == [
        (Stage.PENILAIAN_PENDAHULUAN, FORWARD),
        (Stage.IDENTIFIKASI, BACK),
    ]
    assert next_stages(Stage.EVALUASI_TPI) == [
        (Stage.USULAN_TPN, FORWARD),
        (Stage.TIDAK_DITETAPKAN, FORWARD),
        (Stage.USULAN_TPI, BACK),
    ]
    assert next_stages(Stage.USULAN_TPN) == [
        (Stage.DITETAPKAN, FORWARD),
        (Stage.TIDAK_DITETAPKAN, FORWARD),
        (Stage.EVALUASI_TPI, BACK),
    ]
    assert next_stages(Stage.DITETAPKAN) == [(Stage.DICABUT, FORWARD), (Stage.USULAN_TPN, BACK)]
    assert next_stages(Stage.DICABUT) == [(Stage.DITETAPKAN, BACK)]


def test_not_granted_steps_back_to_where_it_came_from():
    assert next_stages(Stage.TIDAK_DITETAPKAN, Stage.EVALUASI_TPI) == [(Stage.EVALUASI_TPI, BACK)]
    assert next_stages(Stage.TIDAK_DITETAPKAN, Stage.USULAN_TPN) == [(Stage.USULAN_TPN, BACK)]


# --- Opening a cycle --------------------------------------------------------------------


def test_an_admin_opens_a_cycle_at_pencanangan_with_its_first_log_entry(cycle, admin, tree):
    assert cycle.stage == Stage.PENCANANGAN
    assert cycle.name == "Pembangunan ZI 2026"
    assert cycle.tenant_id == tree["upt"].tenant_id
    assert cycle.created_by == admin
    [opening] = history_of(cycle)
    assert (opening.from_state, opening.to_state, opening.actor) == ("", "pencanangan", admin)
    event = AuditEvent.objects.get(action="cycle.create", object_type="cycles.cycle")
    assert event.actor == admin
    assert event.after["target"] == "wbk" and event.after["year"] == 2026


def test_opening_a_cycle_stores_the_calendar_of_its_year(cycle, tenant):
    keys = set(CalendarEntry.objects.filter(tenant=tenant, year=2026).values_list("key", flat=True))
    assert {"pencanangan", "usulan_tpi", "usulan_tpn", "laporan_monev_01", "laporan_zi"} <= keys


def test_a_given_name_is_kept(admin, tree, template):
    cycle = services.cycle_create(
        actor=admin,
        unit=tree["upt"],
        year=2027,
        target="wbk",
        template=template,
        name="  Pembangunan ZI Satker Satu 2027 ",
    )
    assert cycle.name == "Pembangunan ZI Satker Satu 2027"


@pytest.mark.parametrize("who", ["member", "sibling_member", "verifier", "other_admin"])
def test_only_an_admin_over_the_unit_opens_a_cycle(request, tree, template, who):
    user = request.getfixturevalue(who)
    before = counts()
    with pytest.raises(AccessDenied):
        services.cycle_create(
            actor=user, unit=tree["upt"], year=2026, target="wbk", template=template
        )
    assert counts() == before


def test_a_subtree_admin_opens_cycles_below_them_only(kanwil_admin, tree, template):
    services.cycle_create(
        actor=kanwil_admin, unit=tree["upt"], year=2026, target="wbk", template=template
    )
    with pytest.raises(AccessDenied):
        services.cycle_create(
            actor=kanwil_admin, unit=tree["es1"], year=2026, target="wbk", template=template
        )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"year": 1999}, "year", "Tahun harus antara 2014 dan 2100."),
        ({"year": 2101}, "year", "Tahun harus antara 2014 dan 2100."),
        ({"template": "draft_template"}, "template", "tidak berlaku"),
        ({"template": "retired_template"}, "template", "tidak berlaku"),
        ({"target": "wbx"}, "target", "bukan pilihan yang valid"),
    ],
)
def test_bad_input_is_refused_in_indonesian_and_saves_nothing(
    request, admin, tree, template, changes, field, message
):
    data = {"unit": tree["upt"], "year": 2026, "target": "wbk", "template": template}
    data.update(changes)
    if isinstance(data["template"], str):
        data["template"] = request.getfixturevalue(data["template"])
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.cycle_create(actor=admin, **data)
    assert any(message in m for m in info.value.message_dict[field]), info.value.message_dict
    assert counts() == before
    assert not CalendarEntry.objects.exists()


def test_a_second_cycle_for_the_same_unit_year_and_target_is_refused(cycle, admin, tree, template):
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.cycle_create(
            actor=admin, unit=tree["upt"], year=2026, target="wbk", template=template
        )
    assert "sudah memiliki siklus ZI dengan tahun dan target yang sama" in str(info.value)
    assert counts() == before


def test_an_inactive_unit_cannot_open_a_cycle(admin, tree, template):
    unit = tree["upt"]
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as info:
        services.cycle_create(actor=admin, unit=unit, year=2026, target="wbk", template=template)
    assert "nonaktif" in info.value.message_dict["unit"][0]


# --- WBBM needs WBK ---------------------------------------------------------------------


def open_wbbm(admin, unit, template, year=2027):
    return services.cycle_create(
        actor=admin, unit=unit, year=year, target="wbbm", template=template
    )


def test_wbbm_is_refused_to_a_unit_without_wbk(admin, tree, template):
    before = counts()
    with pytest.raises(ValidationError) as info:
        open_wbbm(admin, tree["upt"], template)
    [message] = info.value.message_dict["target"]
    assert "hanya untuk unit yang sudah berpredikat WBK" in message
    assert "UPT Satu" in message and "2027" in message
    assert counts() == before


def test_wbbm_is_refused_while_the_wbk_cycle_is_not_decided(cycle, admin, tree, template):
    advance(cycle, admin, *MAIN)
    with pytest.raises(ValidationError):
        open_wbbm(admin, tree["upt"], template)


def test_wbbm_is_open_to_a_unit_whose_earlier_wbk_was_granted(cycle, admin, tree, template):
    advance(cycle, admin, *MAIN, Stage.DITETAPKAN)
    wbbm = open_wbbm(admin, tree["upt"], template)
    assert wbbm.get_target_display() == "Menuju WBBM"


def test_wbk_of_the_same_year_or_of_another_unit_does_not_count(cycle, admin, tree, template):
    advance(cycle, admin, *MAIN, Stage.DITETAPKAN)
    with pytest.raises(ValidationError):
        open_wbbm(admin, tree["upt"], template, year=2026)
    with pytest.raises(ValidationError):
        open_wbbm(admin, tree["upt2"], template)


def test_a_revoked_wbk_does_not_count(cycle, admin, tree, template):
    advance(cycle, admin, *MAIN, Stage.DITETAPKAN, Stage.DICABUT)
    with pytest.raises(ValidationError):
        open_wbbm(admin, tree["upt"], template)


# --- Changing the stage -----------------------------------------------------------------


def test_a_forward_step_is_logged_with_actor_and_reason_and_audited(cycle, admin):
    cycle = services.cycle_change_stage(
        actor=admin, cycle=cycle, to_stage="identifikasi", reason="  Piagam ditandatangani.  "
    )
    cycle.refresh_from_db()
    assert cycle.stage == Stage.IDENTIFIKASI
    change = history_of(cycle).last()
    assert (change.from_state, change.to_state) == ("pencanangan", "identifikasi")
    assert change.actor == admin
    assert change.reason == "Piagam ditandatangani."
    event = AuditEvent.objects.get(action="cycle.stage_change", object_id=str(cycle.pk))
    assert event.before == {"stage": "pencanangan"} and event.after == {"stage": "identifikasi"}
    assert event.reason == "Piagam ditandatangani."


def test_the_whole_line_to_a_granted_predicate(cycle, admin):
    cycle = advance(cycle, admin, *MAIN, Stage.DITETAPKAN)
    assert cycle.stage == Stage.DITETAPKAN
    log = list(history_of(cycle).values_list("to_state", flat=True))
    assert log == [Stage.PENCANANGAN, *MAIN, Stage.DITETAPKAN]


@pytest.mark.parametrize("outcome", [Stage.DITETAPKAN, Stage.TIDAK_DITETAPKAN])
def test_tpn_decides_either_way(cycle, admin, outcome):
    assert advance(cycle, admin, *MAIN, outcome).stage == outcome


def test_tpi_may_already_stop_a_unit(cycle, admin):
    cycle = advance(cycle, admin, *MAIN[:5], Stage.TIDAK_DITETAPKAN)
    assert cycle.stage == Stage.TIDAK_DITETAPKAN


def test_only_a_granted_predicate_can_be_revoked(cycle, admin):
    cycle = advance(cycle, admin, *MAIN, Stage.TIDAK_DITETAPKAN)
    with pytest.raises(ValidationError) as info:
        services.cycle_change_stage(actor=admin, cycle=cycle, to_stage="dicabut", reason="x")
    assert "tidak dapat diubah menjadi Dicabut" in info.value.message_dict["to_stage"][0]


def test_skipping_a_stage_is_refused_with_the_allowed_choices(cycle, admin):
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.cycle_change_stage(actor=admin, cycle=cycle, to_stage="pembangunan", reason="x")
    [message] = info.value.message_dict["to_stage"]
    assert message == (
        "Tahap Pencanangan tidak dapat diubah menjadi Pembangunan. "
        "Tahap yang dapat dipilih: Identifikasi."
    )
    assert counts() == before
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PENCANANGAN


@pytest.mark.parametrize(
    ("to_stage", "message"),
    [
        ("pencanangan", "Siklus sudah berada di tahap Pencanangan."),
        ("selesai", "Tahap tidak dikenal."),
        ("ditetapkan", "tidak dapat diubah menjadi Ditetapkan"),
    ],
)
def test_other_refused_changes(cycle, admin, to_stage, message):
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.cycle_change_stage(actor=admin, cycle=cycle, to_stage=to_stage, reason="x")
    assert message in info.value.message_dict["to_stage"][0]
    assert counts() == before


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required(cycle, admin, reason):
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.cycle_change_stage(
            actor=admin, cycle=cycle, to_stage="identifikasi", reason=reason
        )
    assert info.value.message_dict["reason"] == ["Alasan perubahan tahap wajib diisi."]
    assert counts() == before


def test_a_correction_steps_back_one_stage_and_is_audited_as_such(cycle, admin):
    cycle = advance(cycle, admin, Stage.IDENTIFIKASI, Stage.PEMBANGUNAN)
    # Two steps back is not a correction.
    with pytest.raises(ValidationError):
        services.cycle_change_stage(actor=admin, cycle=cycle, to_stage="pencanangan", reason="x")
    cycle = services.cycle_change_stage(
        actor=admin, cycle=cycle, to_stage="identifikasi", reason="Salah klik, belum lengkap."
    )
    assert cycle.stage == Stage.IDENTIFIKASI
    event = AuditEvent.objects.filter(object_type="cycles.cycle", object_id=str(cycle.pk)).first()
    assert event.action == "cycle.stage_correct"
    assert event.reason == "Salah klik, belum lengkap."
    assert history_of(cycle).last().reason == "Salah klik, belum lengkap."


def test_not_granted_is_corrected_back_to_the_stage_it_came_from(cycle, admin):
    cycle = advance(cycle, admin, *MAIN[:5], Stage.TIDAK_DITETAPKAN)
    with pytest.raises(ValidationError):
        services.cycle_change_stage(actor=admin, cycle=cycle, to_stage="usulan_tpn", reason="x")
    cycle = advance(cycle, admin, Stage.EVALUASI_TPI)
    assert cycle.stage == Stage.EVALUASI_TPI


@pytest.mark.parametrize("who", ["member", "sibling_member", "verifier", "other_admin"])
def test_only_an_admin_over_the_unit_changes_the_stage(request, cycle, who):
    user = request.getfixturevalue(who)
    before = counts()
    with pytest.raises(AccessDenied):
        services.cycle_change_stage(actor=user, cycle=cycle, to_stage="identifikasi", reason="x")
    assert counts() == before


def test_a_stale_cycle_object_is_read_again_under_lock(cycle, admin):
    stale = Cycle.objects.get(pk=cycle.pk)
    advance(cycle, admin, Stage.IDENTIFIKASI)
    with pytest.raises(ValidationError) as info:
        services.cycle_change_stage(actor=admin, cycle=stale, to_stage="identifikasi", reason="x")
    assert "sudah berada di tahap Identifikasi" in str(info.value)


# --- Guards -----------------------------------------------------------------------------


def test_a_registered_guard_blocks_the_change_and_nothing_is_logged(guards, cycle, admin):
    seen = []

    @services.register_stage_guard(Stage.IDENTIFIKASI)
    def declaration_recorded(cycle, actor):
        seen.append((cycle.pk, actor))
        return "Piagam Pencanangan belum dicatat."

    before = counts()
    with pytest.raises(ValidationError) as info:
        services.cycle_change_stage(actor=admin, cycle=cycle, to_stage="identifikasi", reason="x")
    assert info.value.messages == ["Piagam Pencanangan belum dicatat."]
    assert seen == [(cycle.pk, admin)]
    assert counts() == before
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PENCANANGAN


def test_all_guard_messages_are_shown_together(guards, cycle, admin):
    services.register_stage_guard("identifikasi")(lambda c, a: "Pertama belum.")
    services.register_stage_guard("identifikasi")(lambda c, a: None)
    services.register_stage_guard("identifikasi")(lambda c, a: "Kedua belum.")
    with pytest.raises(ValidationError) as info:
        services.cycle_change_stage(actor=admin, cycle=cycle, to_stage="identifikasi", reason="x")
    assert info.value.messages == ["Pertama belum.", "Kedua belum."]


def test_a_guard_that_passes_lets_the_change_through(guards, cycle, admin):
    services.register_stage_guard("identifikasi")(lambda c, a: None)
    assert advance(cycle, admin, Stage.IDENTIFIKASI).stage == Stage.IDENTIFIKASI


def test_guards_of_other_stages_are_not_asked(guards, cycle, admin):
    services.register_stage_guard("usulan_tpi")(lambda c, a: "Belum layak.")
    assert advance(cycle, admin, Stage.IDENTIFIKASI).stage == Stage.IDENTIFIKASI


def test_guards_are_asked_after_the_basic_rules(guards, cycle, admin):
    """A refused transition or a missing reason is reported without asking the guards."""
    asked = []
    services.register_stage_guard("pembangunan")(lambda c, a: asked.append(1) or "Tidak.")
    with pytest.raises(ValidationError):
        services.cycle_change_stage(actor=admin, cycle=cycle, to_stage="pembangunan", reason="x")
    assert asked == []


def test_corrections_are_not_guarded(guards, cycle, admin):
    cycle = advance(cycle, admin, Stage.IDENTIFIKASI, Stage.PEMBANGUNAN)
    services.register_stage_guard("identifikasi")(lambda c, a: "Piagam belum dicatat.")
    assert advance(cycle, admin, Stage.IDENTIFIKASI).stage == Stage.IDENTIFIKASI


def test_a_guard_registered_twice_runs_once(guards, cycle, admin):
    def guard(cycle, actor):
        return "Sekali saja."

    services.register_stage_guard("identifikasi")(guard)
    services.register_stage_guard("identifikasi")(guard)
    with pytest.raises(ValidationError) as info:
        services.cycle_change_stage(actor=admin, cycle=cycle, to_stage="identifikasi", reason="x")
    assert info.value.messages == ["Sekali saja."]


def test_a_guard_for_an_unknown_stage_is_a_programming_error(guards):
    with pytest.raises(ValueError):
        services.register_stage_guard("selesai")
