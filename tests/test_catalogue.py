"""The message catalogue as data files (shanxi_analysis/data/messages/*.toml): both languages fill
the same fields in every message, every key the code asks for exists, a broken file is refused
with the file and the key named."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from shanxi_analysis.data import catalogue
from shanxi_analysis.data.catalogue import CatalogueError, check_catalogue, check_file, fields, say

ROOT = Path(__file__).resolve().parents[1]
AREAS = "page|note|chart|site|widget|cli|words|status|midterm|attribute|vintage|grade|pace|series|context|explain"
KEY = re.compile(rf"(?:{AREAS})\.[a-z0-9_.]*")
FILE_NAME = re.compile(r".*\.(?:csv|css|toml|html|json|txt)$")  # series.csv is a file, not a message


def test_the_catalogue_reads_without_a_problem():
    messages, problems = check_catalogue()
    assert problems == [] and len(messages) > 500
    assert {p.stem for p in catalogue.MESSAGES_DIR.glob("*.toml")} >= {"codes", "page", "note", "chart", "cli"}


def test_both_languages_fill_the_same_fields_in_every_message():
    messages, _ = check_catalogue()
    differ = {k: (fields(zh), fields(en)) for k, (zh, en) in messages.items() if fields(zh) != fields(en)}
    assert differ == {}


def test_every_message_reads_in_both_languages_once_filled():
    messages, _ = check_catalogue()
    for key, (zh, _) in messages.items():
        filled = {name: "1" for name in fields(zh)}
        for lang in ("zh", "en"):
            assert isinstance(say(key, lang, **filled), str), key  # no field left unfilled (a KeyError)


def _keys_in_code(path: Path) -> list[tuple[int, str, bool]]:
    """(line, text, is_a_prefix) of every string in ``path`` that names a message (docstrings
    aside): a whole key, or the fixed start of a key built at run time (f"page.col.{k}")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs:
            text = n.value
            if KEY.fullmatch(text) and not FILE_NAME.fullmatch(text):
                out.append((n.lineno, text, id(n) in parts or text.endswith((".", "_"))))
    return out


SOURCES = sorted((ROOT / "shanxi_analysis").rglob("*.py")) + sorted((ROOT / "notebooks" / "py").glob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_key_the_code_asks_for_exists(path):
    keys = set(catalogue.load())
    unknown = [
        (line, text)
        for line, text, prefix in _keys_in_code(path)
        if not (any(k.startswith(text) for k in keys) if prefix else text in keys)
    ]
    assert unknown == []


def test_the_key_scan_finds_keys_and_prefixes(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        '"""page.not.a.key in a docstring"""\nsay("page.tracker.titel", lang)\nt(f"chart.short.{s}", lang)\n'
        'open("series.csv")\n',
        encoding="utf-8",
    )
    assert _keys_in_code(planted) == [(2, "page.tracker.titel", False), (3, "chart.short.", True)]


def _write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_broken_message_file_is_refused_with_its_key(tmp_path):
    _write(tmp_path, "a.toml", '["x.one"]\nzh = "{n}项"\nen = "{count} items"\n\n["x.two"]\nzh = "只有中文"\n')
    _write(tmp_path, "b.toml", '["x.one"]\nzh = "一"\nen = "one"\n')
    _write(tmp_path, "c.toml", "not toml = = \n")
    _, problems = check_catalogue(tmp_path)
    assert any("a.toml" in p and "'x.one'" in p and "['n'] in zh but ['count'] in en" in p for p in problems)
    assert any("a.toml" in p and "'x.two'" in p and "a zh and an en" in p for p in problems)
    assert any("b.toml" in p and "defined in a.toml already" in p for p in problems)
    assert any("c.toml" in p and "not a readable TOML" in p for p in problems)


def test_a_file_of_good_messages_reads(tmp_path):
    path = _write(tmp_path, "good.toml", '# words\n["x.one"]\nzh = """\\\n甲{n},\\\n乙"""\nen = "a {n} b"\n')
    messages, problems = check_file(path)
    assert problems == [] and messages == {"x.one": ("甲{n},乙", "a {n} b")}


def test_the_loaded_catalogue_raises_on_problems(tmp_path, monkeypatch):
    _write(tmp_path, "a.toml", '["x.one"]\nzh = "{n}"\nen = "n"\n')
    monkeypatch.setattr(catalogue, "MESSAGES_DIR", tmp_path)
    catalogue.load.cache_clear()
    monkeypatch.setattr(catalogue.check_catalogue, "__defaults__", (tmp_path,))
    try:
        with pytest.raises(CatalogueError, match=r"x\.one"):
            catalogue.load()
    finally:
        monkeypatch.undo()
        catalogue.load.cache_clear()
        catalogue._codes.cache_clear()
    assert say("page.tracker.title", "en", year=2023) == "14th plan targets as of 2023"


def test_the_message_files_are_installed_with_the_package():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "messages/*.toml" in config["tool"]["setuptools"]["package-data"]["shanxi_analysis.data"]
