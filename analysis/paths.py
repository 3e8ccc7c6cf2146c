"""Where things live. Every path the package uses is defined here, once."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = REPO_DIR / "data"
REPORTS_DIR = REPO_DIR / "reports"
NOTEBOOKS_DIR = REPO_DIR / "notebooks"
REPORTS_CONFIG = REPO_DIR / "reports.yml"
# Archived source texts (the seed article and further sources) sit beside the repository, not in it.
ARCHIVE_DIR = REPO_DIR.parent / "shared"
