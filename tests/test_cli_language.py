"""The command line's errors in the reader's language (issue 19): under ``--lang zh`` argparse's
own messages and the library's errors are Chinese, with the codes, file names, row numbers and
valid choices kept; under ``--lang en`` the same errors read as before.  Run in-process."""

import re

import pytest

from test_language import foreign

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
