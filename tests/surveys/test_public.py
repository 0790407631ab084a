"""The public form behind a link (``/s/<token>/``): no account, CSRF on, everything decided
by the link, refusals as Indonesian pages, floods held back by rate limits and a
proof-of-work challenge solved here through the same library the server uses."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.identification.models import ServiceUser
from apps.surveys import protection, services
from apps.surveys.models import Link, LinkKind, Response, ResponseAnswer
from tests.factories import CycleFactory


@pytest.fixture(autouse=True)
def _light_challenge(settings):
    # The server's work does not depend on the counter; a small one keeps tests fast.
    settings.ALTCHA_COUNTER_MIN = 1
    settings.ALTCHA_COUNTER_MAX = 30


@pytest.fixture
def qr(open_skm):
    return Link.objects.get(survey=open_skm, kind=LinkKind.QR)


@pytest.fixture
def service_user(tree, pokja_pp):
    cycle = CycleFactory(unit=tree["upt"], year=2027)
    return ServiceUser.objects.create(
        tenant=tree["upt"].tenant,
        unit=tree["upt"],
        cycle=cycle,
        name="Budi Santoso",
        service="Perizinan",
        finished_on=datetime.date(2027, 2, 1),
        phone="+6281234567890",
        email="budi@example.com",
        created_by=pokja_pp,
    )


@pytest.fixture
def personal(open_skm, service_user, pokja_pp):
    (link,) = services.invitations_create(actor=pokja_pp, survey=open_skm)
    return link


def form_url(link):
    return reverse("surveys_public:form", kwargs={"token": link.token})


def solved(client, link) -> str:
    challenge = client.get(reverse("surveys_public:challenge", kwargs={"token": link.token}))
    assert challenge.status_code == 200
    assert challenge.headers["Cache-Control"].startswith("max-age=0")
    return protection.solve(challenge.json())


def answers(value=4, **extra):
    data = {f"q_U{i}": str(value) for i in range(1, 10)}
    data.update(extra)
    return data


def post(client, link, data, *, challenge=True):
    if challenge is True:
        data = {**data, "altcha": solved(client, link)}
    elif challenge:
        data = {**data, "altcha": challenge}
    return client.post(form_url(link), data)


# --- the form ------------------------------------------------------------------------------


def test_the_form_of_a_qr_code_shows_the_questions_and_the_regulations_demographics(
    client, qr, open_skm
):
    page = client.get(form_url(qr))
    assert page.status_code == 200
    html = page.content.decode()
    items = list(open_skm.items.all())
    assert len(items) == 9
    for item in items:
        assert f'data-testid="survey-item-{item.code}"' in html
        # Worst first, as the item's labels are stored.
        positions = [html.index(f"{label}</label>") for label in item.labels]
        assert positions == sorted(positions)
    for name in ("sex", "age_band", "education", "occupation", "suggestion", "service"):
        assert f'name="{name}"' in html
    assert "NIK" in html  # only to say it is never asked
    assert 'name="nik"' not in html and 'name="name"' not in html
    assert "<altcha-widget" in html and "/tantangan/" in html
    assert page.headers["Cache-Control"].startswith("max-age=0")


def test_a_link_naming_a_service_does_not_ask_for_one(client, open_skm, pokja_pp):
    service = open_skm.services.get(name="Perizinan")
    link = services.link_create(actor=pokja_pp, survey=open_skm, service=service, desk="Loket 2")
    page = client.get(form_url(link))
    assert page.status_code == 200
    assert 'name="service"' not in page.content.decode()
    assert "Perizinan – Loket 2" in page.content.decode()


def test_the_form_of_a_personal_link_renders(client, personal):
    page = client.get(form_url(personal))
    assert page.status_code == 200
    # The identification's service matched the survey's: not asked again.
    assert personal.service.name == "Perizinan"
    assert 'name="service"' not in page.content.decode()


def test_an_unknown_token_is_a_404(client, qr):
    assert client.get("/s/" + "x" * 22 + "/").status_code == 404
    assert client.post("/s/" + "x" * 22 + "/", answers()).status_code == 404
    assert client.get("/s/short/").status_code == 404


# --- answering -----------------------------------------------------------------------------


def test_an_answer_is_stored_from_the_link_and_thanked(client, qr, open_skm):
    service = open_skm.services.get(name="Pengaduan")
    response = post(
        client,
        qr,
        answers(
            3,
            q_U4="4",
            sex="p",
            age_band="30",
            education="s1",
            occupation="swasta",
            service=str(service.pk),
            suggestion="Antrean lebih cepat.",
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("surveys_public:thanks", kwargs={"token": qr.token})
    row = Response.objects.get()
    assert (row.survey, row.link, row.service) == (open_skm, qr, service)
    assert (row.sex, row.age_band, row.education, row.occupation) == ("p", "30", "s1", "swasta")
    assert row.suggestion == "Antrean lebih cepat." and row.suggestion_state == "pending"
    values = dict(ResponseAnswer.objects.values_list("item__code", "value"))
    assert values == {**{f"U{i}": 3 for i in range(1, 10)}, "U4": 4}
    thanks = client.get(response.url)
    assert thanks.status_code == 200 and "Terima kasih" in thanks.content.decode()


def test_a_personal_link_answers_once(client, personal):
    assert post(client, personal, answers()).status_code == 302
    personal.refresh_from_db()
    assert personal.used_at is not None
    again = client.get(form_url(personal))
    assert again.status_code == 410
    assert "sudah dipakai" in again.content.decode()
    assert 'data-testid="survey-form"' not in again.content.decode()
    # Refused before the challenge is even looked at.
    assert post(client, personal, answers(), challenge=False).status_code == 410
    assert Response.objects.count() == 1


def test_a_draft_survey_shows_a_notice_not_a_form(client, skm):
    link = Link.objects.get(survey=skm)
    page = client.get(form_url(link))
    assert page.status_code == 409
    assert "belum dibuka" in page.content.decode()
    assert 'data-testid="survey-form"' not in page.content.decode()
    assert client.post(form_url(link), answers()).status_code == 409
    assert not Response.objects.exists()


def test_a_closed_survey_refuses(client, qr, open_skm, pokja_pp):
    challenge = solved(client, qr)
    services.survey_close(actor=pokja_pp, survey=open_skm)
    page = client.get(form_url(qr))
    assert page.status_code == 410 and "sudah ditutup" in page.content.decode()
    assert post(client, qr, answers(), challenge=challenge).status_code == 410
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("data", "status", "text"),
    [
        (answers(q_U1="5"), 400, "Pilih salah satu jawaban"),
        (answers(q_U1="0"), 400, "Pilih salah satu jawaban"),
        (answers(q_X9="4"), 400, "tidak sesuai dengan survei ini"),
        (answers(nik="3201010101010001"), 400, "tidak sesuai dengan survei ini"),
        (answers(sex="x"), 400, "Pilih salah satu"),
        ({}, 400, "Jawab paling sedikit satu pertanyaan"),
        (answers(suggestion="a" * 2001), 400, "2000"),
        (answers(service="999999"), 400, "Pilih salah satu"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_nothing_saved(client, qr, data, status, text):
    response = post(client, qr, data)
    assert response.status_code == status
    assert text in response.content.decode()
    assert not Response.objects.exists()


def test_a_service_of_another_survey_cannot_be_chosen(client, qr, pokja_pp, tree):
    other = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind="skm", year=2027, period="s2", services=["Lain"]
    )
    response = post(client, qr, answers(service=str(other.services.get().pk)))
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_scripted_input_is_stored_as_text_and_shown_escaped(client, qr):
    script = "<script>alert(1)</script>"
    refused = post(client, qr, answers(q_U1="9", suggestion=script))
    html = refused.content.decode()
    assert refused.status_code == 400
    assert script not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert post(client, qr, answers(suggestion=script)).status_code == 302
    assert Response.objects.get().suggestion == script  # text, shown only escaped


def test_an_oversize_body_is_refused_before_it_is_read(client, qr, settings):
    big = answers(suggestion="a" * 1999, padding="b" * (settings.SURVEY_FORM_MAX_BYTES + 1))
    response = post(client, qr, big)
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()
    assert not Response.objects.exists()


# --- the challenge -------------------------------------------------------------------------


def test_a_missing_challenge_is_refused(client, qr):
    response = post(client, qr, answers(), challenge=False)
    assert response.status_code == 400
    assert "Verifikasi otomatis belum selesai" in response.content.decode()
    # The answers given stay on the page.
    assert 'value="4" checked' in response.content.decode()
    assert not Response.objects.exists()


def test_a_replayed_challenge_is_refused(client, qr):
    payload = solved(client, qr)
    assert post(client, qr, answers(), challenge=payload).status_code == 302
    replay = post(client, qr, answers(), challenge=payload)
    assert replay.status_code == 400
    assert "sudah dipakai" in replay.content.decode()
    assert Response.objects.count() == 1


def test_a_forged_or_foreign_challenge_is_refused(client, qr, open_skm, pokja_pp):
    other = services.link_create(actor=pokja_pp, survey=open_skm, service=open_skm.services.first())
    foreign = solved(client, other)  # made for another link
    assert post(client, qr, answers(), challenge=foreign).status_code == 400
    assert post(client, qr, answers(), challenge="bm90IGEgcGF5bG9hZA==").status_code == 400
    assert post(client, qr, answers(), challenge="%%%").status_code == 400
    assert not Response.objects.exists()


def test_an_expired_challenge_is_refused(client, qr, settings):
    settings.ALTCHA_TTL_SECONDS = -10
    response = post(client, qr, answers())
    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()


# --- floods --------------------------------------------------------------------------------


def test_answers_beyond_the_rate_limit_get_a_429_page(client, qr, settings):
    settings.SURVEY_RATE_LIMIT_IP = "2/m"
    assert post(client, qr, answers()).status_code == 302
    assert post(client, qr, answers()).status_code == 302
    response = post(client, qr, answers())
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    page = response.content.decode()
    assert "Terlalu banyak" in page
    # The form comes back with the respondent's answers, to be sent again after a wait.
    assert 'data-testid="survey-submit"' in page
    assert page.count(" checked") >= 9
    assert Response.objects.count() == 2


def test_the_limit_per_address_lets_a_hall_behind_one_address_answer(client, qr, settings):
    """The default per-address limit is far above what one service hall produces."""
    for _ in range(12):
        assert post(client, qr, answers()).status_code == 302
    assert Response.objects.count() == 12


def test_the_link_limit_holds_whatever_the_address(qr, settings):
    settings.SURVEY_RATE_LIMIT_LINK = "2/m"
    for n, address in enumerate(["10.0.0.1", "10.0.0.2", "10.0.0.3"]):
        client = Client(REMOTE_ADDR=address)
        expected = 302 if n < 2 else 429
        assert post(client, qr, answers()).status_code == expected


def test_junk_without_the_challenge_does_not_use_up_the_links_allowance(qr, settings):
    # One address posting without doing the work must not lock the code for everybody.
    settings.SURVEY_RATE_LIMIT_LINK = "2/m"
    flooder = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(5):
        assert post(flooder, qr, answers(), challenge=False).status_code == 400
        assert post(flooder, qr, {"q_U1": "1"}, challenge=False).status_code == 400
    respondent = Client(REMOTE_ADDR="10.0.0.1")
    assert post(respondent, qr, answers()).status_code == 302
    # An address over its own limit is refused before the link is counted.
    settings.SURVEY_RATE_LIMIT_IP = "1/m"
    settings.SURVEY_RATE_LIMIT_LINK = "3/m"
    blocked = Client(REMOTE_ADDR="10.9.9.8")
    assert post(blocked, qr, answers()).status_code == 302
    for _ in range(3):
        assert post(blocked, qr, answers()).status_code == 429
    assert post(Client(REMOTE_ADDR="10.0.0.2"), qr, answers()).status_code == 302
    assert Response.objects.count() == 3


def test_pages_beyond_their_rate_limit_get_a_429(client, qr, settings):
    settings.SURVEY_RATE_LIMIT_PAGE_IP = "1/m"
    assert client.get(form_url(qr)).status_code == 200
    page = client.get(form_url(qr))
    assert page.status_code == 429 and "Terlalu banyak" in page.content.decode()
    challenge = client.get(reverse("surveys_public:challenge", kwargs={"token": qr.token}))
    assert challenge.status_code == 429


# --- CSRF, and no figures ------------------------------------------------------------------


def test_csrf_is_enforced(qr):
    client = Client(enforce_csrf_checks=True)
    refused = post(client, qr, answers())
    assert refused.status_code == 403
    assert not Response.objects.exists()
    page = client.get(form_url(qr))
    token = page.cookies["csrftoken"].value
    accepted = post(client, qr, answers(csrfmiddlewaretoken=page.context["csrf_token"]))
    assert token and accepted.status_code == 302


def test_public_pages_show_no_result_figures(client, qr, open_skm):
    for value in (1, 2, 4):
        assert post(client, qr, answers(value)).status_code == 302
    pages = [
        client.get(form_url(qr)),
        client.get(reverse("surveys_public:thanks", kwargs={"token": qr.token})),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        for figure in (
            "IKM",
            "NRR",
            "Indeks",
            "Sangat Baik",
            "Kurang Baik",
            "77,78",
            "77.78",
            ">3<",
        ):
            assert figure not in html


def test_the_form_and_an_answer_take_a_fixed_number_of_queries(
    client, qr, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert client.get(form_url(qr)).status_code == 200
    data = {**answers(suggestion="Baik."), "altcha": solved(client, qr)}
    with django_assert_max_num_queries(14):
        assert client.post(form_url(qr), data).status_code == 302


def test_a_body_beyond_djangos_limit_is_a_400_not_a_500(qr, settings):
    client = Client(enforce_csrf_checks=True)
    token = client.get(form_url(qr)).context["csrf_token"]
    huge = answers(
        csrfmiddlewaretoken=token, suggestion="a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    )
    response = client.post(form_url(qr), huge)
    assert response.status_code in (400, 413)
    assert not Response.objects.exists()


def test_a_challenge_signed_with_another_key_is_refused(client, qr, settings):
    payload = solved(client, qr)
    settings.ALTCHA_HMAC_KEY = "a-new-key-after-rotation"
    response = post(client, qr, answers(), challenge=payload)
    assert response.status_code == 400 and "tidak sah" in response.content.decode()
    # The derived default differs from any explicit key, and follows SECRET_KEY.
    settings.ALTCHA_HMAC_KEY = ""
    default = protection._keys()
    settings.SECRET_KEY = "another-secret"
    assert protection._keys() != default


def test_with_the_cache_unreachable_the_challenge_is_accepted(client, qr, monkeypatch):
    """The replay memory fails open like the rate limiter: respondents are not refused
    because Redis is down (the database's own checks still hold)."""
    payload = solved(client, qr)

    class Down:
        def add(self, *args, **kwargs):
            raise ConnectionError("redis down")

    monkeypatch.setattr("apps.surveys.protection.cache", Down())
    monkeypatch.setattr("apps.core.ratelimit.cache", Down())
    assert post(client, qr, answers(), challenge=payload).status_code == 302
    assert Response.objects.count() == 1


def test_a_six_point_perception_survey_takes_its_whole_scale(client, pokja_pp, tree):
    survey = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind="ipak", year=2027, period="year", scale=6
    )
    survey = services.survey_open(actor=pokja_pp, survey=survey)
    link = Link.objects.get(survey=survey)
    page = client.get(form_url(link))
    codes = list(survey.items.values_list("code", flat=True))
    assert page.content.decode().count('type="radio" name="q_') == 6 * len(codes)
    data = {f"q_{code}": "6" for code in codes}
    assert post(client, link, data).status_code == 302
    assert set(ResponseAnswer.objects.values_list("value", flat=True)) == {6}
    assert post(client, link, {**data, f"q_{codes[0]}": "7"}).status_code == 400


def test_a_survey_past_its_closing_date_refuses(client, qr, open_skm, pokja_pp):
    # The date passed, before the hourly job closed the survey: the form already refuses.
    today = timezone.localdate()
    services.survey_update(actor=pokja_pp, survey=open_skm, closes_on=today)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        page = client.get(form_url(qr))
        assert page.status_code == 410 and "sudah berakhir" in page.content.decode()
        assert post(client, qr, answers(), challenge=False).status_code == 410
    assert not Response.objects.exists()


def test_someone_logged_in_to_another_agency_answers_into_the_links_survey(
    client_for, qr, open_skm, other_admin
):
    client = client_for(other_admin)
    assert client.get(form_url(qr)).status_code == 200
    assert post(client, qr, answers()).status_code == 302
    row = Response.objects.get()
    assert row.survey == open_skm and row.tenant_id == open_skm.tenant_id
