"""Caches can never serve a stale answer: the loaders' in-process caches see file edits, the
forecast disk cache is keyed on the data, the code and the arguments, and a planted cache entry
is never executed."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, edit_cell
from shanxi_analysis.core import cache
from shanxi_analysis.data.observed import load_observed
from shanxi_analysis.data.plans import load_targets, load_text_targets
from shanxi_analysis.models.assess import Assessment
from shanxi_analysis.models.forecast import ForecastResults, SeriesForecast


def _bump_mtime(path: Path) -> None:
    # an edit within the same clock tick and of the same size must still be seen
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def test_load_observed_sees_a_row_appended_in_the_same_process(data_copy):
    path = data_copy / "raw" / "observed.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    before = load_observed(region="all", vintage="all", data_dir=data_copy)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(lines[-1])
    after = load_observed(region="all", vintage="all", data_dir=data_copy)
    assert len(after) == len(before) + 1


def test_load_targets_sees_an_edit_of_the_same_size(data_copy):
    path = data_copy / "raw" / "plan14_indicators.csv"
    assert load_targets(14, data_dir=data_copy).set_index("no").loc["1", "name_en"] == "GDP growth"
    old = edit_cell(path, 2, "name_en", "GDP grow_h")
    assert len(old) == len("GDP grow_h")
    _bump_mtime(path)
    assert load_targets(14, data_dir=data_copy).set_index("no").loc["1", "name_en"] == "GDP grow_h"


def test_text_targets_and_assessment_see_edits(data_copy):
    path = data_copy / "raw" / "plan14_text_targets.csv"
    n = len(load_text_targets(14, data_dir=data_copy))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    assert len(load_text_targets(14, data_dir=data_copy)) == n - 1
    # the assessment reads the links, whose cache depends on every raw file
    links = data_copy / "raw" / "indicator_series.csv"
    before = Assessment(14, data_dir=data_copy).fit().table.set_index("no")
    assert before.loc["2", "status"] != "no_data"
    kept = [
        line for line in links.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("14,2,")
    ]
    links.write_text("".join(kept), encoding="utf-8")
    after = Assessment(14, data_dir=data_copy).fit().table.set_index("no")
    assert after.loc["2", "status"] == "no_data"


def test_a_forecast_round_trips_the_cache_exactly():
    fresh = SeriesForecast("gdp_real_growth", as_of=2022).fit()
    back = ForecastResults.from_json(json.loads(json.dumps(fresh.to_json())))
    for frame in ("history", "backtest", "forecast"):
        assert getattr(back, frame).equals(getattr(fresh, frame))
        assert list(getattr(back, frame).dtypes) == list(getattr(fresh, frame).dtypes)
    assert (back.target, back.prob_meet, back.model, back.scale) == (
        fresh.target,
        fresh.prob_meet,
        fresh.model,
        fresh.scale,
    )


def test_the_disk_cache_key_covers_data_code_and_arguments(tmp_path, data_copy, monkeypatch):
    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path / "cache"))
    key = ("gdp_real_growth", None, 2022)
    base = cache.entry_path("forecast", key)
    assert cache.entry_path("forecast", key) == base
    assert cache.entry_path("forecast", (*key[:2], 2021)) != base
    assert cache.entry_path("forecast", key, data_dir=data_copy) == base  # same bytes, same key
    edit_cell(data_copy / "raw" / "observed.csv", 2, "note", "an edited note")
    assert cache.entry_path("forecast", key, data_dir=data_copy) != base
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of the code")
    assert cache.entry_path("forecast", key) != base


def test_code_fingerprint_changes_with_any_model_source(tmp_path):
    package = tmp_path / "shanxi_analysis"
    shutil.copytree(PROJECT / "shanxi_analysis", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.code_fingerprint(package)
    path = package / "models" / "forecast.py"
    path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert cache.code_fingerprint(package) != before
    report = package / "report" / "messages.py"  # the presentation layer does not compute results
    report.write_text(report.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("\n# an edit\n", ""), encoding="utf-8")
    assert cache.code_fingerprint(package) == before


def test_an_edit_to_the_forecast_code_is_not_served_from_the_cache(tmp_path):
    """End to end in fresh interpreters: a cached forecast, an edit of forecast.py, a new answer
    that equals an uncached fit of the edited code."""
    project = tmp_path / "project"
    shutil.copytree(
        PROJECT / "shanxi_analysis", project / "shanxi_analysis", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(PROJECT / "data" / "raw", project / "data" / "raw")
    env = dict(
        os.environ,
        PYTHONPATH=str(project),
        SHANXI_CACHE_DIR=str(tmp_path / "cache"),
        SHANXI_DATA_DIR=str(project / "data"),
    )
    code = (
        "import shanxi_analysis.models.forecast as f; "
        "r = f.forecast('gdp_real_growth', as_of=2022); print(f.__file__); print(repr(r.prob_meet))"
    )

    def prob_meet(**extra):
        out = subprocess.run(
            [sys.executable, "-c", code], env=dict(env, **extra), cwd=tmp_path, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        where, value = out.stdout.split()
        assert Path(where).is_relative_to(project)  # the copy is what runs
        return float(value)

    first = prob_meet()
    assert prob_meet() == first and any((tmp_path / "cache" / "forecast").iterdir())
    source = project / "shanxi_analysis" / "models" / "forecast.py"
    text = source.read_text(encoding="utf-8")
    # an edit that changes the answer but none of the arguments in the key
    share = next(line for line in text.splitlines(keepends=True) if "return float(np.mean(meets(" in line)
    assert text.count(share) == 1  # the share of simulated paths that meet the target
    source.write_text(text.replace(share, share.replace(")))\n", "))) / 2\n")), encoding="utf-8")
    edited = prob_meet()
    assert edited != first and edited == prob_meet(SHANXI_CACHE="off")


def test_a_planted_cache_entry_is_recomputed_never_run(tmp_path, monkeypatch):
    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path / "cache"))
    key = ("gdp_real_growth", None, 2022, "shanxi", 20210409)
    entry = cache.entry_path("forecast", key)
    entry.parent.mkdir(parents=True)
    marker = tmp_path / "pwned"
    # a pickle that would create the marker if it were unpickled, then plain junk JSON
    import pickle

    class Boom:
        def __reduce__(self):
            return (Path.touch, (marker,))

    for planted in (pickle.dumps(Boom()), b'{"series_id": 1}', b"not json"):
        entry.write_bytes(planted)
        calls = []
        value = cache.cached(
            "forecast",
            key,
            lambda calls=calls: calls.append(1) or {"ok": True},
            lambda v: v,
            lambda d: d if d.get("ok") else ({}[0]),
        )
        assert value == {"ok": True} and calls == [1] and not marker.exists()
