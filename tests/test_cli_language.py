"""The command line's errors in the reader's language (issue 19): under ``--lang zh`` argparse's
own messages and the library's errors are Chinese, with the codes, file names, row numbers and
valid choices kept; under ``--lang en`` the same errors read as before; the help too.  Run in-process."""

import re
from pathlib import Path

import pytest

from test_language import CJK_LETTER, foreign

# what may stay Latin in a Chinese message: option names, ids and values quoted back to the reader,
# the program's and commands' names, a metavar of the usage line
_CODES = re.compile(
    r"--?[a-z][a-z-]*(?:=\S*)?|“[^”]*”|'[^']*'|`[^`]*`|(?<![A-Za-z])(?:shanxi|china)(?:-\d+)?(?![A-Za-z])|\b[a-z]+(?:_[a-z0-9]+)+\b"
)

# (arguments, exit code, a word of the Chinese message, a word of the English one)
ERRORS = [
    # argparse: a mistyped command, a value not among the choices, a missing or an unknown argument,
    # an integer refused by the option's type
    (["asess", "--as-of", "2023"], 2, "是否想输入:“assess”", "did you mean 'assess'?"),
    (["assess", "--format", "jsn"], 2, "无效的选项“jsn”", "invalid choice: 'jsn'"),
    (["observed", "--format"], 2, "需要一个值", "expected one argument"),
    (["assess", "--bogus"], 2, "无法识别的参数", "unrecognized arguments: --bogus"),
    (["intake", "observed"], 2, "缺少必需的参数", "the following arguments are required"),
    (["assess", "--as-of", "2_023"], 2, "须为整数", "must be an integer such as 2023"),
    # the library: an unknown choice, a year outside the data, a step out of range, a list item,
    # two options that exclude each other, a forecast too far ahead, a plan a scenario cannot use,
    # a scenario with no preset
    (["observed", "--series", "gdp_real_grwth"], 2, "未知的序列", "unknown series 'gdp_real_grwth'"),
    (["assess", "--as-of", "1999"], 2, "超出数据范围", "is outside the data"),
    (
        ["scenario", "--indicator", "2", "--as-of", "2022", "--growth=50,50,50"],
        2,
        "超出合理范围-10 .. 10",
        "plausible range -10 .. 10",
    ),
    (["scenario", "--indicator", "2", "--as-of", "2022", "--growth=1,x"], 2, "--growth第2项", "--growth item 2"),
    (["scenario", "--growth=1"], 2, "--growth 需要 --indicator", "--growth needs --indicator"),
    (["scenario", "--indicator", "2", "--growth=1", "--preset", "baseline"], 2, "只能给出其一", "not both"),
    (["forecast", "--series", "gdp_level", "--to", "2040"], 2, "预测最多向前15年", "at most 15 years ahead"),
    (["scenario", "--plan", "13"], 2, "按其公布的实际完成值评判", "judged on its printed outcomes"),
    (["scenario", "--indicator", "3", "--as-of", "2023"], 2, "不预设趋势", "no trend is preset"),
]


def _chinese_only(err: str) -> list[str]:
    """The English words of a Chinese message, beyond codes, ids, the command's name and the
    names its usage line gives its arguments (``file``, ``STEP``)."""
    usage = [line for line in err.splitlines() if line.startswith(("用法:", " "))]
    names = set(re.findall(r"[A-Za-z_]+", " ".join(usage)))
    lines = [re.sub(r"^shanxi(?: [a-z-]+)*:", "", line) for line in err.splitlines() if line not in usage]
    return [w for w in foreign(_CODES.sub(" ", "\n".join(lines)), "zh") if w not in names]


@pytest.mark.parametrize(("args", "code", "zh", "en"), ERRORS, ids=lambda x: " ".join(x) if isinstance(x, list) else "")
def test_each_error_reads_in_the_chosen_language(cli, args, code, zh, en):
    got, out, err = cli(*args, "--lang", "zh")
    assert (got, out) == (code, "") and zh in err, err
    assert "错误" in err and _chinese_only(err) == [], err
    got, _, err = cli(*args, "--lang", "en")
    assert got == code and en in err and "错误" not in err, err


def test_argparse_words_its_help_in_the_language_and_restores_itself(cli):
    import argparse

    got, out, _ = cli("assess", "--help", "--lang", "zh")
    assert got == 0 and out.startswith("用法: shanxi assess") and "选项:" in out and "显示本帮助并退出" in out
    got, out, _ = cli("assess", "--help")
    assert got == 0 and out.startswith("usage: shanxi assess") and "options:" in out
    assert argparse._("usage: ") == "usage: "  # the module's own words again after a Chinese run


def test_the_language_is_read_before_argparse_reads_it():
    from shanxi_analysis.cli import _argv_lang

    assert _argv_lang(["assess", "--lang", "zh"]) == "zh" and _argv_lang(["assess", "--lang=zh"]) == "zh"
    assert _argv_lang(["assess", "--lang"]) == "en" and _argv_lang(["assess", "--lang", "fr"]) == "en"


def test_a_data_error_counts_its_problems_in_the_language():
    from shanxi_analysis.cli import data_error_words
    from shanxi_analysis.core.errors import DataError, Problem

    exc = DataError([Problem("data/raw/observed.csv", 7, "value", "not a number: 'x'")])
    lines = data_error_words(exc, "zh").split("\n")
    assert lines[0] == "数据中有1个问题:" and lines[-1] == "data/raw/observed.csv:7: value: not a number: 'x'"
    assert data_error_words(exc, "en") == str(exc)


def test_every_coded_error_has_its_words():
    """Every code the library raises names a catalogue entry (else the reader gets English)."""
    import ast
    from pathlib import Path

    from shanxi_analysis.data.catalogue import CATALOGUE

    root = Path(__file__).resolve().parents[1] / "shanxi_analysis"
    codes = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "code"
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                codes.add(node.value.value)
    assert codes and [c for c in sorted(codes) if f"cli.error.{c}" not in CATALOGUE] == []


# --- the library's errors a user of run, dashboard, intake, validate and build meets (issue 19) ------

# technical names a Chinese message keeps as they are
_TECHNICAL = re.compile(r"(?<![A-Za-z])(?:HTML|UTF|GB|FIFO|NUL|CSV)(?![A-Za-z])")


def _errors(tmp_path) -> list:
    """One error of each coded kind, raised by the library itself (in-process, no kernel, no server)."""
    import errno
    import os

    from shanxi_analysis.core import files
    from shanxi_analysis.core.errors import ShanxiError
    from shanxi_analysis.data.intake import merge, source, steps
    from shanxi_analysis.data.intake.plan import draft_plan
    from shanxi_analysis.data.printed import PrintedTarget, parse_printed_target
    from shanxi_analysis.report import dashboard
    from shanxi_analysis.report.runner import folder
    from shanxi_analysis.report.runner.execute import _failed
    from shanxi_analysis.report.runner.kernels import check_reply, kernel_failed
    from shanxi_analysis.report.runner.plan import Job, NotebookFailed

    found = []

    def grab(call, *args, **kwargs):
        with pytest.raises(ShanxiError) as caught:
            call(*args, **kwargs)
        found.append(caught.value)
        return caught.value

    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "big").write_bytes(b"x" * 100)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "out").symlink_to("/etc/hostname")
    grab(files.read_bytes, tmp_path / "pipe")  # a special file
    grab(files.read_bytes, tmp_path / "big", limit=10)  # too large
    grab(files.read_bytes, tmp_path / "loop")  # a link loop
    grab(files.read_bytes, tmp_path / "out")  # a link out of its tree
    # the output folder of shanxi run
    grab(folder.check_out, "")
    grab(folder.check_out, str(tmp_path / "big"))
    grab(folder.check_out, "/proc/no-such-folder/reports")  # the system's reason, worded by its errno
    grab(folder.read_text, tmp_path / "pipe", tmp_path)
    found.append(folder._write_error(tmp_path / "x.html", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    # kernels and notebooks
    grab(check_reply, {"content": {"status": "error", "ename": "RuntimeError", "evalue": "boom"}}, "reset")
    job = Job("2_tracker_14th_plan", "zh", {})
    failed = _failed(job, RuntimeError("boom"), tmp_path / "none.ipynb", tmp_path, "x.ipynb")
    kernel = kernel_failed("start", "x")
    later = NotebookFailed(
        f"notebook {job.label} did not run: {kernel}", code="notebook_not_run", label=job.label, cause=kernel
    )
    found += [failed, later, NotebookFailed(f"{failed}\n{later}", code="notebooks_failed", failures=[failed, later])]
    # the dashboard
    grab(dashboard.check_bounds, 0, 1, 1)
    grab(dashboard.check_bounds, 8866, 0, 1)
    grab(dashboard.check_bounds, 8866, 1, 0)
    grab(dashboard.check_bounds, 8866, 1, 1, -1)
    grab(dashboard.access_token, "0.0.0.0", "")
    # intake
    grab(source.read_document, tmp_path)
    grab(source.read_document, tmp_path / "missing.txt")
    grab(source.decode, b"\x00text", "nul.txt")
    grab(source.decode, b"\xff\xfe\xfa\x80", "latin.txt")
    grab(steps.check_region, "Shanxi")
    grab(steps.check_year, 1900)
    drafts = tmp_path / "drafts.csv"
    drafts.write_text(
        ",".join([*merge.OBSERVED_COLUMNS, "review"]) + "\n" + "x," * len(merge.OBSERVED_COLUMNS) + "check\n"
    )
    grab(merge.merge_drafts, drafts, dry_run=True)  # nothing to merge: every row still marked for review
    grab(draft_plan, "no table here", what="register")
    # printed targets
    for printed in ("控制在5", ">8以上", "8-5"):
        grab(parse_printed_target, printed, "level")
    grab(PrintedTarget("5*", 5.0, "level", "=", marker="*").year, 2020)
    return found


def _zh_words(message: str, exc) -> list[str]:
    """The English words of a Chinese message beyond codes, quoted paths and values, technical
    names and the words the error carries from elsewhere (the system's, Python's, the reader's)."""
    text = message
    for value in _field_values(exc):
        text = text.replace(value, " ")
    return foreign(_TECHNICAL.sub(" ", _CODES.sub(" ", text)), "zh")


def _field_values(exc) -> list[str]:
    from shanxi_analysis.core.errors import ShanxiError

    values = []
    for value in exc.fields.values():
        if isinstance(value, ShanxiError):
            values += _field_values(value)
        elif isinstance(value, list):
            values += [v for e in value if isinstance(e, ShanxiError) for v in _field_values(e)]
        elif isinstance(value, str):
            values.append(value)
    return sorted(values, key=len, reverse=True)


def test_the_library_errors_read_in_the_language_and_unchanged_in_english(tmp_path):
    """Each class of error a user of run, dashboard, intake and validate meets: the English words
    exactly the library's message; the Chinese ones Chinese, with paths and values kept."""
    from shanxi_analysis.cli import _error_body

    errors = _errors(tmp_path)
    codes = {e.code for e in errors}
    assert None not in codes and len(codes) >= 25, sorted(map(str, codes))
    for exc in errors:
        assert _error_body(exc, "en") == str(exc), exc.code
        zh = _error_body(exc, "zh")
        assert CJK_LETTER.search(zh) and _zh_words(zh, exc) == [], (exc.code, zh)
        paths = [v for v in exc.fields.values() if isinstance(v, str) and v.startswith("/")]
        assert all(p in zh for p in paths), (exc.code, zh)


def test_the_system_reason_is_worded_by_its_errno():
    import errno
    import os

    from shanxi_analysis.data.catalogue import CATALOGUE

    listed = [k.rsplit(".", 1)[1] for k in CATALOGUE if k.startswith("cli.error.os.")]
    assert listed and all(CATALOGUE[f"cli.error.os.{n}"][1] == os.strerror(getattr(errno, n)) for n in listed)


@pytest.mark.parametrize(
    ("args", "zh"),
    [
        (["dashboard", "--port", "0", "--lang", "zh"], "端口0超出范围"),
        (["--lang", "zh", "dashboard", "--max-kernels", "0"], "--max-kernels 0:至少为1"),
        (["run", "--out", "", "--lang", "zh"], "--out 为空"),
        (["--lang", "zh", "intake", "observed", "x.txt", "--region", "Shanxi", "--year", "2024"], "小写拼音代码"),
        (["--lang", "zh", "assess", "--as-of", "1999"], "超出数据范围"),
        (["validate", "--reason", "x", "--lang", "zh"], "--reason"),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else "",
)
def test_each_command_words_its_errors_in_the_language(cli, args, zh):
    """``--lang`` on the commands that print no table, and before any command."""
    got, out, err = cli(*args)
    assert (got, out) == (2, "") and zh in err and "错误" in err, err
    assert _chinese_only(err) == [], err


def test_a_chinese_reader_gets_a_lead_line_for_each_kind_of_data_problem():
    from shanxi_analysis.cli import data_error_words
    from shanxi_analysis.core.errors import DataError, Problem
    from shanxi_analysis.data.manifest import UPDATE_HINT

    kinds = {
        "行号修正这些行": [Problem("data/raw/observed.csv", 7, "value", "not a number: 'x'")],
        "无法读取或格式不对": [Problem("drafts.csv", 0, "-", "file not found")],
        "--update-manifest": [Problem("data/raw/observed.csv", 0, "-", f"changed; {UPDATE_HINT}")],
        "在草稿文件中修正": [Problem("observed.csv (merged)", 9, "value", "not printed in the evidence")],
    }
    for lead, problems in kinds.items():
        exc = DataError(problems)
        zh = data_error_words(exc, "zh").split("\n")
        assert zh[0] == "数据中有1个问题:" and lead in "".join(zh[1:-1]) and zh[-1] == str(problems[0]), zh
        assert all(_columns(line) <= 100 for line in zh[:-1]), zh
        assert data_error_words(exc, "en") == str(exc)  # the English problems speak for themselves


# --- --help in the language ----------------------------------------------------------------------

COMMAND_NAMES = {"build", "validate", "plans", "targets", "observed", "assess", "close", "forecast", "scenario"}
COMMAND_NAMES |= {"run", "intake", "glossary", "dashboard", "merge", "plan", "text", "briefing"}
# a file or a folder (data/raw/, regions.csv), an option's choices ({table,csv,json})
_NAMES = re.compile(r"[\w.-]*/[\w./-]*|\b\w+\.(?:csv|md|html|txt)\b|\{[^}]*\}")

COMMANDS = [
    [],
    *([c] for c in ("build", "validate", "plans", "targets", "text-targets", "observed", "assess", "close")),
    *([c] for c in ("forecast", "scenario", "run", "intake", "glossary", "dashboard")),
    ["intake", "observed"],
    ["intake", "merge"],
    ["intake", "plan"],
]


def _columns(text: str) -> int:
    from shanxi_analysis.cli import _columns

    return _columns(text)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "shanxi")
def test_every_help_reads_in_the_language(cli, monkeypatch, command):
    """The command's line, its options' help and the names of their values are Chinese under
    ``--lang zh`` (codes, options, file names and the examples' command lines kept) and fit 100
    columns; the English help names the values as argparse does."""
    monkeypatch.setenv("COLUMNS", "100")
    got, out, _ = cli(*command, "--help", "--lang", "zh")
    assert got == 0 and out.startswith("用法: shanxi"), out
    examples = [line for line in out.splitlines() if line.startswith("  shanxi ")]
    prose = [line for line in out.splitlines() if line not in examples and not line.startswith("用法:")]
    text = _NAMES.sub(" ", _TECHNICAL.sub(" ", _CODES.sub(" ", "\n".join(prose))))
    words = [w for w in foreign(text, "zh") if w.upper() != w and w not in COMMAND_NAMES]
    allowed = {"papermill", "eurostat", "escap", "table", "csv", "json", "all", "latest", "preliminary", "revised"}
    allowed |= {"unknown", "baseline", "optimistic", "pessimistic", "required", "both", "warm", "fresh", "official"}
    allowed |= {"en", "zh", "Voila", "token", "Ctrl", "stderr", "http", "https", "html", "txt", "drafts", "review"}
    assert [w for w in words if w not in allowed] == [], out
    assert all(_columns(line) <= 100 for line in prose), [line for line in prose if _columns(line) > 100]
    got, out, _ = cli(*command, "--help", "--lang", "en")
    assert got == 0 and out.startswith("usage: shanxi") and not CJK_LETTER.search(out.replace("communiqué", "")), out


def test_the_value_names_are_argparse_s_own_in_english():
    import argparse

    from shanxi_analysis.cli import _argparse_words, _parser

    with _argparse_words("en"):
        parser = _parser()
    subs = [parser]
    for parser in subs:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                subs += action.choices.values()
            elif action.option_strings and action.nargs != 0 and action.choices is None and action.dest != "help":
                assert action.metavar in (action.dest.upper(), "PAGE.html"), action.dest


# errors raised without a code, and why they may stay English: a data error's problems are worded by
# the checks (its count and lead line are the reader's); a broken catalogue cannot word itself; the
# others never reach a reader (caught inside the library, or a caller's programming error), or are
# worded in the reader's language already (cli.py's say(...) messages)
UNCODED = {
    "DataError": None,
    "CatalogueError": None,
    "Degenerate": None,  # caught by the forecast's model selection
    "models/scenario.py": 1,  # results of another scenario passed in: a caller's programming error
    "report/runner/__init__.py": 1,  # notebooks that failed with something other than a library error
    "cli.py": 2,  # the observed command's empty answer and a forecast's reason, worded already
}


def test_every_error_a_user_meets_carries_a_code():
    """A new ``raise ShanxiError("...")`` without ``code=`` would read English under ``--lang zh``."""
    import ast
    from collections import Counter
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "shanxi_analysis"
    errors = {"ShanxiError", "DataError", "OutputError", "KernelFailed", "NotebookFailed", "PrintedTargetError"}
    errors |= {"CatalogueError", "Degenerate"}  # FileRefused codes itself
    uncoded = Counter()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None) and getattr(node.func, "id", getattr(node.func, "attr", None))
            if isinstance(node, ast.Call) and name in errors and not any(k.arg == "code" for k in node.keywords):
                where = path.relative_to(root).as_posix()
                uncoded[name if name in UNCODED else where] += 1
    assert {k: n for k, n in uncoded.items() if UNCODED.get(k, 0) not in (None, n)} == {}


def test_the_program_s_language_words_run_s_messages_not_its_pages(cli, monkeypatch):
    """``shanxi --lang zh run``: the messages in Chinese, the pages still in both languages (run's
    own --lang chooses them); an OS error no command caught reads in the language too."""
    import errno
    import os

    from shanxi_analysis.report import runner

    seen = {}

    def run(as_of, lang, *args, **kwargs):
        seen["lang"] = lang
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "reports/x.html")

    monkeypatch.setattr(runner, "run", run)
    got, _, err = cli("--lang", "zh", "run")
    assert (got, seen["lang"]) == (1, "both") and "磁盘空间不足(“reports/x.html”)" in err, err
    got, _, err = cli("run", "--lang", "en")
    assert got == 1 and err == "shanxi run: error: No space left on device (reports/x.html)\n", err


# --- what the long-running commands say while they work (issue 19) ------------------------------


def _fake_runs(monkeypatch, tmp_path):
    """``shanxi run`` without kernels: every notebook 'ran' in 3.84 s, the index a stub file."""
    from shanxi_analysis.report import runner

    def runs(jobs, out, notebook_dir, workers, fit, site):
        for job in jobs:
            yield job, 3.84, None

    index = tmp_path / "out" / "index.html"
    monkeypatch.setattr(runner, "run_warm", runs)
    monkeypatch.setattr(runner, "write_index", lambda jobs, out, as_of, notebook_dir: index)
    return index


# a line's notebook names stay file names (2_tracker_14th_plan), its pages' language a code (zh, en)
_NOTEBOOK = re.compile(r"\b\d+_[a-z0-9_]+\b|(?<=[(（])(?:zh|en)(?=[)）])")


def test_run_says_its_progress_in_the_message_language_and_its_pages_stay_both(cli, monkeypatch, tmp_path):
    """``shanxi --lang zh run``: the start, each notebook's line and the last line Chinese (the
    notebooks' file names, their pages' language codes and the paths kept); English by default."""
    _fake_runs(monkeypatch, tmp_path)
    out = tmp_path / "out"
    got, said, err = cli("--lang", "zh", "run", "--only", "2", "--as-of", "2023", "--out", out)
    lines = said.splitlines()
    assert (got, err, len(lines)) == (0, "", 4), (said, err)  # the tracker in Chinese and English
    assert lines[0] == f"shanxi run:共2次笔记本运行,截至2023年,输出到“{out}”", lines
    assert lines[1] == "[1/2] 2_tracker_14th_plan(zh):完成(3.8秒)" and "(en):完成" in lines[2], lines
    assert lines[3].startswith("已写入“") and lines[3].endswith("index.html”(" + lines[3].rsplit("(", 1)[1])
    text = _NOTEBOOK.sub(" ", re.sub(r"^shanxi run:", "", said.replace(str(out), " ")))
    assert foreign(_CODES.sub(" ", text), "zh") == [], said
    got, said, _ = cli("run", "--only", "2", "--as-of", "2023", "--out", out)
    lines = said.splitlines()
    assert got == 0 and lines[0] == f"shanxi run: 2 notebook runs as of 2023 into {out}", lines
    assert lines[1] == "[1/2] 2_tracker_14th_plan (zh): ok (3.8 s)" and lines[3].startswith(f"wrote {out}")
    assert not CJK_LETTER.search(said)
    assert "notebook runs as of 2023" in (out / "run.log").read_text(encoding="utf-8")  # the log stays English


def test_a_failed_notebook_s_line_in_each_language():
    from shanxi_analysis.report.runner import Job, progress_line

    job = Job("5_briefing", "en", {})
    assert progress_line("failed", "zh", done=3, n=12, job=job) == "[3/12] 5_briefing(en):失败"
    assert progress_line("failed", "en", done=3, n=12, job=job) == "[3/12] 5_briefing (en): FAILED"


_URL = re.compile(r"https?://\S+?(?= \(|$)|\d+(?:\.\d+){3}")


def test_the_dashboard_s_startup_lines_read_in_the_language():
    """The address line and the warning beyond localhost (both kinds of token, every interface):
    Chinese under zh but for the addresses, options and the Ctrl+C key; English word for word as before."""
    from shanxi_analysis.report.dashboard import access_token, serving_line

    zh, en = (serving_line("127.0.0.1", 8866, None, 8, 600, lang) for lang in ("zh", "en"))
    assert "http://127.0.0.1:8866/ (英文版)和 http://127.0.0.1:8866/?lang=zh (中文版)" in zh, zh
    assert "最多同时服务8位读者" in zh and "闲置600秒" in zh, zh
    assert en == (
        "shanxi dashboard: serving the plan dashboard at http://127.0.0.1:8866/ (English) and "
        "http://127.0.0.1:8866/?lang=zh (中文) (Ctrl+C to stop); at most 8 readers at once, a page idle "
        "for 600 s needs a reload"
    )
    said = {"zh": [], "en": []}
    for lang, lines in said.items():
        assert access_token("0.0.0.0", "chosen", echo=lines.append, lang=lang) == "chosen"
        assert len(access_token("", None, echo=lines.append, lang=lang)) >= 24
    assert "(所有网络接口)" in said["zh"][1] and "--token 给出的令牌" in said["zh"][0], said
    assert said["en"][1].startswith("shanxi dashboard: WARNING: --ip (every interface) exposes"), said
    for line in [zh, *said["zh"]]:
        text = _CODES.sub(" ", _URL.sub(" ", line.replace("shanxi dashboard:", "")))
        assert [w for w in foreign(text, "zh") if w != "Ctrl"] == [], line
    assert not any(CJK_LETTER.search(line) for line in said["en"])


def test_build_s_summary_reads_in_the_language():
    """Each processed table's counts and the latest table's note, from the real build's report."""
    from shanxi_analysis.cli import build_line
    from shanxi_analysis.data.build import tables

    _, report = tables()
    zh = [build_line(row, "zh") for row in report]
    en = [build_line(row, "en") for row in report]
    assert any("(每个序列、地区和年份一个值" in line for line in zh), zh
    for row, line in zip(report, zh, strict=True):
        assert line.startswith(row["table"]) and f"写出{row['rows_out']:>4}行" in line, line
        assert foreign(line.replace(row["table"], " "), "zh") == [], line
    row = report[0]
    assert en[0] == f"{row['table']:<22} in {row['rows_in']:>4}  out {row['rows_out']:>4}"  # as before
    assert any(
        line.endswith("  (one value per series, region and year (revised > preliminary > unknown))") for line in en
    )


def _zh_summary_words(text: str) -> list[str]:
    """A Chinese summary's English words beyond codes, column names, commands and placeholders (FILE)."""
    text = re.sub(r"shanxi (?:intake merge|validate)|\bintake:", " ", text)
    return [w for w in foreign(_CODES.sub(" ", text), "zh") if w.upper() != w]


def test_intake_s_summaries_read_in_the_language(cli):
    """``shanxi --lang zh intake observed``'s summary in Chinese (in-process, on a communiqué the
    intake tests read); the plan step's and the merge's summaries from their results, both languages."""
    import pandas as pd

    from shanxi_analysis.data.intake.merge import MergeReport
    from shanxi_analysis.data.intake.plan import PlanDraft

    text = Path(__file__).parent / "fixtures" / "intake" / "jinzhong_2024_communique.txt"
    args = ("intake", "observed", text, "--region", "jinzhong", "--year", "2024", "--format", "csv")
    got, _, err = cli("--lang", "zh", *args)
    assert got == 0 and err.startswith("intake:8行草稿,其中") and "shanxi intake merge FILE" in err, err
    assert _zh_summary_words(err) == [], err
    # the English summary: test_intake's own CLI cases

    frame = pd.DataFrame({"review": ["", "check"]})
    plan = PlanDraft(tables=frame, register=frame.iloc[:1], base_year=2020, target_year=2025, n_tables=1)
    assert plan.summary("zh").startswith("intake:表格2行(其中1行标记待审核),登记表1行(其中0行标记待审核);基期年2020")
    assert plan.summary().startswith("intake: 2 table row(s) (1 marked for review), 1 register row(s) (0 marked")
    assert _zh_summary_words(plan.summary("zh")) == []
    row = {"series_id": "gdp_level", "year": 2024, "value": "2458.8"}
    merged = MergeReport(added=[row], conflicts=[(12, row)], rounded=[(13, row)], skipped=[(4, "still marked")])
    zh, en = merged.lines("drafts.csv", "zh"), merged.lines("drafts.csv")
    assert zh[:3] == [
        "drafts.csv:新增1行,确认0个已有行(网址已加入其备注),标记1处冲突(未写入任何内容)",
        "  与第12行冲突:gdp_level 2024 2458.8",
        "  第13行的舍入形式:gdp_level 2024 2458.8",
    ]
    assert zh[3] == "  草稿第4行未合并:still marked"  # the checks' reason stays theirs
    assert _zh_summary_words("\n".join(zh[:3]).replace("drafts.csv", " ")) == []
    assert en[0].startswith("drafts.csv: 1 row(s) added, 0 existing row(s) confirmed") and en[0].endswith(
        "(nothing written)"
    )
