#!/usr/bin/env bash
# Set up, then run the main job on the bundled demo articles: analyse and store them in an
# embedded SQLite file (demo.db), then ask it two questions (Arabic and English).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB="sqlite:///$(pwd)/demo.db"
.venv/bin/marsad ingest src/marsad/demo --db "$DB"
.venv/bin/marsad ask "هل تدعم روسيا الحكومة السورية؟" --db "$DB"
.venv/bin/marsad ask "Who supports Syria?" --db "$DB"
echo "Stored in demo.db. Try: .venv/bin/marsad events --db $DB --format table"
