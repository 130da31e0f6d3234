from __future__ import annotations

import json

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from sitroom.cli import app

from .conftest import SEEDS, shared_path
from .contract import check_line

runner = CliRunner()
COMMAND = get_command(app)
BODY = ("North Korea has sent thousands of soldiers to Russia, officials in Seoul said on "
        "Friday, and analysts say Pyongyang may gain combat experience.")


def invoke(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def test_cli_every_command_and_option_has_help():
    assert set(COMMAND.commands) >= {"ingest", "extract", "analyze", "ls", "show", "search",
                                     "demo"}
    missing = []
    for name, command in COMMAND.commands.items():
        if not (command.help or "").strip():
            missing.append(name)
        for param in command.params:
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{name} {param.name}")
        result = invoke(name, "--help")
        assert result.exit_code == 0, result.output
    assert missing == []


def test_cli_extract_seeds_follow_the_contract():
    shared_path("seeds")
    seeds = sorted(SEEDS.glob("*.txt"))
    result = runner.invoke(app, ["extract", *map(str, seeds)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["article"]["id"] for line in lines] == [p.stem for p in seeds]
    for line, path in zip(lines, seeds, strict=True):
        check_line(line)
        assert line["article"]["text"] == path.read_text(encoding="utf-8").strip()
        assert line["sentences"], "the parse found no sentence"


def test_cli_extract_reports_bad_input_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(BODY)
    (tmp_path / "bad.json").write_text("{oops")
    result = invoke("extract", tmp_path / "bad.json", tmp_path / "good.txt")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert f"{tmp_path / 'bad.json'}: invalid JSON" in result.stderr


def test_cli_extract_nothing_readable_exits_nonzero(tmp_path):
    (tmp_path / "bad.json").write_text("{oops")
    result = invoke("extract", tmp_path / "bad.json")
    assert result.exit_code == 1 and result.stdout == ""


def test_cli_extract_reads_stdin_and_one_per_line(tmp_path):
    result = invoke("extract", "-", input=BODY)
    assert json.loads(result.stdout)["article"]["id"] == "stdin"
    path = tmp_path / "s.txt"
    path.write_text("Russia vetoed the draft.\nChina abstained.\n")
    result = invoke("extract", "--one-per-line", "--published", "2024-10-18", path)
    ids = [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()]
    assert ids == ["s:1", "s:2"]


def test_cli_rejects_bad_option_values(tmp_path):
    assert invoke("extract", "--input-format", "pdf", tmp_path).exit_code == 2
    assert invoke("extract", "--published", "someday", tmp_path).exit_code == 2


def test_cli_analyze_then_ls_show_search(tmp_path):
    db = tmp_path / "cli.db"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(f"Troops sent to Russia\n\n{BODY}")
    (tmp_path / "in" / "b.bin.txt").write_bytes(b"\x00\x00")
    result = invoke("analyze", tmp_path / "in", "--db", db)
    assert result.exit_code == 0, result.output
    assert "b.bin.txt: binary data" in result.stderr
    assert "│ new" in result.stdout and "│ failed" in result.stdout
    listing = invoke("ls", "--db", db)
    assert "Troops sent to Russia" in listing.stdout
    shown = invoke("show", "a", "--db", db, "--json")
    check_line(json.loads(shown.stdout))
    readable = invoke("show", "a", "--db", db, "--no-text")
    assert readable.exit_code == 0
    assert "actors" in readable.stdout and "PRK" in readable.stdout
    assert "who says what" in readable.stdout and "analysts" in readable.stdout
    assert BODY[:40] not in readable.stdout
    found = invoke("search", "Pyongyang", "--db", db)
    assert found.exit_code == 0 and "a" in found.stdout
    assert invoke("search", "zzzxq", "--db", db).exit_code == 1
    assert invoke("show", "nope", "--db", db).exit_code == 1
    problems = invoke("problems", "--db", db)
    assert "binary data" in problems.stdout
    again = invoke("analyze", tmp_path / "in", "--db", db)
    assert "│ already stored" in again.stdout and "│ 1" in again.stdout


def test_cli_ingest_nothing_readable_exits_nonzero(tmp_path):
    result = invoke("ingest", tmp_path / "missing", "--db", tmp_path / "x.db")
    assert result.exit_code == 1
    assert "no such file or directory" in result.stderr


def test_cli_demo_runs_on_the_bundled_corpus(tmp_path):
    db = tmp_path / "demo.db"
    result = invoke("demo", "--db", db)
    assert result.exit_code == 0, result.output
    assert "syndicated:" in result.stdout
    assert "North Korean troops" in result.stdout


@pytest.mark.parametrize("flag", ["--version"])
def test_cli_version(flag):
    result = invoke(flag)
    assert result.exit_code == 0 and result.stdout.startswith("sitroom ")


def test_cli_every_command_and_option_is_documented():
    from .conftest import ROOT

    docs = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    sections = {part.split("\n", 1)[0].strip(): part for part in docs.split("\n## sitroom ")[1:]}
    shared = docs.split("\n## sitroom ")[0]
    undocumented = []
    for name, command in COMMAND.commands.items():
        if name not in sections:
            undocumented.append(name)
            continue
        # a group (`export`) documents its subcommands' options in its own section
        params = [p for sub in getattr(command, "commands", {}).values() for p in sub.params]
        for param in [*command.params, *params]:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in sections[name] and opt not in shared:
                    undocumented.append(f"{name} {opt}")
    assert undocumented == []


def test_cli_extract_in_two_processes_gives_the_same_lines():
    shared_path("seeds")
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    one = runner.invoke(app, ["extract", *seeds])
    two = runner.invoke(app, ["extract", "--processes", "2", *seeds])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and one.stdout.count("\n") == 2


def test_cli_brief_with_processes_gives_the_same_briefs():
    shared_path("seeds")
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    one = runner.invoke(app, ["brief", "--format", "json", *seeds])
    two = runner.invoke(app, ["brief", "--format", "json", "--processes", "2", *seeds])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and '"sitroom.brief/1"' in one.stdout
