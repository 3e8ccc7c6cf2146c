"""Figures and events in words with citations, never stronger than the source; sources as CSL-JSON and BibTeX."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from analysis import citations, dates, loading, paths, quantities

SEED = "asia-news-2020-12-12"
# Every id in the bundled data, so the rules below cover rows added later without a new test.
_BUNDLED = loading.load()
FIGURE_IDS = list(_BUNDLED.figures.index)
EVENT_IDS = list(_BUNDLED.events.index)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=paths.REPO_DIR, capture_output=True,
                          text=True, timeout=120)


# ---------------------------------------------------------------------------------------------- words


def test_the_deaths_figure_keeps_its_qualifier_side_date_and_scope(data):
    assert citations.cite("an-deaths-total", data=data) == (
        "more than 5,600 people were killed on both sides by 12 December 2020 "
        "(dead on both sides in the 44 days of fighting; Asia News, 12 December 2020)")


def test_a_report_date_says_reported_and_names_the_claimant(data):
    assert citations.cite("an-violation-hadrut", data=data) == (
        "on 11 December 2020 the Russian Defence Ministry reported a ceasefire violation in Hadrut district "
        "(Asia News, 12 December 2020)")
    assert citations.words("an-attack-villages", data).startswith("by 12 December 2020 the Armenian army reported")


def test_a_claimed_figure_is_attributed_and_its_statement_date_is_not_an_occurrence_date(data):
    words = citations.words("an-wounded-fighters", data)
    assert words == ("according to the Nagorno-Karabakh forces, three soldiers were wounded on the Armenian side, "
                     "as reported on 12 December 2020")


def test_the_sources_own_voice_has_no_attribution(data):
    for identifier in ["an-deaths-total", "an-peacekeepers", "an-agreement", "an-parade"]:
        assert "according to" not in citations.words(identifier, data)
        assert " said" not in citations.words(identifier, data)


@pytest.mark.parametrize("identifier, expected", [
    ("an-peacekeepers", "nearly 2,000 Russian peacekeepers (Russian peacekeepers deployed) by 12 December 2020"),
    ("an-parade-vehicles", "dozens of military vehicles on the Azerbaijani side (military vehicles in the victory "
                           "parade) on 10 December 2020"),
    ("an-mandate-years", "at least five years"),
    ("an-conflict-decades", "decades"),
    ("an-war-1990s", "in the 1990s a war was fought in Nagorno-Karabakh"),
    ("an-war-start-month", "in late September 2020 the fighting began in Nagorno-Karabakh"),
])
def test_hedges_and_precisions_survive(data, identifier, expected):
    assert citations.words(identifier, data) == expected


@pytest.mark.parametrize("identifier", FIGURE_IDS)
def test_no_figure_is_stated_more_strongly_than_its_bounds(data, identifier):
    """Every figure's words read back to exactly the bounds its source allows, whatever the data holds."""
    row = data.figures.loc[identifier]
    amount = citations.amount_words(row)
    assert amount in citations.cite(identifier, data=data)
    unit = row["unit"] if row["quantity"] == "duration" else "people"  # a share reads its unit from its sign
    back = quantities.parse_quantity(amount, unit)
    stored = (None if pd.isna(row["low"]) else row["low"], None if pd.isna(row["high"]) else row["high"])
    assert (back.low, back.high) == stored, identifier
    if row["qualifier"] != "exact":
        assert back.qualifier == row["qualifier"], identifier


def _bare_on(day: str, text: str) -> bool:
    """Whether the words say "on D" as the day something happened (not "as reported on D")."""
    return re.search(rf"(?<!reported )\bon {re.escape(day)}\b", text) is not None


def _without_scope(words: str, row: pd.Series) -> str:
    return words.replace(f"({row['scope']})", "") if pd.notna(row["scope"]) else words


# Kinds that are someone saying something: their day is when it was said, not when what they count happened.
SAYING = {"casualty_report", "statement", "accusation"}


def _document(row: pd.Series, data) -> bool:
    """A term the source sets (an agreement's own text), not a count: `citations.stipulates`."""
    return citations.stipulates(row, data)


def test_report_kinds_cover_what_is_said():
    assert SAYING <= citations.REPORT_KINDS


@pytest.mark.parametrize("identifier", FIGURE_IDS)
def test_no_figure_is_dated_more_strongly_than_its_source(data, identifier):
    """The date phrase follows as_of_basis and the figure's event: "on D" only for the day the event happened,
    never for a report's day; "by D" for a publication date or a period's end; "as reported on D" only for the day
    of a report; a document's terms undated."""
    row = data.figures.loc[identifier]
    words = citations.words(identifier, data)
    if _document(row, data):
        assert re.sub(r"^according to [^,]+, ", "", words).startswith("the document provided for "), words
        if pd.notna(row["as_of"]):
            assert dates.format_date(row["as_of"], "day") not in words, "a document's own date is its citation's"
        assert " were " not in words and " was " not in words, "a term provides; it does not count"
        return
    if pd.isna(row["as_of"]):
        assert not re.search(r"\b(on|by) \d{1,2} [A-Z][a-z]+ \d{4}", _without_scope(words, row)), words
        return
    day = dates.format_date(row["as_of"], "day")
    event = data.events.loc[row["event_id"]] if row["event_id"] in data.events.index else None
    phrases = [f" by {day}", f", as reported on {day}", f", planned for {day}", f" as of {day}"]
    assert sum(p in words for p in phrases) + _bare_on(day, words) == 1, words
    if row["as_of_basis"] in ("publication", "period_end"):
        assert f" by {day}" in words and not _bare_on(day, words), words
    if f", as reported on {day}" in words:
        assert event is not None and event["start_date"] == row["as_of"], f"{words}: no report of that day"
        assert event["kind"] in SAYING or event["date_refers_to"] == "report", words
    if _bare_on(day, words):
        assert event is not None and event["date_refers_to"] == "occurrence", words
        assert event["kind"] not in SAYING, f"{words}: a report's day is not the day it counts"
        assert event["date_qualifier"] == "on" and event["date_precision"] == "day"
        assert event["start_date"] == row["as_of"]
    if event is not None and (event["kind"] in SAYING or event["date_refers_to"] in ("report", "plan")):
        assert not _bare_on(day, words), f"{words}: {row['event_id']} is a report or a plan"


@pytest.mark.parametrize("identifier", FIGURE_IDS)
def test_figure_words_are_grammatical_and_follow_the_side(data, identifier):
    row = data.figures.loc[identifier]
    words = citations.words(identifier, data)
    bare = _without_scope(words, row)
    side = str(row["side"])
    if side == "both":
        assert "on both sides" in bare, words
    elif side in citations.BELLIGERENT_SIDES:
        assert citations.BELLIGERENT_SIDES[side] in bare, words
    else:  # another state's people, "none" or "unspecified": no side phrase
        assert " side" not in bare, words
    predicate = citations.QUANTITY_GRAMMAR[str(row["quantity"])].predicate
    if not predicate and not _document(row, data):
        # A noun phrase: never "according to X, two settlements by D" with no verb; the scope says what they are.
        assert not words.startswith("according to"), words
        if citations.scope_in_words(row, data):
            assert f"({row['scope']})" in words and row["scope"] not in citations.cite(identifier, data=data).replace(
                f"({row['scope']})", "", 1), "the scope is said once, after the noun"


@pytest.mark.parametrize("identifier", EVENT_IDS)
def test_no_event_is_dated_more_strongly_than_its_source(data, identifier):
    """Derived dates say how they were counted, publication dates read "by D", reports and plans are not told
    as having happened, and a document's terms are provisions."""
    row = data.events.loc[identifier]
    words = citations.words(identifier, data)
    day = dates.format_date(row["start_date"], str(row["date_precision"]))
    noun, clause = citations.KIND_GRAMMAR[str(row["kind"])]
    if row["date_basis"] == "derived":
        anchor = data.events.loc[row["derived_from_event_id"]]
        length = str(data.figures.loc[row["derived_with_figure_id"], "value_text"]).lower()
        anchor_day = dates.format_date(anchor["start_date"], str(anchor["date_precision"]))
        assert f"{day} ({length} {row['derived_direction']} {anchor_day}, as the source counts)" in words, words
    else:
        assert "as the source counts" not in words
    if row["date_basis"] == "publication":
        assert f"by {day}" in words and not _bare_on(day, words), words
    if citations.stipulates(row, data):
        assert "the document provided for " in words and clause not in words, words
    elif row["date_refers_to"] == "report":
        assert clause not in words and re.search(r"\b(reported|made)\b", words), words
    elif row["date_refers_to"] == "plan":
        assert clause not in words and " was planned " in words, words
    elif pd.notna(row["date_stage"]):  # the stage the date marks, not the event as a whole
        assert f"{noun} {citations.STAGE_VERBS[row['date_stage']]}" in _unplaced(words), words
    else:
        assert clause in _unplaced(words)


def _unplaced(words: str) -> str:
    """The words without what an agreement, statement or report is about ("an agreement concerning X was")."""
    return re.sub(r" concerning .+? (?=(?:was|were) )", " ", words)


def test_a_date_says_which_stage_and_what_time_of_day_it_marks(data):
    assert citations.words("meduza-agreement", data) == (
        "on the night of 10 November 2020 an agreement concerning Nagorno-Karabakh was signed")
    assert citations.event_date_words(data.events.loc["pm-ceasefire"]) == "on 10 November 2020 at 00:00 (Europe/Moscow)"
    about = data.events.loc["pm-ceasefire"].copy()
    about["time_qualifier"] = "about"
    assert citations.event_date_words(about) == "on 10 November 2020 at about 00:00 (Europe/Moscow)"


def test_a_figure_is_cited_in_its_sources_own_words(editable):
    editable.set("figures", "an-peacekeepers", "qualifier", "almost")
    data = loading.load(editable.folder)
    assert citations.cite("an-peacekeepers", data=data).startswith("almost 2,000 Russian peacekeepers")
    assert "nearly" not in citations.cite("an-peacekeepers", "html", data)


def test_a_toll_reported_on_a_day_was_not_counted_on_that_day(data):
    assert citations.words("meduza-am-deaths", data) == (
        "according to the Armenian Defence Ministry, 2,425 soldiers were killed on the Armenian side, "
        "as reported on 17 November 2020")


def test_a_documents_figures_are_provisions(data):
    assert citations.cite("pm-peacekeepers", data=data) == (
        "the document provided for 1,960 Russian peacekeepers (servicemen with firearms in the Russian "
        "peacekeeping contingent; Office of the Prime Minister of the Republic of Armenia, 10 November 2020)")


def test_a_derived_date_says_how_it_was_counted(data):
    assert citations.words("an-war-start", data) == (
        "on 27 September 2020 (44 days before 10 November 2020, as the source counts) the fighting began in "
        "Nagorno-Karabakh")
    assert citations.words("an-war-start-month", data).startswith("in late September 2020 the fighting began")


def test_a_figure_without_a_verb_is_a_noun_phrase_with_its_scope(data):
    assert citations.cite("an-villages-attacked", data=data) == (
        "two settlements on the Armenian side (villages under Nagorno-Karabakh control attacked), according to the "
        "Armenian army, by 12 December 2020 (Asia News, 12 December 2020)")
    assert citations.cite("an-villages-attacked", "markdown", data).endswith(
        "by 12 December 2020[^an-villages-attacked]")
    # With nothing after the noun, the scope stays with the citation.
    assert citations.cite("an-war-length-days", data=data) == (
        "44 days (length of the fighting; Asia News, 12 December 2020)")


def test_a_statement_is_made_not_reported(data):
    assert citations.words("an-peacekeepers-confirm", data) == (
        "by 12 December 2020 the Russian peacekeeping forces made a statement")


@pytest.mark.parametrize("side, phrase", [("both", "on both sides"), ("none", ""), ("unspecified", ""),
                                          ("armenia", "on the Armenian side")])
def test_the_side_phrase_follows_the_data(editable, side, phrase):
    editable.set("figures", "an-deaths-total", "side", side)
    words = citations.words("an-deaths-total", loading.load(editable.folder))
    assert words == " ".join(p for p in ["more than 5,600 people were killed", phrase, "by 12 December 2020"] if p)


def test_a_publication_date_bounds_and_a_plan_is_not_an_occurrence(editable):
    editable.set("events", "an-parade", "date_basis", "publication")
    editable.set("events", "an-parade", "date_expression", "")
    editable.set("events", "an-aliyev-meeting", "date_refers_to", "plan")
    editable.set("events", "an-parade", "source_id", SEED)
    data = loading.load(editable.folder)
    assert citations.words("an-parade", data) == "by 10 December 2020 a military parade was held"
    assert citations.words("an-aliyev-meeting", data).startswith("a meeting was planned for 12 December 2020")


def test_every_id_cites_in_every_style(data):
    for identifier in [*data.figures.index, *data.events.index]:
        for style in citations.STYLES:
            assert citations.cite(identifier, style, data)


def test_every_kind_in_the_data_has_a_grammar(data):
    assert set(data.kinds.index) <= set(citations.KIND_GRAMMAR)


def test_exactly_one_is_singular(data):
    # Planted after loading: the loader refuses a value of 1 beside the value_text "three".
    figures = data.figures.copy()
    figures.loc["an-wounded-fighters", ["value", "low", "high"]] = 1
    words = citations.words("an-wounded-fighters", dataclasses.replace(data, figures=figures))
    assert "one soldier was wounded" in words


# ---------------------------------------------------------------------------------------------- styles


def test_markdown_pandoc_and_footnotes(data):
    assert citations.cite("an-deaths-total", "markdown", data).endswith(
        "(dead on both sides in the 44 days of fighting)[^an-deaths-total]")
    assert citations.cite("an-deaths-total", "pandoc", data).endswith(f"[@{SEED}]")
    notes = citations.footnotes(["an-deaths-total", "an-parade", "an-deaths-total"], data)
    lines = notes.splitlines()
    assert len(lines) == 2, "one definition per id, in order of first mention"
    assert lines[0].startswith("[^an-deaths-total]: Asia News, “Nagorno-Karabakh ceasefire broke")
    assert "left more than 5,600 dead on both sides" in lines[0]
    assert lines[0].endswith(", 12 December 2020. Excerpt: “In 44 days of fighting that began in late September and "
                             "left more than 5,600 dead on both sides, the Azerbaijani army pushed into "
                             "Nagorno-Karabakh”"), "an excerpt without quotation marks of its own is put in “ ”"


@pytest.mark.parametrize("identifier", ["an-violation-hadrut", "an-conflict-decades", "an-aliyev-threat"])
def test_footnotes_never_double_an_excerpts_own_quotation_marks(data, identifier):
    """An excerpt that begins or ends with a quotation mark is given as it stands after "Excerpt: "."""
    note = citations.footnote(identifier, data)
    excerpt = " ".join(str(data.events.loc[identifier, "excerpt"] if identifier in data.events.index
                           else data.figures.loc[identifier, "excerpt"]).split())
    assert note.endswith(". Excerpt: " + excerpt), "the excerpt verbatim, nothing added around it"
    assert "““" not in note and "””" not in note and "”“" not in note


def test_quoted_excerpt():
    assert citations.quoted_excerpt("plain words") == "“plain words”"
    assert citations.quoted_excerpt("“Quoted,” he said.") == "“Quoted,” he said."
    assert citations.quoted_excerpt("with an “iron hand.”") == "with an “iron hand.”"
    assert citations.quoted_excerpt('"Straight" quotes') == '"Straight" quotes'
    assert citations.quoted_excerpt("two\n  lines") == "“two lines”", "one line"


def test_html_escapes_every_data_text_and_links_only_web_addresses(editable):
    editable.set("places", "hadrut", "name", "<script>alert('x')</script> & co")
    editable.set("sources", SEED, "title", "<script>alert('title')</script>")
    editable.set("sources", SEED, "publisher", "News <b>& Co</b>")
    editable.set("sources", SEED, "url", 'https://example.org/?a=1&b="2"')
    data = loading.load(editable.folder)
    text = citations.cite("an-violation-hadrut", "html", data)
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in text
    assert '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">News &lt;b&gt;&amp; Co&lt;/b&gt;</a>' in text
    assert "<script>" in citations.cite("an-violation-hadrut", "plain", data), "only html escapes"

    # The loader refuses such an address; cite refuses to link it even in a frame built by hand.
    hand_made = dataclasses.replace(data, sources=data.sources.assign(url="javascript:alert(1)"))
    text = citations.cite("an-violation-hadrut", "html", hand_made)
    assert "<a " not in text and "javascript" not in text


def test_unknown_id_and_style(data):
    with pytest.raises(citations.UnknownIdError) as caught:
        citations.cite("an-deaths-totl", data=data)
    message = str(caught.value)
    assert "'an-deaths-totl'" in message and "'an-deaths-total'" in message
    with pytest.raises(ValueError, match="unknown citation style"):
        citations.cite("an-deaths-total", "latex", data)


# ---------------------------------------------------------------------------------------------- exports


def test_csl_json_items(data):
    items = citations.to_csl_json(data.sources)
    assert [i["id"] for i in items] == sorted(data.sources.index)
    json.dumps(items)  # serialisable
    for item in items:
        source = data.sources.loc[item["id"]]
        assert item["type"] in {"article-newspaper", "document", "entry-encyclopedia"}
        assert item["title"] == source["title"]
        if pd.isna(source["date_published"]):
            assert "issued" not in item, "no date is invented"
        else:
            parts = item["issued"]["date-parts"]
            assert len(parts) == 1 and all(isinstance(p, int) for p in parts[0]) and len(parts[0]) == 3
        assert item.get("URL") == (None if pd.isna(source["url"]) else source["url"])
    seed = next(i for i in items if i["id"] == SEED)
    assert seed["issued"] == {"date-parts": [[2020, 12, 12]]} and seed["container-title"] == "Asia News"


def test_csl_json_primary_documents_and_undated(editable):
    rows = editable.rows("sources")
    editable.append("sources", {**rows[0], "source_id": "doc-undated", "source_type": "primary_document",
                                "date_published": "", "url": "https://example.org/doc", "date_accessed": "2024-01-31",
                                "archive_path": "", "archive_sha256": ""})
    item = next(i for i in citations.to_csl_json(loading.load(editable.folder).sources) if i["id"] == "doc-undated")
    assert item["type"] == "document" and item["author"] == [{"literal": "Asia News"}]
    assert "issued" not in item and item["accessed"] == {"date-parts": [[2024, 1, 31]]}


def _balanced(text: str) -> bool:
    depth = 0
    for c in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_entries_escaped_and_balanced(editable):
    editable.set("sources", SEED, "title", r"50% & $5 #1 {x} _y ~z ^w \ end")
    data = loading.load(editable.folder)
    bib = citations.to_bibtex(data.sources)
    entries = re.findall(r"^@(\w+)\{([^,]+),$", bib, flags=re.MULTILINE)
    assert sorted(key for _, key in entries) == sorted(data.sources.index)
    assert all(kind in {"online", "misc"} for kind, _ in entries)
    assert _balanced(bib)
    assert r"title = {{50\% \& \$5 \#1 \{x\} \_y \textasciitilde{}z \textasciicircum{}w \textbackslash{} end}}" in bib
    seed = bib[bib.index(f"{{{SEED},"):]
    assert "date = {2020-12-12}" in seed.split("\n}\n")[0] and "langid = {english}" in seed.split("\n}\n")[0]


def test_bibtex_of_the_bundled_sources(data):
    bib = citations.to_bibtex(data.sources)
    assert _balanced(bib) and bib.count("\n@") + bib.startswith("@") == len(data.sources)
    for url in data.sources["url"].dropna():
        assert f"url = {{{url}}}" in bib


# ---------------------------------------------------------------------------------------------- command line


def test_cli_cite_styles_and_unknown_id():
    done = run("cite", "an-deaths-total")
    assert done.returncode == 0 and done.stdout.startswith("more than 5,600 people were killed on both sides")
    done = run("cite", "an-violation-hadrut", "--style", "markdown")
    assert done.returncode == 0 and "\n[^an-violation-hadrut]: Asia News" in done.stdout
    done = run("cite", "an-deaths-totl")
    assert done.returncode == 2 and "an-deaths-totl" in done.stderr and "an-deaths-total" in done.stderr
    assert run("cite", "an-deaths-total", "--style", "latex").returncode == 2


def _run_script(code: str) -> subprocess.CompletedProcess:
    """A Python script run in a fresh interpreter from the repository, so that its imports are its own."""
    return subprocess.run([sys.executable, "-c", code], cwd=paths.REPO_DIR, capture_output=True, text=True,
                          timeout=120)


def test_cli_cite_stays_light():
    """`cite` must not pay for matplotlib, papermill, notebooks or a kernel."""
    code = ("import sys; from analysis.cli import main; code = main(['cite', 'an-deaths-total']); "
            "heavy = {'matplotlib', 'papermill', 'nbclient', 'nbformat', 'jupyter_client', 'ipykernel', 'zmq'}; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy)); sys.exit(code)")
    done = _run_script(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_cli_cite_imports_html_only_for_the_html_style(data):
    """A plain `cite` does not import html (whose html.entities builds its tables at import); the html style
    imports it when it runs and escapes as before."""
    code = ("import sys; from analysis.cli import main; code = main(['cite', 'an-mandate-years']); "
            "print(sorted({'html', 'html.entities'} & set(sys.modules))); "
            "sys.exit(code or main(['cite', 'an-mandate-years', '--style', 'html']))")
    done = _run_script(code)
    assert done.returncode == 0, done.stderr
    plain, imported, html = done.stdout.strip().splitlines()
    assert plain == citations.cite("an-mandate-years", data=data)
    assert imported == "[]"
    assert html == citations.cite("an-mandate-years", "html", data=data)
    assert "peacekeepers&#x27; deployment" in html and "peacekeepers' deployment" in plain


def test_cli_cite_from_the_snapshot_reads_no_csv_and_imports_no_parquet_module(tmp_path):
    """A `cite` of unchanged data reads its snapshot: pyarrow's CSV reader, pyarrow.parquet (and the file systems
    and ssl it brings) and difflib stay unimported, and the sentence is the one a fresh validation gives."""
    env = {**os.environ, paths.CACHE_ENV: str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-m", "analysis", "cite", "an-deaths-total"], cwd=paths.REPO_DIR, env=env,
                           capture_output=True, text=True, timeout=120)  # validates and writes the snapshot
    assert first.returncode == 0, first.stderr
    code = ("import sys; from analysis.cli import main; code = main(['cite', 'an-deaths-total']); "
            "unused = {'pyarrow.csv', 'pyarrow.parquet', 'pyarrow.fs', 'pyarrow.dataset', 'ssl', 'difflib'}; "
            "print(sorted(unused & set(sys.modules))); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code], cwd=paths.REPO_DIR, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    *sentence, imported = done.stdout.strip().splitlines()
    assert imported == "[]"
    assert sentence == first.stdout.strip().splitlines()


def test_cli_sources_exports(tmp_path, data):
    target = tmp_path / "out" / "sources.bib"
    done = run("sources", "--format", "bibtex", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == citations.to_bibtex(data.sources)
    assert not list(target.parent.glob(".*.tmp")), "written atomically, no temporary file left"
    done = run("sources", "--format", "csl-json")
    assert done.returncode == 0 and json.loads(done.stdout) == citations.to_csl_json(data.sources)
    assert run("sources", "--format", "ris").returncode == 2
