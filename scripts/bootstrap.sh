#!/usr/bin/env bash
# Installs the pinned stack into a virtualenv: the project, editable, with its [dev] extra, every
# version fixed by constraints.txt (the lock).  `make run`, `make test` and `make lock` call it.
#
#   scripts/bootstrap.sh [--venv DIR] [--python PY] [--unpinned]
#
#   --venv DIR    the virtualenv (default .venv), created with PY (default $PYTHON, else python3) if missing
#   --unpinned    without constraints.txt: the newest versions pyproject.toml allows (for `make lock`)
#
# Installer: uv when it can be had (`uv` on PATH, else uv==$UV_VERSION pip-installed into the venv),
# otherwise pip, which is also the fallback when getting uv or the uv install fails.
# SHANXI_NO_UV=1 skips uv and installs with pip.  Output: one line before, one line after; the
# installers' own output goes to DIR/bootstrap.log and is shown only when an install fails.
#
# Bytecode is compiled at install time (uv --compile-bytecode; pip compiles by default), then
# `compileall` covers what an installer left out: packages a previous uv run installed without it,
# and the project's own package (editable, so outside site-packages).  Without it every new process
# (kernel, CLI, test subprocess) compiles pandas, matplotlib... from source again, since these
# machines set PYTHONDONTWRITEBYTECODE=1: 3x the CPU of an import from bytecode.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
venv=.venv
python=${PYTHON:-python3}
pins=(-c constraints.txt)
while [ $# -gt 0 ]; do
  case "$1" in
    --venv) venv=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    --unpinned) pins=(); shift ;;
    *) echo "usage: scripts/bootstrap.sh [--venv DIR] [--python PY] [--unpinned]" >&2; exit 2 ;;
  esac
done
python=${python:-python3}
what="the pinned stack"
[ ${#pins[@]} -eq 0 ] && what="the newest allowed stack"

no_uv() { [ -n "${SHANXI_NO_UV:-}" ] && [ "${SHANXI_NO_UV}" != 0 ]; }

if no_uv; then
  echo "installing $what into $venv (pip as SHANXI_NO_UV is set, about a minute on a fresh machine)"
else
  echo "installing $what into $venv (uv, about 15 s on a fresh machine)"
fi
started=$(date +%s)
py=$venv/bin/python
[ -x "$py" ] || "$python" -m venv "$venv"
log=$venv/bootstrap.log
: >"$log"

# Prints the uv to use, or fails.
find_uv() {
  no_uv && return 1
  if command -v uv >/dev/null 2>&1 && uv --version >>"$log" 2>&1; then
    command -v uv
  elif [ -x "$venv/bin/uv" ] && "$venv/bin/uv" --version >>"$log" 2>&1; then
    echo "$venv/bin/uv"
  else
    echo "+ pip install uv==$UV_VERSION" >>"$log"
    "$py" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" >>"$log" 2>&1 \
      && "$venv/bin/uv" --version >>"$log" 2>&1 && echo "$venv/bin/uv"
  fi
}

show_log() { echo "---- $log (last 40 lines)" >&2; tail -n 40 "$log" >&2; echo "----" >&2; }

installer=
if uv=$(find_uv); then
  echo "+ $uv pip install --compile-bytecode --python $py ${pins[*]:-} -e .[dev]" >>"$log"
  if "$uv" pip install --compile-bytecode --python "$py" ${pins[@]+"${pins[@]}"} -e ".[dev]" >>"$log" 2>&1; then
    installer=uv
  else
    show_log
    echo "uv install failed; falling back to pip (about a minute)" >&2
  fi
elif ! no_uv; then
  show_log
  echo "could not get uv; falling back to pip (about a minute)" >&2
fi

if [ -z "$installer" ]; then
  {
    echo "+ pip install ${pins[*]:-} -e .[dev]"
    "$py" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24" \
      && "$py" -m pip install --quiet --disable-pip-version-check ${pins[@]+"${pins[@]}"} -e ".[dev]"
  } >>"$log" 2>&1 || { show_log; echo "pip install failed (full log: $log)" >&2; exit 1; }
  installer=pip
fi

# Whatever the installer compiled is only checked (a stat per file, about 2 s); the rest is compiled.
site=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "+ python -m compileall -q -j0 $site shanxi_analysis" >>"$log"
"$py" -m compileall -q -j0 "$site" shanxi_analysis >>"$log" 2>&1 \
  || echo "bytecode compilation reported errors (imports still work, only slower; see $log)" >&2
echo "installed $what into $venv with $installer in $(( $(date +%s) - started )) s (log: $log)"
