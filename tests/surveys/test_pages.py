"""The staff pages of a unit's surveys: the access matrix (anonymous, a role without the
capability, another unit, another agency, a reader vs the organiser), bad input (400
with an Indonesian message, nothing saved), open/close through POST, query budgets, the
QR codes and the poster PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.audit.models import AuditEvent
from apps.identification.models import ServiceUser
from apps.surveys import services
from apps.surveys.models import Item, Kind, Link, LinkKind, Period, Service, Status, Survey

pytestmark = pytest.mark.django_db

SURVEY_PAGES = ["detail", "edit", "items", "services", "links"]


def url(name, survey=None, *args):
    return reverse(f"surveys:{name}", args=[survey.pk, *args] if survey else args)


def text(response) -> str:
    return " ".join(response.content.decode().split())


def answer(link, n=1, value=4):
    codes = list(link.survey.items.values_list("code", flat=True))
    for _ in range(n):
        services.response_record(link=link, answers=dict.fromkeys(codes, value))


@pytest.fixture
def other_skm(other_tree):
    """An SKM of agency B's UPT, made by its own organiser."""
    from apps.accounts.roles import Role
    from apps.core.choices import Area
    from tests.conftest import person

    organiser = person(
        other_tree["upt"], Role.KETUA_POKJA, Area.PP, full_name="Pokja Beta", email="pp@beta.id"
    )
    return services.survey_create(
        actor=organiser, unit=other_tree["upt"], kind=Kind.SKM, year=2027, period=Period.S1
    )


# --- access matrix ----------------------------------------------------------------------


@pytest.mark.parametrize("page", SURVEY_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, skm, page):
    response = client.get(url(page, skm))
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_anonymous_visitors_of_the_list_and_the_poster_are_sent_to_login(client, skm):
    for target in (url("list"), url("create"), url("poster", skm, skm.links.get().pk)):
        response = client.get(target)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert client.post(url("open", skm)).status_code == 302
    skm.refresh_from_db()
    assert skm.status == Status.DRAFT


@pytest.mark.parametrize("page", SURVEY_PAGES)
@pytest.mark.parametrize("who", ["sibling_member", "no_role", "other_admin", "staff_user"])
def test_other_units_and_agencies_get_404(client_for, request, skm, page, who):
    response = client_for(request.getfixturevalue(who)).get(url(page, skm))
    assert response.status_code == 404


def test_another_agencys_survey_reads_like_a_missing_one(client_for, other_skm, admin):
    client = client_for(admin)
    assert client.get(url("detail", other_skm)).status_code == 404
    link = other_skm.links.get()
    assert client.get(url("poster", other_skm, link.pk)).status_code == 404
    missing = reverse("surveys:detail", args=[other_skm.pk + 1000])
    assert client.get(missing).status_code == 404


def test_a_link_of_another_survey_is_not_found(client_for, skm, pokja_pp, tree):
    ipak = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind=Kind.IPAK, year=2027, period=Period.YEAR
    )
    foreign = ipak.links.get()
    response = client_for(pokja_pp).get(url("poster", skm, foreign.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["member", "admin", "verifier", "unit_leader"])
def test_readers_see_the_survey_without_the_buttons(client_for, request, skm, who):
    client = client_for(request.getfixturevalue(who))
    page = client.get(url("detail", skm)).content.decode()
    assert 'data-testid="survey-title"' in page
    assert 'data-testid="survey-open"' not in page and 'data-testid="survey-edit"' not in page
    items = client.get(url("items", skm)).content.decode()
    assert 'data-testid="items-form"' not in items and "Persyaratan" in items
    assert 'data-testid="link-form"' not in client.get(url("links", skm)).content.decode()
    assert 'data-testid="services-form"' not in client.get(url("services", skm)).content.decode()
    assert 'data-testid="edit-form"' not in client.get(url("edit", skm)).content.decode()


@pytest.mark.parametrize("who", ["pokja_pp", "ketua_tim", "sekretaris"])
def test_the_units_organisers_see_the_forms(client_for, request, skm, who):
    client = client_for(request.getfixturevalue(who))
    assert 'data-testid="survey-open"' in client.get(url("detail", skm)).content.decode()
    assert 'data-testid="items-form"' in client.get(url("items", skm)).content.decode()
    assert 'data-testid="link-form"' in client.get(url("links", skm)).content.decode()
    assert 'data-testid="services-form"' in client.get(url("services", skm)).content.decode()
    assert 'data-testid="edit-form"' in client.get(url("edit", skm)).content.decode()


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("admin", 403), ("pokja_tl", 403)])
def test_writes_are_refused_to_readers_and_nothing_changes(client_for, request, skm, who, status):
    client = client_for(request.getfixturevalue(who))
    before = AuditEvent.objects.count()
    posts = [
        (url("open", skm), {}),
        (url("edit", skm), {"title": "Lain", "scale_rule": "linear"}),
        (url("services", skm), {"names": "Baru"}),
        (url("links", skm), {"desk": "Loket 9"}),
        (url("items", skm), _items_post(skm, {"U1": {"text": "Diubah?"}})),
        (url("items", skm), {}),
        (url("edit", skm), {"title": skm.title, "population": "1000"}),
        (url("create"), {"unit": skm.unit_id, "kind": "ipak", "year": "2027", "period": "s1"}),
    ]
    for target, data in posts:
        assert client.post(target, data).status_code == status, target
    skm.refresh_from_db()
    assert skm.status == Status.DRAFT and skm.title.startswith("SKM")
    assert Survey.objects.count() == 1 and Link.objects.count() == 1
    assert set(Service.objects.values_list("name", flat=True)) == {"Perizinan", "Pengaduan"}
    assert AuditEvent.objects.count() == before
    assert skm.items.get(code="U1").text != "Diubah?"


@pytest.mark.parametrize("who", ["sibling_member", "other_admin"])
def test_writes_to_another_units_survey_are_404(client_for, request, skm, who):
    client = client_for(request.getfixturevalue(who))
    for name in ("open", "close", "edit", "services", "links", "items"):
        assert client.post(url(name, skm), {}).status_code == 404, name
    skm.refresh_from_db()
    assert skm.status == Status.DRAFT


def test_the_menu_shows_surveys_to_readers_only(client_for, member, no_role, tree):
    assert 'data-testid="nav-surveys"' in client_for(member).get("/").content.decode()
    assert 'data-testid="nav-surveys"' not in client_for(no_role).get("/").content.decode()


# --- the list ---------------------------------------------------------------------------


def test_the_list_shows_visible_surveys_with_counts(
    client_for, open_skm, pokja_pp, tree, sibling_sekretaris, other_skm
):
    answer(open_skm.links.get(), n=3)
    sibling = services.survey_create(
        actor=sibling_sekretaris, unit=tree["upt2"], kind=Kind.IPKP, year=2027, period=Period.S2
    )
    client = client_for(pokja_pp)
    response = client.get(url("list"))
    page = text(response)
    assert response.status_code == 200
    assert open_skm.title in page and f'data-testid="respondents-{open_skm.pk}">3<' in page
    assert "Dibuka untuk responden" in page
    assert sibling.title not in page and other_skm.title not in page
    assert 'data-testid="survey-create"' in page


def test_the_list_filters_by_unit_kind_year_and_status(client_for, skm, admin, tree, sekretaris):
    sibling = services.survey_create(
        actor=sekretaris, unit=tree["upt"], kind=Kind.IPAK, year=2026, period=Period.YEAR
    )
    client = client_for(admin)
    page = text(client.get(url("list")))
    assert skm.title in page and sibling.title in page
    assert 'data-testid="survey-create"' not in page  # the Admin Instansi only reads
    assert 'data-testid="filter-unit"' in page
    only_ipak = text(client.get(url("list"), {"kind": "ipak"}))
    assert sibling.title in only_ipak and skm.title not in only_ipak
    assert skm.title in text(client.get(url("list"), {"year": "2027"}))
    assert sibling.title not in text(client.get(url("list"), {"year": "2027"}))
    assert "Tidak ada survei" in text(client.get(url("list"), {"status": "closed"}))
    by_unit = text(client.get(url("list"), {"unit": tree["upt2"].pk}))
    assert skm.title not in by_unit
    # Rubbish in the filters is ignored, not a 500.
    assert client.get(url("list"), {"unit": "x", "year": "abc", "kind": "<b>"}).status_code == 200


def test_the_list_has_a_constant_query_budget(
    client_for, skm, pokja_pp, sekretaris, tree, django_assert_max_num_queries
):
    client = client_for(pokja_pp)
    client.get(url("list"))

    def measure():
        with django_assert_max_num_queries(14) as ctx:
            assert client.get(url("list")).status_code == 200
        return len(ctx.captured_queries)

    small = measure()
    for year in range(2020, 2026):
        for kind in (Kind.IPAK, Kind.IPKP):
            survey = services.survey_create(
                actor=sekretaris, unit=tree["upt"], kind=kind, year=year, period=Period.YEAR
            )
            services.survey_open(actor=sekretaris, survey=survey)
            answer(survey.links.get(), n=2)
    assert measure() == small


# --- create -----------------------------------------------------------------------------


def _create_post(unit, **overrides):
    data = {
        "unit": unit.pk,
        "kind": "skm",
        "year": "2027",
        "period": "s2",
        "scale": "4",
        "scale_rule": "proportional",
        "population": "1000",
        "services": "Perizinan\n\n  Pengaduan  \n",
        "title": "",
        "intro": "Terima kasih.",
    }
    data.update(overrides)
    return data


def test_the_create_form_suggests_the_units_services(client_for, pokja_pp, tree, cycle):
    for name, service in (("Ani", "Izin usaha"), ("Budi", "izin  usaha"), ("Cici", "Pengaduan")):
        ServiceUser.objects.create(
            tenant_id=tree["upt"].tenant_id,
            unit=tree["upt"],
            cycle=cycle,
            name=name,
            service=service,
            finished_on="2026-01-05",
            phone="+62812345678",
            created_by=pokja_pp,
        )
    page = client_for(pokja_pp).get(url("create")).content.decode()
    assert "Izin usaha\nPengaduan</textarea>" in page
    assert f'<option value="{tree["upt"].pk}" selected>' in page


def test_an_organiser_creates_an_skm(client_for, pokja_pp, tree):
    response = client_for(pokja_pp).post(url("create"), _create_post(tree["upt"]))
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", survey)
    assert survey.kind == Kind.SKM and survey.period == Period.S2 and survey.population == 1000
    assert survey.title == "SKM Semester II 2027 – UPT Satu"
    assert list(survey.services.values_list("name", flat=True)) == ["Perizinan", "Pengaduan"]
    assert survey.items.count() == 9 and survey.links.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"scale": "5"}, "SKM selalu memakai skala 4 titik"),
        ({"year": "1999"}, "2000"),
        ({"kind": "xyz"}, "Masukkan pilihan yang valid"),
        ({"services": "Perizinan\nperizinan"}, "tercantum dua kali"),
        ({"population": "0"}, "lebih besar dari atau sama dengan 1"),
    ],
)
def test_bad_input_is_refused_in_indonesian_and_nothing_saved(
    client_for, pokja_pp, tree, overrides, message
):
    response = client_for(pokja_pp).post(url("create"), _create_post(tree["upt"], **overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert not Survey.objects.exists() and not Item.objects.exists()


def test_a_second_survey_of_the_same_period_is_refused(client_for, skm, pokja_pp, tree):
    data = _create_post(tree["upt"], period="s1")
    response = client_for(pokja_pp).post(url("create"), data)
    assert response.status_code == 400
    assert "sudah memiliki survei jenis ini untuk periode tersebut" in text(response)
    assert Survey.objects.count() == 1


def test_an_organiser_cannot_create_for_a_unit_they_do_not_manage(client_for, pokja_pp, tree):
    response = client_for(pokja_pp).post(url("create"), _create_post(tree["upt2"]))
    assert response.status_code == 400
    assert not Survey.objects.exists()


def test_the_create_page_is_refused_to_readers(client_for, member):
    assert client_for(member).get(url("create")).status_code == 403


def test_a_perception_survey_on_a_six_point_scale_with_the_linear_rule(client_for, pokja_pp, tree):
    data = _create_post(tree["upt"], kind="ipkp", scale="6", scale_rule="linear", services="")
    assert client_for(pokja_pp).post(url("create"), data).status_code == 302
    survey = Survey.objects.get()
    assert (survey.kind, survey.scale, survey.scale_rule) == ("ipkp", 6, "linear")
    page = text(client_for(pokja_pp).get(url("detail", survey)))
    assert "1 + (rata-rata − 1) × 3 ÷ (6 − 1)" in page
    assert "0 dari sampel minimum 30 responden" in page
    items = client_for(pokja_pp).get(url("items", survey)).content.decode()
    assert 'name="butir-0-label_6"' in items and 'name="butir-0-label_7"' not in items
    assert "Sangat setuju" in items
    # Once open, the questionnaire is read only: the nine items, no blank row to add.
    services.survey_open(actor=pokja_pp, survey=survey)
    read_only = client_for(pokja_pp).get(url("items", survey)).content.decode()
    assert 'data-testid="item-9"' in read_only and 'data-testid="item-10"' not in read_only
    assert "None" not in read_only and "Sangat setuju" in read_only


# --- detail, open, close ----------------------------------------------------------------


def test_the_detail_shows_progress_against_the_sample_minimum(client_for, open_skm, pokja_pp):
    answer(open_skm.links.get(), n=139)
    page = text(client_for(pokja_pp).get(url("detail", open_skm)))
    assert "139 dari sampel minimum 278 responden" in page
    assert "dari populasi 1.000 pengguna layanan" in page  # the Indonesian thousands
    assert 'data-width="50"' in page
    assert 'data-testid="survey-close"' in page


def test_the_detail_has_a_constant_query_budget(
    client_for, open_skm, pokja_pp, django_assert_max_num_queries
):
    client = client_for(pokja_pp)
    client.get(url("detail", open_skm))

    def measure():
        with django_assert_max_num_queries(16) as ctx:
            assert client.get(url("detail", open_skm)).status_code == 200
        return len(ctx.captured_queries)

    small = measure()
    answer(open_skm.links.get(), n=25)
    services.link_create(actor=pokja_pp, survey=open_skm, desk="Loket 1")
    services.link_create(actor=pokja_pp, survey=open_skm, desk="Loket 2")
    assert measure() == small


def test_open_then_close_through_post(client_for, skm, pokja_pp):
    client = client_for(pokja_pp)
    response = client.post(url("open", skm), follow=True)
    assert "Survei dibuka" in text(response)
    skm.refresh_from_db()
    assert skm.status == Status.OPEN and skm.opened_at is not None
    # Opening twice is refused with a message (the workflow's), not an error page.
    response = client.post(url("open", skm), follow=True)
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    response = client.post(url("close", skm), follow=True)
    assert "Survei ditutup" in text(response)
    skm.refresh_from_db()
    assert skm.status == Status.CLOSED and skm.closed_by == pokja_pp
    page = text(client.get(url("detail", skm)))
    assert 'data-testid="survey-close"' not in page and "hasilnya final" in page


def test_closing_a_draft_is_refused_with_a_message(client_for, skm, pokja_pp):
    response = client_for(pokja_pp).post(url("close", skm), follow=True)
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    skm.refresh_from_db()
    assert skm.status == Status.DRAFT


def test_open_and_close_ask_for_confirmation(client_for, skm, pokja_pp):
    page = client_for(pokja_pp).get(url("detail", skm)).content.decode()
    assert f'action="{url("open", skm)}" data-confirm=' in page


def test_the_confirmations_say_what_is_short_before_the_step(client_for, skm, pokja_pp, tree):
    client = client_for(pokja_pp)
    # Semester I 2027 opened in December 2026: said in the opening dialog.
    page = client.get(url("detail", skm)).content.decode()
    assert "Periode survei baru dimulai 1 Januari 2027" in page
    opened = services.survey_open(actor=pokja_pp, survey=skm)
    answer(opened.links.get(), n=3)
    page = client.get(url("detail", opened)).content.decode()
    assert "Perhatian: Responden baru 3 dari sampel minimum 278." in page
    # A perception survey: the services nobody answered for, before the final close.
    ipkp = services.survey_open(
        actor=pokja_pp,
        survey=services.survey_create(
            actor=pokja_pp,
            unit=tree["upt"],
            kind=Kind.IPKP,
            year=2027,
            period=Period.YEAR,
            services=["Perizinan", "Pengaduan"],
        ),
    )
    link = services.link_create(
        actor=pokja_pp, survey=ipkp, service=ipkp.services.get(name="Perizinan")
    )
    codes = list(ipkp.items.values_list("code", flat=True))
    services.response_record(link=link, answers=dict.fromkeys(codes, 4))
    page = client.get(url("detail", ipkp)).content.decode()
    assert "Layanan belum terwakili: Pengaduan." in page


def test_get_on_open_does_nothing(client_for, skm, pokja_pp):
    assert client_for(pokja_pp).get(url("open", skm)).status_code == 405


# --- settings, items, services ----------------------------------------------------------


def test_the_settings_are_saved(client_for, skm, pokja_pp):
    client = client_for(pokja_pp)
    data = {
        "title": "SKM UPT Satu 2027",
        "intro": "Mohon diisi.",
        "population": "100",
        "closes_on": "2027-06-30",
        "scale_rule": "proportional",
    }
    assert client.post(url("edit", skm), data).status_code == 302
    skm.refresh_from_db()
    assert (skm.title, skm.population, str(skm.closes_on)) == (
        "SKM UPT Satu 2027",
        100,
        "2027-06-30",
    )
    assert "sampel minimum 80" in text(client.get(url("detail", skm)))


def test_bad_settings_are_refused(client_for, skm, pokja_pp):
    data = {"title": "", "population": "-3", "closes_on": "31/31/2027", "scale_rule": "x"}
    response = client_for(pokja_pp).post(url("edit", skm), data)
    assert response.status_code == 400
    page = text(response)
    assert "Bidang ini harus diisi" in page and "Masukkan tanggal yang valid" in page
    skm.refresh_from_db()
    assert skm.title.startswith("SKM") and skm.population == 1000


def test_the_rule_cannot_change_once_open(client_for, open_skm, pokja_pp):
    client = client_for(pokja_pp)
    assert 'name="scale_rule"' not in client.get(url("edit", open_skm)).content.decode()
    data = {"title": open_skm.title, "population": "1000", "scale_rule": "linear"}
    assert client.post(url("edit", open_skm), data).status_code in (200, 302)
    open_skm.refresh_from_db()
    assert open_skm.scale_rule == "proportional"


def _items_post(survey, change=None, extra=None, delete=()):
    items = list(survey.items.all())
    data = {
        "butir-TOTAL_FORMS": str(
            len(items) + (1 if extra is not None or survey.kind != "skm" else 0)
        ),
        "butir-INITIAL_FORMS": str(len(items)),
        "butir-MIN_NUM_FORMS": "0",
        "butir-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        row = {"code": item.code, "element": item.element, "text": item.text, "weight": item.weight}
        row.update({f"label_{n}": label for n, label in enumerate(item.labels, start=1)})
        if change and item.code in change:
            row.update(change[item.code])
        if item.code in delete:
            row["DELETE"] = "on"
        data.update({f"butir-{i}-{k}": v for k, v in row.items()})
    if extra is not None:
        data.update({f"butir-{len(items)}-{k}": v for k, v in extra.items()})
    elif survey.kind != "skm":
        data[f"butir-{len(items)}-weight"] = "1"
    return data


def test_an_skm_item_text_and_labels_can_be_adapted_but_not_its_code(client_for, skm, pokja_pp):
    change = {
        "U1": {"text": "Apakah persyaratannya jelas?", "code": "X1", "label_4": "Jelas sekali"}
    }
    response = client_for(pokja_pp).post(url("items", skm), _items_post(skm, change))
    assert response.status_code == 302
    u1 = skm.items.get(order=1)
    assert (u1.code, u1.text, u1.labels[3]) == (
        "U1",
        "Apakah persyaratannya jelas?",
        "Jelas sekali",
    )


def test_an_empty_answer_label_is_refused(client_for, skm, pokja_pp):
    change = {"U3": {"label_2": ""}}
    response = client_for(pokja_pp).post(url("items", skm), _items_post(skm, change))
    assert response.status_code == 400
    assert "Bidang ini harus diisi" in text(response)
    assert skm.items.get(code="U3").labels[1] == "Kurang cepat"


def test_ipak_items_are_added_weighted_and_removed(client_for, pokja_pp, tree):
    ipak = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind=Kind.IPAK, year=2027, period=Period.YEAR
    )
    client = client_for(pokja_pp)
    extra = {
        "code": "a6",
        "element": "Transparansi",
        "text": "Informasi biaya terpampang jelas.",
        "weight": "2",
        **{f"label_{n}": f"L{n}" for n in range(1, 5)},
    }
    data = _items_post(ipak, change={"A2": {"weight": "3"}}, extra=extra, delete=("A5",))
    assert client.post(url("items", ipak), data).status_code == 302
    rows = list(ipak.items.values_list("code", "weight"))
    assert rows == [("A1", 1), ("A2", 3), ("A3", 1), ("A4", 1), ("A6", 2)]


def test_duplicate_codes_are_refused_with_the_services_message(client_for, pokja_pp, tree):
    ipak = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind=Kind.IPAK, year=2027, period=Period.YEAR
    )
    extra = {"code": "A1", "element": "X", "text": "Y", "weight": "1"}
    extra.update({f"label_{n}": "L" for n in range(1, 5)})
    response = client_for(pokja_pp).post(url("items", ipak), _items_post(ipak, extra=extra))
    assert response.status_code == 400
    assert "kode A1 dipakai dua kali" in text(response)
    assert ipak.items.count() == 5


def test_items_are_read_only_once_open(client_for, open_skm, pokja_pp):
    client = client_for(pokja_pp)
    page = client.get(url("items", open_skm)).content.decode()
    assert 'data-testid="items-form"' not in page and 'data-testid="item-9"' in page
    assert 'data-testid="item-10"' not in page
    response = client.post(url("items", open_skm), _items_post(open_skm, {"U1": {"text": "Baru?"}}))
    assert response.status_code == 400
    assert "tidak dapat diubah setelah survei dibuka" in text(response)
    assert open_skm.items.get(code="U1").text != "Baru?"


def test_services_are_saved_and_a_service_with_a_qr_code_stays(client_for, skm, pokja_pp):
    client = client_for(pokja_pp)
    response = client.post(url("services", skm), {"names": "Pengaduan\nLegalisir\n"})
    assert response.status_code == 302
    assert list(skm.services.values_list("name", flat=True)) == ["Pengaduan", "Legalisir"]
    services.link_create(actor=pokja_pp, survey=skm, service=skm.services.get(name="Legalisir"))
    response = client.post(url("services", skm), {"names": "Pengaduan"})
    assert response.status_code == 400
    assert "sudah punya jawaban atau kode QR" in text(response)
    assert skm.services.count() == 2


# --- QR codes and the poster ------------------------------------------------------------


def test_the_links_page_shows_each_code_as_an_image_with_its_address(client_for, skm, pokja_pp):
    link = skm.links.get()
    page = client_for(pokja_pp).get(url("links", skm)).content.decode()
    assert f"http://testserver/s/{link.token}/" in page
    assert 'src="data:image/svg+xml' in page
    assert url("poster", skm, link.pk) in page


def test_a_desk_qr_code_is_added(client_for, skm, pokja_pp):
    service = skm.services.get(name="Perizinan")
    response = client_for(pokja_pp).post(
        url("links", skm), {"service": service.pk, "desk": " Loket  2 "}
    )
    link = Link.objects.get(desk="Loket 2")
    assert response.status_code == 302 and response["Location"].endswith(f"#qr-{link.pk}")
    assert link.service == service and link.kind == LinkKind.QR
    page = client_for(pokja_pp).get(url("links", skm)).content.decode()
    assert "Perizinan – Loket 2" in page


def test_a_duplicate_or_foreign_qr_code_is_refused(client_for, skm, pokja_pp, tree):
    client = client_for(pokja_pp)
    response = client.post(url("links", skm), {"service": "", "desk": ""})
    assert response.status_code == 400
    assert "Kode QR untuk layanan dan loket ini sudah ada" in text(response)
    ipak = services.survey_create(
        actor=pokja_pp,
        unit=tree["upt"],
        kind=Kind.IPAK,
        year=2027,
        period=Period.YEAR,
        services=["Lain"],
    )
    foreign = ipak.services.get()
    response = client.post(url("links", skm), {"service": foreign.pk, "desk": "X"})
    assert response.status_code == 400 and "Masukkan pilihan yang valid" in text(response)
    response = client.post(url("links", skm), {"desk": "x" * 101})
    assert response.status_code == 400
    assert skm.links.count() == 1


def test_no_qr_code_is_added_to_a_closed_survey(client_for, open_skm, pokja_pp):
    services.survey_close(actor=pokja_pp, survey=open_skm)
    client = client_for(pokja_pp)
    assert 'data-testid="link-form"' not in client.get(url("links", open_skm)).content.decode()
    assert client.post(url("links", open_skm), {"desk": "Loket 3"}).status_code == 400
    assert open_skm.links.count() == 1


@pytest.mark.parametrize("who", ["pokja_pp", "member"])
def test_the_poster_is_an_a4_pdf_with_the_title_and_the_address(client_for, request, skm, who):
    service = skm.services.get(name="Pengaduan")
    link = services.link_create(
        actor=request.getfixturevalue("pokja_pp"), survey=skm, service=service, desk="Loket 1"
    )
    response = client_for(request.getfixturevalue(who)).get(url("poster", skm, link.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    content = " ".join(reader.pages[0].extract_text().split())
    assert f"http://testserver/s/{link.token}/" in content
    assert skm.title in content and "UPT Satu" in content and "Pengaduan – Loket 1" in content
    assert "Pindai kode QR" in content
    download = client_for(request.getfixturevalue(who)).get(
        url("poster", skm, link.pk), {"unduh": "1"}
    )
    assert download["Content-Disposition"].startswith('attachment; filename="poster-survei-upt1')


def test_a_poster_with_long_names_still_fits_one_page(client_for, skm, pokja_pp):
    # A real Satker's title, service and desk names (the demo's poster ran onto a second
    # page with a service named): the poster is one A4 sheet whatever the names.
    services.survey_update(
        actor=pokja_pp,
        survey=skm,
        title="Survei Kepuasan Masyarakat Semester I 2027 – Satuan Kerja Pelaksanaan Jalan "
        "Nasional Wilayah I Provinsi Jawa Barat",
    )
    name = "Dispensasi kelebihan muatan angkutan barang dan izin penggunaan ruang milik jalan"
    services.services_save(actor=pokja_pp, survey=skm, names=[name])
    link = services.link_create(
        actor=pokja_pp,
        survey=skm,
        service=skm.services.get(name=name),
        desk="Loket Pelayanan Terpadu Satu Pintu nomor 2",
    )
    response = client_for(pokja_pp).get(url("poster", skm, link.pk))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    content = " ".join(reader.pages[0].extract_text().split())
    assert "Tanpa akun" in content and "Loket Pelayanan Terpadu" in content


def test_the_poster_of_a_personal_link_is_not_found(client_for, skm, pokja_pp, cycle, tree):
    user = ServiceUser.objects.create(
        tenant_id=tree["upt"].tenant_id,
        unit=tree["upt"],
        cycle=cycle,
        name="Ani",
        service="Izin",
        finished_on="2026-01-05",
        phone="+62812345678",
        created_by=pokja_pp,
    )
    personal = Link.objects.create(
        tenant_id=skm.tenant_id,
        survey=skm,
        kind=LinkKind.PERSONAL,
        token="p" * 22,
        service_user=user,
        created_by=pokja_pp,
    )
    client = client_for(pokja_pp)
    assert client.get(url("poster", skm, personal.pk)).status_code == 404
    assert "p" * 22 not in client.get(url("links", skm)).content.decode()


def test_the_links_page_counts_answers_per_code_in_constant_queries(
    client_for, open_skm, pokja_pp, django_assert_max_num_queries
):
    client = client_for(pokja_pp)
    desk = services.link_create(actor=pokja_pp, survey=open_skm, desk="Loket 1")
    answer(desk, n=2)
    client.get(url("links", open_skm))

    def measure():
        with django_assert_max_num_queries(14) as ctx:
            response = client.get(url("links", open_skm))
        assert response.status_code == 200
        return len(ctx.captured_queries), text(response)

    small, page = measure()
    assert "2 jawaban lewat kode ini" in page and "0 jawaban lewat kode ini" in page
    assert page.index("Seluruh layanan unit") < page.index("Loket 1")
    for n in range(2, 6):
        answer(services.link_create(actor=pokja_pp, survey=open_skm, desk=f"Loket {n}"))
    assert measure()[0] == small


def test_a_closed_surveys_population_can_still_be_corrected(client_for, open_skm, pokja_pp):
    services.survey_close(actor=pokja_pp, survey=open_skm)
    client = client_for(pokja_pp)
    page = client.get(url("edit", open_skm)).content.decode()
    assert 'name="closes_on"' not in page and 'name="scale_rule"' not in page
    data = {"title": open_skm.title, "population": "100", "closes_on": "2030-01-01"}
    assert client.post(url("edit", open_skm), data).status_code == 302
    open_skm.refresh_from_db()
    assert open_skm.population == 100 and open_skm.closes_on is None
