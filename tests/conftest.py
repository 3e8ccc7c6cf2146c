"""Shared fixtures: the bundled data, and an editable copy of it for tests of bad input."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from analysis import loading, paths

SEED = "asia-news-2020-12-12"  # the seed article's source id


@pytest.fixture(scope="session", autouse=True)
def _cache_of_the_tests(tmp_path_factory):
    """The tests' snapshots and file hashes go to a folder of their own, not the checkout's `.cache`: the hundreds
    of temporary folders they load filled its record of file hashes, which every load reads (a `cite` after one
    `make test` executed 2% more instructions), and pushed the bundled data's snapshot out of it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.CACHE_ENV, str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def data() -> loading.Dataset:
    return loading.load()


class EditableData:
    """A copy of the bundled data folder whose cells a test can change."""

    def __init__(self, folder: Path):
        self.folder = folder

    def rows(self, table: str) -> list[dict[str, str]]:
        with open(self.folder / f"{table}.csv", newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def write(self, table: str, rows: list[dict[str, str]]) -> None:
        with open(self.folder / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    def set(self, table: str, key: str, column: str, value: str) -> int:
        """Set one cell of the row whose first column is `key`; returns that row's line number."""
        rows = self.rows(table)
        first = next(iter(rows[0]))
        index = next(i for i, row in enumerate(rows) if row[first] == key)
        rows[index][column] = value
        self.write(table, rows)
        return index + 2

    def append(self, table: str, row: dict[str, str]) -> int:
        rows = self.rows(table)
        rows.append({column: row.get(column, "") for column in rows[0]})
        self.write(table, rows)
        return len(rows) + 1


@pytest.fixture
def editable(tmp_path: Path) -> EditableData:
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    return EditableData(target)


@pytest.fixture
def seed_folder(editable) -> Path:
    """A copy of the data with the seed article's rows only, so verdicts do not depend on what other sources say."""
    for table in ("events", "figures", "spans"):
        editable.write(table, [row for row in editable.rows(table) if row["source_id"] == SEED])
    return editable.folder


@pytest.fixture
def seed(seed_folder) -> loading.Dataset:
    return loading.load(seed_folder)


# ------------------------------------------------------------------------------------------ a real browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the team's brief prescribes: headless, no sandbox (containers), nothing phoning home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download is not needed); skips, saying why,
    where either is missing (CI installs both: see .ci/run)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed "
                                   "(pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (CI installs it: apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where browser tests put their screenshots: $REPORT_SCREENSHOTS, else a temporary folder. Look at them."""
    folder = Path(os.environ.get("REPORT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
