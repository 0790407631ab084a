"""/api/v1/lke/templates/: list, read a whole template, score an answer set."""

import copy
import json

import pytest
from rest_framework.test import APIClient

from apps.lke.engine import score
from apps.lke.services import content_hash, template_load
from tests.api.helpers import (
    assert_anonymous_refused,
    assert_bad_request,
    assert_not_found,
    error_of,
)
from tests.factories import UserFactory

from .support import DOCS, TEMPLATES, best_answers
from .test_cli import EXAMPLE

pytestmark = pytest.mark.django_db

LIST = "/api/v1/lke/templates/"


def detail(code):
    return f"{LIST}{code}/"


def score_url(code):
    return f"{LIST}{code}/score/"


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_login(member)
    return client


def post(api, code, body):
    return api.post(score_url(code), json.dumps(body, default=str), content_type="application/json")


def test_anonymous_is_refused_everywhere(loaded):
    client = APIClient()
    assert_anonymous_refused(client.get(LIST))
    assert_anonymous_refused(client.get(detail("lke-2021")))
    assert_anonymous_refused(client.post(score_url("lke-2021"), EXAMPLE, format="json"))


def test_the_list_shows_published_and_retired_versions(api, loaded):
    doc = copy.deepcopy(DOCS["lke-2014"])
    doc.update(code="lke-draf", status="draft")
    template_load(document=doc)
    body = api.get(LIST).json()
    assert body["count"] == 2
    assert [(v["code"], v["status"], v["question_count"]) for v in body["results"]] == [
        ("lke-2021", "published", 113),
        ("lke-2014", "retired", 84),
    ]
    assert body["results"][0]["status_display"] == "Berlaku"
    assert_not_found(api.get(detail("lke-draf")))


def test_a_template_reads_whole_in_the_fixture_format(api, loaded):
    response = api.get(detail("lke-2021"))
    assert response.status_code == 200
    document = response.json()
    assert content_hash(document) == content_hash(DOCS["lke-2021"])
    assert document["status"] == "published"


def test_an_unknown_template_is_not_found(api, loaded):
    assert_not_found(api.get(detail("lke-1999")))
    assert_not_found(post(api, "lke-1999", EXAMPLE))


def test_score_answers_like_the_cli(api, loaded):
    response = post(api, "lke-2021", EXAMPLE)
    assert response.status_code == 200, response.content
    assert response.json() == score(TEMPLATES["lke-2021"], EXAMPLE["answers"]).to_dict()
    assert response.json()["total"] == "36.38"


def test_score_reaches_the_predicate_ladder(api, loaded):
    answers = best_answers(TEMPLATES["lke-2021"])
    assert post(api, "lke-2021", {"answers": answers}).json()["predicate"] == "WBK"
    body = post(api, "lke-2021", {"answers": answers, "holds_wbk": True}).json()
    assert body["predicate"] == "WBBM"


def test_score_detail_adds_warnings(api, loaded):
    body = {"answers": {"PRA1A": {"agents": 1, "changes": 3}}}
    response = api.post(
        score_url("lke-2021") + "?detail=1", json.dumps(body), content_type="application/json"
    )
    assert "dibatasi 100%" in response.json()["warnings"][0]


def test_a_retired_version_still_scores(api, loaded):
    body = {"answers": {"MP1a": "Ya", "HB2": 70}}
    response = post(api, "lke-2014", body)
    assert response.status_code == 200
    assert response.json()["hasil_items"]["HB2"] == "3.50"


def test_bad_answers_are_listed_per_question(api, loaded):
    response = post(api, "lke-2021", {"answers": {"PPA1B": "E", "HBA": 7, "NOPE": "A"}})
    error = assert_bad_request(response)
    assert error["message"] == "Jawaban tidak sah (3 masalah)."
    assert error["fields"]["answers"] == {
        "PPA1B": [
            "pilihan 'E' tidak tersedia untuk tipe jawaban A/B/C (pilihan yang sah: A, B, C)."
        ],
        "HBA": ["nilai 7 di luar rentang 0–4."],
        "NOPE": ["kode pertanyaan tidak dikenal dalam template lke-2021."],
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"jawaban": {}}, "Kolom tidak dikenal dalam berkas jawaban: jawaban"),
        ({}, "Kolom 'answers' wajib ada dalam berkas jawaban."),
        ({"answers": ["PPA1A"]}, "Kolom 'answers' harus berupa objek {kode: jawaban}."),
        ({"answers": {}, "holds_wbk": "ya"}, "Kolom 'holds_wbk' harus bernilai true atau false."),
        ([1, 2], 'Berkas jawaban harus berupa objek {"answers": {...}}.'),
    ],
)
def test_a_malformed_body_is_refused(api, loaded, body, message):
    error = assert_bad_request(post(api, "lke-2021", body))
    assert message in error["message"]


def test_invalid_json_is_refused(api, loaded):
    response = api.post(score_url("lke-2021"), "{", content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_score_only_accepts_post(api, loaded):
    assert api.get(score_url("lke-2021")).status_code == 405


def test_a_person_without_an_agency_may_use_the_templates(loaded):
    client = APIClient()
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 200
    assert post(client, "lke-2021", EXAMPLE).status_code == 200


def test_query_budgets_do_not_grow_with_the_template(api, loaded, django_assert_max_num_queries):
    post(api, "lke-2021", EXAMPLE)
    post(api, "lke-2014", {"answers": {}})  # warm the engine cache
    # session, user, second factor, membership, tenant (middleware) + the version
    for code in ("lke-2021", "lke-2014"):
        with django_assert_max_num_queries(6):
            assert post(api, code, {"answers": {}}).status_code == 200
        with django_assert_max_num_queries(6):
            assert api.get(detail(code)).status_code == 200
    with django_assert_max_num_queries(7):
        assert api.get(LIST).status_code == 200


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert {
        "/api/v1/lke/templates/",
        "/api/v1/lke/templates/{code}/",
        "/api/v1/lke/templates/{code}/score/",
    } <= set(paths)
    assert "post" in paths["/api/v1/lke/templates/{code}/score/"]
