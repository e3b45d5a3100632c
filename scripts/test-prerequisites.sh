#!/usr/bin/env bash
# What the tests need beyond npm: Debian's chromium (the browser tests, test/browser) and
# python's icalendar (the feed tests read every calendar with it too). Installs only what is
# missing, with apt-get (as root, or through sudo).
set -euo pipefail
missing=()
/usr/bin/python3 -c 'import icalendar' 2>/dev/null || missing+=(python3-icalendar)
command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "the tests need ${missing[*]}: install them (apt-get install ${missing[*]}) or run this as root" >&2
      exit 1
    }
    SUDO="sudo"
  fi
  echo "installing for the tests: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
"${CHROMIUM_PATH:-chromium}" --version 2>/dev/null || true
