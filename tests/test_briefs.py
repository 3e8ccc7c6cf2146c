"""Brief templates render with the data's words and citations, and what they render the checker supports."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import brief_check, briefs, loading, paths

SEED = "asia-news-2020-12-12"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=paths.REPO_DIR, capture_output=True,
                          text=True, timeout=120)



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
    markers = set(re.findall(r"\[\^([^\]]+)\](?!:)", text))
    definitions = set(re.findall(r"^\[\^([^\]]+)\]:", text, flags=re.MULTILINE))
    assert markers == definitions and len(markers) >= 6
    assert text == briefs.render_brief(briefs.SAMPLE_TEMPLATE, data), "deterministic"


@pytest.mark.parametrize("folder", ["bundled", "seed"])
def test_the_rendered_sample_checks_clean(data, seed, folder):
    """What the renderer writes, the checker supports: with the seed alone and with every source."""
    dataset = data if folder == "bundled" else seed
    report = brief_check.check_brief(briefs.render_brief(briefs.SAMPLE_TEMPLATE, dataset), dataset)
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
    bad.write_text("# A brief\n\nThe 44-day war left 5,600 dead on both sides.\n", encoding="utf-8")
    done = run("brief", "check", str(bad), "--data", str(seed_folder))
    assert done.returncode == 1 and "overstated" in done.stdout and "5,600" in done.stdout


def test_cli_check_formats_give_every_note_in_full(tmp_path):
    brief = tmp_path / "brief.md"
    brief.write_text("Russia deployed 1,960 peacekeepers.\n\nThe peacekeepers will stay for five years.\n",
                     encoding="utf-8")
    report = brief_check.check_brief(brief.read_text(encoding="utf-8"), loading.load())
    notes = [n for n in report["note"] if n]
    assert len(notes) == 2 and max(len(n) for n in notes) > 100
    done = run("brief", "check", str(brief))
    assert done.returncode == 0, done.stdout
    assert "\nNotes:\n1:17  " + report.loc[0, "note"] + "\n3:32  " + report.loc[1, "note"] + "\n" in done.stdout
    csv = run("brief", "check", str(brief), "--format", "csv")
    assert csv.returncode == 0 and csv.stdout == report.to_csv(index=False, lineterminator="\n")
    markdown = run("brief", "check", str(brief), "--format", "markdown")
    assert markdown.returncode == 0 and all(n in markdown.stdout for n in notes)
    assert markdown.stdout.startswith("| line | column |")

    bad = tmp_path / "bad.md"
    bad.write_text("The war started on 28 September 2020.\n", encoding="utf-8")
    for fmt in briefs.REPORT_FORMATS:
        done = run("brief", "check", str(bad), "--format", fmt)
        assert done.returncode == 1 and "contradicted" in done.stdout, fmt
    assert run("brief", "check", str(bad), "--format", "html").returncode == 2


def test_the_checker_is_importable_from_briefs_and_the_package():
    import analysis

    assert briefs.check_brief is brief_check.check_brief is analysis.check_brief
    assert briefs.format_table is brief_check.format_table and briefs.CHECK_COLUMNS == brief_check.CHECK_COLUMNS


def test_cli_errors(tmp_path):
    assert run("brief", "check", str(tmp_path / "missing.md")).returncode == 2
    assert run("brief", "render", str(tmp_path / "missing.md.j2")).returncode == 2
    assert run("brief").returncode == 2
    broken = template(tmp_path, 'Line one\n{{ figure("an-deaths-totl") }}\n')
    done = run("brief", "render", str(broken), "-o", str(tmp_path / "out.md"))
    assert done.returncode == 1 and "line 2" in done.stderr and 'figure("an-deaths-totl")' in done.stderr
    assert not (tmp_path / "out.md").exists()


def test_pandoc_keys_and_plain_citations_stand_after_a_space(data):
    pandoc = briefs.render_brief(briefs.SAMPLE_TEMPLATE, data, style="pandoc")
    assert "[@" in pandoc and not re.search(r"\w\[@", pandoc), "a pandoc key glued to a word"
    plain = briefs.render_brief(briefs.SAMPLE_TEMPLATE, data, style="plain")
    assert not re.search(r"\w\((Asia News|BBC News|Meduza)", plain)


def test_pandoc_citeproc_reads_the_exports(data, tmp_path):
    import json
    import shutil

    from analysis import citations

    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed here (Debian: apt-get install pandoc)")
    (tmp_path / "brief.md").write_text(briefs.render_brief(briefs.SAMPLE_TEMPLATE, data, style="pandoc"))
    (tmp_path / "sources.json").write_text(json.dumps(citations.to_csl_json(data.sources)))
    (tmp_path / "sources.bib").write_text(citations.to_bibtex(data.sources))
    for bibliography in ("sources.json", "sources.bib"):
        run = subprocess.run(["pandoc", "brief.md", "--citeproc", f"--bibliography={bibliography}", "-t", "plain"],
                             capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 0 and "[WARNING]" not in run.stderr, run.stderr
        assert "(Asia News 2020)" in run.stdout and "References" in run.stdout
        assert "Nagorno-Karabakh" in run.stdout.split("References", 1)[1]


def test_cli_fails_on_disputed_unless_allowed_and_names_a_brief_that_is_not_utf8(tmp_path):
    brief = tmp_path / "brief.md"
    brief.write_text("Dozens of civilians died in the fighting.\n", encoding="utf-8")
    done = run("brief", "check", str(brief))
    assert done.returncode == 1 and "\nTo change:\nline 1, column 1: disputed" in done.stdout
    assert run("brief", "check", str(brief), "--allow-disputed").returncode == 0
    latin = tmp_path / "latin.md"
    latin.write_bytes("Pr\u00e8s de 5\u00a0600 morts.\n".encode("latin-1"))
    done = run("brief", "check", str(latin))
    assert done.returncode == 2 and str(latin) in done.stderr and "not UTF-8" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_brief_on_the_page_has_its_title_not_its_front_matter():
    # Trial 25: the brief report set the YAML front matter ("title: ... date: ...") as a large heading.
    import doctest

    from analysis import briefs
    assert doctest.testmod(briefs).failed == 0
    page = briefs.for_page('---\ntitle: "The <toll> of 2020"\ndate: 2020-12-14\n---\n\nIn 44 days ...\n')
    assert page == "## The \\<toll> of 2020\n\nIn 44 days ...\n", page
    assert briefs.for_page("---\ndate: 2020-12-14\n---\nText.\n") == "Text.\n"
    assert briefs.for_page("Text --- with a dash.\n") == "Text --- with a dash.\n"
