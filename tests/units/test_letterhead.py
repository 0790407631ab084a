"""The kop of a unit's PDFs: agency, Unit Organisasi (Eselon I), unit and address, each
name once; and the template pieces every PDF uses (signature block, long dates)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.units.letterhead import letterhead

pytestmark = pytest.mark.django_db


def kop(unit):
    with scopes_disabled():
        return letterhead(unit)


def test_a_upt_names_its_agency_eselon_i_and_itself_with_its_address(tree):
    tree["upt"].address = "Jl. Merdeka No. 1\n\n  Bandung   40111 "
    head = kop(tree["upt"])
    assert head.lines == ["Kementerian Alfa", "Ditjen Satu", "UPT Satu"]
    assert head.address_lines == ["Jl. Merdeka No. 1", "Bandung 40111"]


def test_an_eselon_i_and_the_agency_root_are_not_repeated(tree):
    assert kop(tree["es1"]).lines == ["Kementerian Alfa", "Ditjen Satu"]
    assert kop(tree["root"]).lines == ["Kementerian Alfa"]
    assert kop(tree["root"]).address_lines == []


def render(source: str, **context) -> str:
    html = Template("{% load pdf_tags %}" + source).render(Context(context))
    return " ".join(html.split())


def test_the_signature_block_prints_place_long_date_name_and_nip():
    html = render(
        '{% signature place="Bandung" date=day heading="Yang Mencanangkan," title="Kepala UPT" '
        'name="Ir. Kepala" nip="197001011995031001" %}',
        day=datetime.date(2026, 1, 15),
    )
    assert "Bandung, 15 Januari 2026" in html
    assert "Yang Mencanangkan,<br>Kepala UPT" in html
    assert "Ir. Kepala" in html and "NIP 197001011995031001" in html
    assert "……" not in html


def test_an_unknown_signer_leaves_dotted_lines_and_a_datetime_counts_by_its_local_day():
    # 23:30 UTC on 31 December is 1 January in Jakarta.
    moment = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    html = render(
        '{% signature date_label="Disahkan pada" date=moment heading="Mengesahkan," %}',
        moment=moment,
    )
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"
    assert "Disahkan pada 1 Januari 2026" in html
    assert "NIP ……" in html and html.count("……") >= 2
    assert render("{{ d|long_date }}", d=None) == ""
