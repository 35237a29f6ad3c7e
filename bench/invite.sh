#!/usr/bin/env bash
# Call set-up benchmark: INVITE to 200 OK through Kamailio, auto-answering Parley against
# auto-answering baresip (see bench/README.md). Usage: bench/invite.sh [-n N]
set -euo pipefail
command -v python3 >/dev/null || { echo "invite.sh needs python3: apt-get install -y python3" >&2; exit 1; }
exec python3 "$(dirname "${BASH_SOURCE[0]}")/invite.py" "$@"
