"""The main menu, built from the entries each app registers (apps/<app>/nav.py)."""

import re

import pytest
from django.urls import reverse

from apps.core import navigation

pytestmark = pytest.mark.django_db


def everyone_before():
    return [
        ("Unit", reverse("units:tree")),
        ("LKE", reverse("lke:templates")),
        ("Siklus ZI", reverse("cycles:list")),
        ("Identifikasi", reverse("identification:list")),
        ("Penilaian LKE", reverse("assessment:list")),
        ("Pakta Integritas saya", reverse("declaration:my_pact")),
        ("Tugas saya", reverse("workplan:my_tasks")),
        ("Bukti dukung", "#"),
    ]


def menu_links(client, user) -> list[tuple[str, str]]:
    client.force_login(user)
    html = client.get("/", follow=True).content.decode()
    bar = re.search(r'<ul class="navbar-nav me-auto flex-wrap">(.*?)\n      </ul>', html, re.S)
    return [
        (re.sub(r"<[^>]+>", "", text).strip().replace("&amp;", "&"), href)
        for href, text in re.findall(r'<a class="[^"]*" href="([^"]*)"[^>]*>(.*?)</a>', bar[1])
    ]


# Shown to whoever may read a unit's reports (report.view): its team, verifiers, leaders.
REPORTS = ("Laporan", "/laporan/")
# Shown to whoever may read a unit's surveys (survey.view): its team, Pokja, verifiers, leaders.
SURVEYS = ("Survei", "/survei/")


def with_reports(links):
    """``everyone_before()`` with the reports and surveys entries where their order puts
    them."""
    return [*links[:-1], REPORTS, SURVEYS, links[-1]]


def test_a_member_sees_the_shared_entries(client, member):
    assert menu_links(client, member) == [
        *with_reports(everyone_before()),
        ("Kelengkapan bukti", reverse("evidence:completeness")),
    ]


def test_a_verifier_also_sees_the_queue(client, verifier):
    links = menu_links(client, verifier)
    assert links[: len(everyone_before()) + 2] == with_reports(everyone_before())
    assert links[len(everyone_before()) + 2 :] == [
        ("Antrian verifikasi", reverse("evidence:queue")),
        ("Kelengkapan bukti", reverse("evidence:completeness")),
    ]


# Shown to leadership (dashboard.view): Admin Instansi, Pimpinan, Pimpinan Unit, Ketua Tim.
DASHBOARD = ("Dasbor", "/dasbor/")


def test_an_admin_also_sees_the_admin_entries(client, admin):
    links = menu_links(client, admin)
    assert links[:3] == [*everyone_before()[:2], DASHBOARD]
    links.remove(DASHBOARD)
    assert SURVEYS in links
    links.remove(SURVEYS)
    assert links[len(everyone_before()) :] == [
        ("Kelengkapan bukti", reverse("evidence:completeness")),
        ("Rantai verifikasi", reverse("evidence:levels")),
        ("Pengguna & Peran", reverse("accounts:people")),
        ("Impor Unit", reverse("units:import")),
        ("Jejak Audit", reverse("audit:list")),
    ]


def test_a_person_without_an_agency_sees_no_entries(client):
    from tests.factories import UserFactory

    assert menu_links(client, UserFactory()) == []


def test_the_queue_link_keeps_its_test_id(client, verifier):
    client.force_login(verifier)
    assert 'data-testid="nav-queue"' in client.get("/").content.decode()


def test_an_entry_is_registered_once():
    with pytest.raises(ValueError, match="units:tree"):
        navigation.register(navigation.NavItem("Unit", "units:tree", order=10))
