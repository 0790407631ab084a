"""Loading template fixtures into the database: `load_lke`, idempotence, immutability."""

import copy
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from apps.lke import services
from apps.lke.engine import load_template, score
from apps.lke.models import (
    CountInput,
    EvidenceRequirement,
    Question,
    QuestionOption,
    TemplateStatus,
    TemplateVersion,
)
from apps.lke.selectors import engine_template, template_document
from apps.lke.services import TemplateInUse, content_hash, template_load

from .support import DOCS, FIXTURES, TEMPLATES, best_answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_templates")]


def load(doc):
    return template_load(document=copy.deepcopy(doc), source="test")


@pytest.fixture
def in_use(monkeypatch):
    monkeypatch.setattr(services, "template_in_use", lambda version: True)


def first_question(doc) -> dict:
    return doc["components"][0]["areas"][0]["aspects"][0]["indicators"][0]["questions"][0]


def test_loading_creates_the_whole_tree():
    result = load(DOCS["lke-2021"])
    assert result.action == "created"
    assert result.message == "Template lke-2021 dimuat (Berlaku)."
    version = result.version
    assert (version.code, version.status) == ("lke-2021", TemplateStatus.PUBLISHED)
    assert version.content_hash == content_hash(DOCS["lke-2021"])
    assert Question.objects.filter(version=version).count() == 113
    question = Question.objects.get(version=version, code="PPA1A")
    assert question.indicator.aspect.area.code == "MP"
    assert list(question.options.values_list("code", "value")) == [("Ya", 1), ("Tidak", 0)]
    assert question.evidence.first().name.startswith("SK Tim Kerja Pembangunan ZI")
    prc3a = Question.objects.get(version=version, code="PRC3A")
    assert list(prc3a.count_inputs.values_list("name", flat=True)) == [
        "last_year",
        "this_year",
        "sanctioned",
    ]
    assert version.predicates.get(code="WBK").rules.get(code="total").bound == 75


def test_loading_the_same_document_again_changes_nothing():
    load(DOCS["lke-2021"])
    ids = sorted(Question.objects.values_list("pk", flat=True))
    counts = (QuestionOption.objects.count(), EvidenceRequirement.objects.count())
    result = load(DOCS["lke-2021"])
    assert result.action == "unchanged"
    assert result.message == "Template lke-2021 tidak berubah."
    assert sorted(Question.objects.values_list("pk", flat=True)) == ids
    assert (QuestionOption.objects.count(), EvidenceRequirement.objects.count()) == counts


@pytest.mark.parametrize("code", sorted(DOCS))
def test_the_rows_give_back_the_same_template(code, django_assert_max_num_queries):
    version = load(DOCS[code]).version
    with django_assert_max_num_queries(12):
        document = template_document(version)
    assert content_hash(document) == content_hash(DOCS[code])
    assert load_template(document) == TEMPLATES[code]


def test_the_engine_template_from_rows_scores_like_the_file(django_assert_num_queries):
    version = load(DOCS["lke-2021"]).version
    template = engine_template(version)
    answers = best_answers(TEMPLATES["lke-2021"], HBB="C", PPA1B="B")
    assert score(template, answers).to_dict() == score(TEMPLATES["lke-2021"], answers).to_dict()
    with django_assert_num_queries(0):
        assert engine_template(version) is template


def test_a_status_change_alone_keeps_the_rows():
    load(DOCS["lke-2021"])
    ids = sorted(Question.objects.values_list("pk", flat=True))
    result = load({**DOCS["lke-2021"], "status": "retired"})
    assert result.action == "status_changed"
    assert result.version.status == TemplateStatus.RETIRED
    assert sorted(Question.objects.values_list("pk", flat=True)) == ids


def test_changed_content_replaces_a_version_nobody_uses():
    load(DOCS["lke-2021"])
    doc = copy.deepcopy(DOCS["lke-2021"])
    first_question(doc)["text"] = "Tim kerja sudah dibentuk (rumusan baru)"
    result = load(doc)
    assert result.action == "replaced"
    assert Question.objects.get(code="PPA1A").text == "Tim kerja sudah dibentuk (rumusan baru)"
    assert Question.objects.count() == 113
    assert TemplateVersion.objects.get().content_hash == content_hash(doc)


def test_a_published_version_in_use_refuses_changed_content(in_use):
    version = load(DOCS["lke-2021"]).version
    doc = copy.deepcopy(DOCS["lke-2021"])
    first_question(doc)["text"] = "diubah"
    doc["predicates"][1]["rules"][0]["bound"] = "70"
    with pytest.raises(TemplateInUse) as exc:
        load(doc)
    assert "sudah dipakai penilaian; isinya tidak dapat diubah" in exc.value.messages[0]
    version.refresh_from_db()
    assert version.content_hash == content_hash(DOCS["lke-2021"])
    assert Question.objects.get(code="PPA1A").text != "diubah"
    assert load(DOCS["lke-2021"]).action == "unchanged"


def test_a_version_in_use_may_be_retired_but_not_made_a_draft_again(in_use):
    load(DOCS["lke-2021"])
    assert load({**DOCS["lke-2021"], "status": "retired"}).action == "status_changed"
    with pytest.raises(TemplateInUse, match="tidak dapat kembali ke draf"):
        load({**DOCS["lke-2021"], "status": "draft"})
    assert TemplateVersion.objects.get().status == TemplateStatus.RETIRED


def test_template_in_use_is_false_until_assessments_exist():
    version = load(DOCS["lke-2014"]).version
    assert services.template_in_use(version) is False


def test_an_invalid_document_is_refused_and_nothing_is_written():
    doc = copy.deepcopy(DOCS["lke-2021"])
    doc["components"][0]["areas"][0]["weight"] = "9"
    with pytest.raises(ValidationError) as exc:
        load(doc)
    assert "area MP: bobot 9 tidak sama dengan jumlah bagiannya 8" in exc.value.messages[0]
    assert not TemplateVersion.objects.exists()
    assert not CountInput.objects.exists()


def test_load_lke_command_loads_both_fixtures_and_is_idempotent():
    out = StringIO()
    paths = [str(FIXTURES / "lke-2021.json"), str(FIXTURES / "lke-2014.json")]
    call_command("load_lke", *paths, stdout=out)
    assert out.getvalue().splitlines() == [
        "Template lke-2021 dimuat (Berlaku).",
        "Template lke-2014 dimuat (Tidak berlaku).",
    ]
    assert TemplateVersion.objects.get(code="lke-2021").source == "fixtures/lke/lke-2021.json"
    out = StringIO()
    call_command("load_lke", *paths, stdout=out)
    assert out.getvalue().splitlines() == [
        "Template lke-2021 tidak berubah.",
        "Template lke-2014 tidak berubah.",
    ]


def test_load_lke_reports_unreadable_files(tmp_path):
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        call_command("load_lke", str(tmp_path / "nope.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="tidak dapat dibaca sebagai JSON"):
        call_command("load_lke", str(broken))
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"code": "x"}', encoding="utf-8")
    with pytest.raises(CommandError, match="Template LKE tidak sah"):
        call_command("load_lke", str(invalid))
