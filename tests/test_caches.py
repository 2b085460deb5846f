"""Caches can never serve a stale answer: the loaders' in-process caches see file edits, the
forecast disk cache is keyed on the data, the code and the arguments, and a planted cache entry
is never executed."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, edit_cell, sign
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
    sign(path.parent)
    before = load_observed(region="all", vintage="all", data_dir=data_copy)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(lines[-1])
    sign(path.parent)
    after = load_observed(region="all", vintage="all", data_dir=data_copy)
    assert len(after) == len(before) + 1


def test_load_targets_sees_an_edit_of_the_same_size(data_copy):
    path = data_copy / "raw" / "plan14_indicators.csv"
    assert load_targets(14, data_dir=data_copy).set_index("no").loc["1", "name_en"] == "GDP growth"
    old = edit_cell(path, 2, "name_en", "GDP Growth")
    assert len(old) == len("GDP Growth")
    _bump_mtime(path)
    assert load_targets(14, data_dir=data_copy).set_index("no").loc["1", "name_en"] == "GDP Growth"


def test_text_targets_and_assessment_see_edits(data_copy):
    path = data_copy / "raw" / "plan14_text_targets.csv"
    n = len(load_text_targets(14, data_dir=data_copy))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    sign(path.parent)
    assert len(load_text_targets(14, data_dir=data_copy)) == n - 1
    # the assessment reads the links, whose cache depends on every raw file
    links = data_copy / "raw" / "indicator_series.csv"
    before = Assessment(14, data_dir=data_copy).fit().table.set_index("no")
    assert before.loc["2", "status"] != "no_data"
    kept = [
        line
        for line in links.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("shanxi-14,2,")
    ]
    links.write_text("".join(kept), encoding="utf-8")
    sign(links.parent)
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


def test_a_well_formed_forged_entry_is_never_served(tmp_path, monkeypatch):
    """Issue 20: a forged entry in the right layout (P(meet) 0.99 where the fit says 0) was
    served.  Entries are signed with a per-user key outside the cache folder."""
    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path / "cache"))
    key = ("gdp_real_growth", None, 2022, "shanxi", 20210409)

    def fit(calls):
        return lambda: calls.append(1) or {"prob_meet": 0.0}

    calls = []
    assert cache.cached("forecast", key, fit(calls), lambda v: v, lambda d: d) == {"prob_meet": 0.0}
    entry = cache.entry_path("forecast", key)
    mac, _, body = entry.read_bytes().partition(b"\n")
    forged = body.replace(b"0.0", b"0.99")
    for planted in (mac + b"\n" + forged, forged, b"0" * 64 + b"\n" + forged):
        entry.write_bytes(planted)
        calls = []
        assert cache.cached("forecast", key, fit(calls), lambda v: v, lambda d: d) == {"prob_meet": 0.0}
        assert calls == [1]
    # an entry signed for another key (copied across file names) is not served either
    other = ("gdp_real_growth", None, 2023, "shanxi", 20210409)
    cache.cached("forecast", other, lambda: {"prob_meet": 0.99}, lambda v: v, lambda d: d)
    entry.write_bytes(cache.entry_path("forecast", other).read_bytes())
    calls = []
    assert cache.cached("forecast", key, fit(calls), lambda v: v, lambda d: d) == {"prob_meet": 0.0} and calls


def test_the_signing_key_is_private_and_outside_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SHANXI_CACHE_KEY", str(tmp_path / "config" / "cache.key"))
    key = cache.signing_key()
    path = tmp_path / "config" / "cache.key"
    assert key and len(key) == cache.KEY_BYTES and (path.stat().st_mode & 0o777) == 0o600
    assert cache.signing_key() == key  # the same key on every call
    path.chmod(0o644)  # readable by others: never used (nothing is cached, nothing is served)
    assert cache.signing_key() is None
    calls = []
    for _ in range(2):
        cache.cached("forecast", ("k",), lambda: calls.append(1) or 1, lambda v: v, lambda d: d)
    assert calls == [1, 1]


def test_the_default_cache_is_outside_the_source_tree(monkeypatch):
    from shanxi_analysis.core.paths import PROJECT_DIR

    monkeypatch.delenv("SHANXI_CACHE_DIR", raising=False)
    monkeypatch.delenv("SHANXI_CACHE_KEY", raising=False)
    assert PROJECT_DIR not in cache.cache_dir().parents and cache.cache_dir().name == "shanxi_analysis"
    assert cache.cache_dir() not in cache.key_path().parents
    monkeypatch.setenv("SHANXI_CACHE_DIR", "/somewhere/else")
    assert cache.cache_dir() == Path("/somewhere/else")


def test_make_clean_empties_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path / "cache"))
    cache.cached("forecast", ("k",), lambda: 1, lambda v: v, lambda d: d)
    keep = tmp_path / "cache" / "not-ours.txt"
    keep.write_text("x")
    assert cache.clear() == 1 and sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["not-ours.txt"]


# --- what other processes read instead of recomputing: checked tables, fits, comparisons, charts ---


def _uncached(monkeypatch, compute):
    """``compute()`` with the disk cache off and the in-process caches empty: the reference."""
    from shanxi_analysis.data import links, observed, plans
    from shanxi_analysis.models import assess

    for module in (observed, plans):
        module.clear_caches()
    links._checked_frame_cached.cache_clear()
    assess.clear_cache()
    with monkeypatch.context() as m:
        m.setenv("SHANXI_CACHE", "off")
        return compute()


def _same(a, b) -> None:
    """Equal frames, down to the type of every object cell (a tuple is not a list)."""
    import pandas as pd

    pd.testing.assert_frame_equal(a, b)
    assert a.attrs.keys() == b.attrs.keys()
    for col in a.columns[[pd.api.types.is_object_dtype(t) for t in a.dtypes]]:
        assert repr([(type(x), x) for x in a[col]]) == repr([(type(x), x) for x in b[col]]), col


def test_stored_tables_fits_and_comparisons_equal_what_a_new_process_computes(monkeypatch, tmp_path):
    """What one kernel stores, the next reads: each must be exactly what it would compute."""
    from shanxi_analysis.data import links, observed, plans
    from shanxi_analysis.models import assess
    from shanxi_analysis.models.compare import national_comparison

    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path))
    computations = {
        "observed": lambda: load_observed(region="all", vintage="all"),
        "targets": lambda: load_targets("china-14"),
        "links": lambda: links.load_links("shanxi-14"),
        "fit": lambda: Assessment("shanxi-14", as_of=2024, method="escap").fit().table,
        "review": lambda: Assessment("shanxi-13").fit().table,
        "comparison": lambda: national_comparison(2023),
    }
    for compute in computations.values():
        reference = _uncached(monkeypatch, compute)
        for _ in range(2):  # stored by the first call, read by the second (a new process: caches emptied)
            observed.clear_caches(), plans.clear_caches(), links._checked_frame_cached.cache_clear()
            assess.clear_cache()
            _same(reference, compute())
    stored = {p.name for p in tmp_path.iterdir()}
    assert {"checked-observed", "checked-targets", "checked-links", "assessment", "national-comparison"} <= stored


def test_a_stored_check_is_never_served_for_other_data(data_copy, monkeypatch, tmp_path):
    """A table checked and stored, then edited into one the checks refuse: the edit is refused."""
    import pytest

    from shanxi_analysis.core.errors import DataError
    from shanxi_analysis.data import observed

    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path))
    load_observed(data_dir=data_copy)
    observed.clear_caches()
    edit_cell(data_copy / "raw" / "observed.csv", 2, "value", "99999")
    sign(data_copy / "raw")
    with pytest.raises(DataError):
        load_observed(data_dir=data_copy)


def test_content_digest_reads_contents_not_identity():
    import numpy as np
    import pandas as pd
    import pytest

    frame = pd.DataFrame({"a": [1.0, np.nan], "b": [(2021, 2022), pd.NA]})
    assert cache.content_digest([frame]) == cache.content_digest([frame.copy()])
    changed = frame.copy()
    changed.loc[0, "a"] = 1.0000001
    assert cache.content_digest([changed]) != cache.content_digest([frame])
    assert cache.content_digest(frame["a"]) != cache.content_digest(frame["a"].rename("c"))
    assert cache.content_digest((1, "1")) != cache.content_digest(("1", 1))
    with pytest.raises(cache.Uncacheable):
        cache.content_digest(object())


def test_a_chart_is_drawn_once_per_version_of_its_inputs(monkeypatch, tmp_path):
    """The PNG read back is the PNG drawn; other inputs, another language: drawn again."""
    from shanxi_analysis.report import chart_cache, charts

    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path))
    table = Assessment("shanxi-13").fit().table
    drawn = []

    def counted(table, lang="en", title=None):
        drawn.append(lang)
        return charts.status_counts_chart(table, lang, title)

    counted.__module__, counted.__qualname__ = "tests.test_caches", "counted"
    first = chart_cache.chart_png(counted, table, "en", "t")
    assert first == chart_cache.png_bytes(charts.status_counts_chart(table, "en", "t"))
    assert chart_cache.chart_png(counted, table, "en", "t") == first and drawn == ["en"]
    chart_cache.chart_png(counted, table, "zh", "t")
    chart_cache.chart_png(counted, table.iloc[1:], "en", "t")
    assert drawn == ["en", "zh", "en"]


def test_a_chart_that_warns_is_drawn_every_time_and_says_so(monkeypatch, tmp_path):
    import warnings

    import pytest

    from shanxi_analysis.report import chart_cache, charts

    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path))
    table = Assessment("shanxi-13").fit().table

    def warning(table, lang="en"):
        warnings.warn("a glyph is missing", UserWarning, stacklevel=1)
        return charts.status_counts_chart(table, lang, "t")

    for _ in range(2):
        with pytest.warns(UserWarning, match="a glyph is missing"):
            chart_cache.chart_png(warning, table, "en")
    assert not (tmp_path / "chart").exists()
