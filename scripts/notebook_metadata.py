"""Record in the committed notebooks the kernel metadata JupyterLab writes when it opens them, so
that they open clean (no unsaved mark).

When a notebook's kernel starts, JupyterLab stores the kernel's ``kernelspec`` and
``language_info`` in the notebook (``language_info`` carries Python's exact version).  A notebook
committed without them, or with other values, is marked unsaved the moment it opens.  Run this
after a change of Python or of the kernel, from the project directory:

    .venv/bin/python scripts/notebook_metadata.py           # rewrite notebooks/*.ipynb
    .venv/bin/python scripts/notebook_metadata.py --check   # exit 1 if a notebook differs
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"


def kernel_metadata() -> dict:
    """What JupyterLab writes for the ``python3`` kernel of this interpreter."""
    from ipykernel.ipkernel import IPythonKernel
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    return {
        "kernelspec": {"display_name": spec.display_name, "language": spec.language, "name": "python3"},
        "language_info": copy.deepcopy(IPythonKernel.language_info),
    }


def main(argv: list[str]) -> int:
    import nbformat

    check = "--check" in argv
    wanted = kernel_metadata()
    differing = []
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if all(nb.metadata.get(key) == value for key, value in wanted.items()):
            continue
        differing.append(path.name)
        if not check:
            nb.metadata.update(copy.deepcopy(wanted))
            from shanxi_analysis.core import files  # a fresh file renamed over the notebook

            with files.atomic_write(path) as fh:
                nbformat.write(nb, fh)
    verb = "differ" if check else "updated"
    print(f"{len(differing)} notebook(s) {verb}" + (": " + ", ".join(differing) if differing else ""))
    return 1 if check and differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
