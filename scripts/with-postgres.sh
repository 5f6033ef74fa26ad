#!/usr/bin/env bash
# Runs a command with EVALCTL_TEST_POSTGRES_URL set: to the one already set, or to a throwaway cluster started for
# the command and always stopped and deleted after it, whatever the command's outcome.
#
#   bash scripts/with-postgres.sh swift test --filter Store
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGUMENT…]" >&2; exit 2; }
if [ -n "${EVALCTL_TEST_POSTGRES_URL:-}" ]; then exec "$@"; fi
here=$(cd "$(dirname "$0")" && pwd)
dir=$(bash "$here/postgres-test-cluster.sh" start)
trap 'bash "$here/postgres-test-cluster.sh" stop "$dir"' EXIT
trap 'exit 130' INT TERM
EVALCTL_TEST_POSTGRES_URL=$(cat "$dir/url")
export EVALCTL_TEST_POSTGRES_URL
"$@"
