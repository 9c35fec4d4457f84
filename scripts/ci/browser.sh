#!/usr/bin/env bash
# Debian's Chromium and ChromeDriver for the dashboard's browser tests, and a font with Arabic
# glyphs so that screenshots show the text. Safe to run twice.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list :lang=ar 2>/dev/null | grep -q .; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium chromium-driver fonts-dejavu-core fontconfig >&2
