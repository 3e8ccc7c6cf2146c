"""Inside a report kernel: put a kernel that ran one report back in the state a new one starts the next in.

The report runner (`analysis.reports`) starts one kernel per worker and runs that worker's reports in it one
after another; starting a kernel and importing pandas, matplotlib and this package costs more than most reports.
Before the first report it calls `prepare()` (the imports every report makes, then a record of the process-wide
settings), before every report `reset(folder)`. A report then writes the same bytes whether it ran first in a
new kernel or after others (tests/test_reports.py runs, twice in one kernel, a notebook that shows all of it and
then changes it).

What is put back: the user namespace, `Out`, the `In[n]` numbers and history (IPython's own reset); pyplot's
figures; matplotlib's rcParams; pandas' options; numpy's print options and floating-point error handling; the
warning filters and every "already shown" record (a warning shown once by one report is shown again by the
next); `sys.path`, `os.environ` and the working folder; the root logger's level and handlers; IPython's event
callbacks (`%load_ext autoreload`), display formatters and inline-backend settings (`%config InlineBackend`).
What is not: state a notebook changes inside a module it imported (a module's global, a patched function), which
no notebook of this repository does; a report that did would have to run alone (`--only NAME`), in a kernel of
its own.
"""

from __future__ import annotations

import atexit
import copy
import importlib
import logging
import os
import pkgutil
import sys
import warnings

# Imported before the first report, with every module of this package but the runner's, so that no report's
# output depends on whether it was the first to import them (a module may warn as it is imported).
PRELOAD = ("numpy", "pandas", "pyarrow", "matplotlib", "matplotlib.pyplot", "IPython.display")
# The command line and the report runner's side, which no notebook imports (and __main__ would run the CLI).
RUNNER_MODULES = frozenset({"analysis.__main__", "analysis.cli", "analysis.reports", "analysis.parameters"})
_fresh: dict[str, object] = {}


def prepare() -> None:
    """Import what the reports import, then record the settings `reset` puts back. Call once per kernel: it also
    makes the process leave at exit without tearing its modules down (see below)."""
    import analysis

    for name in PRELOAD:
        importlib.import_module(name)
    for module in pkgutil.iter_modules(analysis.__path__, "analysis."):
        if module.name not in RUNNER_MODULES:
            importlib.import_module(module.name)
    _fresh.update(_settings())
    # Run at exit before IPython's and ipykernel's own handlers (last registered, first run), once Python has
    # joined the threads a report left (a snapshot being written): leave without tearing down pandas, pyarrow
    # and matplotlib, which made every kernel take about half a second more to stop.
    atexit.register(os._exit, 0)


def reset(folder: str) -> None:
    """Put the kernel back in the state `prepare` recorded, in `folder` (the notebook's) as working folder."""
    if not _fresh:
        raise RuntimeError("kernel_state.reset before kernel_state.prepare")
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    shell = _shell()
    shell.reset(new_session=True)  # namespace, Out, history; the next cell is In [1]
    plt.close("all")
    fresh = _fresh
    dict.update(matplotlib.rcParams, copy.deepcopy(fresh["rcParams"]))  # as matplotlib's own rc_context restores them
    for key, value in fresh["pandas"].items():  # only those changed: setting some runs a callback
        if _differs(pd.get_option(key), value):
            pd.set_option(key, copy.deepcopy(value))
    np.set_printoptions(**fresh["numpy_print"])
    np.seterr(**fresh["numpy_errors"])
    sys.path[:] = fresh["path"]
    for key in set(os.environ) - set(fresh["environ"]):
        del os.environ[key]
    os.environ.update(fresh["environ"])
    os.chdir(folder)
    root = logging.getLogger()
    root.setLevel(fresh["log_level"])
    root.handlers[:] = fresh["log_handlers"]
    logging.disable(fresh["log_disabled"])
    for event, callbacks in fresh["events"].items():
        shell.events.callbacks[event][:] = callbacks
    inline = _inline_backend()
    for name, value in fresh["inline"].items():
        if getattr(inline, name) != value:
            setattr(inline, name, copy.deepcopy(value))
    for mime, (singletons, types, deferred, enabled) in fresh["formatters"].items():
        formatter = shell.display_formatter.formatters[mime]
        for registry, saved in ((formatter.singleton_printers, singletons), (formatter.type_printers, types),
                                (formatter.deferred_printers, deferred)):
            registry.clear()
            registry.update(saved)
        formatter.enabled = enabled
    # Last: the filters as they were, and a new filters version, which empties every module's record of the
    # warnings it has shown (`__warningregistry__`).
    warnings.resetwarnings()
    warnings.filters.extend(fresh["warnings"])
    warnings.onceregistry.clear()


def _settings() -> dict[str, object]:
    import matplotlib
    import numpy as np
    from pandas._config import config as pandas_config  # the list of options is not public

    shell = _shell()
    root = logging.getLogger()
    inline = _inline_backend()
    formatters = {mime: (dict(f.singleton_printers), dict(f.type_printers), dict(f.deferred_printers), f.enabled)
                  for mime, f in shell.display_formatter.formatters.items()}
    return {
        "rcParams": copy.deepcopy(dict(matplotlib.rcParams)),
        "pandas": {key: copy.deepcopy(pandas_config.get_option(key)) for key in pandas_config._registered_options
                   if key not in pandas_config._deprecated_options},
        "numpy_print": np.get_printoptions(),
        "numpy_errors": np.geterr(),
        "path": list(sys.path),
        "environ": dict(os.environ),
        "log_level": root.level,
        "log_handlers": list(root.handlers),
        "log_disabled": logging.root.manager.disable,
        "events": {event: list(callbacks) for event, callbacks in shell.events.callbacks.items()},
        "inline": {name: copy.deepcopy(getattr(inline, name)) for name in inline.trait_names(config=True)},
        "formatters": formatters,
        "warnings": list(warnings.filters),
    }


def _differs(value: object, fresh: object) -> bool:
    try:
        return bool(value != fresh)
    except (TypeError, ValueError):  # values that do not compare to a truth value (arrays): treat as changed
        return True


def _shell():
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("analysis.kernel_state runs inside an IPython kernel")
    return shell


def _inline_backend():
    from matplotlib_inline.config import InlineBackend

    return InlineBackend.instance()
