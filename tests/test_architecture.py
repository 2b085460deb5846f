"""The package's layers: core < data < models < report < cli.  A module imports only its own layer
and those below it, the import graph has no cycle (function-local imports included: they hid the
old plans <-> validate <-> observed <-> links loop), every module imports on its own, and a plan
is data (no plan number in the code)."""

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "shanxi_analysis"
LAYERS = {"core": 0, "data": 1, "models": 2, "report": 3, "cli": 4, "__main__": 4}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int | None:
    """The layer of ``shanxi_analysis.<layer>...``; None for the package root (lazy exports only)."""
    parts = module.split(".")
    return LAYERS[parts[1]] if len(parts) > 1 else None


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    # `from . import links` names submodules; `from .plans import load_targets` names the module
    subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
    return subs or [base]


def project_imports(module: str) -> set[str]:
    """Every project module ``module`` imports, at the top or inside a function."""
    path = MODULES[module]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = _resolve(module, path, node)
        else:
            continue
        found |= {n for n in names if n == "shanxi_analysis" or n.startswith("shanxi_analysis.")}
    return found - {module}


GRAPH = {m: project_imports(m) for m in MODULES}


def test_every_module_belongs_to_a_layer():
    for module in MODULES:
        if module != "shanxi_analysis":
            assert module.split(".")[1] in LAYERS, f"{module} is outside the layers {list(LAYERS)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "shanxi_analysis"))
def test_no_module_imports_a_higher_layer(module):
    for target in GRAPH[module]:
        assert target != "shanxi_analysis", f"{module} imports the package root; import the module itself"
        assert layer(target) <= layer(module), (
            f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
        )


def test_the_import_graph_has_no_cycle():
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, path: list[str]):
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if target not in GRAPH:
                continue
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target] if target in path else [module, target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


def test_the_checker_sees_function_local_imports():
    # the old loop was hidden in function bodies; make sure such imports are counted
    assert "shanxi_analysis.data.validate" in GRAPH["shanxi_analysis.cli"]
    assert "shanxi_analysis.models.forecast" in GRAPH["shanxi_analysis.report.runner.pool"]


IMPORT_EACH_ALONE = """
import importlib, json, sys, traceback
failures = {}
for module in sys.argv[1:]:
    for name in [m for m in sys.modules if m == "shanxi_analysis" or m.startswith("shanxi_analysis.")]:
        del sys.modules[name]  # nothing of the project is loaded when the next module is imported
    try:
        importlib.import_module(module)
    except BaseException:
        failures[module] = traceback.format_exc().strip().splitlines()[-1:]
print(json.dumps(failures))
"""


def test_each_module_imports_on_its_own():
    """Each module imported with nothing of the project loaded before it (an import that relies on
    another module having been imported first, or a cycle at import time, fails here): one fresh
    interpreter that forgets the project's modules between imports (the libraries stay loaded: they
    do not depend on the import order of ours).  It was an interpreter per module, 42 at once."""
    modules = sorted(m for m in MODULES if not m.endswith("__main__"))
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH_ALONE, *modules], capture_output=True, text=True, check=True, timeout=300
    ).stdout
    assert json.loads(out.splitlines()[-1]) == {}


def test_the_core_layer_is_light():
    code = (
        "import sys, shanxi_analysis.core.cache, shanxi_analysis.core.errors, shanxi_analysis.core.stamps; "
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


REGIONS = [
    line.split(",")[0] for line in (PACKAGE.parent / "data" / "raw" / "regions.csv").read_text().splitlines()[1:]
]
PLAN_NUMBERS = ("13", "14")
_CODE_LIKE = re.compile(r"[a-z0-9_.]+")  # a code, key or column name (not a sentence, not a file name)
# names of the product that happen to start with a region's code: the package, the Voila template's
# resource key (report/dashboard.py); the command's name is the ``prog`` of its parser
PRODUCT_NAMES = ("shanxi_analysis", "shanxi_titles")


def plan_or_region_literals(source: str, regions=REGIONS) -> list[int]:
    """Lines of ``source`` whose constants name a plan number (13, 14), a plan id (``china-14``) or
    a region of regions.csv: the code itself (``"china"``) or a code-like key holding it
    (``"value_shanxi"``, ``"cli.region.china"``).  The package's own name (``shanxi_analysis``) and the command's
    (``prog="shanxi"``) are names of the product, not regions (PRODUCT_NAMES); sentences are words
    for readers."""
    tree = ast.parse(source)
    product = {id(k.value) for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == "prog"}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in product or type(node.value) not in (int, str):
            continue
        text = str(node.value)
        code_like = isinstance(node.value, str) and _CODE_LIKE.fullmatch(text) and not text.startswith(PRODUCT_NAMES)
        plan_id = re.fullmatch(rf"(?:{'|'.join(regions)})-\d+", text)  # "china-14" (examples in help words are fine)
        if text in PLAN_NUMBERS or plan_id or (code_like and set(re.split(r"[_.]", text)) & set(regions)):
            found.append(node.lineno)
    return sorted(found)


def test_no_plan_number_or_region_in_the_code():
    """What differs between plans lives in plans.csv (assessed_by, observed_code, shorthand) or the
    plan's files, and what differs between regions in regions.csv (names, nation, default plan)."""
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in MODULES.values()
        for line in plan_or_region_literals(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_finds_planted_plan_numbers_and_regions():
    planted = """x = "china"
if plan.region == "shanxi": pass
column = "value_shanxi"
key = "cli.region.china"
number = 14
module = "shanxi_analysis.data"
parser = Parser(prog="shanxi")
words = "Shanxi and China"
other = "value_region"
plan = load_targets("china-14")
"""
    assert set(REGIONS) >= {"shanxi", "china"}
    assert plan_or_region_literals(planted) == [1, 2, 3, 4, 5, 10]
