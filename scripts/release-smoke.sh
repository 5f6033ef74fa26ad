#!/usr/bin/env bash
# The release binaries against the release stub: 300 cases at concurrency 32, streamed and not, then gate, drift,
# report and power. The tests run a debug build; an optimiser-only crash (one happened: a task-local of function type,
# Swift 6.3.1) would otherwise reach users of `make run` first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EVALCTL=$ROOT/.build/release/evalctl
STUB=$ROOT/.build/release/evalctl-stub
work=$(mktemp -d)
stub_pid=""
cleanup() { [ -n "$stub_pid" ] && kill "$stub_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/set/prompts"
printf 'name: smoke\nversion: 1\nprompts: {plain: prompts/plain.yaml}\ndefault_prompt: plain\ncases: cases.jsonl\nscorers:\n  - {type: exact}\nmin_pass_rate: 1\n' > "$work/set/evalset.yaml"
printf 'user: "{{q}}"\n' > "$work/set/prompts/plain.yaml"
for i in $(seq 0 299); do printf '{"id": "c%d", "vars": {"q": "question %d"}, "expected": "question %d"}\n' "$i" "$i" "$i"; done > "$work/set/cases.jsonl"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$STUB" --port "$port" --delay-ms 5 > "$work/stub.log" 2>&1 &
stub_pid=$!
for _ in $(seq 50); do grep -q . "$work/stub.log" 2>/dev/null && break; sleep 0.1; done

for stream in true false; do
  printf 'backends:\n  stub:\n    type: openai\n    base_url: http://127.0.0.1:%s/v1\n    model: stub\n    concurrency: 32\n    stream: %s\n' "$port" "$stream" > "$work/evalctl.yaml"
  (cd "$work" && "$EVALCTL" run set --format json --html report.html > "summary-$stream.json" 2> "run-$stream.log")
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["passed"] == 300 and s["errored"] == 0, s' "$work/summary-$stream.json"
done
cd "$work"
"$EVALCTL" gate --baseline 1 --run 2 > /dev/null
"$EVALCTL" drift --since 1d > /dev/null
"$EVALCTL" report --html report.html 2> /dev/null
"$EVALCTL" power --simulations 50 > /dev/null
echo "release smoke: 600 cases, gate, drift, report and power ran with the release build"
