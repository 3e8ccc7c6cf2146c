"""The one script a report page may run, the interactive timeline's, and the page policy that allows it by hash.

Apart from `analysis.interactive`, which draws the timeline (and needs pandas), so that the report runner can
word a page's Content-Security-Policy without importing pandas.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

STATIC_DIR = Path(__file__).with_name("static")
SCRIPT = (STATIC_DIR / "timeline.js").read_text(encoding="utf-8")
assert "</script" not in SCRIPT.lower() and "<!--" not in SCRIPT, "the script must stand inside one <script> element"
SCRIPT_ELEMENT = f"<script>{SCRIPT}</script>"
# What a Content-Security-Policy names to let exactly this script run (sha256 of the bytes between the tags).
SCRIPT_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(base: str, html: str) -> str:
    """`base`, plus a `script-src` allowing the interactive timeline's script by its hash when `html` holds it.

    Only those exact bytes may run: a script anywhere else in the page (data text is escaped, but should one
    slip through) stays blocked, and nothing may be fetched."""
    if SCRIPT_ELEMENT not in html:
        return base
    return f"{base.rstrip('; ')}; script-src {SCRIPT_HASH}"
