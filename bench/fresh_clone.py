"""Fresh-clone benchmark: the README's `make run` on a new machine, every cache empty.

    make bench                                   # includes it; ARGS=--no-fresh-clone (or --quick) skips it
    .venv/bin/python -m bench.fresh_clone [--worktree]

Clones the repository (`git clone -q`: the committed files; --worktree copies the work tree's tracked
and new files over the clone, to measure uncommitted changes), then runs `make run` there with no
.venv and empty uv, pip, matplotlib and forecast caches, and times the whole command and, from the
lines make echoes as it starts each step, the steps: bootstrap (.venv and the pinned stack),
`shanxi build` and `shanxi run`.  Goal (from the project's issue): the whole `make run` within 2.5x
of its own `shanxi run` step.  A second `make run` in the same clone (forecast cache emptied again)
must not reinstall; its `shanxi run` step, with the bytecode the first run compiled, is reported as
a second, stricter floor.  Takes about two minutes and downloads the stack (uv or pip, as `make run`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 2.5


def clean_env(tmp: Path, cache_tag: str) -> dict[str, str]:
    """The caller's environment without make's, the venv's and bench's own settings, every cache in tmp."""
    drop = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "ARGS", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    venv_bins = {str(ROOT / ".venv" / "bin")}
    if sys.prefix != sys.base_prefix:
        venv_bins.add(str(Path(sys.executable).parent))
    if os.environ.get("VIRTUAL_ENV"):
        venv_bins.add(str(Path(os.environ["VIRTUAL_ENV"]) / "bin"))
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p not in venv_bins)
    caches = tmp / "caches"
    env.update(
        UV_CACHE_DIR=str(caches / "uv"),
        PIP_CACHE_DIR=str(caches / "pip"),
        XDG_CACHE_HOME=str(caches / "xdg"),
        MPLCONFIGDIR=str(caches / "matplotlib"),
        SHANXI_CACHE_DIR=str(caches / f"shanxi-{cache_tag}"),
        PYTHONUNBUFFERED="1",
    )
    return env


def overlay_worktree(clone: Path) -> None:
    """Copy the work tree's tracked and untracked (not ignored) files over the clone; drop deleted ones."""
    listed = (
        subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        src, dst = ROOT / rel, clone / rel
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
        elif not src.exists() and dst.is_file():
            dst.unlink()


def make_run(clone: Path, env: dict[str, str]) -> dict:
    """`make run` in clone: total seconds, the seconds of each step (from make's echo of each command), output."""
    t0 = time.perf_counter()
    marks: dict[str, float] = {}
    lines: list[str] = []
    proc = subprocess.Popen(
        ["make", "run"],
        cwd=clone,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        now = time.perf_counter() - t0
        lines.append(line)
        text = line.strip()
        for step in ("build", "run"):
            if text.startswith(f".venv/bin/shanxi {step}"):
                marks.setdefault(step, now)
    rc = proc.wait()
    total = time.perf_counter() - t0
    output = "".join(lines)
    if rc != 0 or "build" not in marks or "run" not in marks:
        raise RuntimeError(f"make run failed in {clone} (exit {rc}):\n" + "".join(lines[-40:]))
    installed = re.search(r"^installed .* with (\w+) in (\d+) s", output, re.M)
    wrote = re.search(r"^wrote .*index\.html \(([\d.]+) s\)", output, re.M)
    return {
        "total": total,
        "bootstrap": marks["build"],
        "build": marks["run"] - marks["build"],
        "run": total - marks["run"],
        "runner": float(wrote.group(1)) if wrote else None,
        "installer": installed.group(1) if installed else None,
        "reinstalled": "installing " in output,
        "lines": len(lines),
        "output": output,
    }


def bench_fresh_clone(worktree: bool = False, echo=lambda m: print(m, file=sys.stderr, flush=True)) -> list[dict]:
    for tool in ("git", "make"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"the fresh-clone benchmark needs {tool} on PATH")
    with tempfile.TemporaryDirectory(prefix="shanxi-fresh-clone-") as tmp:
        tmp = Path(tmp)
        clone = tmp / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        if worktree:
            overlay_worktree(clone)
        echo(f"    make run in a fresh clone ({clone}), caches empty ...")
        first = make_run(clone, clean_env(tmp, "first"))
        echo(f"    done in {first['total']:.1f} s; make run again (forecast cache emptied) ...")
        second = make_run(clone, clean_env(tmp, "second"))
    steps = {k: round(first[k], 2) for k in ("bootstrap", "build", "run")}
    ratio = first["total"] / first["run"]
    warm_ratio = first["total"] / second["run"]
    source = "work tree" if worktree else "HEAD"
    return [
        {
            "name": f"fresh clone ({source}): make run, caches empty",
            "seconds": first["total"],
            "floor": "its own `shanxi run` step",
            "floor_seconds": first["run"],
            "ratio": ratio,
            "goal": f"<= {GOAL}x",
            "met": ratio <= GOAL,
            "installer": first["installer"],
            "steps": steps,
            "runner_seconds": first["runner"],
            "output_lines": first["lines"],
        },
        {
            "name": f"  of which bootstrap: .venv + pinned stack ({first['installer']})",
            "seconds": first["bootstrap"],
            "floor": "",
            "floor_seconds": None,
            "ratio": None,
            "goal": "(reported)",
            "met": None,
        },
        {
            "name": "  same, floor: `shanxi run` of a 2nd make run",
            "seconds": first["total"],
            "floor": "`shanxi run`, bytecode compiled",
            "floor_seconds": second["run"],
            "ratio": warm_ratio,
            "goal": "(reported)",
            "met": None,
        },
        {
            "name": "2nd make run in the clone: bootstrap step",
            "seconds": second["bootstrap"],
            "floor": "",
            "floor_seconds": None,
            "ratio": None,
            "goal": "no reinstall",
            "met": not second["reinstalled"],
        },
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fresh_clone", description=__doc__.split("\n\n")[0])
    parser.add_argument("--worktree", action="store_true", help="copy the work tree's changes over the clone")
    args = parser.parse_args(argv)
    rows = bench_fresh_clone(worktree=args.worktree)
    for r in rows:
        floor = f"{r['floor_seconds']:.1f}" if r["floor_seconds"] is not None else "-"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
        met = {True: "met", False: "MISSED", None: ""}[r["met"]]
        print(f"{r['name']:<50}  {r['seconds']:>7.1f}  {floor:>6}  {ratio:>5}  {r['goal']} {met}  {r['floor']}")
    print(f"steps of the first make run: {rows[0]['steps']}")
    return 0 if rows[0]["met"] and rows[-1]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
