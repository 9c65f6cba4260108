#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) when no browser is found.
# tagspec drives it headless for `tagspec crawl`, `tagspec demo` and the
# browser tests. Needs root or sudo and the distribution's package mirror.
set -euo pipefail

if [[ -n "${TAGSPEC_BROWSER:-}" && -x "${TAGSPEC_BROWSER}" ]]; then
  exit 0
fi
for b in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [[ -x "$b" ]]; then
    exit 0
  fi
done

sudo=""
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null; then
    sudo="sudo"
  else
    echo "tagspec needs Chromium: install it with your package manager (Debian/Ubuntu: apt-get install chromium)" >&2
    exit 1
  fi
fi
if command -v apt-get >/dev/null; then
  echo "installing chromium with apt-get ..." >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
elif command -v dnf >/dev/null; then
  $sudo dnf install -y chromium
elif command -v brew >/dev/null; then
  brew install --cask chromium
else
  echo "tagspec needs Chromium: install it with your package manager (Debian/Ubuntu: apt-get install chromium), or set TAGSPEC_BROWSER to a Chrome/Chromium binary" >&2
  exit 1
fi
