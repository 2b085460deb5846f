"""Merge accepted draft rows into ``observed.csv`` in one step.

A draft file is what ``shanxi intake observed --format csv`` writes: the 14 columns of
``observed.csv`` and ``review``.  A person reads each row against its source, fills in
``source_title`` and ``source_url``, clears ``review`` to accept a row (or deletes the row), and
runs ``shanxi intake merge DRAFTS.csv``.  The merge

* takes the rows whose ``review`` is blank; a row still marked is left out and listed;
* follows ``docs/observed.md`` ("Adding a value"): a row whose series, region, year and vintage
  already hold the same value adds its address to that row's note ("same value also in: ...")
  instead of a second row; a different value is kept beside the old one and both notes start
  with ``CONFLICT:`` and the reason (or, where one is the other rounded, the new note says so);
* inserts each new row where the file's order (series, region, year, vintage) puts it, leaving
  every other line byte for byte as it was;
* validates the whole data set with the merged file first (``shanxi validate``'s checks) and
  writes nothing when a problem is found; the file is replaced in one step;
* where the raw files are fingerprinted (``data/raw/manifest.csv``: an edit fails validation until
  the manifest records it with a reason), records the change with ``reason`` when one is given,
  else says how to record it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ...core.errors import DataError, Problem, ShanxiError
from ...core.paths import raw_dir
from ..schema import display_path
from .observed import OBSERVED_COLUMNS

REVIEW = "review"
SAME_VALUE_NOTE = "same value also in:"


@dataclass
class MergeReport:
    """What a merge did (or would do, with ``dry_run``)."""

    added: list[dict] = field(default_factory=list)
    confirmed: list[tuple[int, dict]] = field(default_factory=list)  # (line of the existing row, draft)
    conflicts: list[tuple[int, dict]] = field(default_factory=list)
    rounded: list[tuple[int, dict]] = field(default_factory=list)
    skipped: list[tuple[int, object]] = field(default_factory=list)  # (draft line, why: words or a coded error)
    written: bool = False
    manifest: str = ""  # what happened to the fingerprint manifest, when there is one

    def lines(self, path: str, lang: str = "en") -> list[str]:
        """The merge's summary in ``lang`` (the command line's message language); a row's reason for
        not being merged and the manifest's line stay the checks' words."""
        from ..catalogue import say

        out = [
            say(
                "cli.intake.merge.summary",
                lang,
                path=path,
                added=len(self.added),
                confirmed=len(self.confirmed),
                conflicts=len(self.conflicts),
                unwritten="" if self.written else say("cli.intake.merge.unwritten", lang),
            )
        ]
        for key, rows in (("conflict", self.conflicts), ("rounded", self.rounded)):
            out += [
                say(f"cli.intake.merge.{key}", lang, line=line, series=d["series_id"], year=d["year"], value=d["value"])
                for line, d in rows
            ]
        out += [say("cli.intake.merge.skipped", lang, line=line, why=why) for line, why in self.skipped]
        if self.manifest:
            out.append(f"  {self.manifest}")
        return out


def _key(r: dict) -> tuple:
    return (r["series_id"], r["region"], int(r["year"]), r["vintage"])


def read_drafts(path: Path) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """The draft rows with their file lines; problems for a file that is not a draft file."""
    name = display_path(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataError([Problem(name, 0, "-", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(name, 0, "-", f"cannot read it as UTF-8 text: {exc}")]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in OBSERVED_COLUMNS if c not in header]
    if missing:
        raise DataError(
            [
                Problem(name, 1, c, "column is missing; a draft file has observed.csv's columns and review")
                for c in missing
            ]
        )
    rows = []
    for r in reader:
        rows.append((reader.line_num, {k: (v or "") for k, v in r.items() if k is not None}))
    return rows, []


def merge_drafts(drafts_path, data_dir=None, dry_run: bool = False, reason: str = "") -> MergeReport:
    """Merge the accepted rows of ``drafts_path`` into ``observed.csv`` (see the module doc)."""
    target = raw_dir(data_dir) / "observed.csv"
    drafts, _ = read_drafts(Path(drafts_path))
    report = MergeReport()
    accepted = []
    for line, d in drafts:
        if d.get(REVIEW, "").strip():
            review = d[REVIEW].strip()
            report.skipped.append(
                (
                    line,
                    ShanxiError(
                        f"still marked for review ({review}); clear the cell to accept it",
                        code="skip_review",
                        review=review,
                    ),
                )
            )
        elif not d["source_title"].strip() or not d["source_url"].strip():
            report.skipped.append(
                (line, ShanxiError("source_title and source_url must be filled in", code="skip_no_source"))
            )
        else:
            accepted.append((line, {c: d[c] for c in OBSERVED_COLUMNS}))
    if not accepted:
        shown = [
            ShanxiError(f"line {line}: {why}", code="skipped_line", line=line, why=why)
            for line, why in report.skipped[:5]
        ]
        raise ShanxiError(
            f"{display_path(Path(drafts_path))}: no accepted row to merge (" + "; ".join(map(str, shown)) + ")",
            code="nothing_to_merge",
            path=display_path(Path(drafts_path)),
            skipped=shown,
        )
    text = target.read_bytes().decode("utf-8")
    merged = _merged_text(text, accepted, report)
    _check(merged, data_dir)
    if not dry_run and merged != text:
        _replace(target, merged)
        report.written = True
        report.manifest = _record(raw_dir(data_dir), reason)
    return report


def _fingerprints():
    """The data layer's fingerprint manifest (``data/manifest.py``), where the project has one."""
    try:
        from .. import manifest
    except ImportError:
        return None
    return manifest if hasattr(manifest, "update_manifest") else None


def _record(raw: Path, reason: str) -> str:
    """Record the merge in the fingerprint manifest, or say how."""
    fingerprints = _fingerprints()
    if fingerprints is None or not (raw / "manifest.csv").is_file():
        return ""
    if not reason:
        return (
            "observed.csv changed: record it in the fingerprint manifest, or validate fails: "
            'shanxi validate --update-manifest --reason "..." (or merge with --reason)'
        )
    fingerprints.update_manifest(raw, reason)
    return f"fingerprint manifest updated: {reason}"


def _merged_text(text: str, accepted: list[tuple[int, dict]], report: MergeReport) -> str:
    """The new file: existing lines as they were (a confirmed or conflicting row's note aside),
    each new row inserted where the file's order puts it."""
    lines = text.splitlines(keepends=True)
    header = lines[0]
    ending = "\r\n" if header.endswith("\r\n") else "\n"
    records = []  # (key, line index, row) of the existing file, one line per record
    for i, line in enumerate(lines[1:], start=1):
        row = next(csv.DictReader(io.StringIO(header + line)))
        records.append((_key(row), i, row))
    new_lines: list[tuple[tuple, str]] = []
    for _, d in accepted:
        same = [(i, row) for key, i, row in records if key == _key(d)]
        if _confirmed(d, same, lines, ending, report):
            continue
        for i, row in same:
            _flag(d, i, row, lines, ending, report)
        new_lines.append((_key(d), _line(d, ending)))
        report.added.append(d)
    body = [(key, lines[i]) for key, i, _ in records]
    for key, line in new_lines:
        # after the last existing row that sorts before or with it
        at = max((j + 1 for j, (k, _) in enumerate(body) if k <= key), default=0)
        body.insert(at, (key, line))
    if body and not body[-1][1].endswith(("\n", "\r")):
        body[-1] = (body[-1][0], body[-1][1] + ending)  # a last line without its line ending
    return header + "".join(line for _, line in body)


def _confirmed(d: dict, same: list, lines: list[str], ending: str, report: MergeReport) -> bool:
    """A row that holds the same value already: its note gains the new address (no second row)."""
    equal = [(i, row) for i, row in same if float(row["value"]) == float(d["value"])]
    if not equal:
        return False
    i, row = equal[0]
    if d["source_url"] != row["source_url"] and d["source_url"] not in row["note"]:
        row["note"] = _with(row["note"], f"{SAME_VALUE_NOTE} {d['source_url']} ({d['source_grade']})")
        lines[i] = _line(row, ending)
        report.confirmed.append((i + 1, d))
    else:
        report.skipped.append((i + 1, "already in observed.csv with this address"))
    return True


def _flag(d: dict, i: int, row: dict, lines: list[str], ending: str, report: MergeReport) -> None:
    """Another value for the same key: a rounded form says so; else both notes start CONFLICT."""
    if _rounded(d["value"], row["value"]) or _rounded(row["value"], d["value"]):
        d["note"] = _with(d["note"], f"rounded form of the value on line {i + 1} ({row['value']}), not a conflict")
        report.rounded.append((i + 1, d))
        return
    why = f"{d['source_title']} gives {d['value']}, line {i + 1} ({row['source_title']}) gives {row['value']}"
    if not row["note"].startswith("CONFLICT"):
        row["note"] = f"CONFLICT: {why}; state why they differ" + (f"; {row['note']}" if row["note"] else "")
        lines[i] = _line(row, ending)
    if not d["note"].startswith("CONFLICT"):
        d["note"] = f"CONFLICT: {why}; state why they differ" + (f"; {d['note']}" if d["note"] else "")
    report.conflicts.append((i + 1, d))


def _line(row: dict, ending: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=ending).writerow([row[c] for c in OBSERVED_COLUMNS])
    return out.getvalue()


def _with(note: str, addition: str) -> str:
    return f"{note}; {addition}" if note else addition


def _rounded(short: str, precise: str) -> bool:
    """True if ``short`` is ``precise`` rounded to the digits ``short`` prints (13 and 13.05)."""
    decimals = len(short.split(".")[1]) if "." in short else 0
    digits = len(precise.split(".")[1]) if "." in precise else 0
    return digits > decimals and round(float(precise), decimals) == float(short)


def _check(merged: str, data_dir=None) -> None:
    """Validate the whole data set with the merged file in place of observed.csv; nothing is
    written when a problem is found."""
    from ..validate import collect_problems

    raw = raw_dir(data_dir)
    with tempfile.TemporaryDirectory(prefix="shanxi-merge-") as tmp:
        copy = Path(tmp) / "raw"
        shutil.copytree(raw, copy)
        (copy / "observed.csv").write_bytes(merged.encode("utf-8"))
        fingerprints = _fingerprints()
        if fingerprints is not None and (copy / "manifest.csv").is_file():
            # the merge is the change the manifest will record: check everything else
            with contextlib.suppress(ShanxiError):
                fingerprints.update_manifest(copy, "intake merge (check)")
        problems, _ = collect_problems(Path(tmp))
    mine = [p for p in problems if p.file.endswith("observed.csv")]
    if mine:
        shown = [Problem("observed.csv (merged)", p.line, p.column, p.message) for p in mine]
        raise DataError(shown)


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a new file in the same folder, renamed into place."""
    fd, tmp = tempfile.mkstemp(prefix=".observed-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
