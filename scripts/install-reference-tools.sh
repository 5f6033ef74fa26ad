#!/usr/bin/env bash
# Installs the reference implementations the differential tests compare evalctl with (sacreBLEU, jsonschema)
# into a venv under evalctl's cache, so `make test` works on a Debian python that refuses system-wide pip installs.
# Idempotent. Prints the venv's python on stdout; progress goes to stderr.
set -euo pipefail

SACREBLEU_VERSION=2.6.0
JSONSCHEMA_VERSION=4.26.0
PYTHON=${PYTHON:-python3}
ROOT=${EVALCTL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/evalctl}
case $ROOT in /*) ;; *) ROOT=$PWD/$ROOT ;; esac
VENV=$ROOT/reference/venv
STAMP=$VENV/.evalctl-reference-$SACREBLEU_VERSION-$JSONSCHEMA_VERSION  # written last: a half-built venv is never trusted

log() { echo "install-reference-tools: $*" >&2; }

if [ ! -f "$STAMP" ] || ! "$VENV/bin/python" -c 'import sacrebleu, jsonschema' 2>/dev/null; then
  log "creating $VENV with sacrebleu $SACREBLEU_VERSION and jsonschema $JSONSCHEMA_VERSION"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "$PYTHON" -m venv "$VENV" >&2 || { log "python venv support is missing; run: sudo apt-get install python3-venv"; exit 1; }
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "sacrebleu==$SACREBLEU_VERSION" "jsonschema==$JSONSCHEMA_VERSION" >&2
  "$VENV/bin/python" -c 'import sacrebleu, jsonschema'
  touch "$STAMP"
fi
echo "$VENV/bin/python"
