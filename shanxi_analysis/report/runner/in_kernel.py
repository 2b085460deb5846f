"""Code that runs inside a long-lived kernel (sent by :mod:`.kernels` and :mod:`.execute`).

:func:`kernel_warm` imports what the notebooks use and remembers the state a fresh kernel starts
with; :func:`kernel_reset` puts the kernel back in that state before each notebook: empty
namespace, execution count 1, matplotlib rcParams, pandas and numpy options, warning filters,
working directory, environment and ``sys.path`` as they were, the project's once-per-session
warnings forgotten.  The pages are byte-identical to those of a fresh kernel per notebook.

Not reset: what a notebook changes inside an imported module (a patched function, a font or
colormap registered with matplotlib, an IPython hook or magic); the project's loaders keep their
caches, which depend only on the files and hand out copies."""

from __future__ import annotations

import contextlib
import os

# what a kernel imports before its first notebook, besides the notebooks' own top-level imports, when
# the notebooks use the project (kernels.kernel_imports; and what the names they import declare they
# import on first use: see _import)
# Not the drawing stack (matplotlib's figure and Agg backend, Pillow, seaborn for the heat map):
# a rerun reads its charts from the disk cache (report.chart_cache), and a kernel that has to draw
# imports what it draws with.  matplotlib itself is imported, so that its settings are remembered
# here and reset before each notebook.
BASE_IMPORTS = (
    "numpy",
    "pandas",
    "matplotlib",
    "IPython.display",
    "openpyxl",
    "shanxi_analysis.report.downloads",
)

_STATE: dict = {}


def kernel_warm(imports=()) -> None:
    """Import what the notebooks use, then remember the state a fresh kernel starts with."""
    import copy
    import sys
    import warnings

    for name in imports:  # kernels.kernel_imports: BASE_IMPORTS first when the notebooks use the project
        with contextlib.suppress(Exception):  # the notebook meets the same error, and reports it in its cell
            _import(name)
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:  # `_`, `__doc__`, `__spec__`...: what a reset drops and a new kernel has
        _STATE["ns"] = dict(shell.user_ns)
        _STATE["hidden"] = dict(shell.user_ns_hidden)
    _STATE["cwd"] = os.getcwd()
    _STATE["environ"] = dict(os.environ)
    _STATE["path"] = list(sys.path)
    _STATE["filters"] = list(warnings.filters)
    if "matplotlib" in sys.modules:
        _STATE["rc"] = copy.deepcopy(dict(sys.modules["matplotlib"].rcParams))
    if "numpy" in sys.modules:
        np = sys.modules["numpy"]
        _STATE["numpy"] = (np.get_printoptions(), np.geterr())
    _freeze()


def _import(name: str) -> None:
    """Import module ``name``; a name a notebook imports from a module (``charts.status_heatmap``)
    is not a module, and there is nothing more to import for it."""
    import importlib
    import sys

    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        module = name.rpartition(".")[0]
        if module not in sys.modules:
            raise


def _freeze() -> None:
    """Leave what is alive now (modules, caches) out of the garbage collector's full passes:
    they are a larger heap than a fresh kernel's and would make every pass slower (a tenth of a
    second over five notebooks).  Collection timing changes nothing a notebook shows."""
    import gc

    gc.collect()
    gc.freeze()


def kernel_reset() -> None:
    """Put the kernel back in the state of a fresh one: the imported modules stay (that is the
    point); the namespace, counters and the global settings a notebook can change do not."""
    import random
    import sys
    import warnings

    _reset_shell()
    os.chdir(_STATE["cwd"])
    if os.environ != _STATE["environ"]:
        os.environ.clear()
        os.environ.update(_STATE["environ"])
    sys.path[:] = _STATE["path"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _reset_libraries(sys.modules)
    random.seed()
    # warnings shown "once"/"default" are shown again, as in a new process
    warnings.filters[:] = _STATE["filters"]
    warnings.onceregistry.clear()
    getattr(warnings, "_filters_mutated", lambda: None)()
    _freeze()  # the last notebook's garbage collected first


def _reset_shell() -> None:
    """User namespace, In/Out, ``_``, history; execution count 1; no custom exception handler."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    shell.reset(new_session=True)
    shell.execution_count = 1
    shell.set_custom_exc((), None)  # the one-line errors of setup() (report.notebook) come with setup()
    for ns, fresh in ((shell.user_ns, _STATE.get("ns", {})), (shell.user_ns_hidden, _STATE.get("hidden", {}))):
        for key, value in fresh.items():
            ns.setdefault(key, value)


def _reset_libraries(modules) -> None:
    """The settings of the libraries a notebook imported (only those already imported)."""
    import copy

    mpl = modules.get("matplotlib")
    if mpl is not None and "rc" in _STATE:
        if "matplotlib.pyplot" in modules:
            modules["matplotlib.pyplot"].close("all")
        mpl.rcParams.update(copy.deepcopy(_STATE["rc"]))
        fm = modules.get("matplotlib.font_manager")
        cached = getattr(getattr(fm, "FontManager", None), "_findfont_cached", None)
        if cached is not None:  # its "font not found" messages come once per process
            cached.cache_clear()
    if "pandas" in modules:
        modules["pandas"].reset_option("all")
    np = modules.get("numpy")
    if np is not None and "numpy" in _STATE:
        printoptions, errors = _STATE["numpy"]
        np.set_printoptions(**printoptions)
        np.seterr(**errors)
        np.random.seed()
    if "ipywidgets" in modules:
        modules["ipywidgets"].Widget.close_all()
    if "shanxi_analysis.report.charts" in modules:
        modules["shanxi_analysis.report.charts"].new_session()  # "no CJK font" is said once per kernel
