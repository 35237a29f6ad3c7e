#!/usr/bin/env bash
# See bench/README.md. Usage: bench/ui.sh [options]; --help lists them.
set -euo pipefail
command -v python3 >/dev/null || { echo "ui.sh needs python3: apt-get install -y python3" >&2; exit 1; }
exec python3 "$(dirname "${BASH_SOURCE[0]}")/ui.py" "$@"
