"""The message catalogue: every word a reader sees, in Chinese and English, as data files.

``shanxi_analysis/data/messages/*.toml`` holds one file per area (``codes``: the words of the data's
and the models' codes; ``page``, ``note``, ``chart``, ``site``, ``widget``, ``cli``, ``words``,
``series``).  Each message is a table with its ``zh`` and ``en`` text::

    ["page.tracker.title"]
    zh = "“十四五”规划主要指标进展(截至{year}年)"
    en = "14th plan targets as of {year}"

``{fields}`` are filled by the caller (numbers already written: the catalogue holds words only).
The files are read once, on first use, and checked: every message has both languages and the same
fields in both, and a key is defined once.  :func:`say` is the one way to a message;
``report.messages`` is its interface for the report layer, and the model layer's explanations
(:mod:`..models.verdicts`) come through here too.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

from ..core.errors import ShanxiError, unknown_choice

LANGS = ("zh", "en")
MESSAGES_DIR = Path(__file__).with_name("messages")


class CatalogueError(ShanxiError):
    """A message file that cannot be used (the message names the file and the key)."""


def fields(text: str) -> set[str]:
    """The ``{fields}`` a message's text fills (``{value}`` and ``{value:...}`` alike)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def check_file(path: Path, seen: dict[str, str] | None = None) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """The messages of one file and the problems found: a message without both languages or with
    other keys, different fields in the two languages, a key another file defines already."""
    seen = {} if seen is None else seen
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return {}, [f"{name}: not a readable TOML file ({exc})"]
    messages, problems = {}, []
    for key, entry in data.items():
        texts = entry.values() if isinstance(entry, dict) else ()
        if not isinstance(entry, dict) or set(entry) != set(LANGS) or not all(isinstance(v, str) for v in texts):
            problems.append(f"{name}: [{key!r}] needs exactly a zh and an en text")
            continue
        if fields(entry["zh"]) != fields(entry["en"]):
            problems.append(
                f"{name}: [{key!r}] fills {sorted(fields(entry['zh']))} in zh but {sorted(fields(entry['en']))} in en"
            )
        if key in seen:
            problems.append(f"{name}: [{key!r}] is defined in {seen[key]} already")
            continue
        seen[key] = name
        messages[key] = (entry["zh"], entry["en"])
    return messages, problems


def check_catalogue(folder: Path = MESSAGES_DIR) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Every message of every file in ``folder``, and every problem found."""
    messages, problems, seen = {}, [], {}
    files = sorted(Path(folder).glob("*.toml"))
    if not files:
        problems.append(f"{folder}: no message files")
    for path in files:
        found, wrong = check_file(path, seen)
        messages.update(found)
        problems += wrong
    return messages, problems


@cache
def load() -> dict[str, tuple[str, str]]:
    """The catalogue: key -> (Chinese, English); read once, checked (:func:`check_catalogue`)."""
    messages, problems = check_catalogue()
    if problems:
        raise CatalogueError("the message catalogue has problems:\n" + "\n".join(problems))
    return messages


class _Catalogue(Mapping):
    """The catalogue as a mapping, read on first use (importing the package reads no file)."""

    def __getitem__(self, key: str) -> tuple[str, str]:
        return load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(load())

    def __len__(self) -> int:
        return len(load())

    def __contains__(self, key) -> bool:
        return key in load()


CATALOGUE: Mapping[str, tuple[str, str]] = _Catalogue()


class Codes(Mapping):
    """The words of one kind of code (``status``, ``vintage`` ...): code -> (Chinese, English), from
    the catalogue's ``<kind>.<code>`` messages, in the files' order."""

    def __init__(self, kind: str):
        self.prefix = f"{kind}."

    def _codes(self) -> dict[str, tuple[str, str]]:
        return _codes(self.prefix)

    def __getitem__(self, code: str) -> tuple[str, str]:
        return self._codes()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes())

    def __len__(self) -> int:
        return len(self._codes())

    def __contains__(self, code) -> bool:
        return code in self._codes()


@cache
def _codes(prefix: str) -> dict[str, tuple[str, str]]:
    return {key[len(prefix) :]: pair for key, pair in load().items() if key.startswith(prefix)}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise unknown_choice("language", lang, LANGS)
    return lang


def say(key: str, lang: str, **fields) -> str:
    """The catalogue's message ``key`` in ``lang``, its ``{fields}`` filled."""
    check_lang(lang)
    zh, en = load()[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def pick(pair, lang: str):
    """One side of a (Chinese, English) pair."""
    check_lang(lang)
    return pair[0] if lang == "zh" else pair[1]


__all__ = [
    "CATALOGUE",
    "LANGS",
    "MESSAGES_DIR",
    "CatalogueError",
    "Codes",
    "check_catalogue",
    "check_file",
    "check_lang",
    "fields",
    "load",
    "pick",
    "say",
]
