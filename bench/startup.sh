#!/usr/bin/env bash
# Startup benchmark: headless Parley against baresip (see bench/README.md).
# Usage: bench/startup.sh [-n N] [--only parley|baresip] [--parley DIR] [--launcher CMD] [--timeout S]
set -euo pipefail
command -v python3 >/dev/null || { echo "startup.sh needs python3: apt-get install -y python3" >&2; exit 1; }
exec python3 "$(dirname "${BASH_SOURCE[0]}")/startup.py" "$@"
