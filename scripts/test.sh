#!/usr/bin/env bash
# Set up, then run the whole test suite. With MARSAD_TEST_PG=postgresql://... the store tests
# also run against that PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pytest tests "$@"
