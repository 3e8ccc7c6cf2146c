"""How far an editor can rely on `brief check`: precision and recall of "flagged" on a labelled corpus.

    .venv/bin/python benchmarks/brief_corpus.py [--corpus FILE.csv ...] [--data DIR] [--show-misses]

The corpus is every CSV in tests/briefs/ (corpus.csv, written alongside the code by two authors, and
fresh_author_2.csv, by an author who never saw the code), or the files given. It has one sentence per row, each
checked as a brief of its own (with `date:` front matter where the row gives `brief_date`), and `expected` lists
the verdict of every number and date in it in reading order (`TEXT=VERDICT;TEXT=VERDICT`). A mention is "flagged"
when its verdict is anything but supported. Printed: precision and recall of flagged, the confusion table of
verdicts (expected down, found across; a mention the checker missed or invented counts as "none"), the same
scores per author, and any row whose verdicts differ.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from analysis import brief_check, loading  # noqa: E402

CORPUS_DIR = REPO / "tests" / "briefs"
NONE = "none"


def read_corpus(paths: list[Path] | Path | None = None) -> pd.DataFrame:
    """The labelled sentences of the files given (default: every CSV in tests/briefs/); each `expected` cell parsed
    into a list of (text, verdict)."""
    if paths is None:
        paths = sorted(CORPUS_DIR.glob("*.csv"))
    frames = [_read_one(path) for path in ([paths] if isinstance(paths, Path) else paths)]
    corpus = pd.concat(frames, ignore_index=True)
    repeated = corpus["id"][corpus["id"].duplicated()]
    if len(repeated):
        raise ValueError(f"sentence ids repeated across {[str(p) for p in paths]}: {sorted(set(repeated))}")
    return corpus


def _read_one(path: Path) -> pd.DataFrame:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        pairs = []
        for item in filter(None, (row["expected"] or "").split(";")):
            text, _, verdict = item.rpartition("=")
            if verdict.strip() not in brief_check.VERDICTS or not text.strip():
                raise ValueError(f"{path}, line {line}, field 'expected': found {item!r}; expected TEXT=VERDICT "
                                 f"with VERDICT one of {brief_check.VERDICTS}")
            pairs.append((text.strip(), verdict.strip()))
        row["pairs"] = pairs
    return pd.DataFrame(rows)


def _same(expected: str, found: str) -> bool:
    """A labelled text and a found mention are the same where one contains the other ("5,600" in "more than
    5,600"), ignoring case."""
    a, b = expected.lower(), found.lower()
    return a in b or b in a


def evaluate(corpus: pd.DataFrame, knowledge: brief_check.Knowledge) -> pd.DataFrame:
    """One row per expected or found mention: id, text, expected and found verdicts ("none" where missing)."""
    out = []
    for row in corpus.itertuples():
        brief = row.sentence + "\n"
        if getattr(row, "brief_date", ""):
            brief = f"---\ndate: {row.brief_date}\n---\n" + brief
        report = brief_check.check_text(brief, knowledge)
        found = list(zip(report["text"], report["verdict"], report["note"], strict=True))
        expected = list(row.pairs)
        i = j = 0
        while i < len(expected) or j < len(found):
            if i < len(expected) and j < len(found) and _same(expected[i][0], found[j][0]):
                out.append((row.id, expected[i][0], expected[i][1], found[j][1], found[j][2]))
                i, j = i + 1, j + 1
            elif j < len(found) and not any(_same(e[0], found[j][0]) for e in expected[i:]):
                out.append((row.id, found[j][0], NONE, found[j][1], found[j][2]))
                j += 1
            else:
                out.append((row.id, expected[i][0], expected[i][1], NONE, ""))
                i += 1
    return pd.DataFrame(out, columns=["id", "text", "expected", "found", "note"])


def scores(results: pd.DataFrame) -> dict[str, float]:
    """Precision and recall of flagged (anything but supported; a missed mention is not flagged)."""
    should = results["expected"].isin(brief_check.FLAGGED)
    did = results["found"].isin(brief_check.FLAGGED)
    true_positive = int((should & did).sum())
    return {"mentions": len(results), "flagged expected": int(should.sum()), "flagged found": int(did.sum()),
            "precision": true_positive / did.sum() if did.any() else 1.0,
            "recall": true_positive / should.sum() if should.any() else 1.0,
            "verdicts right": float((results["expected"] == results["found"]).mean())}


def confusion(results: pd.DataFrame) -> pd.DataFrame:
    labels = [*brief_check.VERDICTS, NONE]
    table = pd.crosstab(pd.Categorical(results["expected"], labels), pd.Categorical(results["found"], labels),
                        dropna=False)
    table.index.name, table.columns.name = "expected", "found"
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a corpus CSV (repeatable; default: all of "
                        "tests/briefs/)")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--show-misses", action="store_true", help="print every row whose verdict differs")
    args = parser.parse_args(argv)
    corpus = read_corpus(args.corpus)
    results = evaluate(corpus, brief_check.Knowledge.of(loading.load(args.data)))
    s = scores(results)
    authors = corpus["author"].value_counts().to_dict() if "author" in corpus else {}
    print(f"{len(corpus)} sentences ({', '.join(f'{n} by {a}' for a, n in authors.items())}), "
          f"{s['mentions']} numbers and dates; {s['flagged expected']} should be flagged")
    print(f"flagged: precision {s['precision']:.1%}, recall {s['recall']:.1%}; "
          f"verdict right {s['verdicts right']:.1%}")
    if "author" in corpus and corpus["author"].nunique() > 1:
        author_of = corpus.set_index("id")["author"]
        for author, part in results.groupby(results["id"].map(author_of), sort=False):
            a = scores(part)
            print(f"  {author}: precision {a['precision']:.1%}, recall {a['recall']:.1%}; "
                  f"verdict right {a['verdicts right']:.1%} ({a['mentions']} numbers and dates)")
    print("\nconfusion (expected down, found across):")
    print(confusion(results).to_string())
    wrong = results[results["expected"] != results["found"]]
    if len(wrong) and args.show_misses:
        print("\ndiffering:")
        print(wrong.to_string(index=False))
    elif len(wrong):
        print(f"\n{len(wrong)} differ; --show-misses lists them")
    return 0 if wrong.empty else 1


if __name__ == "__main__":
    raise SystemExit(main())
