"""analysis: the 2020 Nagorno-Karabakh war as its sources state it, with timelines, figures, charts and briefs.

>>> import analysis
>>> data = analysis.load()
>>> analysis.cite("an-peacekeepers", data=data)
'nearly 2,000 Russian peacekeepers (Russian peacekeepers deployed) by 12 December 2020 (Asia News, 12 December 2020)'

Names are imported on first use, so `import analysis` stays light (no matplotlib until a chart is drawn).
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "load": "analysis.loading",
    "load_sources": "analysis.loading",
    "load_events": "analysis.loading",
    "load_figures": "analysis.loading",
    "Dataset": "analysis.loading",
    "DataValidationError": "analysis.loading",
    "require_known": "analysis.loading",
    "cite": "analysis.citations",
    "to_csl_json": "analysis.citations",
    "to_bibtex": "analysis.citations",
    "render_brief": "analysis.briefs",
    "check_brief": "analysis.brief_check",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
