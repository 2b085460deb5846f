"""The project's promises: the README's two commands, CI calling the test command, conda and pip
listing the same dependencies, a cheap import."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_specs = project["dependencies"] + project["optional-dependencies"]["dev"]
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda_specs = [d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python=", "pip"))]
    assert {"pip": ["-e ."]} in env["dependencies"]
    assert {_name(s): s.split(_name(s), 1)[1] for s in pip_specs} == {
        _name(s): s.split(_name(s), 1)[1] for s in conda_specs
    }


def test_every_dependency_is_pinned_in_constraints():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = {
        _name(line): line.split("==")[1].strip()
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    for spec in project["dependencies"] + project["optional-dependencies"]["dev"]:
        assert _name(spec) in pinned, spec


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "make run" in head and "make test" in head
    ci = (ROOT / ".ci" / "run").read_text()
    tests = re.search(r"^make test test-all$", ci, re.M)  # the fast tier, then the rest: CI proves everything
    lint = re.search(r"^make lint$", ci, re.M)  # the linter first: a finding fails CI before any test runs
    assert tests and lint and lint.start() < tests.start()


def test_the_tiers_are_the_registered_markers_and_budgeted():
    """`make test` leaves out exactly the markers pyproject registers as "make test-all only"; the
    fixtures that need such a marker name one of them; the budget file covers both tiers."""
    import json

    import conftest

    makefile = (ROOT / "Makefile").read_text()
    slow = next(line for line in makefile.splitlines() if line.startswith("SLOW_TIER :="))
    slow_markers = set(re.findall(r"\w+", slow.split(":=", 1)[1])) - {"or"}
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["markers"]
    registered = {m.split(":", 1)[0] for m in markers if "(make test-all only)" in m}
    assert slow_markers == registered
    assert set(conftest.NEEDS_MARKER.values()) <= slow_markers
    test = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    test_all = makefile.split("\ntest-all:", 1)[1].split("\n\n", 1)[0]
    assert '-m "not ($(SLOW_TIER))" --budget=test ' in test and '-m "$(SLOW_TIER)" --budget=test-all ' in test_all
    assert test_all.startswith(" test")  # make test-all runs make test first
    budget = json.loads((ROOT / "tests" / "budget.json").read_text(encoding="utf-8"))
    assert set(budget) == {"test", "test-all"} and all(budget[t]["files"] for t in budget)


def test_import_is_light():
    code = (
        "import sys, shanxi_analysis; print(sorted(m for m in ('pandas', 'statsmodels', 'matplotlib') if m in "
        "sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_version_is_the_same_everywhere():
    import shanxi_analysis

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert shanxi_analysis.__version__ == version
    assert f"version: {version}" in (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"## [{version}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


# Dependencies used as programs or plugins, not imported: the kernel, JupyterLab, Voila, pytest-timeout,
# pytest-xdist (make test's two workers), ruff.
TOOLS = {"ipykernel", "jupyterlab", "voila", "pytest-timeout", "pytest-xdist", "ruff"}
IMPORT_NAMES = {"ipython": "IPython", "pyyaml": "yaml"}


def test_every_declared_dependency_is_used():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("shanxi_analysis", "tests", "bench", "notebooks")
        for p in (ROOT / folder).rglob("*.py")
    )
    for spec in project["dependencies"] + project["optional-dependencies"]["dev"]:
        name = _name(spec)
        if name in TOOLS:
            continue
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        assert re.search(rf"^\s*(import|from) {module}\b", code, flags=re.M), f"{name} is declared but never imported"


def test_make_clean_removes_the_disk_cache_and_make_test_is_derandomized():
    makefile = (ROOT / "Makefile").read_text()
    clean = makefile.split("\nclean:", 1)[1].split("\n\n", 1)[0]
    assert ".cache" in clean.split()
    pytest_line = next(line for line in makefile.splitlines() if line.startswith("PYTEST :="))
    assert "--hypothesis-profile=ci" in pytest_line
    for target in ("test", "test-all"):
        assert "$(PYTEST)" in makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0], target
    from hypothesis import settings

    assert settings.get_profile("ci").derandomize and settings.get_profile("ci").database is None
    assert not settings.get_profile("fuzz").derandomize and settings.get_profile("fuzz").max_examples > 1000


def test_the_bootstrap_uses_uv_with_pip_as_the_fallback_and_the_lock():
    script = (ROOT / "scripts" / "bootstrap.sh").read_text()
    assert "uv pip install" in script.replace('"$uv" pip install', "uv pip install") and "-c constraints.txt" in script
    assert "pip install" in script and "SHANXI_NO_UV" in script
    assert '"$uv" pip install --compile-bytecode' in script and "compileall" in script


# What a kernel, the CLI or a test subprocess imports: the package, the numerical stack, the
# notebook machinery.  Each module the import compiles from source (no valid .pyc beside it) is
# counted by wrapping the loader's compile step.
STACK = (
    "shanxi_analysis",
    "shanxi_analysis.report.runner",
    "pandas",
    "numpy",
    "matplotlib.pyplot",
    "seaborn",
    "statsmodels.tsa.exponential_smoothing.ets",
    "openpyxl",
    "ipywidgets",
    "ipykernel.kernelapp",
    "papermill",
    "nbconvert",
)
COUNT_COMPILES = """
import importlib.machinery, json, sys
compiled = []
source_to_code = importlib.machinery.SourceFileLoader.source_to_code
def counted(self, data, path, *args, **kwargs):
    compiled.append(str(path))
    return source_to_code(self, data, path, *args, **kwargs)
importlib.machinery.SourceFileLoader.source_to_code = counted
for name in sys.argv[1:]:
    __import__(name)
print(json.dumps(compiled))
"""


def test_the_installed_stack_imports_without_compiling_anything():
    """`make bootstrap` compiles the bytecode at install time: with PYTHONDONTWRITEBYTECODE=1 (set on
    these machines and many CI images) a module without its .pyc is compiled again in every new
    process -- `import pandas, matplotlib.pyplot` took 3x the CPU.  The project's own modules are left
    out of the check: an edited one is compiled until the next bootstrap, by design."""
    import json
    import os

    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
    env.pop("PYTHONPYCACHEPREFIX", None)
    out = subprocess.run(
        [sys.executable, "-c", COUNT_COMPILES, *STACK], capture_output=True, text=True, check=True, env=env
    ).stdout
    package = str(ROOT / "shanxi_analysis")
    compiled = [p for p in json.loads(out.splitlines()[-1]) if not p.startswith(package)]
    assert compiled == [], (
        f"{len(compiled)} modules of the stack have no valid bytecode and are compiled in every process, "
        f"e.g. {compiled[:5]}; run `make bootstrap` (scripts/bootstrap.sh compiles them)"
    )


def _fake_tools(folder: Path, apt_get: str) -> dict:
    """A PATH on which apt-get fails as ``apt_get`` says, the fonts look absent (fc-list lists
    none) and the user is root, so that the installer really tries apt-get."""
    import os

    folder.mkdir(parents=True, exist_ok=True)
    tools = {"apt-get": apt_get, "fc-list": "exit 0", "id": "echo 0"}
    for name, body in tools.items():
        tool = folder / name
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(0o755)
    env = dict(os.environ, PATH=f"{folder}{os.pathsep}{os.environ['PATH']}")
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):  # an outer `make test ARGS=...`
        env.pop(name, None)
    return env


APT_FAILURES = {
    "dpkg lock held": "echo 'E: Could not get lock /var/lib/dpkg/lock-frontend, held by process 4242' >&2; exit 100",
    "offline": "echo 'E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease' >&2; exit 100",
}


@pytest.mark.parametrize("why", list(APT_FAILURES))
def test_the_system_packages_are_optional_when_apt_get_cannot_run(tmp_path, why):
    env = _fake_tools(tmp_path / "bin", APT_FAILURES[why])
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "install-system-deps.sh"), "fonts-noto-cjk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "warning: apt-get install fonts-noto-cjk failed" in done.stderr
    assert "E: " in done.stderr and "fall back to English labels" in done.stderr


def test_make_run_goes_on_when_apt_get_cannot_run(tmp_path):
    """`make run`'s own path (system packages, build, run) with apt-get failing: the warning, then
    the build and the run (a stand-in `shanxi` here, which records its commands)."""
    import shutil

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = _fake_tools(tmp_path / "bin", APT_FAILURES["dpkg lock held"])
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    calls = tmp_path / "calls.txt"
    shanxi = venv / "bin" / "shanxi"
    shanxi.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\n')
    shanxi.chmod(0o755)
    stamp = venv / ".installed-stamp"
    stamp.touch()  # newer than pyproject.toml and the lock: no bootstrap
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "run",
            f"VENV={venv}",
            f"BIN={venv / 'bin'}",
            f"STAMP={stamp}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "apt-get install fonts-noto-cjk failed" in done.stderr
    assert calls.read_text().splitlines() == ["build", "run"]
