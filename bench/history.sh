#!/usr/bin/env bash
# See bench/README.md. Usage: bench/history.sh [options]; --help lists them.
set -euo pipefail
command -v python3 >/dev/null || { echo "history.sh needs python3: apt-get install -y python3" >&2; exit 1; }
exec python3 "$(dirname "${BASH_SOURCE[0]}")/history.py" "$@"
