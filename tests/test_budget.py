"""The per-file time budget (tests/budget.py) that keeps `make test` fast: a file far over its budget
fails the run with a message saying what to do; a busy machine does not."""

from budget import FACTOR, NEW_FILE, SLACK, check

BUDGET = {"files": {f"tests/test_{i}.py": 10.0 for i in range(6)}, "fixtures": {"reports": 20.0}}


def _run(files: dict, fixtures=None) -> dict:
    return {"tier": "test", "wall": sum(files.values()), "files": files, "fixtures": fixtures or {"reports": 20.0}}


def test_a_file_far_over_its_budget_fails_with_what_to_do():
    files = {name: 10.0 for name in BUDGET["files"]}
    files["tests/test_0.py"] = FACTOR * 10 + SLACK + 1
    problems, report = check(_run(files), BUDGET)
    assert len(problems) == 1 and "tests/test_0.py took 31.0 s; budget 10 s" in problems[0]
    assert report[0].startswith("test: ")
    files["tests/test_0.py"] = FACTOR * 10 + SLACK - 1  # within the wide margin
    assert check(_run(files), BUDGET)[0] == []


def test_a_busy_machine_scales_every_budget():
    files = {name: 30.0 for name in BUDGET["files"]}  # everything three times slower
    assert check(_run(files, {"reports": 60.0}), BUDGET)[0] == []
    files["tests/test_0.py"] = 3 * (FACTOR * 10 + SLACK)  # still too slow for this machine
    [problem] = check(_run(files, {"reports": 60.0}), BUDGET)[0]
    assert "tests/test_0.py" in problem and "machine load 3.00" in problem


def test_a_new_file_has_a_default_budget_and_a_session_fixture_its_own():
    files = {name: 10.0 for name in BUDGET["files"]} | {"tests/test_new.py": FACTOR * NEW_FILE + SLACK + 1}
    [problem] = check(_run(files), BUDGET)[0]
    assert "tests/test_new.py" in problem and "no budget yet" in problem
    files.pop("tests/test_new.py")
    [problem] = check(_run(files, {"reports": FACTOR * 20 + SLACK + 1}), BUDGET)[0]
    assert problem.startswith("fixture reports took")
