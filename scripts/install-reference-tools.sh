#!/usr/bin/env bash
# Installs the reference implementations the differential tests and `make bench` compare evalctl with (sacreBLEU,
# jsonschema, the Rust validator jsonschema-rs, SciPy, scikit-learn)
# and the official Anthropic and OpenAI SDKs the stub server's fidelity tests read its answers with, into a venv under evalctl's cache, so `make test` works on a Debian python that refuses system-wide pip installs.
# Idempotent. Prints the venv's python on stdout; progress goes to stderr.
set -euo pipefail

SACREBLEU_VERSION=2.6.0
JSONSCHEMA_VERSION=4.26.0
JSONSCHEMA_RS_VERSION=0.60.0
SCIPY_VERSION=1.15.3
SKLEARN_VERSION=1.7.2
ANTHROPIC_VERSION=2.15.0
OPENAI_VERSION=3.57.0
PYTHON=${PYTHON:-python3}
ROOT=${EVALCTL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/evalctl}
case $ROOT in /*) ;; *) ROOT=$PWD/$ROOT ;; esac
VENV=$ROOT/reference/venv
STAMP=$VENV/.evalctl-reference-$SACREBLEU_VERSION-$JSONSCHEMA_VERSION-rs$JSONSCHEMA_RS_VERSION-$SCIPY_VERSION-sklearn$SKLEARN_VERSION-anthropic$ANTHROPIC_VERSION-openai$OPENAI_VERSION  # written last: a half-built venv is never trusted

log() { echo "install-reference-tools: $*" >&2; }

IMPORTS='import sacrebleu, jsonschema, jsonschema_rs, scipy.stats, sklearn.metrics, anthropic, openai'
if [ ! -f "$STAMP" ] || ! "$VENV/bin/python" -c "$IMPORTS" 2>/dev/null; then
  # A working venv is updated in place (pip moves each package to its pinned version), so a new pin does not pull the
  # venv from under a test run that is using it; a broken or missing one is made anew.
  if ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
    log "creating $VENV"
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV" >&2 || { log "python venv support is missing; run: sudo apt-get install python3-venv"; exit 1; }
  fi
  log "installing sacrebleu $SACREBLEU_VERSION, jsonschema $JSONSCHEMA_VERSION, jsonschema-rs $JSONSCHEMA_RS_VERSION, scipy $SCIPY_VERSION, scikit-learn $SKLEARN_VERSION, anthropic $ANTHROPIC_VERSION and openai $OPENAI_VERSION into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "sacrebleu==$SACREBLEU_VERSION" "jsonschema==$JSONSCHEMA_VERSION" "jsonschema-rs==$JSONSCHEMA_RS_VERSION" "scipy==$SCIPY_VERSION" \
    "scikit-learn==$SKLEARN_VERSION" "anthropic==$ANTHROPIC_VERSION" "openai==$OPENAI_VERSION" >&2
  "$VENV/bin/python" -c "$IMPORTS"
  rm -f "$VENV"/.evalctl-reference-*
  touch "$STAMP"
fi
echo "$VENV/bin/python"
