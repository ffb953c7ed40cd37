#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine:
#   - Debian's chromium (report tests look at report.html as a person would)
#   - a CJK font (fonts-wqy-zenhei), without which Chromium draws Chinese as empty boxes
#   - Debian's redis-server (distributed-mode tests start a real one on 127.0.0.1)
#   - duwang itself with its test extras
# Safe to re-run: already-present packages are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if ! (command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .); then
  need+=(fonts-wqy-zenhei)
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

python3 -m pip install -q -e '.[test]'
