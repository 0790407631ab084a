"""The agency calendar: defaults from DOMAIN.md §4 (seed 002), storing them, editing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.cycles import services
from apps.cycles.models import CalendarEntry
from apps.cycles.selectors import calendar_for

pytestmark = pytest.mark.django_db


def defaults(year=2026) -> dict:
    return {entry.key: entry for entry in services.calendar_default_entries(year)}


# --- Defaults (no database) -------------------------------------------------------------


@pytest.mark.django_db(False)
def test_the_defaults_follow_seed_002s_calendar():
    d = defaults(2026)
    assert (d["survei"].starts_on, d["survei"].due_on) == (date(2025, 10, 1), date(2025, 11, 30))
    assert d["hasil_survei"].due_on == date(2025, 12, 31)
    for key in ("pembentukan_tim", "pencanangan"):
        assert (d[key].starts_on, d[key].due_on) == (date(2026, 1, 1), date(2026, 1, 31))
    assert (d["input_bukti"].starts_on, d["input_bukti"].due_on) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
    # Second week of March: proposals to TPI; third week of March to May: TPI assessment.
    assert (d["usulan_tpi"].starts_on, d["usulan_tpi"].due_on) == (
        date(2026, 3, 8),
        date(2026, 3, 14),
    )
    assert (d["evaluasi_tpi"].starts_on, d["evaluasi_tpi"].due_on) == (
        date(2026, 3, 15),
        date(2026, 5, 31),
    )
    assert d["usulan_tpn"].due_on == date(2026, 5, 31)
    assert (d["evaluasi_tpn"].starts_on, d["evaluasi_tpn"].due_on) == (
        date(2026, 6, 1),
        date(2026, 11, 30),
    )
    assert (d["penetapan"].starts_on, d["penetapan"].due_on) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
    )


@pytest.mark.django_db(False)
def test_the_defaults_hold_every_report_deadline():
    d = defaults(2026)
    # Monthly monev: by the 5th of the next month.
    assert d["laporan_monev_01"].due_on == date(2026, 2, 5)
    assert d["laporan_monev_01"].label == "Laporan monev bulan Januari 2026"
    assert d["laporan_monev_12"].due_on == date(2027, 1, 5)
    assert len([k for k in d if k.startswith("laporan_monev_")]) == 12
    # Quarterly change-agent report: 10 days after the quarter.
    assert [d[f"laporan_agen_tw{q}"].due_on for q in range(1, 5)] == [
        date(2026, 4, 10),
        date(2026, 7, 10),
        date(2026, 10, 10),
        date(2027, 1, 10),
    ]
    # Annual ZI report: second week of January of the next year.
    assert (d["laporan_zi"].starts_on, d["laporan_zi"].due_on) == (
        date(2027, 1, 8),
        date(2027, 1, 14),
    )


@pytest.mark.django_db(False)
@pytest.mark.parametrize("year", [2014, 2024, 2028, 2100])
def test_every_default_is_well_formed(year):
    entries = services.calendar_default_entries(year)
    assert len({e.key for e in entries}) == len(entries)
    for e in entries:
        assert e.label and len(e.label) <= 200 and len(e.key) <= 40
        assert e.starts_on is None or e.starts_on <= e.due_on
    # Every stage that has a deadline names an existing entry.
    keys = {e.key for e in entries}
    assert set(services.STAGE_CALENDAR_KEYS.values()) <= keys


@pytest.mark.django_db(False)
def test_the_defaults_are_read_from_the_data_file(tmp_path, monkeypatch):
    from apps.cycles import calendar_defaults

    data = tmp_path / "calendar.json"
    data.write_text(
        '{"entries": ['
        '{"key": "rapat", "label": "Rapat {year}", "starts_on": null,'
        ' "due_on": {"year": 1, "month": 2, "day": 29}},'
        '{"each": "quarter", "key": "tw{number}", "label": "TW {number} ({month_name})",'
        ' "due_on": {"days_after_period_end": 1}, "note": "catatan"}'
        "]}",
        encoding="utf-8",
    )
    monkeypatch.setattr(calendar_defaults, "DATA_FILE", data)
    calendar_defaults._entries.cache_clear()
    try:
        entries = services.calendar_default_entries(2027)
    finally:
        calendar_defaults._entries.cache_clear()
    assert [(e.order, e.key, e.label, e.starts_on, e.due_on, e.note) for e in entries] == [
        (1, "rapat", "Rapat 2027", None, date(2028, 2, 29), ""),
        (2, "tw1", "TW 1 (Maret)", None, date(2027, 4, 1), "catatan"),
        (3, "tw2", "TW 2 (Juni)", None, date(2027, 7, 1), "catatan"),
        (4, "tw3", "TW 3 (September)", None, date(2027, 10, 1), "catatan"),
        (5, "tw4", "TW 4 (Desember)", None, date(2028, 1, 1), "catatan"),
    ]


# --- Storing the defaults ---------------------------------------------------------------


def test_ensure_creates_the_missing_entries_once(tenant, admin):
    created = services.calendar_ensure(tenant=tenant, year=2027, actor=admin)
    assert len(created) == len(defaults(2027))
    assert CalendarEntry.objects.filter(tenant=tenant, year=2027).count() == len(created)
    event = AuditEvent.objects.get(action="calendar.ensure")
    assert event.actor == admin and event.after["year"] == 2027
    assert services.calendar_ensure(tenant=tenant, year=2027) == []
    assert AuditEvent.objects.filter(action="calendar.ensure").count() == 1


def test_ensure_never_changes_an_edited_entry_and_fills_only_gaps(tenant, admin):
    services.calendar_ensure(tenant=tenant, year=2027)
    entry = CalendarEntry.objects.get(tenant=tenant, year=2027, key="usulan_tpn")
    services.calendar_entry_update(
        actor=admin, entry=entry, due_on=date(2027, 5, 28), starts_on=None, label="X", note=""
    )
    CalendarEntry.objects.filter(tenant=tenant, year=2027, key="laporan_zi").delete()
    created = services.calendar_ensure(tenant=tenant, year=2027)
    assert [e.key for e in created] == ["laporan_zi"]
    entry.refresh_from_db()
    assert (entry.label, entry.due_on) == ("X", date(2027, 5, 28))


def test_each_agency_has_its_own_calendar(tenant, other_tenant):
    services.calendar_ensure(tenant=tenant, year=2027)
    assert not CalendarEntry.objects.filter(tenant=other_tenant).exists()
    services.calendar_ensure(tenant=other_tenant, year=2027)
    assert CalendarEntry.objects.filter(tenant=other_tenant).count() == len(defaults(2027))


@pytest.mark.parametrize("year", [2013, 2101])
def test_a_year_out_of_range_has_no_calendar(tenant, year):
    with pytest.raises(ValidationError) as info:
        services.calendar_ensure(tenant=tenant, year=year)
    assert info.value.message_dict["year"] == ["Tahun harus antara 2014 dan 2100."]
    assert not CalendarEntry.objects.exists()


def test_calendar_for_merges_stored_entries_with_unsaved_defaults(tenant, admin):
    entries = calendar_for(tenant=tenant, year=2026)
    assert all(e.pk is None for e in entries)
    assert [e.due_on for e in entries] == sorted(e.due_on for e in entries)
    services.calendar_ensure(tenant=tenant, year=2026)
    entry = CalendarEntry.objects.get(tenant=tenant, year=2026, key="penetapan")
    entry.delete()
    entries = calendar_for(tenant=tenant, year=2026)
    assert [e.key for e in entries if e.pk is None] == ["penetapan"]
    assert len(entries) == len(defaults(2026))


# --- Editing ----------------------------------------------------------------------------


@pytest.fixture
def entry(tenant):
    services.calendar_ensure(tenant=tenant, year=2026)
    return CalendarEntry.objects.get(tenant=tenant, year=2026, key="usulan_tpi")


def update(actor, entry, **changes):
    values = {
        "due_on": entry.due_on,
        "starts_on": entry.starts_on,
        "label": entry.label,
        "note": entry.note,
    }
    values.update(changes)
    return services.calendar_entry_update(actor=actor, entry=entry, **values)


def test_an_agency_admin_edits_an_entry_and_it_is_audited(admin, entry):
    update(admin, entry, due_on=date(2026, 3, 20), note="  Diundur.  ")
    entry.refresh_from_db()
    assert (entry.due_on, entry.note) == (date(2026, 3, 20), "Diundur.")
    event = AuditEvent.objects.get(action="calendar_entry.update")
    assert event.before["due_on"] == "2026-03-14" and event.after["due_on"] == "2026-03-20"
    assert event.actor == admin


def test_an_unchanged_entry_writes_no_audit_record(admin, entry):
    update(admin, entry)
    assert not AuditEvent.objects.filter(action="calendar_entry.update").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts_on": date(2026, 4, 1)}, "__all__", "Tanggal mulai tidak boleh setelah"),
        ({"label": "   "}, "label", "Nama kegiatan wajib diisi."),
        ({"due_on": None}, "due_on", "Batas waktu wajib diisi."),
    ],
)
def test_a_bad_edit_is_refused_and_saves_nothing(admin, entry, changes, field, message):
    with pytest.raises(ValidationError) as info:
        update(admin, entry, **changes)
    assert any(message in m for m in info.value.message_dict[field]), info.value.message_dict
    entry.refresh_from_db()
    assert (entry.starts_on, entry.due_on) == (date(2026, 3, 8), date(2026, 3, 14))
    assert not AuditEvent.objects.filter(action="calendar_entry.update").exists()


@pytest.mark.parametrize("who", ["kanwil_admin", "member", "verifier", "no_role", "other_admin"])
def test_only_an_agency_admin_of_that_agency_edits(request, entry, who):
    with pytest.raises(AccessDenied):
        update(request.getfixturevalue(who), entry, label="Diubah")
    entry.refresh_from_db()
    assert entry.label != "Diubah"
