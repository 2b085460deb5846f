#!/usr/bin/env bash
# Debian packages that pip cannot install: Chromium for the browser tests and the Noto CJK fonts
# for Chinese chart labels.  Installs what is missing when run as root with apt-get; otherwise
# says what to install (browser tests then skip, Chinese charts fall back to English labels).
# Both are optional: when apt-get cannot run (another process holds the dpkg lock, the machine is
# offline, no package source) this warns, names the fallback and exits 0, so `make run` goes on.
# Usage: scripts/install-system-deps.sh [chromium] [fonts-noto-cjk]   (default: both)
set -u
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(chromium fonts-noto-cjk)
need=()
for pkg in "${wanted[@]}"; do
  case "$pkg" in
    chromium) [ -x /usr/bin/chromium ] || need+=(chromium) ;;
    fonts-noto-cjk) fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk) ;;
    *) echo "unknown package $pkg" >&2; exit 2 ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0
fallback="browser tests will skip and Chinese charts fall back to English labels"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${need[*]}"
  log=$(mktemp)
  # no waiting on a held dpkg lock, short network timeouts: an optional package must not hold up the run
  apt_options=(-o DPkg::Lock::Timeout=0 -o Acquire::Retries=0 -o Acquire::http::Timeout=20)
  if apt-get "${apt_options[@]}" update -qq >"$log" 2>&1 \
      && DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y -qq "${need[@]}" >>"$log" 2>&1; then
    rm -f "$log"
  else
    reason=$(grep -m1 '^E:' "$log" || tail -n 1 "$log")
    rm -f "$log"
    echo "warning: apt-get install ${need[*]} failed${reason:+ ($reason)}; going on without:" \
         "$fallback (retry later: apt-get install -y ${need[*]})" >&2
  fi
else
  echo "note: ${need[*]} not installed (as root: apt-get install -y ${need[*]}); $fallback"
fi
exit 0
