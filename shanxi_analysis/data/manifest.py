"""Fingerprints of the raw data: every file's expected row count and checksum in one manifest.

``data/raw/manifest.csv`` lists each raw file (the outline, the plan tables, the observations, the
links ...) with its number of data rows (lines, for a text) and its SHA-256.  ``shanxi validate``
and the loaders compare every file with it, so an edit that passes every other check - a
consistent forgery, a deleted row, a re-pointed link, a planted file - still fails until the
manifest is updated on purpose: ``shanxi validate --update-manifest --reason "..."`` re-checks the
data, writes the new fingerprints and appends one line per changed file to
``data/raw/changelog.csv`` (the data set's change log: date, file, rows before and after, reason).

README.md, the manifest and the change log themselves are not fingerprinted.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
from functools import lru_cache
from pathlib import Path

from ..core import files
from ..core.errors import Problem, ShanxiError
from ..core.stamps import tree_stamp
from .schema import display_path

MANIFEST = "manifest.csv"
CHANGELOG = "changelog.csv"
UNTRACKED = ("README.md", MANIFEST, CHANGELOG)
MANIFEST_COLUMNS = ("file", "rows", "sha256")
CHANGELOG_COLUMNS = ("date", "file", "rows_before", "rows_after", "sha256_after", "reason")
UPDATE_HINT = 'if the change is intended: shanxi validate --update-manifest --reason "what changed and why"'


def tracked_files(raw: Path) -> list[Path]:
    """Every file of the raw tree the manifest covers (not README.md, the manifest, the log)."""
    if not raw.is_dir():
        return []
    found = [p for p in raw.rglob("*") if (p.is_file() or p.is_symlink()) and not p.is_dir()]
    return sorted((p for p in found if p.relative_to(raw).as_posix() not in UNTRACKED), key=lambda p: p.as_posix())


def fingerprint(path: Path, raw: Path) -> tuple[int, str]:
    """(rows, sha256): data rows of a CSV (records after the header), lines of any other file.
    Read by the rules of :mod:`..core.files` (a link out of the tree is refused)."""
    data = files.read_bytes(path, root=raw)
    digest = hashlib.sha256(data).hexdigest()
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".csv":
        try:
            rows = max(sum(1 for _ in csv.reader(io.StringIO(text))) - 1, 0)
        except csv.Error:
            rows = max(text.count("\n") - 1, 0)
    else:
        rows = len(text.splitlines())
    return rows, digest


def _name(path: Path, raw: Path) -> str:
    return path.relative_to(raw).as_posix()


@lru_cache(maxsize=8)
def _recorded(raw: Path, stamp: tuple) -> tuple[dict[str, tuple[int, str]], tuple[Problem, ...]]:
    path = raw / MANIFEST
    shown = display_path(path)
    try:
        text = files.read_text(path, root=raw)
    except FileNotFoundError:
        return {}, (Problem(shown, 0, "-", f"no manifest: the raw data has no fingerprints; {UPDATE_HINT}"),)
    except (OSError, UnicodeDecodeError, files.FileRefused) as exc:
        return {}, (Problem(shown, 0, "-", f"cannot read the manifest: {getattr(exc, 'reason', exc)}"),)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or list(rows[0]) != list(MANIFEST_COLUMNS):
        return {}, (Problem(shown, 1, "-", f"not a manifest; expected columns: {','.join(MANIFEST_COLUMNS)}"),)
    recorded, problems = {}, []
    for line, r in enumerate(rows, start=2):
        if not (r["rows"] or "").isdigit() or len(r["sha256"] or "") != 64:
            problems.append(Problem(shown, line, "-", "expected a row count and a SHA-256 (64 hex digits)"))
            continue
        recorded[r["file"]] = (int(r["rows"]), r["sha256"])
    return recorded, tuple(problems)


def recorded(raw: Path) -> tuple[dict[str, tuple[int, str]], list[Problem]]:
    """The manifest's fingerprints by file name, and any problem reading it."""
    fingerprints, problems = _recorded(raw, tree_stamp(raw))
    return dict(fingerprints), list(problems)


def _compare(path: Path, raw: Path, expected: tuple[int, str] | None) -> list[Problem]:
    name = display_path(path)
    try:
        rows, digest = fingerprint(path, raw)
    except FileNotFoundError:
        return []  # a missing required file is reported by its reader
    except files.FileRefused as exc:
        return [Problem(name, 0, "-", exc.reason)]
    except OSError as exc:
        return [Problem(name, 0, "-", f"cannot read the file: {exc.strerror or exc}")]
    if expected is None:
        return [
            Problem(name, 0, "-", f"not in the manifest ({MANIFEST}): a file the data set does not list; {UPDATE_HINT}")
        ]
    want_rows, want_digest = expected
    if (rows, digest) == (want_rows, want_digest):
        return []
    if rows != want_rows:
        what = f"{rows} rows, the manifest records {want_rows} ({'deleted' if rows < want_rows else 'added'} rows)"
    else:
        what = f"{rows} rows as recorded, but the content differs from the manifest's checksum (an edited row)"
    return [Problem(name, 0, "-", f"changed since the manifest: {what}; {UPDATE_HINT}")]


def file_problems(path: Path) -> list[Problem]:
    """The manifest check of one raw file (the loaders check the files they read)."""
    path = Path(path)
    raw = path.parent
    fingerprints, problems = recorded(raw)
    if problems:
        return problems
    return _compare(path, raw, fingerprints.get(_name(path, raw)))


def manifest_problems(raw: Path) -> list[Problem]:
    """Every file against the manifest: changed, added (not listed) or deleted (listed, absent)."""
    fingerprints, problems = recorded(raw)
    if problems:
        return problems
    present = tracked_files(raw)
    for path in present:
        problems += _compare(path, raw, fingerprints.get(_name(path, raw)))
    names = {_name(p, raw) for p in present}
    for name in sorted(set(fingerprints) - names):
        rows = fingerprints[name][0]
        problems.append(
            Problem(display_path(raw / name), 0, "-", f"deleted: the manifest records {rows} rows; {UPDATE_HINT}")
        )
    return problems


def update_manifest(raw: Path, reason: str, today: _dt.date | None = None) -> list[dict]:
    """Write the current fingerprints to the manifest and log each changed file with ``reason``.
    Returns the log entries written (none when nothing changed)."""
    reason = " ".join((reason or "").split())
    if len(reason) < 8:
        raise ShanxiError(
            '--reason is required: say what changed and why (at least a few words), e.g. --reason "2025 '
            'GDP growth added from the 2026 communique"',
            code="reason_required",
        )
    old, _ = recorded(raw)
    new = {}
    for path in tracked_files(raw):
        try:
            new[_name(path, raw)] = fingerprint(path, raw)
        except (OSError, files.FileRefused) as exc:
            why = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
            raise ShanxiError(
                f"cannot fingerprint {display_path(path)}: {why}; the manifest was not updated",
                code="cannot_fingerprint",
                path=display_path(path),
                reason=str(why),
                **{k: v for k, v in getattr(exc, "fields", {}).items() if k != "path"},
                errno=getattr(exc, "errno", None),
            ) from None
    day = (today or _dt.date.today()).isoformat()
    entries = [
        {
            "date": day,
            "file": name,
            "rows_before": old[name][0] if name in old else "",
            "rows_after": new[name][0] if name in new else "",
            "sha256_after": new[name][1][:16] if name in new else "",
            "reason": reason,
        }
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name)
    ]
    if not entries:
        return []
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    writer.writerows([name, rows, digest] for name, (rows, digest) in sorted(new.items()))
    log = raw / CHANGELOG
    try:
        previous = files.read_text(log, root=raw)
    except FileNotFoundError:
        previous = ",".join(CHANGELOG_COLUMNS) + "\n"
    out = io.StringIO()
    csv.DictWriter(out, CHANGELOG_COLUMNS, lineterminator="\n").writerows(entries)
    files.replace_all({raw / MANIFEST: buf.getvalue().encode(), log: (previous + out.getvalue()).encode()})
    clear_caches()
    return entries


def clear_caches() -> None:
    _recorded.cache_clear()
