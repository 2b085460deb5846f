"""The notebooks as a JupyterLab user meets them: they open clean (no unsaved mark) in a real
JupyterLab server driven through Chromium, and the file browser lists each once (the jupytext
twins live in notebooks/py/); the as-of year and language are one line each at the top; a user's
mistake (a bad year, language or indicator) reads as one line, not a traceback, and still fails
the run."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from browser import LAB_TOKEN, ROOT

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def _kernel_metadata() -> dict:
    """What JupyterLab writes into a notebook when its python3 kernel starts."""
    from ipykernel.ipkernel import IPythonKernel
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    return {
        "kernelspec": {"display_name": spec.display_name, "language": spec.language, "name": "python3"},
        "language_info": copy.deepcopy(IPythonKernel.language_info),
    }


def _parameters_cell(nb):
    return next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))


def test_committed_notebooks_carry_the_metadata_jupyterlab_writes():
    wanted = _kernel_metadata()
    for name in NOTEBOOKS:
        meta = nbformat.read(ROOT / "notebooks" / name, as_version=4).metadata
        assert {key: meta.get(key) for key in wanted} == wanted, (
            f"{name} would open with the unsaved mark on this Python: run .venv/bin/python scripts/notebook_metadata.py"
        )


def test_each_notebook_is_paired_with_its_twin_in_notebooks_py_and_sync_follows_an_edit(tmp_path, monkeypatch):
    from jupytext.cli import jupytext
    from jupytext.config import load_jupytext_config
    from jupytext.paired_paths import paired_paths

    for name in NOTEBOOKS:
        path = ROOT / "notebooks" / name
        # a notebook's own pairing would override the folder's (notebooks/jupytext.toml)
        assert "jupytext" not in nbformat.read(path, as_version=4).metadata, name
        formats = load_jupytext_config(str(path)).default_formats(str(path))
        paired = [Path(p) for p, _ in paired_paths(str(path), "ipynb", formats)]
        assert paired == [path, ROOT / "notebooks" / "py" / f"{path.stem}.py"], name
    # the README's workflow, on a copy: edit a twin, sync, and the notebook follows
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    monkeypatch.chdir(tmp_path)
    twin = Path("notebooks/py") / Path(NOTEBOOKS[-1]).with_suffix(".py")
    twin.write_text(twin.read_text(encoding="utf-8").replace('lang = "en"', 'lang = "zh"', 1), encoding="utf-8")
    assert jupytext(["--sync", "--quiet", *sorted(map(str, Path("notebooks/py").glob("*.py")))]) == 0
    synced = nbformat.read(Path("notebooks") / NOTEBOOKS[-1], as_version=4)
    assert 'lang = "zh"' in _parameters_cell(synced).source
    assert synced.metadata["language_info"] == _kernel_metadata()["language_info"]  # what JupyterLab wrote stays


# Open a notebook as a user would (the document manager's open command), wait for what JupyterLab
# writes into it when its kernel starts (the kernel's info and spec: JupyterLab's own handlers of
# these promises run before ours), then read the model's dirty flag and the tab's mark.  The panel
# and its kernel are closed afterwards so that kernels do not pile up on the server.
OPEN_AND_READ = """async (path) => {
    const app = window.jupyterapp;
    await app.restored;
    const panel = await app.commands.execute('docmanager:open', {path});
    await panel.context.ready;
    await panel.sessionContext.ready;
    const kernel = panel.sessionContext.session.kernel;
    await kernel.info;
    await kernel.spec;
    await new Promise(done => requestAnimationFrame(() => done()));
    const tab = Array.from(document.querySelectorAll('.lm-TabBar-tab'))
        .find(t => t.querySelector('.lm-TabBar-tabLabel').textContent === panel.title.label);
    const state = {dirty: panel.context.model.dirty, tabDirty: tab.classList.contains('jp-mod-dirty')};
    await panel.sessionContext.shutdown();
    panel.dispose();
    return state;
}"""


# The file browser's listing of a folder, as shown.
LIST_FOLDER = """async (folder) => {
    const app = window.jupyterapp;
    await app.commands.execute('filebrowser:go-to-path', {path: folder});
    await new Promise(done => requestAnimationFrame(() => done()));
    return Array.from(document.querySelectorAll('.jp-DirListing-content .jp-DirListing-itemText'))
        .map(item => item.textContent);
}"""

# Replace the first cell's text and save, as a user would with Ctrl+S.
EDIT_AND_SAVE = """async ({path, text}) => {
    const app = window.jupyterapp;
    const panel = await app.commands.execute('docmanager:open', {path});
    await panel.context.ready;
    panel.context.model.cells.get(0).sharedModel.setSource(text);
    await panel.context.save();
    await panel.sessionContext.shutdown();
    panel.dispose();
}"""


@pytest.mark.browser
@pytest.mark.server
def test_every_notebook_opens_clean_in_jupyterlab_and_is_listed_once(browser, jupyterlab):
    root = jupyterlab.root  # notebooks/ as committed (a copy: autosave must never touch the project)
    # control: a notebook saved without the kernel's metadata must show the mark, or the check is blind
    control = nbformat.read(ROOT / "notebooks" / NOTEBOOKS[0], as_version=4)
    del control.metadata["language_info"]
    (root / "control").mkdir()
    nbformat.write(control, root / "control" / "unnormalised.ipynb")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        pg = context.new_page()
        pg.goto(f"{jupyterlab.url}/lab?reset&token={LAB_TOKEN}")
        pg.wait_for_function("() => window.jupyterapp", timeout=120_000)
        blind = pg.evaluate(OPEN_AND_READ, "control/unnormalised.ipynb")
        assert blind == {"dirty": True, "tabDirty": True}, blind
        for name in NOTEBOOKS:
            state = pg.evaluate(OPEN_AND_READ, f"notebooks/{name}")
            assert state == {"dirty": False, "tabDirty": False}, (name, state)
        # the file browser lists each notebook once (its .py twin lives in notebooks/py/)
        listed = pg.evaluate(LIST_FOLDER, "notebooks")
        stems = [n.split(".", 1)[0] for n in listed]
        assert sorted(n for n in listed if n.endswith(".ipynb")) == NOTEBOOKS, listed
        assert all(stems.count(n.split(".", 1)[0]) == 1 for n in NOTEBOOKS), listed
        # and JupyterLab still keeps the twin in step: an edit saved there reaches notebooks/py/
        pg.evaluate(EDIT_AND_SAVE, {"path": f"notebooks/{NOTEBOOKS[-1]}", "text": "# edited in JupyterLab"})
        twin = (root / "notebooks" / "py" / NOTEBOOKS[-1]).with_suffix(".py")
        assert "# %% [markdown]" in twin.read_text(encoding="utf-8")
        assert "# # edited in JupyterLab" in twin.read_text(encoding="utf-8")
    finally:
        context.close()


# Parameters: one line each at the top of the notebook, with the values it accepts.


def _parameters(name: str) -> tuple[int, list[str]]:
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    cell = _parameters_cell(nb)
    return nb.cells.index(cell), cell.source.splitlines()


def test_the_as_of_year_and_language_are_the_first_lines_of_code_with_their_valid_values():
    from shanxi_analysis.models.params import as_of_choices
    from shanxi_analysis.report.messages import LANGS
    from shanxi_analysis.report.notebook import check_params

    years = as_of_choices()
    for name in NOTEBOOKS:
        index, lines = _parameters(name)
        assert index <= 1, name  # the first code cell, after at most the title
        code = [line for line in lines if not line.startswith("#")]
        assert code[0].startswith("as_of_year = ") and code[1].startswith('lang = "'), (name, code)
        year_note = code[0].split("#", 1)[1]
        if "not used" not in year_note:
            first, last = map(int, re.search(r"(\d{4}) to (\d{4})", year_note).groups())
            assert list(range(first, last + 1)) == years, (name, year_note)  # what the checks accept
        assert set(re.findall(r'"(\w+)"', code[1].split("#", 1)[1])) == set(LANGS), name
        defaults = {}
        exec("\n".join(lines), {}, defaults)  # the committed cell's own defaults
        check_params(as_of_year=defaults["as_of_year"], lang=defaults["lang"])


# A user's mistake in a notebook reads as one line; the run still fails and says so.


def _error_outputs(path: Path) -> list[dict]:
    nb = nbformat.read(path, as_version=4)
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


@pytest.mark.notebook
def test_a_bad_year_is_one_line_in_the_notebook_and_fails_the_run(tmp_path):
    from shanxi_analysis.report.runner import Job, NotebookFailed, execute

    job = Job("5_briefing", "en", {"as_of_year": 1990, "lang": "en"})  # as papermill would be called
    with pytest.raises(NotebookFailed, match=r"failed in cell \d+: ShanxiError: as-of year 1990 is outside the data"):
        execute(job, tmp_path)
    [error] = _error_outputs(tmp_path / "failed" / "5_briefing.en.ipynb")
    assert error.ename == "ShanxiError" and "1990" in error.evalue
    assert error.traceback == [f"ShanxiError: {error.evalue}"] and "\n" not in error.evalue


@pytest.mark.notebook
def test_in_a_warm_kernel_a_user_error_is_one_line_and_a_bug_keeps_its_traceback(tmp_path):
    from shanxi_analysis.report.runner import NotebookFailed, run

    folder = tmp_path / "nb"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("as_of_year = None\nlang = 'en'")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell(
            "from shanxi_analysis.report.notebook import check_params, setup\n"
            "page = setup(lang=lang)\nget_ipython().run_cell('1 / 0')"
        ),
        nbformat.v4.new_code_cell("check_params(indicators=['99'])"),
        nbformat.v4.new_code_cell("print('not reached')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "1_review_13th_plan.ipynb")
    mistake_line = r"ShanxiError: unknown indicator '99'; did you mean '9'\? \(46 valid choices\)"
    with pytest.raises(NotebookFailed, match=mistake_line):
        run(lang="en", only=["1"], out=tmp_path / "out", echo=lambda m: None, notebook_dir=folder, kernels="warm")
    failed = tmp_path / "out" / "failed" / "1_review_13th_plan.en.ipynb"
    bug, mistake = _error_outputs(failed)
    assert bug.ename == "ZeroDivisionError" and len(bug.traceback) > 1  # a bug still shows where it is
    assert mistake.traceback == [f"ShanxiError: {mistake.evalue}"]
    assert not nbformat.read(failed, as_version=4).cells[-1].outputs  # execution stopped at the mistake
