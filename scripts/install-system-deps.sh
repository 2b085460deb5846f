#!/usr/bin/env bash
# Debian packages that pip cannot install: Chromium for the browser tests and the Noto CJK fonts
# for Chinese chart labels.  Installs what is missing when run as root with apt-get; otherwise
# says what to install (browser tests then skip, Chinese charts fall back to English labels).
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
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "apt-get install ${need[*]} failed" >&2; exit 1; }
else
  echo "note: ${need[*]} not installed (as root: apt-get install -y ${need[*]});" \
       "browser tests will skip and Chinese charts fall back to English labels"
fi
