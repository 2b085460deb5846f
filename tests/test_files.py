"""Hard faults II, files: links, special files and full disks (issue 20, "Files").

Every write goes through a fresh temporary file created exclusively and renamed into place, so a
link planted at a final or temporary name is replaced, never followed; every read refuses a link
out of its tree, a link loop, a device, a FIFO and a file beyond the size limit, naming the file
and never printing its content; ``build`` writes all of ``processed/`` or nothing."""

from __future__ import annotations

import errno
import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from shanxi_analysis.core import cache, files

# --- the rules themselves -------------------------------------------------------------------------


@pytest.fixture
def victim(tmp_path) -> Path:
    """A file outside the tree that a planted link points at (a user's ~/.bashrc)."""
    path = tmp_path / "home" / ".bashrc"
    path.parent.mkdir()
    path.write_text("the user's own file\n", encoding="utf-8")
    return path


def test_a_write_replaces_a_link_at_its_name_and_never_follows_it(tmp_path, victim):
    tree = tmp_path / "tree"
    tree.mkdir()
    os.symlink(victim, tree / "page.html")
    files.write_text(tree / "page.html", "new page")
    assert victim.read_text(encoding="utf-8") == "the user's own file\n"
    assert not (tree / "page.html").is_symlink() and (tree / "page.html").read_text(encoding="utf-8") == "new page"
    assert sorted(p.name for p in tree.iterdir()) == ["page.html"]  # no temporary file left


def test_temporary_names_are_fresh_so_a_planted_tmp_link_is_never_opened(tmp_path, victim):
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in (".page.html.tmp", "page.tmp", ".page.html.running.tmp"):
        os.symlink(victim, tree / name)
    files.write_text(tree / "page.html", "new page")
    assert victim.read_text(encoding="utf-8") == "the user's own file\n"


def test_a_read_refuses_a_link_out_of_its_tree_and_names_the_file(tmp_path, victim):
    tree = tmp_path / "tree"
    tree.mkdir()
    os.symlink(victim, tree / "observed.csv")
    with pytest.raises(files.FileRefused, match=r"observed\.csv: a link that leads out of"):
        files.read_bytes(tree / "observed.csv")
    (tree / "real.csv").write_text("a,b\n", encoding="utf-8")
    os.symlink("real.csv", tree / "inside.csv")  # a link that stays inside is fine
    assert files.read_bytes(tree / "inside.csv") == b"a,b\n"


@pytest.mark.parametrize(
    "make, what",
    [
        (lambda p: os.symlink("/dev/zero", p), "leads out of"),
        (lambda p: os.symlink("/proc/self/environ", p), "leads out of"),
        (lambda p: os.mkfifo(p), "named pipe"),
        (lambda p: (os.symlink(p.name + ".b", p), os.symlink(p.name, str(p) + ".b")), "link loop"),
    ],
    ids=["dev_zero", "proc_environ", "fifo", "loop"],
)
def test_special_files_are_refused_at_once(tmp_path, make, what):
    path = tmp_path / "observed.csv"
    make(path)
    done = []

    def read():
        try:
            files.read_bytes(path)
        except files.FileRefused as exc:
            done.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)  # a FIFO opened for reading would block forever
    assert done and what in done[0] and "observed.csv" in done[0]


def test_system_trees_are_refused_even_inside_the_tree():
    with pytest.raises(files.FileRefused, match="system file"):
        files.read_bytes("/proc/self/environ", root="/")


def test_a_file_beyond_the_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "huge.csv"
    with open(big, "wb") as fh:
        fh.truncate(4 * 1024**3)  # sparse: 4 GB that take no disk
    tracemalloc.start()
    with pytest.raises(files.FileRefused, match="larger than"):
        files.read_bytes(big)
    assert tracemalloc.get_traced_memory()[1] < 10 * 1024**2
    tracemalloc.stop()


def test_replace_all_is_all_or_nothing_on_a_full_disk(tmp_path, monkeypatch):
    folder = tmp_path / "processed"
    folder.mkdir()
    for name in ("a.csv", "b.csv"):
        (folder / name).write_text("old\n", encoding="utf-8")
    fresh, calls = files._fresh, []

    def second_on_full_disk(where, name):
        tmp, fd = fresh(where, name)
        calls.append(name)
        if len(calls) == 2:
            os.close(fd)
            fd = os.open("/dev/full", os.O_WRONLY)
        return tmp, fd

    monkeypatch.setattr(files, "_fresh", second_on_full_disk)
    with pytest.raises(OSError) as exc:
        files.replace_all({folder / "a.csv": b"new\n", folder / "b.csv": b"new\n"})
    assert exc.value.errno == errno.ENOSPC and exc.value.filename == str(folder / "b.csv")
    assert sorted(p.name for p in folder.iterdir()) == ["a.csv", "b.csv"]
    assert all(p.read_text(encoding="utf-8") == "old\n" for p in folder.iterdir())


# --- shanxi validate / build on a planted tree --------------------------------------------------


def test_validate_never_prints_the_environment_through_a_planted_link(cli, data_copy, monkeypatch):
    monkeypatch.setenv("SHANXI_TEST_SECRET", "tok-5f1e9a7c")
    path = data_copy / "raw" / "observed.csv"
    path.unlink()
    os.symlink("/proc/self/environ", path)
    code, out, err = cli("validate", data_dir=data_copy)
    assert code == 1 and "tok-5f1e9a7c" not in out + err and "SHANXI_TEST_SECRET" not in out + err
    assert "observed.csv:0: -: a link that leads out of" in err


def test_a_stray_file_in_place_of_a_table_is_not_quoted(cli, data_copy):
    (data_copy / "raw" / "observed.csv").write_text("TOKEN=tok-5f1e9a7c,PATH=/usr/bin\n1,2\n", encoding="utf-8")
    code, out, err = cli("validate", data_dir=data_copy)
    assert code == 1 and "tok-5f1e9a7c" not in out + err
    assert "observed.csv:1: -: not a observed table: none of its 2 header cells is a column" in err


@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "loop", "huge"])
def test_validate_names_a_special_raw_file_and_exits_1(cli, data_copy, kind):
    path = data_copy / "raw" / "observed.csv"
    path.unlink()
    if kind == "dev_zero":
        os.symlink("/dev/zero", path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        os.symlink("observed.csv", path)
    else:
        with open(path, "wb") as fh:
            fh.truncate(4 * 1024**3)
    code, _, err = cli("validate", data_dir=data_copy)
    assert code == 1 and "observed.csv:0: -:" in err and "Traceback" not in err
    assert {"dev_zero": "leads out of", "fifo": "named pipe", "loop": "link loop", "huge": "larger than"}[kind] in err


def test_a_link_loop_as_the_outline_is_a_clear_error(cli, data_copy):
    path = data_copy / "raw" / "shanxi_14th_fyp_outline.txt"
    path.unlink()
    os.symlink(path.name, path)
    code, _, err = cli("validate", data_dir=data_copy)
    assert code == 1 and "link loop" in err and "Traceback" not in err


def test_build_replaces_planted_links_and_never_writes_through_them(cli, data_copy, victim):
    processed = data_copy / "processed"
    os.symlink(victim, processed / "targets.tmp")  # the old fixed temporary name
    os.symlink(victim, processed / "observed.csv")  # a final name
    code, _, err = cli("build", data_dir=data_copy)
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "the user's own file\n"
    assert not (processed / "observed.csv").is_symlink()
    assert not [p.name for p in processed.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()]


def test_build_on_a_full_disk_names_the_file_and_changes_nothing(cli, data_copy, monkeypatch):
    processed = data_copy / "processed"
    assert cli("build", data_dir=data_copy)[0] == 0
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    fresh, calls = files._fresh, []

    def third_on_full_disk(where, name):
        tmp, fd = fresh(where, name)
        calls.append(name)
        if len(calls) == 3:
            os.close(fd)
            fd = os.open("/dev/full", os.O_WRONLY)
        return tmp, fd

    monkeypatch.setattr(files, "_fresh", third_on_full_disk)
    code, _, err = cli("build", data_dir=data_copy)
    assert code == 1 and "No space left on device" in err and f"processed/{calls[2]}" in err
    assert "nothing was replaced" in err
    assert {p.name: p.read_bytes() for p in processed.iterdir()} == before  # no .tmp, nothing half new


# --- the run's output folder ------------------------------------------------------------------------


def test_the_run_lock_replaces_a_planted_link_without_truncating_its_target(tmp_path, victim):
    from shanxi_analysis.report.runner import LOCK_NAME, locked_out

    out = tmp_path / "reports"
    out.mkdir()
    os.symlink(victim, out / LOCK_NAME)
    with locked_out(out) as lock:
        assert not lock.is_symlink() and lock.read_text(encoding="utf-8") == f"pid {os.getpid()}"
    assert victim.read_text(encoding="utf-8") == "the user's own file\n"


def test_run_log_and_pages_never_follow_planted_links(tmp_path, victim):
    from shanxi_analysis.report import runner

    out = tmp_path / "reports"
    (out / "html").mkdir(parents=True)
    os.symlink(victim, out / runner.RUN_LOG)
    os.symlink(victim, out / "html" / ".5_briefing.en.html.tmp")
    os.symlink(victim, out / "html" / "1_review_13th_plan.en.html")
    runner.log_run(out, "one event")
    runner.folder._write_atomic(out / "html" / "1_review_13th_plan.en.html", "<html></html>")
    runner.folder._write_atomic(out / "html" / "5_briefing.en.html", "<html></html>")
    assert victim.read_text(encoding="utf-8") == "the user's own file\n"
    log = (out / runner.RUN_LOG).read_text(encoding="utf-8")
    assert "one event" in log and "the user's own file" not in log  # the target is not copied either


def test_a_page_that_is_a_link_to_dev_zero_stops_the_refresh_with_its_name(tmp_path):
    from shanxi_analysis.report import runner

    out = tmp_path / "reports"
    (out / "html").mkdir(parents=True)
    os.symlink("/dev/zero", out / "html" / "1_review_13th_plan.en.html")
    with pytest.raises(runner.OutputError, match=r"1_review_13th_plan\.en\.html"):
        runner.site.refresh_pages(out)


# --- the disk cache ----------------------------------------------------------------------------------


def test_the_data_hash_of_a_huge_raw_file_is_not_read_into_memory(data_copy):
    with open(data_copy / "raw" / "huge.bin", "wb") as fh:
        fh.truncate(4 * 1024**3)
    tracemalloc.start()
    first = cache.data_fingerprint(data_copy)
    assert tracemalloc.get_traced_memory()[1] < 20 * 1024**2
    tracemalloc.stop()
    with open(data_copy / "raw" / "huge.bin", "r+b") as fh:
        fh.truncate(4 * 1024**3 + 1)  # its stamp still counts
    assert cache.data_fingerprint(data_copy) != first


def test_a_cache_entry_link_is_replaced_never_followed(tmp_path, monkeypatch, victim):
    monkeypatch.setenv("SHANXI_CACHE_DIR", str(tmp_path / "cache"))
    key = ("a", 1)
    entry = cache.entry_path("test", key)
    entry.parent.mkdir(parents=True)
    os.symlink(victim, entry)
    assert cache.cached("test", key, lambda: {"x": 1}, lambda v: v, lambda d: d) == {"x": 1}
    assert victim.read_text(encoding="utf-8") == "the user's own file\n" and not entry.is_symlink()
