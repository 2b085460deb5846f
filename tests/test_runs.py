"""Hard faults: runs that fail cleanly (one message, a non-zero exit, nothing half-written) and
stop when asked.  One regression test per class of fault: bad parameters, a bad output folder,
a full disk, Ctrl-C, two runs into one folder, bad data files, another region's plan."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------------
# 1. bad parameters: one checking layer for the CLI, papermill and the widgets

BAD_PARAMS = [
    (["forecast", "--series", "gdp_level", "--seed", "-1"], "seed must be between 0"),
    (["forecast", "--series", "gdp_level", "--seed", "99999999999"], "seed must be between 0"),
    (["forecast", "--series", "gdp_level", "--to", "99999999"], "at most 15 years ahead"),
    (["forecast", "--series", "gdp_level", "--as-of", "1999"], "valid years"),
    (["forecast", "--series", "gdp_level", "--as-of", "2026"], "valid years"),
    (["forecast", "--series", "gdp_level", "--as-of", "2031"], "valid years"),
    (["forecast", "--series", "gdp_level", "--as-of", "5_0"], "must be an integer"),
    (["assess", "--as-of", "2_023"], "must be an integer"),
    (["scenario", "--indicator", "2", "--as-of", "2022", "--growth=inf,1,1"], "plain decimal number"),
    (["scenario", "--indicator", "2", "--as-of", "2022", "--growth=nan,nan"], "plain decimal number"),
    (["scenario", "--indicator", "2", "--as-of", "2022", "--growth=1e308,1,1"], "plain decimal number"),
    (["scenario", "--indicator", "2", "--as-of", "2022", "--growth=5_0,1,1"], "plain decimal number"),
    (["scenario", "--indicator", "2", "--as-of", "2022", "--growth=1,,1"], "plain decimal number"),
    (["scenario", "--indicator", "2", "--as-of", "2022", "--growth=50,50,50"], "plausible range -10 .. 10"),
    (["scenario", "--indicator", "1", "--as-of", "2022", "--growth=-200,1,1"], "plausible range -50 .. 50"),
    (["scenario", "--indicator", "3", "--as-of", "2022", "--growth=-7000,1,1"], "below zero"),
    (["scenario", "--indicator", "30", "--preset", "baseline"], "no observations"),
]


@pytest.mark.parametrize("args, message", BAD_PARAMS, ids=[" ".join(a) for a, _ in BAD_PARAMS])
def test_bad_parameters_are_refused_with_a_message(cli, args, message):
    code, out, err = cli(*args)
    assert code == 2, (code, out, err)
    assert message in err
    assert "Empty DataFrame" not in out and "Traceback" not in err
    assert out == ""


def test_good_parameters_still_work(cli):
    code, out, err = cli("scenario", "--indicator", "2", "--as-of", "2022", "--growth", "1,1,1")
    assert code == 0, err
    code, out, err = cli("forecast", "--series", "gdp_level", "--as-of", "2023", "--seed", "0", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["seed"] == 0


def test_the_checking_layer():
    from shanxi_analysis.core.errors import ShanxiError
    from shanxi_analysis.models.params import (
        check_horizon,
        check_seed,
        check_steps,
        parse_int,
        parse_number,
        slider_bounds,
    )

    for bad in ("5_0", "inf", "-inf", "nan", "1e308", "1e3", "", " ", "0x10", "五"):
        with pytest.raises(ShanxiError):
            parse_number(bad)
    with pytest.raises(ShanxiError):
        parse_number(float("nan"))
    assert parse_number(" -0.5 ") == -0.5 and parse_number(".5") == 0.5
    with pytest.raises(ShanxiError):
        parse_int("5_0")
    assert check_seed("0") == 0
    with pytest.raises(ShanxiError):
        check_seed(2**32)
    assert check_horizon(2030, 2024) == 2030
    for to in (2024, 2040):
        with pytest.raises(ShanxiError):
            check_horizon(to, 2024)
    share = {"no": "x", "pace_kind": "pp", "unit": "%", "start_value": 95.0, "target_value": 97.0}
    assert check_steps("1,1", share) == [1.0, 1.0]
    with pytest.raises(ShanxiError, match=r"within 0 .. 100"):
        check_steps("3,3", share)  # 101 %
    count = {"no": "y", "pace_kind": "units", "unit": "个", "start_value": 10.0, "target_value": 30.0}
    assert check_steps([5, 5], count) == [5.0, 5.0]
    with pytest.raises(ShanxiError, match="plausible range"):
        check_steps([500, 5], count)
    lo, hi = slider_bounds(share, [0.5, 1.0, 0.0])
    assert -10 <= lo < 0 < hi <= 10


def test_notebook_parameters_use_the_same_checks():
    from shanxi_analysis.core.errors import ShanxiError
    from shanxi_analysis.report.notebook import check_params

    with pytest.raises(ShanxiError, match="integer"):
        check_params(as_of_year="5_0")
    with pytest.raises(ShanxiError, match="seed"):
        check_params(seed=-1)
    assert check_params(as_of_year="2023", seed=7)["as_of"] == 2023


def test_widget_sliders_stay_in_the_plausible_range():
    pytest.importorskip("ipywidgets")
    from shanxi_analysis.models.scenario import ScenarioModel
    from shanxi_analysis.report.widgets import ScenarioApp

    app = ScenarioApp(model=ScenarioModel(None, 2022), indicator="2")
    for s in app.sliders:
        assert s.min >= -10 and s.max <= 10


# --------------------------------------------------------------------------------------------
# 2. the output folder, checked before any kernel starts; a full disk leaves nothing half-written


@pytest.mark.parametrize(
    "out, message",
    [
        ("", "--out is empty"),
        ("/dev/full", "not a folder"),
        ("/proc", "cannot write into /proc"),  # a folder nobody (root included) can write into
        ("/proc/no-such-folder/reports", "cannot write into"),
    ],
)
def test_bad_output_folder(cli, out, message):
    code, _, err = cli("run", "--only", "1", "--lang", "en", "--out", out)
    assert code == 2 and message in err


def test_output_path_that_is_a_file(cli, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")
    code, _, err = cli("run", "--only", "1", "--lang", "en", "--out", target)
    assert code == 2 and "is not a folder" in err
    code, _, err = cli("run", "--only", "1", "--lang", "en", "--out", target / "sub")
    assert code == 2 and "is not a folder" in err
    assert target.read_text() == "x"


def full_disk(monkeypatch):
    """Every file core.files writes lands on /dev/full (the kernel's own ENOSPC), while its
    temporary file is still created where it belongs (so a leftover would show)."""
    from shanxi_analysis.core import files

    fresh = files._fresh

    def on_full_disk(folder, name):
        tmp, fd = fresh(folder, name)
        os.close(fd)
        return tmp, os.open("/dev/full", os.O_WRONLY)

    monkeypatch.setattr(files, "_fresh", on_full_disk)


def test_disk_full_while_exporting_keeps_the_earlier_page(tmp_path, monkeypatch):
    import nbformat

    from shanxi_analysis.report import runner

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("new page")]
    executed = tmp_path / "nb.ipynb"
    nbformat.write(nb, executed)
    page = tmp_path / "out" / "html" / "5_briefing.en.html"
    page.parent.mkdir(parents=True)
    page.write_text("earlier page", encoding="utf-8")
    full_disk(monkeypatch)
    with pytest.raises(runner.OutputError, match="No space left on device"):
        runner.export_html(executed, runner.Job("5_briefing", "en", {}), tmp_path / "out")
    with pytest.raises(runner.OutputError, match="No space left on device"):
        runner.write_index([], tmp_path / "out", 2023)
    monkeypatch.undo()
    assert page.read_text(encoding="utf-8") == "earlier page"
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == ["5_briefing.en.html", "html"]


def test_disk_full_while_executing_leaves_no_empty_partial(tmp_path, monkeypatch):
    import papermill

    from shanxi_analysis.report import runner

    def full(input_path, output_path, **kwargs):
        Path(output_path).write_bytes(b"")  # papermill had opened its output
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)

    monkeypatch.setattr(papermill, "execute_notebook", full)
    out = tmp_path / "out"
    (out / "executed").mkdir(parents=True)
    earlier = out / "executed" / "5_briefing.en.ipynb"
    earlier.write_text("{}", encoding="utf-8")
    with pytest.raises(runner.OutputError, match="No space left on device"):
        runner.execute(runner.Job("5_briefing", "en", {}), out)
    assert [p.name for p in (out / "executed").iterdir()] == ["5_briefing.en.ipynb"]
    assert earlier.read_text(encoding="utf-8") == "{}"
    assert not (out / "failed").exists()


# --------------------------------------------------------------------------------------------
# 3. Ctrl-C stops kernels, keeps earlier pages, exits 130 without a traceback


def _blocking_notebook(folder: Path, port: int) -> None:
    """A notebook that tells the test it is running, then waits forever."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            f"import socket\ns = socket.create_connection(('127.0.0.1', {port}))\ns.sendall(b'running')\ns.recv(1)\n"
        )
    ]
    nbformat.write(nb, folder / "1_review_13th_plan.ipynb")


@pytest.mark.parametrize("kernels", ["warm", "fresh"])
def test_ctrl_c_stops_the_run_and_exits_130(tmp_path, kernels):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(180)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _blocking_notebook(notebooks, server.getsockname()[1])
    out = tmp_path / "reports"
    page = out / "html" / "1_review_13th_plan.en.html"
    page.parent.mkdir(parents=True)
    page.write_text("earlier page", encoding="utf-8")
    # a process started in the background by a non-interactive shell inherits SIGINT ignored (and
    # Python then keeps it ignored): restore a terminal's Ctrl-C in the driver, whoever runs the suite
    driver = (
        "import signal, sys\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from pathlib import Path\nfrom shanxi_analysis.report import runner\n"
        f"runner.plan.NOTEBOOK_DIR = Path({str(notebooks)!r})\n"
        "from shanxi_analysis.cli import main\n"
        f"sys.exit(main(['run', '--only', '1', '--lang', 'en', '--workers', '1', '--kernels', {kernels!r}, "
        f"'--out', {str(out)!r}]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    proc = subprocess.Popen(
        [sys.executable, "-c", driver], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    try:
        conn, _ = server.accept()  # the notebook is running in its kernel
        with conn:
            assert conn.recv(7) == b"running"
            proc.send_signal(signal.SIGINT)
            _stdout, stderr = proc.communicate(timeout=120)
            conn.settimeout(60)
            assert conn.recv(1) == b""  # the kernel is gone
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        server.close()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert page.read_text(encoding="utf-8") == "earlier page"
    assert not (out / "index.html").exists()


# --------------------------------------------------------------------------------------------
# 4. two runs into one folder: the second fails at once


def test_a_second_run_into_a_locked_folder_fails_fast(cli, tmp_path):
    from shanxi_analysis.report.runner import LOCK_NAME, OutputError, locked_out

    out = tmp_path / "reports"
    out.mkdir()
    with open(out / LOCK_NAME, "a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("pid 12345")
        held.flush()
        code, _out_text, err = cli("run", "--only", "1", "--lang", "en", "--as-of", "2023", "--out", out)
        assert code == 2 and "another shanxi run (pid 12345) is writing into" in err
        assert not (out / "html").exists() and not (out / ".ipython").exists()
        with pytest.raises(OutputError), locked_out(out):
            pass
    with locked_out(out):  # released: the next run goes ahead
        pass


def test_the_kernels_environment_is_set_for_the_run_only(tmp_path, monkeypatch):
    """The kernels' quiet IPython profile and Agg backend are set while a run lasts and the
    environment is as it was afterwards, after an error too (it used to keep IPYTHONDIR)."""
    from shanxi_analysis.report.runner.folder import kernel_environment

    monkeypatch.setenv("IPYTHONDIR", "/the/user/own")
    monkeypatch.delenv("MPLBACKEND", raising=False)
    before = dict(os.environ)
    with kernel_environment(tmp_path):
        assert os.environ["IPYTHONDIR"] == str(tmp_path / ".ipython") and os.environ["MPLBACKEND"] == "Agg"
    assert dict(os.environ) == before
    monkeypatch.setenv("MPLBACKEND", "svg")  # the caller's own backend is kept
    before = dict(os.environ)
    with pytest.raises(KeyboardInterrupt), kernel_environment(tmp_path):
        assert os.environ["MPLBACKEND"] == "svg"
        raise KeyboardInterrupt
    assert dict(os.environ) == before


# --------------------------------------------------------------------------------------------
# 4b. one folder, one as-of year: the index lists every page's year and never describes a mix


def _page(out: Path, name: str, lang: str, as_of: int | None) -> Path:
    """A page of ``name`` exported as a run as of ``as_of`` exports it (no kernel)."""
    import nbformat

    from shanxi_analysis.report import runner

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name} as of {as_of}")]
    executed = out / f"{name}.{lang}.source.ipynb"
    out.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, executed)
    params = {} if as_of is None else {"as_of_year": as_of}
    return runner.export_html(executed, runner.Job(name, lang, params), out)


def test_a_partial_run_as_of_another_year_is_refused_before_anything_runs(tmp_path):
    """Issue 20: a run as of 2025 with --only 2 into a folder holding a run as of 2023 left an index
    saying 2025 over pages saying 2023.  It is refused, naming the pages, before a kernel starts."""
    from shanxi_analysis.report import runner

    out = tmp_path / "reports"
    for name in ("1_review_13th_plan", "2_tracker_14th_plan"):
        for lang in ("zh", "en"):
            _page(out, name, lang, 2023)
    before = {p.name: p.read_bytes() for p in (out / "html").iterdir()}
    with pytest.raises(runner.OutputError) as refused:
        runner.run(as_of=2025, lang="both", only=["2"], out=out, echo=lambda m: None)
    message = str(refused.value)
    assert "1_review_13th_plan.zh.html (as of 2023)" in message and "1_review_13th_plan.en.html" in message
    assert "2_tracker" not in message and "without --only and --lang" in message
    assert {p.name: p.read_bytes() for p in (out / "html").iterdir()} == before
    assert not (out / "executed").exists() and not (out / ".ipython").exists()  # no kernel started
    # the same year, or every page replaced: allowed
    jobs = runner.plan_jobs(as_of=2023, lang="both", only=["2"])
    runner.check_one_year(jobs, out, 2023)
    runner.check_one_year(runner.plan_jobs(as_of=2025, lang="both", only=["1", "2"]), out, 2025)
    # one language as of 2025 leaves the other language's pages as of 2023 beside it: refused
    with pytest.raises(runner.OutputError, match=r"2_tracker_14th_plan.zh.html \(as of 2023\)"):
        runner.check_one_year(runner.plan_jobs(as_of=2025, lang="en", only=["1", "2"]), out, 2025)


def test_the_index_lists_the_year_of_every_page_and_refuses_a_mix(tmp_path):
    from shanxi_analysis.report import runner

    out = tmp_path / "reports"
    _page(out, "1_review_13th_plan", "en", 2023)
    _page(out, "2_tracker_14th_plan", "en", 2023)
    _page(out, "2_tracker_14th_plan", "zh", 2023)
    runner.write_index(runner.plan_jobs(as_of=2023, lang="en", only=["1", "2"]), out, 2023)
    english = (out / "index.en.html").read_text(encoding="utf-8")
    assert english.count("(data as of 2023)") == 2
    assert "截至2023年" in (out / "index.html").read_text(encoding="utf-8")
    assert "As of 2023, is each 14th plan indicator on track" in english
    _page(out, "2_tracker_14th_plan", "en", 2025)  # written by hand, beside pages as of 2023
    with pytest.raises(runner.OutputError, match="pages as of 2023, 2025"):
        runner.write_index(runner.plan_jobs(as_of=2025, lang="en", only=["2"]), out, 2025)
    assert english == (out / "index.en.html").read_text(encoding="utf-8")  # the index was left alone


def test_a_page_written_before_pages_carried_their_year_is_read_from_its_executed_notebook(tmp_path):
    import nbformat

    from shanxi_analysis.report.runner import site

    out = tmp_path / "reports"
    page = _page(out, "1_review_13th_plan", "en", None)  # no year in its head
    assert 'name="shanxi:as-of"' not in page.read_text(encoding="utf-8")
    assert site.page_as_of(out, "1_review_13th_plan", "en") is None
    executed = nbformat.v4.new_notebook()
    executed.metadata["papermill"] = {"parameters": {"as_of_year": 2022, "lang": "en"}}
    (out / "executed").mkdir()
    nbformat.write(executed, out / "executed" / "1_review_13th_plan.en.ipynb")
    assert site.page_as_of(out, "1_review_13th_plan", "en") == 2022
    assert site.page_as_of(out, "5_briefing", "en") is None  # no such page
    assert site.page_as_of(_page(out, "5_briefing", "zh", 2024).parents[1], "5_briefing", "zh") == 2024


# --------------------------------------------------------------------------------------------
# 5. bad data files: a problem naming the file, never a traceback


def _gbk(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk", errors="replace"))


def _binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 8)


def _drop_unit(path: Path) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    buf = io.StringIO()
    fields = [f for f in rows[0] if f != "unit"]
    writer = csv.DictWriter(buf, fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


BAD_FILES = {
    "series-empty": ("series.csv", lambda p: p.write_text("", encoding="utf-8")),
    "series-binary": ("series.csv", _binary),
    "series-gbk": ("series.csv", _gbk),
    "series-missing-column": ("series.csv", _drop_unit),
    "outline-gbk": ("shanxi_14th_fyp_outline.txt", _gbk),
    "outline-binary": ("shanxi_14th_fyp_outline.txt", _binary),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
@pytest.mark.parametrize("command", [["validate"], ["build"], ["assess"], ["forecast", "--series", "gdp_level"]])
def test_bad_files_are_problems_naming_the_file(cli, data_copy, case, command):
    name, spoil = BAD_FILES[case]
    spoil(data_copy / "raw" / name)
    code, _, err = cli(*command, data_dir=data_copy)
    assert code == 1, err
    assert name in err


def test_data_dir_pointing_at_a_file(cli, tmp_path):
    target = tmp_path / "data.csv"
    target.write_text("x")
    code, _, err = cli("targets", data_dir=target)
    assert code == 2 and "SHANXI_DATA_DIR" in err and "is a file" in err


# --------------------------------------------------------------------------------------------
# 7. another region's plan


def test_assess_and_scenario_take_a_region(cli, tiny_plan):
    # a plan without observations cannot be assessed as of a year: one line says so
    code, out, err = cli("assess", "--plan", "15", "--region", "testland", "--format", "json", data_dir=tiny_plan)
    assert code == 2 and out == "" and "plan testland-15 has no observations yet" in err
    # a path of one's own still runs from the printed base
    code, out, err = cli(
        "scenario",
        "--plan",
        "15",
        "--region",
        "testland",
        "--indicator",
        "2",
        "--growth",
        "0.5,0.5,0.5,0.5,0.5,0.5",
        "--format",
        "json",
        data_dir=tiny_plan,
    )
    assert code == 0, err
    assert json.loads(out)["summary"]["value_at_target"] == pytest.approx(25.6)
    code, _, err = cli("assess", "--region", "atlantis", data_dir=tiny_plan)
    assert code == 2 and "testland" in err
    code, _, err = cli("scenario", "--plan", "13", "--preset", "baseline")
    assert code == 2 and "printed outcomes" in err


# --------------------------------------------------------------------------------------------
# 6. warnings belong in the run log, never in a page


def test_warnings_go_to_the_run_log_not_the_page(tmp_path):
    import nbformat

    from shanxi_analysis.report import runner

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('shown')")
    cell.outputs = [
        nbformat.v4.new_output(
            "stream", name="stderr", text="UserWarning: Glyph 22823 missing from font(s) DejaVu Sans.\n"
        ),
        nbformat.v4.new_output("stream", name="stdout", text="shown on the page\n"),
        nbformat.v4.new_output("stream", name="stderr", text="Matplotlib created a temporary cache directory\n"),
    ]
    nb.cells = [cell]
    executed = tmp_path / "nb.ipynb"
    nbformat.write(nb, executed)
    out = tmp_path / "out"
    out.mkdir()
    page = runner.export_html(executed, runner.Job("5_briefing", "zh", {}), out).read_text(encoding="utf-8")
    assert "shown on the page" in page
    assert "Glyph" not in page and "temporary cache" not in page
    log = (out / runner.RUN_LOG).read_text(encoding="utf-8")
    assert "Glyph 22823 missing" in log and "temporary cache directory" in log and "5_briefing (zh)" in log


@pytest.mark.parametrize("text", ["５", "٣", "5０"])
def test_numbers_are_ascii_digits_only(text):
    from shanxi_analysis.core.errors import ShanxiError
    from shanxi_analysis.models.params import parse_int, parse_number

    with pytest.raises(ShanxiError):
        parse_number(text)
    with pytest.raises(ShanxiError):
        parse_int(text)
