"""Text from the data, put where a reader sees it: escaped for Markdown and HTML, fitted to a terminal.

Data text (titles, excerpts, notes, parameter values) is escaped where it enters Markdown or HTML, so that a
title such as `<img onerror=...>`, `$x$` or `*bold*` is shown as written, never run, typeset or emphasised:

    >>> escape_markdown("*more* than $5 <b>")
    '\\\\*more\\\\* than \\\\$5 \\\\<b>'
    >>> escape_html('"><script>')
    '&quot;&gt;&lt;script&gt;'

`text_table` lays rows out in a given width (the terminal's, `terminal_width()`), wrapping cells at spaces and
never cutting a word; where no table fits it prints one block per row.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# CommonMark lets any ASCII punctuation be escaped with a backslash. Escaped here: what starts markup anywhere
# in a line (emphasis, code, math, tables, pandoc's sub- and superscript, backslashes themselves), and what
# starts it only in context, so that ordinary text such as an editor's "[…]", "AT&T" or "5 < 6" stays as it is
# in the Markdown file: a raw HTML tag or autolink ("<b", "</", "<!", "<?"), an entity ("&amp;"), a link or
# footnote ("](", "][", "]:", "[^").
_MARKDOWN_INLINE = re.compile(r"([\\`*_|~^$])|(<(?=[A-Za-z/!?]))|(&(?=#?\w+;))|(\](?=[(\[:]))|(\[(?=\^))")
# ...and what starts a block at the start of a line: headings, quotes, list items, thematic breaks.
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))", re.MULTILINE)
MIN_WIDTH = 40


def escape_markdown(text: object) -> str:
    """`text` as Markdown that renders as exactly these characters (one line: line breaks become spaces)."""
    flat = " ".join(str(text).splitlines())
    escaped = _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(0), flat)
    return _MARKDOWN_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if not m.group(2).isdigit()
                                    else f"{m.group(1)}{m.group(2)}\\", escaped)


def escape_html(text: object) -> str:
    """`text` safe inside HTML, as element content or a quoted attribute value."""
    import html  # here, not at the top: it builds html.entities' tables (2 ms), which `cite` needs only for HTML

    return html.escape(str(text), quote=True)


# As html.escape(quote=True) replaces them; '&' first, so that no entity written here is escaped again.
_HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def escape_html_column(texts: pd.Series) -> pd.Series:
    """`escape_html` for a whole column of text at once (vectorised; the same characters become the same
    entities)."""
    for character, entity in _HTML_ESCAPES:
        texts = texts.str.replace(character, entity, regex=False)
    return texts


def markdown(template: str, /, **values: object) -> str:
    """`template` (Markdown written by us) with each `{name}` filled by a value escaped as data text.

    >>> markdown("**{n} events** from {source}", n=3, source="<Asia News>")
    '**3 events** from \\\\<Asia News>'
    """
    return template.format(**{name: escape_markdown(value) for name, value in values.items()})


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """"1 source", "6 sources", "1,224 events": a count with its noun in the number it takes.

    >>> counted(1, "source"), counted(2, "body", "bodies")
    ('1 source', '2 bodies')
    """
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table whose cells (header included) are escaped data text."""
    lines = ["| " + " | ".join(escape_markdown(cell) for cell in header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(escape_markdown(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ terminal


def terminal_width(default: int = 100) -> int:
    """Columns of the terminal (or $COLUMNS); `default` when output goes to a file or a pipe."""
    if os.environ.get("COLUMNS", "").isdigit():
        return max(int(os.environ["COLUMNS"]), MIN_WIDTH)
    return max(shutil.get_terminal_size((default, 24)).columns, MIN_WIDTH)


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> str:
    """`text` wrapped at spaces to `width` columns; a word longer than a line stands whole on its own line."""
    lines = textwrap.wrap(str(text), width=max(width, 1), initial_indent=indent,
                          subsequent_indent=indent if subsequent is None else subsequent,
                          break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) if lines else indent.rstrip()


def _line_count(words: Sequence[int], width: int) -> int:
    """Lines a greedy wrap at spaces needs for words of these lengths (a long word takes a line of its own)."""
    lines, used = 1, -1
    for length in words:
        if used < 0:
            used = length
        elif used + 1 + length <= width:
            used += 1 + length
        else:
            lines, used = lines + 1, length
    return lines


def _column_widths(table: list[list[str]], room: int, nowrap: Sequence[int] = (),
                   sample: int = 400) -> list[int] | None:
    """Widths that fit `room` and make the table as short as they can, or None when no width fits.

    A column never gets narrower than its longest word. Narrowing goes one character at a time to the column
    whose narrowing adds the fewest lines (measured on at most `sample` rows spread over the table).
    """
    count = len(table[0])
    natural = [max(len(row[i]) for row in table) for i in range(count)]
    least = [natural[i] if i in nowrap else max((len(word) for row in table for word in row[i].split()), default=0)
             for i in range(count)]
    if sum(least) > room:
        return None
    step = max(1, len(table) // sample)
    words = [[[len(word) for word in row[i].split()] for row in table[::step]] for i in range(count)]
    widths = list(natural)

    def lines(i: int, width: int) -> list[int]:
        return [_line_count(cell, width) for cell in words[i]]

    current = [lines(i, widths[i]) for i in range(count)]
    while sum(widths) > room:
        best = None
        for i in (i for i in range(count) if widths[i] > least[i]):
            narrower = lines(i, widths[i] - 1)
            height = sum(max(n, *(current[j][r] for j in range(count) if j != i))
                         for r, n in enumerate(narrower))
            if best is None or (height, -widths[i]) < best[:2]:
                best = (height, -widths[i], i, narrower)
        _, _, i, narrower = best
        widths[i] -= 1
        current[i] = narrower
    return widths


def text_table(rows: Sequence[Sequence[object]], header: Sequence[str] | None = None, *, width: int,
               indent: str = "", right: Sequence[int] = (), nowrap: Sequence[int] = (), gap: int = 2,
               title_columns: int = 1) -> str:
    """Rows as an aligned table at most `width` columns wide, long cells wrapped within their column.

    Words are never cut: a column is never narrower than its longest word (`nowrap` columns: than their longest
    cell; `right` columns are right-aligned; both by column number). When even that does not fit, each
    row becomes a block: its first `title_columns` cells on one line, then one `name  value` line per other
    cell (names from `header`), values wrapped under themselves.
    """
    cells = [[" ".join(str(cell).split()) for cell in row] for row in rows]
    table = ([list(header)] if header is not None else []) + cells
    if not table:
        return ""
    count = len(table[0])
    used = [i for i in range(count) if any(row[i] for row in table)]  # empty columns take no room
    widths = _column_widths([[row[i] for i in used] for row in table], width - len(indent) - gap * (len(used) - 1),
                            [n for n, i in enumerate(used) if i in nowrap])
    if widths is None:
        return _blocks(cells, header, width, indent, title_columns)
    out: list[str] = []
    for number, row in enumerate(table):
        wrapped = [textwrap.wrap(row[i], w, break_long_words=False, break_on_hyphens=False) or [""]
                   for i, w in zip(used, widths, strict=True)]
        for line in range(max(len(cell) for cell in wrapped)):
            parts = []
            for i, w, cell in zip(used, widths, wrapped, strict=True):
                piece = cell[line] if line < len(cell) else ""
                parts.append(piece.rjust(w) if i in right else piece.ljust(w))
            out.append((indent + (" " * gap).join(parts)).rstrip())
        if header is not None and number == 0:
            out.append(indent + (" " * gap).join("-" * w for w in widths))
    return "\n".join(out)


def _blocks(rows: list[list[str]], header: Sequence[str] | None, width: int, indent: str,
            title_columns: int) -> str:
    names = list(header) if header is not None else [""] * (len(rows[0]) if rows else 0)
    label = max((len(name) for name in names[title_columns:]), default=0)
    blocks = []
    for row in rows:
        lines = [wrap(" · ".join(cell for cell in row[:title_columns] if cell), width, indent)]
        for name, cell in zip(names[title_columns:], row[title_columns:], strict=True):
            if cell:
                lead = f"{indent}  {name.ljust(label)}  "
                lines.append(wrap(cell, width, lead, " " * len(lead)))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
