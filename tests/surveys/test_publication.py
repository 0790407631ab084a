"""Suggestions reviewed before anything is public, publication of a closed survey, the
report PDF made by the worker, and the public results page."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.files.models import StoredFile
from apps.surveys import services
from apps.surveys.models import FollowUpAction, Item, Link, Response, Survey
from apps.surveys.tasks import render_survey_report

pytestmark = pytest.mark.django_db

R1 = (4, 4, 4, 4, 4, 4, 4, 4, 4)
R2 = (3, 3, 3, 3, 3, 3, 3, 3, 3)


def _answers(values):
    return {f"U{i}": v for i, v in enumerate(values, start=1)}


@pytest.fixture
def closed(open_skm, pokja_pp):
    """Two respondents (IKM 3.50, 87.50 B), each with a suggestion; closed."""
    link = Link.objects.get(survey=open_skm)
    services.response_record(link=link, answers=_answers(R1), suggestion="Pelayanan cepat")
    services.response_record(link=link, answers=_answers(R2), suggestion="Petugas kasar, Budi")
    return services.survey_close(actor=pokja_pp, survey=open_skm)


def _suggestions(survey):
    return {r.suggestion: r for r in Response.objects.filter(survey=survey)}


@pytest.fixture
def reviewed(closed, pokja_pp):
    rows = _suggestions(closed)
    services.suggestions_review(
        actor=pokja_pp, survey=closed, response_ids=[rows["Pelayanan cepat"].pk], state="approved"
    )
    services.suggestions_review(
        actor=pokja_pp, survey=closed, response_ids=[rows["Petugas kasar, Budi"].pk], state="hidden"
    )
    return closed


@pytest.fixture
def published(reviewed, pokja_pp, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: None)
    FollowUpAction.objects.create(
        tenant_id=reviewed.tenant_id,
        survey=reviewed,
        item=Item.objects.get(survey=reviewed, code="U5"),
        action="Pelatihan sikap petugas loket",
        owner="Kepala Subbagian Umum",
        due_on="2027-09-30",
        created_by=pokja_pp,
    )
    services.survey_update(actor=pokja_pp, survey=reviewed, analysis="Unsur U5 terendah.")
    with django_capture_on_commit_callbacks(execute=True):
        return services.survey_publish(actor=pokja_pp, survey=reviewed)


def pdf_text(stored) -> str:
    with stored.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# --- suggestions --------------------------------------------------------------------------


def test_suggestions_start_pending_and_are_reviewed_in_bulk_with_audit(closed, pokja_pp):
    rows = _suggestions(closed)
    assert {r.suggestion_state for r in rows.values()} == {"pending"}
    changed = services.suggestions_review(
        actor=pokja_pp, survey=closed, response_ids=[r.pk for r in rows.values()], state="approved"
    )
    assert changed == 2
    assert set(Response.objects.values_list("suggestion_state", "reviewed_by")) == {
        ("approved", pokja_pp.pk)
    }
    assert AuditEvent.objects.filter(action="survey.suggestion_review").count() == 1


def test_a_review_refuses_other_surveys_rows_and_bad_states(closed, pokja_pp, tree):
    other = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind="skm", year=2027, period="s2"
    )
    other = services.survey_open(actor=pokja_pp, survey=other)
    stranger = services.response_record(
        link=Link.objects.get(survey=other), answers=_answers(R1), suggestion="x"
    )
    ids = [r.pk for r in _suggestions(closed).values()]
    with pytest.raises(ValidationError, match="bukan saran survei ini"):
        services.suggestions_review(
            actor=pokja_pp, survey=closed, response_ids=[*ids, stranger.pk], state="approved"
        )
    with pytest.raises(ValidationError):
        services.suggestions_review(
            actor=pokja_pp, survey=closed, response_ids=ids, state="pending"
        )
    assert set(Response.objects.values_list("suggestion_state", flat=True)) == {"pending"}


def test_only_the_units_organisers_review(closed, member):
    with pytest.raises(AccessDenied):
        services.suggestions_review(
            actor=member,
            survey=closed,
            response_ids=[r.pk for r in _suggestions(closed).values()],
            state="approved",
        )


# --- publication --------------------------------------------------------------------------


def test_draft_and_open_surveys_are_not_published(skm, pokja_pp):
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.survey_publish(actor=pokja_pp, survey=skm)
    opened = services.survey_open(actor=pokja_pp, survey=skm)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.survey_publish(actor=pokja_pp, survey=opened)
    assert not Survey.objects.filter(published_at__isnull=False).exists()


def test_publication_waits_for_every_suggestion_to_be_reviewed(closed, pokja_pp):
    with pytest.raises(ValidationError, match="2 saran responden yang belum ditinjau"):
        services.survey_publish(actor=pokja_pp, survey=closed)


def test_a_survey_without_respondents_is_not_published(open_skm, pokja_pp):
    closed = services.survey_close(actor=pokja_pp, survey=open_skm)
    with pytest.raises(ValidationError, match="belum punya responden"):
        services.survey_publish(actor=pokja_pp, survey=closed)


def test_a_survey_is_not_published_without_its_analysis(reviewed, pokja_pp):
    # The report is made with the analysis, which is frozen once published: without one
    # the unit could never add it.
    for blank in (None, "   "):
        with pytest.raises(ValidationError, match="Tuliskan dan simpan analisis"):
            services.survey_publish(actor=pokja_pp, survey=reviewed, analysis=blank)
    assert not Survey.objects.filter(published_at__isnull=False).exists()


def test_publish_once_queues_the_report_and_refuses_twice(
    reviewed, pokja_pp, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: queued.append((task, *ids)))
    with django_capture_on_commit_callbacks(execute=True):
        survey = services.survey_publish(
            actor=pokja_pp, survey=reviewed, analysis="Unsur U3 terendah."
        )
    assert survey.published_at and survey.published_by == pokja_pp
    assert survey.report_state == "pending"
    assert queued == [(render_survey_report, survey.tenant_id, survey.pk)]
    assert AuditEvent.objects.filter(action="survey.publish").count() == 1
    with pytest.raises(ValidationError, match="sudah dipublikasikan"):
        services.survey_publish(actor=pokja_pp, survey=survey)


def test_only_the_units_organisers_publish(reviewed, member):
    with pytest.raises(AccessDenied):
        services.survey_publish(actor=member, survey=reviewed)


# --- the report PDF -----------------------------------------------------------------------


def test_the_worker_renders_the_report_with_its_figures(published):
    tenant_id = published.tenant_id
    assert render_survey_report(tenant_id, published.pk) is True
    assert render_survey_report(tenant_id, published.pk) is False  # made already
    published.refresh_from_db()
    assert published.report_state == "ready" and published.report_file_id
    text = pdf_text(published.report_file)
    assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in text
    assert "UPT Satu" in text and "Semester I 2027" in text
    assert "Nomor 14 Tahun 2017" in text and "Σ NRR × 1/9" in text
    assert "Jumlah responden: 2 orang." in text
    # U1 NRR (4 + 3)/2 = 3.50, × 25 = 87.50; IKM 3.50, converted 87.50 → B (Baik).
    assert "3,50 87,50" in text
    assert "IKM konversi : 87,50" in text and "B (Baik)" in text
    assert "Unsur U5 terendah." in text
    assert "Pelatihan sikap petugas loket" in text and "Kepala Subbagian Umum" in text
    assert "Pelayanan cepat" in text
    assert "Petugas kasar" not in text  # hidden
    assert AuditEvent.objects.filter(action="survey.pdf").count() == 1


def test_an_unpublished_survey_has_no_report(closed):
    assert render_survey_report(closed.tenant_id, closed.pk) is False
    with pytest.raises(ValidationError, match="setelah hasilnya dipublikasikan"):
        services.survey_report_store(survey=closed)


def test_hiding_a_suggestion_after_publication_renders_the_report_again(published, pokja_pp):
    render_survey_report(published.tenant_id, published.pk)
    published.refresh_from_db()
    first = published.report_file_id
    approved = _suggestions(published)["Pelayanan cepat"]
    services.suggestions_review(
        actor=pokja_pp, survey=published, response_ids=[approved.pk], state="hidden"
    )
    published.refresh_from_db()
    assert published.report_state == "pending"
    assert render_survey_report(published.tenant_id, published.pk) is True
    published.refresh_from_db()
    assert published.report_file_id != first
    assert "Pelayanan cepat" not in pdf_text(published.report_file)


def test_the_staff_download_makes_the_report_when_the_worker_has_not_run(
    client_for, published, member
):
    response = client_for(member).get(reverse("surveys:report_pdf", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert StoredFile.objects.filter(original_name__startswith="laporan-skm").count() == 1


def test_the_staff_download_of_an_unpublished_survey_is_404(client_for, closed, member):
    response = client_for(member).get(reverse("surveys:report_pdf", args=[closed.pk]))
    assert response.status_code == 404


# --- pages --------------------------------------------------------------------------------


def text(response) -> str:
    return " ".join(response.content.decode().split())


MANAGE_PAGES = ["suggestions", "publish"]


@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, closed, page):
    response = client.get(reverse(f"surveys:{page}", args=[closed.pk]))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("page", MANAGE_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 403), ("verifier", 403), ("sibling_sekretaris", 404), ("other_admin", 404)],
)
def test_readers_other_units_and_other_agencies_do_not_manage(
    client_for, request, closed, page, who, status
):
    client = client_for(request.getfixturevalue(who))
    target = reverse(f"surveys:{page}", args=[closed.pk])
    assert client.get(target).status_code == status
    ids = list(Response.objects.filter(survey=closed).values_list("pk", flat=True))
    data = {"responses": ids, "state": "approved", "action": "publish", "confirm": "on"}
    assert client.post(target, data).status_code == status
    assert set(Response.objects.values_list("suggestion_state", flat=True)) == {"pending"}
    assert not Survey.objects.filter(published_at__isnull=False).exists()


def test_the_suggestions_page_reviews_in_bulk(client_for, closed, pokja_pp):
    client = client_for(pokja_pp)
    page = reverse("surveys:suggestions", args=[closed.pk])
    body = text(client.get(page))
    assert "Pelayanan cepat" in body and "Petugas kasar, Budi" in body
    ids = [r.pk for r in _suggestions(closed).values()]
    response = client.post(page, {"responses": ids, "state": "approved"})
    assert response.status_code == 302
    assert set(Response.objects.values_list("suggestion_state", flat=True)) == {"approved"}
    body = text(client.get(page + "?status=approved"))
    assert "Pelayanan cepat" in body


def test_a_review_without_a_choice_is_a_400_with_a_message(client_for, closed, pokja_pp):
    page = reverse("surveys:suggestions", args=[closed.pk])
    response = client_for(pokja_pp).post(page, {"state": "approved"})
    assert response.status_code == 400
    assert "Pilih paling sedikit satu saran." in text(response)
    response = client_for(pokja_pp).post(page, {"state": "approved", "responses": ["99999"]})
    assert response.status_code == 400
    assert set(Response.objects.values_list("suggestion_state", flat=True)) == {"pending"}


def test_the_publish_page_tells_why_it_cannot_publish(client_for, closed, pokja_pp):
    page = reverse("surveys:publish", args=[closed.pk])
    body = text(client_for(pokja_pp).get(page))
    assert "2 saran responden yang belum ditinjau" in body
    response = client_for(pokja_pp).post(page, {"action": "publish", "confirm": "on"})
    assert response.status_code == 400
    closed.refresh_from_db()
    assert closed.published_at is None


def test_the_publish_page_saves_the_analysis_then_publishes_with_confirmation(
    client_for, reviewed, pokja_pp
):
    client = client_for(pokja_pp)
    page = reverse("surveys:publish", args=[reviewed.pk])
    assert client.post(page, {"action": "analysis", "analysis": "Baik."}).status_code == 302
    response = client.post(page, {"action": "publish"})
    assert response.status_code == 400
    assert "Centang persetujuan" in text(response)
    assert client.post(page, {"action": "publish", "confirm": "on"}).status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.analysis == "Baik." and reviewed.published_at is not None
    body = text(client.get(page))
    assert "Dipublikasikan" in body and 'data-testid="publish"' not in body


# --- the public page ----------------------------------------------------------------------


def test_the_public_page_shows_the_results_and_only_approved_suggestions(client, published):
    response = client.get(reverse("surveys_public:results", args=[published.pk]))
    assert response.status_code == 200
    body = text(response)
    assert 'data-testid="unit">UPT Satu<' in body and "Semester I 2027" in body
    assert 'data-testid="respondents">2<' in body
    assert 'data-testid="ikm">3,50<' in body and 'data-testid="converted">87,50<' in body
    assert "(Baik)" in body
    assert "Pelayanan cepat" in body and "Petugas kasar" not in body
    assert "Pelatihan sikap petugas loket" in body
    pdf = reverse("surveys_public:report_pdf", args=[published.pk])
    assert pdf in body
    download = client.get(pdf)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_the_public_page_of_an_unpublished_survey_is_404(client, closed, reviewed):
    assert client.get(reverse("surveys_public:results", args=[closed.pk])).status_code == 404
    assert client.get(reverse("surveys_public:report_pdf", args=[closed.pk])).status_code == 404
    assert client.get(reverse("surveys_public:results", args=[999999])).status_code == 404


def test_the_public_page_of_another_agencys_survey_opens_for_its_logged_in_people(
    client_for, published, other_admin
):
    response = client_for(other_admin).get(reverse("surveys_public:results", args=[published.pk]))
    assert response.status_code == 200 and "UPT Satu" in text(response)


def test_the_public_page_runs_in_few_queries(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert client.get(reverse("surveys_public:results", args=[published.pk])).status_code == 200


def test_the_analysis_is_frozen_once_published(client_for, published, pokja_pp):
    page = reverse("surveys:publish", args=[published.pk])
    response = client_for(pokja_pp).post(page, {"action": "analysis", "analysis": "Lain."})
    assert response.status_code == 400
    assert "analisis tidak dapat diubah lagi" in text(response)
    published.refresh_from_db()
    assert published.analysis == "Unsur U5 terendah."


def test_the_suggestions_page_runs_in_constant_queries(
    client_for, closed, pokja_pp, django_assert_max_num_queries
):
    client = client_for(pokja_pp)
    page = reverse("surveys:suggestions", args=[closed.pk])
    client.get(page)
    with django_assert_max_num_queries(20) as few:
        assert client.get(page).status_code == 200
    link = Link.objects.get(survey=closed)
    Response.objects.bulk_create(
        Response(
            tenant_id=closed.tenant_id,
            survey=closed,
            link=link,
            suggestion=f"Saran {i}",
            suggestion_state="pending",
        )
        for i in range(60)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(page)
    assert "Saran 59" in text(response)


def test_a_perception_survey_report_gives_the_lke_value_and_its_rule(
    pokja_pp, tree, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *ids: None)
    ipak = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind="ipak", year=2027, period="year", scale=5
    )
    ipak = services.survey_open(actor=pokja_pp, survey=ipak)
    codes = list(Item.objects.filter(survey=ipak).values_list("code", flat=True))
    services.response_record(link=Link.objects.get(survey=ipak), answers=dict.fromkeys(codes, 4))
    ipak = services.survey_close(actor=pokja_pp, survey=ipak)
    with django_capture_on_commit_callbacks(execute=True):
        ipak = services.survey_publish(actor=pokja_pp, survey=ipak, analysis="Persepsi baik.")
    assert render_survey_report(ipak.tenant_id, ipak.pk) is True
    ipak.refresh_from_db()
    text_ = pdf_text(ipak.report_file)
    # Mean 4 on 5 points, proportional: 4 × 4 / 5 = 3.20.
    assert "Indeks (skala 1–5) : 4,00" in text_
    assert "Nilai pada skala LKE (0–4) : 3,20" in text_
    assert "dikalikan 4 lalu dibagi 5" in text_
    assert "IKM konversi" not in text_


def test_the_beat_job_queues_the_reports_still_due(published, monkeypatch):
    from apps.surveys.tasks import render_missing_survey_reports

    queued = []

    def enqueue(task, *ids):
        queued.append((task, *ids))
        return True

    monkeypatch.setattr("apps.core.queue.enqueue", enqueue)
    assert render_missing_survey_reports() == 1
    assert queued == [(render_survey_report, published.tenant_id, published.pk)]
    render_survey_report(published.tenant_id, published.pk)
    queued.clear()
    render_missing_survey_reports()
    assert queued == []


def test_the_staff_report_download_needs_a_login(client, published):
    target = reverse("surveys:report_pdf", args=[published.pk])
    response = client.get(target)
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("who", ["no_role", "sibling_sekretaris", "other_admin"])
def test_the_staff_report_download_is_404_to_others(client_for, request, published, who):
    target = reverse("surveys:report_pdf", args=[published.pk])
    assert client_for(request.getfixturevalue(who)).get(target).status_code == 404


def test_the_home_list_asks_to_review_then_publish(closed, pokja_pp, member, tenant):
    from apps.surveys.todo import publication_items

    [item] = publication_items(pokja_pp, tenant)
    assert item.kind == "surveys.publish"
    assert item.title == "Tinjau 2 saran responden lalu publikasikan hasil SKM Semester I 2027"
    assert item.url == reverse("surveys:suggestions", args=[closed.pk])
    services.suggestions_review(
        actor=pokja_pp,
        survey=closed,
        response_ids=[r.pk for r in _suggestions(closed).values()],
        state="approved",
    )
    [item] = publication_items(pokja_pp, tenant)
    assert item.title == "Publikasikan hasil SKM Semester I 2027"
    assert item.url == reverse("surveys:publish", args=[closed.pk])
    assert publication_items(member, tenant) == []  # reads, does not publish


def test_a_published_survey_leaves_the_home_list(published, pokja_pp, tenant):
    from apps.surveys.todo import publication_items

    assert publication_items(pokja_pp, tenant) == []


def test_the_suggestions_page_reviews_every_suggestion_it_shows_at_once(
    client_for, closed, pokja_pp
):
    page = reverse("surveys:suggestions", args=[closed.pk])
    response = client_for(pokja_pp).post(
        page + "?status=pending", {"all": "page", "state": "hidden"}
    )
    assert response.status_code == 302
    assert set(Response.objects.values_list("suggestion_state", flat=True)) == {"hidden"}


def test_the_public_results_pages_have_the_pages_rate_limit(client, settings, published):
    settings.SURVEY_RATE_LIMIT_PAGE_IP = "2/m"
    results = reverse("surveys_public:results", args=[published.pk])
    pdf = reverse("surveys_public:report_pdf", args=[published.pk])
    assert client.get(results).status_code == 200
    assert client.get(pdf).status_code in (200, 302)
    refused = client.get(pdf)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert client.get(results).status_code == 429


def test_the_analysis_is_frozen_in_the_service_too(published, pokja_pp):
    with pytest.raises(ValidationError, match="tidak dapat diubah setelah"):
        services.survey_update(actor=pokja_pp, survey=published, analysis="Ditulis ulang.")
    services.survey_update(actor=pokja_pp, survey=published, title="Judul dibetulkan")
    assert Survey.objects.get(pk=published.pk).analysis == "Unsur U5 terendah."
