"""`manage.py lke_score`: good and bad input, and no database needed."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.lke.engine import files, score

from .support import TEMPLATES, best_answers

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = {
    "answers": {
        "PPA1A": "Ya",
        "PPA1B": "B",
        "PRA1A": {"agents": 4, "changes": 3},
        "HBA": 3.7,
        "HBB": "B",
        "HPA": 3.5,
    },
    "holds_wbk": False,
}


@pytest.fixture
def answers_file(tmp_path):
    def write(document, name="answers.json"):
        path = tmp_path / name
        text = document if isinstance(document, str) else json.dumps(document)
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("lke_score", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_scores_as_one_json_object(answers_file):
    out, err = run_command("--template", "lke-2021", answers_file(EXAMPLE))
    data = json.loads(out)
    assert err == ""
    assert list(data) == [
        "template",
        "total",
        "pengungkit",
        "hasil",
        "areas",
        "hasil_items",
        "predicate",
        "failed",
    ]
    assert data["total"] == "36.38"
    assert data["areas"]["MP"] == {
        "pemenuhan": "0.38",
        "reform": "0.75",
        "score": "1.13",
        "percent": "14.06",
    }
    assert data["hasil_items"] == {"HBA": "16.19", "HBB": "3.75", "HPA": "15.31"}
    assert data["predicate"] is None
    assert data == score(TEMPLATES["lke-2021"], EXAMPLE["answers"]).to_dict()


def test_it_scores_lke_2014_with_a_proses_aspect(answers_file):
    document = {"answers": {"MP1a": "Ya", "HB1": 4, "HB2": 100, "HP1": 4}, "holds_wbk": True}
    data = json.loads(run_command("--template", "lke-2014", answers_file(document))[0])
    assert data["template"] == "lke-2014"
    assert data["areas"]["MP"] == {"proses": "0.50", "score": "0.50", "percent": "10.00"}
    assert data["hasil_items"] == {"HB1": "15.00", "HB2": "5.00", "HP1": "20.00"}


def test_holds_wbk_reaches_the_predicate_ladder(answers_file):
    answers = best_answers(TEMPLATES["lke-2021"])
    answers = {k: (str(v) if not isinstance(v, dict | str) else v) for k, v in answers.items()}
    for holds, predicate in ((False, "WBK"), (True, "WBBM")):
        path = answers_file({"answers": answers, "holds_wbk": holds}, f"best-{holds}.json")
        assert json.loads(run_command("--template", "lke-2021", path)[0])["predicate"] == predicate


def test_detail_adds_warnings_and_indicators(answers_file):
    document = {"answers": {"PRA1A": {"agents": 2, "changes": 3}}}
    out, _ = run_command("--template", "lke-2021", "--detail", answers_file(document))
    data = json.loads(out)
    assert data["indicators"]["PRA1"] == "1.00"
    assert "dibatasi 100%" in data["warnings"][0]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"answers": {"XYZ1": "A"}}, "Pertanyaan XYZ1: kode pertanyaan tidak dikenal"),
        ({"answers": {"PPA1B": "D"}}, "Pertanyaan PPA1B: pilihan 'D' tidak tersedia"),
        ({"answers": {"HBA": 4.5}}, "Pertanyaan HBA: nilai 4.5 di luar rentang 0–4"),
        ({"answers": {"HPA": -1}}, "Pertanyaan HPA: nilai -1 di luar rentang 0–4"),
        (
            {"answers": {"PRA1A": {"agents": -2, "changes": 1}}},
            "Pertanyaan PRA1A: jumlah agen perubahan ('agents') tidak boleh negatif",
        ),
        (
            {"answers": {"PRE2A": {"due": 3.5, "resolved": 1}}},
            "Pertanyaan PRE2A: jumlah pengaduan yang harus ditindaklanjuti ('due') harus "
            "bilangan bulat, bukan 3.5",
        ),
        ('{"answers": {"PPA1A": "Ya",}}', "Berkas jawaban bukan JSON yang sah (baris 1"),
        ('{"answers": {"HBA": NaN}}', "Berkas jawaban bukan JSON yang sah"),
        ("[1, 2]", "Berkas jawaban harus berupa objek"),
        ({"jawaban": {}}, "Kolom tidak dikenal dalam berkas jawaban: jawaban"),
        ({}, "Kolom 'answers' wajib ada"),
        ({"answers": []}, "Kolom 'answers' harus berupa objek"),
        ({"answers": {}, "holds_wbk": "ya"}, "Kolom 'holds_wbk' harus bernilai true atau false"),
    ],
)
def test_bad_input_exits_2_with_an_indonesian_message(answers_file, document, message):
    with pytest.raises(CommandError) as exc:
        run_command("--template", "lke-2021", answers_file(document))
    assert exc.value.returncode == 2
    assert message in str(exc.value)


def test_an_unknown_template_is_bad_input(answers_file):
    with pytest.raises(CommandError) as exc:
        run_command("--template", "lke-1999", answers_file(EXAMPLE))
    assert exc.value.returncode == 2
    assert (
        str(exc.value) == "Template LKE 'lke-1999' tidak ditemukan (tersedia: lke-2014, lke-2021)."
    )


def test_a_template_code_cannot_name_a_path(answers_file):
    with pytest.raises(CommandError, match="tidak sah"):
        run_command("--template", "../../etc/passwd", answers_file(EXAMPLE))


def test_a_missing_answers_file_is_bad_input(tmp_path):
    with pytest.raises(CommandError, match="Berkas jawaban tidak ditemukan"):
        run_command("--template", "lke-2021", str(tmp_path / "nope.json"))


def test_every_problem_is_listed_at_once(answers_file):
    document = {"answers": {"PPA1A": "B", "HBA": 9, "PRA1A": {"agents": 1}}}
    with pytest.raises(CommandError) as exc:
        run_command("--template", "lke-2021", answers_file(document))
    lines = str(exc.value).splitlines()
    assert lines[0] == "Jawaban tidak sah (3 masalah):"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "- Pertanyaan PPA1A",
        "- Pertanyaan HBA",
        "- Pertanyaan PRA1A",
    ]


# --- the same without Django (apps.lke.engine.files) -----------------------------------


def test_the_pure_cli_prints_the_same_object(answers_file, capsys):
    assert files.main(["--template", "lke-2021", answers_file(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == score(TEMPLATES["lke-2021"], EXAMPLE["answers"]).to_dict()


def test_the_pure_cli_exits_2_and_prints_nothing_on_stdout(answers_file, capsys):
    assert files.main(["--template", "lke-2021", answers_file({"answers": {"HBA": 5}})]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Pertanyaan HBA: nilai 5 di luar rentang 0–4." in captured.err


# --- a real process with an unreachable database -----------------------------------------


def manage(*args, stdin=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zi_portal.settings.test",
        # Nothing listens on port 1: any connection attempt would fail loudly.
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/no_such_db",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "lke_score", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_manage_py_scores_without_a_database(answers_file):
    completed = manage("--template", "lke-2021", answers_file(EXAMPLE))
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert json.loads(completed.stdout)["total"] == "36.38"


def test_manage_py_reads_answers_from_stdin():
    completed = manage("--template", "lke-2021", "-", stdin=json.dumps(EXAMPLE))
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["hasil"] == "35.25"


def test_manage_py_bad_input_exits_2_with_only_the_message(answers_file):
    completed = manage("--template", "lke-2021", answers_file({"answers": {"PPA1B": "Z"}}))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.strip() == (
        "Jawaban tidak sah (1 masalah):\n"
        "- Pertanyaan PPA1B: pilihan 'Z' tidak tersedia untuk tipe jawaban A/B/C "
        "(pilihan yang sah: A, B, C)."
    )
