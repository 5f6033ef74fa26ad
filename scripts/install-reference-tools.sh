#!/usr/bin/env bash
# Installs the reference implementations the differential tests compare evalctl with (sacreBLEU, jsonschema, SciPy)
# into a venv under evalctl's cache, so `make test` works on a Debian python that refuses system-wide pip installs.
# Idempotent. Prints the venv's python on stdout; progress goes to stderr.
set -euo pipefail

SACREBLEU_VERSION=2.6.0
JSONSCHEMA_VERSION=4.26.0
SCIPY_VERSION=1.15.3
PYTHON=${PYTHON:-python3}
ROOT=${EVALCTL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/evalctl}
case $ROOT in /*) ;; *) ROOT=$PWD/$ROOT ;; esac
VENV=$ROOT/reference/venv
STAMP=$VENV/.evalctl-reference-$SACREBLEU_VERSION-$JSONSCHEMA_VERSION-$SCIPY_VERSION  # written last: a half-built venv is never trusted

log() { echo "install-reference-tools: $*" >&2; }

if [ ! -f "$STAMP" ] || ! "$VENV/bin/python" -c 'import sacrebleu, jsonschema, scipy.stats' 2>/dev/null; then
  log "creating $VENV with sacrebleu $SACREBLEU_VERSION, jsonschema $JSONSCHEMA_VERSION and scipy $SCIPY_VERSION"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "$PYTHON" -m venv "$VENV" >&2 || { log "python venv support is missing; run: sudo apt-get install python3-venv"; exit 1; }
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "sacrebleu==$SACREBLEU_VERSION" "jsonschema==$JSONSCHEMA_VERSION" "scipy==$SCIPY_VERSION" >&2
  "$VENV/bin/python" -c 'import sacrebleu, jsonschema, scipy.stats'
  touch "$STAMP"
fi
echo "$VENV/bin/python"
