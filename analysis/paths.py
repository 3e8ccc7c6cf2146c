"""Where things live. Every path the package uses is defined here, once.

Two folders can be moved by the user: the archived source texts (`--archives DIR` on the command line, or the
environment variable ANALYSIS_ARCHIVES) and the cache of validated snapshots (ANALYSIS_CACHE_DIR).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = REPO_DIR / "data"
REPORTS_DIR = REPO_DIR / "reports"
NOTEBOOKS_DIR = REPO_DIR / "notebooks"
REPORTS_CONFIG = REPO_DIR / "reports.yml"
# Archived source texts (the seed article and further sources) sit beside the repository, not in it.
ARCHIVE_DIR = REPO_DIR.parent / "shared"
ARCHIVES_ENV = "ANALYSIS_ARCHIVES"
# Validated Parquet snapshots of loaded data folders (gitignored; deleting it only costs one slower load).
CACHE_DIR = REPO_DIR / ".cache"
CACHE_ENV = "ANALYSIS_CACHE_DIR"


def archive_dir(given: Path | str | None = None) -> Path:
    """The folder of archived source texts: `given`, else $ANALYSIS_ARCHIVES, else `../shared` beside the repo."""
    if given is not None:
        return Path(given)
    return Path(os.environ[ARCHIVES_ENV]) if os.environ.get(ARCHIVES_ENV) else ARCHIVE_DIR


def cache_dir() -> Path:
    """The folder of validated snapshots: $ANALYSIS_CACHE_DIR, else `.cache` in the repository."""
    return Path(os.environ[CACHE_ENV]) if os.environ.get(CACHE_ENV) else CACHE_DIR
