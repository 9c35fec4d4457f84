#!/usr/bin/env bash
# What the dashboard (`marsad serve`) and its tests need on a CI machine; safe to run twice.
#   bash notes/web_ci.sh            # uses .venv/bin/python, or $PYTHON
# Python: the web server and its test clients. Debian: Chromium + ChromeDriver for the browser
# tests (tests/test_web_browser.py skips without /usr/bin/chromium) and a font with Arabic glyphs
# so that screenshots show the text.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
"$PY" -m pip install -q "fastapi>=0.110" "uvicorn>=0.29" "jinja2>=3.1" "python-multipart>=0.0.9" \
  "httpx>=0.27" "selenium>=4.20" >&2
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! fc-list :lang=ar 2>/dev/null | grep -q .; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq chromium chromium-driver fonts-dejavu-core fontconfig >&2
fi
