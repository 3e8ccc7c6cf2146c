"""Briefs: render a Jinja2 Markdown template with figures and events from the data; the `brief` command.

Rendering: placeholders call the data by id and are filled with `citations` words and a citation:

    {{ figure("an-deaths-total") }}      a figure in words, cited     {{ amount("an-deaths-total") }}  "more than 5,600"
    {{ event("an-violation-hadrut") }}   an event in words, cited     {{ ref("an-parade") }}           the citation only
    {{ cite("an-parade") }}              either, in words, cited      {{ x | sentence }}               capital first

Footnotes (style "markdown"), a references block for pandoc, or a source list (style "plain") are appended.

Checking a brief's numbers and dates against the data (`check_brief`, `format_table`, `format_report`) lives in
`analysis.brief_check`; `brief check [--format table|csv|markdown]` calls it, and `check_brief` is importable
from here too. The table lists each row's note in full below it; csv and markdown give every cell in full.
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from analysis import atomic, citations
from analysis.brief_check import (
    CHECK_COLUMNS,
    REPORT_FORMATS,
    VERDICTS,
    check_brief,
    failed,
    format_report,
    format_table,
)
from analysis.loading import Dataset, load, load_all_for_command, load_for_command
from analysis.markup import escape_markdown

# The checker's names, re-exported: `analysis.briefs.check_brief` predates `analysis.brief_check`.
__all__ = ["BRIEF_STYLES", "CHECK_COLUMNS", "REPORT_FORMATS", "SAMPLE_TEMPLATE", "VERDICTS", "BriefError",
           "check_brief", "format_report", "format_table", "render_brief", "sentence"]

BRIEF_STYLES = ["markdown", "pandoc", "plain"]
SAMPLE_TEMPLATE = Path(__file__).resolve().parent / "templates" / "sample_brief.md.j2"


class BriefError(ValueError):
    """A template that cannot be rendered; the message names the template, the line and the placeholder."""


# ============================================================================================== rendering


@dataclass
class _Renderer:
    """The functions a template calls; remembers the ids cited, in order, for the notes at the end."""

    data: Dataset
    style: str
    cited: list[str]

    def _check(self, identifier: str, table: str, placeholder: str) -> None:
        frame = getattr(self.data, table)
        if identifier not in frame.index:
            other = "events" if table == "figures" else "figures"
            if identifier in getattr(self.data, other).index:
                raise BriefError(f"{placeholder}: {identifier!r} is in {other}, not {table}; use "
                                 f"{'event' if other == 'events' else 'figure'}() or cite()")
            raise BriefError(f"{placeholder}: {citations.unknown_id(identifier, self.data)}")

    def cite(self, identifier: str) -> str:
        if identifier not in self.data.figures.index and identifier not in self.data.events.index:
            raise BriefError(f'cite("{identifier}"): {citations.unknown_id(identifier, self.data)}')
        self.cited.append(identifier)
        text = citations.cite(identifier, self.style, self.data)
        return escape_markdown(text) if self.style == "plain" else text  # the brief is Markdown in every style

    def figure(self, identifier: str) -> str:
        self._check(identifier, "figures", f'figure("{identifier}")')
        return self.cite(identifier)

    def event(self, identifier: str) -> str:
        self._check(identifier, "events", f'event("{identifier}")')
        return self.cite(identifier)

    def amount(self, identifier: str) -> str:
        self._check(identifier, "figures", f'amount("{identifier}")')
        return escape_markdown(citations.amount_words(self.data.figures.loc[identifier]))

    def ref(self, identifier: str) -> str:
        """The citation alone: a footnote marker (attached to the word before it), or a pandoc key or
        "(Publisher, date)" after a space."""
        try:
            row = citations.row_of(identifier, self.data)
        except citations.UnknownIdError as error:
            raise BriefError(f'ref("{identifier}"): {error}') from None
        self.cited.append(identifier)
        if self.style == "markdown":
            return f"[^{identifier}]"
        if self.style == "pandoc":
            return f" [@{row['source_id']}]"
        source = self.data.sources.loc[row["source_id"]]
        return f" ({escape_markdown(source['publisher'])}, {citations.published(source)})"

    def notes(self) -> str:
        """What follows the brief: footnote definitions, a pandoc references block or a source list."""
        if not self.cited:
            return ""
        if self.style == "markdown":
            return "\n" + citations.footnotes(self.cited, self.data) + "\n"
        if self.style == "pandoc":
            return "\n## References\n\n::: {#refs}\n:::\n"
        source_ids = dict.fromkeys(citations.row_of(i, self.data)["source_id"] for i in self.cited)
        return "\n## Sources\n\n" + "\n".join(f"- {citations.reference(s, self.data)}" for s in source_ids) + "\n"


def sentence(text: str) -> str:
    """The first letter in capitals, the rest untouched (Jinja's `capitalize` would lower the rest)."""
    return text[:1].upper() + text[1:]


def for_page(brief: str) -> str:
    r"""A brief as a notebook page shows it: its YAML front matter (which Markdown would set as a heading) taken out,
    and the front matter's `title`, if any, as the heading.

    >>> for_page('---\ntitle: "The toll"\ndate: 2020-12-14\n---\nText.\n')
    '## The toll\n\nText.\n'
    """
    front = re.match(r"\A---\n(.*?)\n---\n", brief, flags=re.DOTALL)
    if not front:
        return brief
    title = re.search(r"(?m)^title:\s*(.+?)\s*$", front[1])
    heading = f"## {escape_markdown(title[1].strip(chr(34) + chr(39)))}\n\n" if title else ""
    return heading + brief[front.end():].lstrip("\n")


def render_brief(template_path: Path | str, data: Dataset | None = None, style: str = "markdown") -> str:
    """Render a brief template (Jinja2, StrictUndefined) with the data, notes appended. Deterministic.

    Raises BriefError naming the template, the line and the placeholder of an unknown id or undefined name.
    """
    import jinja2  # here, not at the top: `cite` imports this module's neighbours and must stay light

    if style not in BRIEF_STYLES:
        raise ValueError(f"unknown brief style {style!r}; expected one of {BRIEF_STYLES}")
    template_path = Path(template_path)
    data = load() if data is None else data
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(template_path.parent), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    env.filters["sentence"] = sentence
    renderer = _Renderer(data, style, [])
    env.globals.update(figure=renderer.figure, event=renderer.event, cite=renderer.cite, amount=renderer.amount,
                       ref=renderer.ref)
    try:
        template = env.get_template(template_path.name)
        body = template.render()
    except jinja2.TemplateSyntaxError as error:
        raise BriefError(f"{template_path}, line {error.lineno}: {error.message}") from None
    except jinja2.TemplateNotFound:
        raise BriefError(f"{template_path}: no such template") from None
    except (BriefError, jinja2.UndefinedError, citations.UnknownIdError) as error:
        line = _template_line(error, template.filename)
        text = template_path.read_text(encoding="utf-8").splitlines()
        where = f", line {line}: {text[line - 1].strip()}" if line and line <= len(text) else ""
        raise BriefError(f"{template_path}{where}\n  {error}") from None
    return body.rstrip("\n") + "\n" + renderer.notes()


def _template_line(error: BaseException, filename: str | None) -> int | None:
    """The template line an error was raised from: Jinja maps template frames to the template's lines."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    return frames[-1].lineno if frames else None


# ============================================================================================== command line


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    render = actions.add_parser("render", help="render a brief template into Markdown")
    render.add_argument("template", type=Path, help="a Jinja2 Markdown template, e.g. " + str(SAMPLE_TEMPLATE.name))
    render.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")
    render.add_argument("--style", choices=BRIEF_STYLES, default="markdown", help="citations (default: markdown)")
    check = actions.add_parser("check", help="check every number and date of a brief against the data")
    check.add_argument("file", type=Path, help="a Markdown or text brief")
    check.add_argument("--allow-disputed", action="store_true",
                       help="pass a figure one source supports and another contradicts (default: fail on it)")
    check.add_argument("--format", choices=REPORT_FORMATS, default="table",
                       help="table (notes listed in full below it), or csv / markdown with every cell in full "
                            "(default: table)")
    render.add_argument("--data", type=Path, default=None, help="data folder (default: the bundled data/)")
    check.add_argument("--data", type=Path, action="append", default=None,
                       help="data folder; repeat it to check against several together, e.g. the curated claims "
                            "and imported event data (default: the bundled data/)")


def run_command(args: argparse.Namespace) -> int:
    path = args.template if args.action == "render" else args.file
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    data = load_for_command(args.data) if args.action == "render" else load_all_for_command(args.data or [None])
    if data is None:
        return 2
    if args.action == "render":
        try:
            text = render_brief(path, data, args.style)
        except BriefError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        if args.output is None:
            sys.stdout.write(text)
        else:
            print(atomic.write_text(args.output, text))
        return 0
    try:
        brief = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        print(f"error: {path}: not UTF-8 text (byte {error.start}: {error.object[error.start:error.start + 1]!r}); "
              "save the brief as UTF-8", file=sys.stderr)
        return 2
    report = check_brief(brief, data)
    text = format_report(report, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 1 if failed(report, args.allow_disputed).any() else 0
