#!/usr/bin/env bash
# Screenshots an HTML file with headless Chromium, to look at a generated report as a person would.
# Usage: scripts/html-screenshot.sh IN.html OUT.png [WIDTHxHEIGHT]   (default 1280x2000)
# Installs Debian's chromium with apt-get when it is missing (as root, or through sudo).
set -euo pipefail

usage() { echo "usage: $0 IN.html OUT.png [WIDTHxHEIGHT]" >&2; exit 2; }
[[ $# -ge 2 && $# -le 3 ]] || usage
input=$1
output=$2
size=${3:-1280x2000}
[[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "error: size must look like 1280x2000, got '$size'" >&2; exit 2; }
width=${BASH_REMATCH[1]}
height=${BASH_REMATCH[2]}
[[ -f $input ]] || { echo "error: no such file: $input" >&2; exit 2; }

find_chromium() {
    local name
    for name in chromium chromium-browser; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    done
    return 1
}

if ! browser=$(find_chromium); then
    echo "chromium not found; installing it with apt-get" >&2
    if [[ $(id -u) -eq 0 ]]; then
        apt_get=(apt-get)
    elif command -v sudo >/dev/null 2>&1; then
        apt_get=(sudo apt-get)
    else
        echo "error: chromium is missing and cannot be installed: not root and no sudo." >&2
        echo "       install Debian's 'chromium' package, then run this again." >&2
        exit 1
    fi
    if ! { "${apt_get[@]}" update -q && DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -q chromium; } >&2; then
        echo "error: 'apt-get install chromium' failed (see above)." >&2
        exit 1
    fi
    browser=$(find_chromium) || { echo "error: chromium installed but not on PATH" >&2; exit 1; }
fi

input_url="file://$(realpath "$input")"
output_path="$(realpath -m "$output")"
mkdir -p "$(dirname "$output_path")"
rm -f "$output_path"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# --no-sandbox: Chromium refuses to run as root with its sandbox; the page is our own local file.
if ! "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size="$width,$height" --screenshot="$output_path" "$input_url" >"$log" 2>&1 \
        || [[ ! -s $output_path ]]; then
    echo "error: chromium did not write $output_path; its output:" >&2
    cat "$log" >&2
    exit 1
fi
echo "$output_path"
