"""Brief templates render with the data's words and citations; brief checks find overstated and unsupported claims."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis import briefs, loading, paths

SEED = "asia-news-2020-12-12"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=paths.REPO_DIR, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def seed_folder(editable) -> Path:
    """The data with the seed article's rows only, so verdicts do not depend on what other sources say."""
    for table in ("events", "figures", "spans"):
        editable.write(table, [row for row in editable.rows(table) if row["source_id"] == SEED])
    return editable.folder


@pytest.fixture
def seed(seed_folder) -> loading.Dataset:
    return loading.load(seed_folder)


def template(tmp_path: Path, text: str, name: str = "brief.md.j2") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------- rendering


def test_sample_renders_with_words_and_footnotes(data):
    text = briefs.render_brief(briefs.SAMPLE_TEMPLATE, data)
    assert "{{" not in text and "{%" not in text
    assert "more than 5,600 people were killed on both sides" in text
    assert "On 11 December 2020 the Russian Defence Ministry reported a ceasefire violation in Hadrut district" in text
    markers = set(briefs.re.findall(r"\[\^([^\]]+)\](?!:)", text))
    definitions = set(briefs.re.findall(r"^\[\^([^\]]+)\]:", text, flags=briefs.re.MULTILINE))
    assert markers == definitions and len(markers) >= 6
    assert text == briefs.render_brief(briefs.SAMPLE_TEMPLATE, data), "deterministic"


@pytest.mark.parametrize("folder", ["bundled", "seed"])
def test_the_rendered_sample_checks_clean(data, seed, folder):
    """What the renderer writes, the checker supports: with the seed alone and with every source."""
    dataset = data if folder == "bundled" else seed
    report = briefs.check_brief(briefs.render_brief(briefs.SAMPLE_TEMPLATE, dataset), dataset)
    assert len(report) >= 10
    assert report["verdict"].eq("supported").all(), report[report["verdict"] != "supported"].to_string()


def test_other_styles(tmp_path, data):
    path = template(tmp_path, '{{ figure("an-deaths-total") | sentence }}.\n\n{{ event("an-parade") }}.\n')
    pandoc = briefs.render_brief(path, data, "pandoc")
    assert f"[@{SEED}]" in pandoc and "::: {#refs}" in pandoc
    plain = briefs.render_brief(path, data, "plain")
    assert plain.startswith("More than 5,600 people")
    assert plain.endswith("## Sources\n\n- Asia News, “Nagorno-Karabakh ceasefire broke, says Russian army”, "
                          "12 December 2020.\n"), "each source listed once"


def test_amount_and_ref(tmp_path, data):
    path = template(tmp_path, 'Russia sent {{ amount("an-peacekeepers") }} peacekeepers{{ ref("an-peacekeepers") }}.')
    text = briefs.render_brief(path, data)
    assert text.startswith("Russia sent nearly 2,000 peacekeepers[^an-peacekeepers].\n")
    assert "\n[^an-peacekeepers]: Asia News" in text


@pytest.mark.parametrize("body, line, needles", [
    ('Title\n\nText {{ figure("an-deaths-total") }}.\nMore {{ figure("an-deaths-totl") }}.\n', 4,
     ['figure("an-deaths-totl")', "did you mean 'an-deaths-total'"]),
    ('One\n{{ event("an-deaths-total") }}\n', 2, ['event("an-deaths-total")', "is in figures", "use figure()"]),
    ('One\ntwo\n{{ cite("no-such-id") }}\n', 3, ['cite("no-such-id")']),
    ('One\n{{ undefined_name }}\n', 2, ["undefined_name"]),
    ('One\n{{ figure("an-deaths-total" }}\n', 2, []),
])
def test_template_errors_name_the_placeholder_and_line(tmp_path, data, body, line, needles):
    path = template(tmp_path, body)
    with pytest.raises(briefs.BriefError) as caught:
        briefs.render_brief(path, data)
    message = str(caught.value)
    assert f"{path}, line {line}" in message
    for needle in needles:
        assert needle in message


# ---------------------------------------------------------------------------------------------- checking

BRIEF = """\
# A test brief

1. The 44-day war left 5,600 dead on both sides.[^1]
2. More than 5,000 people were killed on both sides; at least 6,000 dead, some say.
3. Russia deployed 2,000 peacekeepers, or nearly 2,000 peacekeepers by December 12.
4. The Russian Defence Ministry reported a ceasefire violation in Hadrut district on December 12.
5. On 11 December 2020 the Russian Defence Ministry reported a ceasefire violation in Hadrut district.
6. Three fighters were wounded. The fighting lasted six weeks; the two sides agreed a truce.
7. Russia deployed nearly 2,000 peacekeepers for at least five years, and 7 tanks burned.

[^1]: Asia News, 12 December 2020: “In 44 days of fighting … more than 5,600 dead on both sides”.
"""


def _row(report, text: str, line: int):
    rows = report[(report["text"] == text) & (report["line"] == line)]
    assert len(rows) == 1, report.to_string()
    return rows.iloc[0]


def test_check_verdicts(seed):
    report = briefs.check_brief(BRIEF, seed)
    expected = [
        ("44-day", 3, "supported"), ("5,600", 3, "overstated"), ("More than 5,000", 4, "supported"),
        ("at least 6,000", 4, "overstated"), ("2,000", 5, "overstated"), ("nearly 2,000", 5, "supported"),
        ("December 12", 5, "supported"), ("December 12", 6, "contradicted"), ("11 December 2020", 7, "supported"),
        ("Three", 8, "supported"), ("six weeks", 8, "supported"), ("two", 8, "unsupported"),
        ("nearly 2,000", 9, "supported"), ("at least five years", 9, "supported"), ("7", 9, "unsupported"),
    ]
    for text, line, verdict in expected:
        assert _row(report, text, line)["verdict"] == verdict, (text, line)
    assert len(report) == len(expected), "list numbers, footnote markers and definitions are not claims"


def test_check_says_why_and_where(seed):
    report = briefs.check_brief(BRIEF, seed)
    dead = _row(report, "5,600", 3)
    assert (dead["line"], dead["column"]) == (3, 24)
    assert dead["matched"] == "an-deaths-total" and dead["sources"] == SEED
    assert "more than 5,600" in dead["note"]
    assert _row(report, "2,000", 5)["note"] == "the source says an-peacekeepers: nearly 2,000"
    wrong_day = _row(report, "December 12", 6)
    assert wrong_day["matched"] == "an-violation-hadrut" and "11 December 2020" in wrong_day["note"]
    assert _row(report, "nearly 2,000", 5)["matched"] == "an-peacekeepers"
    assert _row(report, "December 12", 5)["reading"] == "by 12 December 2020"


def test_years_inside_dates_are_dates_and_bare_years_too(seed):
    report = briefs.check_brief("The war of the 1990s. In 2020 the war began on 27 September 2020.\n", seed)
    assert list(report["text"]) == ["the 1990s", "2020", "27 September 2020"]
    assert list(report["type"]) == ["date"] * 3
    assert report["verdict"].eq("supported").all()


def test_words_numbers_and_hedges_are_read(seed):
    report = briefs.check_brief("Over six weeks; nearly two thousand peacekeepers; more than a quarter of a century "
                                "of Armenian control; dozens of military vehicles.", seed)
    assert list(report["reading"]) == ["more than six weeks (duration in weeks)",
                                       "nearly 2,000 (peacekeepers)",
                                       "more than 25 years (duration in years)",
                                       "dozens (military vehicles)"]
    # "over six weeks" is more than the source's "six weeks" says; the other three are the source's words.
    assert list(report["verdict"]) == ["overstated", "supported", "supported", "supported"]


def test_every_source_is_used_and_disagreement_named(editable):
    for table in ("events", "figures", "spans"):
        editable.write(table, [row for row in editable.rows(table) if row["source_id"] == SEED])
    excerpt = "for 2,000 Russian peacekeepers to be deployed"
    editable.append("figures", {
        "figure_id": "other-peacekeepers", "quantity": "peacekeepers", "side": "russia", "population": "military",
        "value": "2000", "unit": "people", "qualifier": "exact", "value_text": "2,000", "low": "2000",
        "high": "2000", "scope": "Russian peacekeepers to be deployed", "source_id": "bbc-55174211",
        "excerpt": excerpt})
    report = briefs.check_brief("Russia deployed 2,000 peacekeepers.", loading.load(editable.folder))
    row = report.iloc[0]
    assert (row["verdict"], row["matched"], row["sources"]) == ("supported", "other-peacekeepers", "bbc-55174211")
    assert row["note"] == f"sources differ in wording: 2,000 (bbc-55174211); nearly 2,000 ({SEED})"
    editable.set("figures", "other-peacekeepers", "value", "2500")
    editable.set("figures", "other-peacekeepers", "low", "2500")
    editable.set("figures", "other-peacekeepers", "high", "2500")
    report = briefs.check_brief("Russia deployed nearly 2,000 peacekeepers.", loading.load(editable.folder))
    assert report.iloc[0]["note"] == f"sources differ: 2,500 (bbc-55174211); nearly 2,000 ({SEED})"


def test_an_empty_brief_has_an_empty_report(seed):
    report = briefs.check_brief("Nothing to count here.\n", seed)
    assert report.empty and list(report.columns) == briefs.CHECK_COLUMNS


# ---------------------------------------------------------------------------------------------- command line


def test_cli_render_and_check(tmp_path, seed_folder, seed):
    out = tmp_path / "out" / "brief.md"
    done = run("brief", "render", str(briefs.SAMPLE_TEMPLATE), "-o", str(out), "--data", str(seed_folder))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == briefs.render_brief(briefs.SAMPLE_TEMPLATE, seed)
    done = run("brief", "check", str(out), "--data", str(seed_folder))
    assert done.returncode == 0, done.stdout
    assert "0 overstated, 0 contradicted, 0 unsupported" in done.stdout

    bad = tmp_path / "bad.md"
    bad.write_text(BRIEF, encoding="utf-8")
    done = run("brief", "check", str(bad), "--data", str(seed_folder))
    assert done.returncode == 1 and "overstated" in done.stdout and "5,600" in done.stdout


def test_cli_errors(tmp_path):
    assert run("brief", "check", str(tmp_path / "missing.md")).returncode == 2
    assert run("brief", "render", str(tmp_path / "missing.md.j2")).returncode == 2
    assert run("brief").returncode == 2
    broken = template(tmp_path, 'Line one\n{{ figure("an-deaths-totl") }}\n')
    done = run("brief", "render", str(broken), "-o", str(tmp_path / "out.md"))
    assert done.returncode == 1 and "line 2" in done.stderr and 'figure("an-deaths-totl")' in done.stderr
    assert not (tmp_path / "out.md").exists()
