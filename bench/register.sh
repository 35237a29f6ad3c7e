#!/usr/bin/env bash
# Registration benchmark: headless Parley against baresip, both registering to one Kamailio on
# loopback (see bench/README.md). Usage: bench/register.sh [-n N]
set -euo pipefail
command -v python3 >/dev/null || { echo "register.sh needs python3: apt-get install -y python3" >&2; exit 1; }
exec python3 "$(dirname "${BASH_SOURCE[0]}")/register.py" "$@"
