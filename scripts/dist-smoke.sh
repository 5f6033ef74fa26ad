#!/usr/bin/env bash
# The release tarball (make dist) as a machine without the Swift toolchain sees it: ldd finds no Swift library, and,
# extracted to a temporary directory and run with an empty environment whose PATH has no /opt/swift, it prints its
# version, sets up a project with evalctl init and runs it on the bundled stub, runs a small eval set against its own
# stub and stores the results, ships completions that parse, and runs
# docs/ci.md's merge-request job: a regression exits 1 and still writes the pull-request comment. Whoever installs from
# the tarball has no toolchain to fall back on, so nothing here may need one.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
stub_pid=""
cleanup() { [ -n "$stub_pid" ] && kill "$stub_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "dist smoke: FAILED: $*" >&2; exit 1; }
# What a fresh machine has: no toolchain on PATH, no inherited variables, a home of its own.
bare() { env -i PATH=/usr/bin:/bin HOME="$work/home" "$@"; }
mkdir -p "$work/home"

# Reuses the release build when it is up to date.
make -C "$ROOT" --no-print-directory dist > "$work/make-dist.log" 2>&1 || { cat "$work/make-dist.log" >&2; fail "make dist"; }
tarball=$ROOT/$(make -C "$ROOT" -s --no-print-directory --eval 'print-dist-tarball: ; @echo $(DIST_TARBALL)' print-dist-tarball)
version=$(make -C "$ROOT" -s --no-print-directory --eval 'print-version: ; @echo $(VERSION)' print-version)
[ -s "$tarball" ] || fail "no tarball at $tarball"
tar -xzf "$tarball" -C "$work" || fail "cannot extract $tarball"
dir=$work/$(basename "$tarball" .tar.gz)
for f in bin/evalctl bin/evalctl-stub share/bash-completion/completions/evalctl share/zsh/site-functions/_evalctl \
         share/fish/vendor_completions.d/evalctl.fish README.md; do
  [ -s "$dir/$f" ] || fail "$(basename "$tarball") has no $f, or it is empty"
done
if [ -d "$ROOT/schemas" ] && ls "$ROOT"/schemas/*.json > /dev/null 2>&1; then
  for schema in "$ROOT"/schemas/*.json; do
    [ -s "$dir/share/evalctl/schemas/$(basename "$schema")" ] || fail "$(basename "$tarball") has no share/evalctl/schemas/$(basename "$schema")"
  done
fi

# A dynamic Swift library (libswiftCore, libFoundation*, libdispatch, libBlocksRuntime) would exist only where the
# toolchain is installed; every library left must resolve outside /opt/swift.
for binary in evalctl evalctl-stub; do
  bare ldd "$dir/bin/$binary" > "$work/ldd-$binary.txt" 2>&1 || fail "ldd bin/$binary: $(cat "$work/ldd-$binary.txt")"
  if grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime|/opt/swift|not found' "$work/ldd-$binary.txt"; then
    fail "bin/$binary needs the Swift toolchain's libraries (above) or a library that is missing"
  fi
done

bash -n "$dir/share/bash-completion/completions/evalctl" || fail "the bash completion script does not parse (bash -n)"
if command -v zsh > /dev/null; then zsh -n "$dir/share/zsh/site-functions/_evalctl" || fail "the zsh completion script does not parse"; fi
if command -v fish > /dev/null; then fish -n "$dir/share/fish/vendor_completions.d/evalctl.fish" || fail "the fish completion script does not parse"; fi

printed=$(bare "$dir/bin/evalctl" --version) || fail "bin/evalctl --version exited $?"
[ "$printed" = "$version" ] || fail "bin/evalctl --version printed '$printed', the tarball is $version"

# A newcomer's first minute: evalctl init, then a run on its default backend, the bundled stub, which evalctl must
# find next to itself (PATH here has neither).
(cd "$work" && bare "$dir/bin/evalctl" init fresh > init.out 2>&1) || fail "evalctl init exited $?: $(cat "$work/init.out")"
(cd "$work/fresh" && bare "$dir/bin/evalctl" run evalsets/starter > run.out 2>&1) \
  || fail "evalctl run on the project evalctl init wrote (type: stub) exited $?: $(cat "$work/fresh/run.out")"
grep -q '5 passed' "$work/fresh/run.out" || fail "the starter eval set did not pass 5 of 5 on the stub: $(cat "$work/fresh/run.out")"

# start_stub NAME [ANSWER MODE…]: a stub from the tarball on a free port; its URL in $base_url.
start_stub() {
  local log=$work/stub-$1.log
  shift
  : > "$log"
  # Not through bare: $! must be the stub itself (env execs it), not a subshell that would leave it running when killed.
  env -i PATH=/usr/bin:/bin HOME="$work/home" "$dir/bin/evalctl-stub" --port 0 "$@" >> "$log" 2>&1 &
  stub_pid=$!
  base_url=""
  for _ in $(seq 50); do
    base_url=$(sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$log")
    [ -n "$base_url" ] && return
    kill -0 "$stub_pid" 2>/dev/null || fail "bin/evalctl-stub exited: $(cat "$log")"
    sleep 0.1
  done
  fail "bin/evalctl-stub did not print 'listening on …' within 5 s: $(cat "$log")"
}
stop_stub() { kill "$stub_pid" 2>/dev/null; wait "$stub_pid" 2>/dev/null || true; stub_pid=""; }
config() { printf 'backends:\n  stub:\n    type: openai\n    base_url: %s/v1\n    model: stub\n    concurrency: 2\n' "$base_url" > "$project/evalctl.yaml"; }

# Eight cases the stub answers by echoing the question, so each passes exact match; at the path docs/ci.md runs.
project=$work/project
set_dir=$project/evalsets/world-facts
mkdir -p "$set_dir/prompts"
printf 'name: dist-smoke\nversion: 1\nprompts: {plain: prompts/plain.yaml}\ndefault_prompt: plain\ncases: cases.jsonl\nscorers:\n  - {type: exact}\nmin_pass_rate: 1\n' > "$set_dir/evalset.yaml"
printf 'user: "{{q}}"\n' > "$set_dir/prompts/plain.yaml"
for i in $(seq 1 8); do printf '{"id": "c%d", "vars": {"q": "question %d"}, "expected": "question %d"}\n' "$i" "$i" "$i"; done > "$set_dir/cases.jsonl"

start_stub echo
config
status=0
(cd "$project" && bare "$dir/bin/evalctl" run evalsets/world-facts --tag main --junit reports/junit.xml > run.out 2>&1) || status=$?
[ "$status" = 0 ] || fail "evalctl run exited $status (expected 0, all 8 cases passing): $(cat "$project/run.out")"
stop_stub
[ -s "$project/reports/junit.xml" ] || fail "evalctl run --junit reports/junit.xml wrote no reports/junit.xml"
(cd "$project" && bare "$dir/bin/evalctl" runs show latest --format json > runs-show.json 2> runs-show.err) \
  || fail "evalctl runs show latest --format json: $(cat "$project/runs-show.err")"
python3 - "$project/runs-show.json" "$project/evals.sqlite" <<'EOF_PY' || fail "the results database does not hold the run's 8 passing results (above)"
import json, sqlite3, sys
shown = json.load(open(sys.argv[1]))
statuses = [result["status"] for result in shown["results"]]
assert len(statuses) == 8 and set(statuses) == {"passed"}, f"runs show latest: {statuses}"
rows = sqlite3.connect(sys.argv[2]).execute("SELECT count(*) FROM results").fetchone()[0]
assert rows == 8, f"{rows} rows in results"
EOF_PY

# The merge-request job of docs/ci.md, as written there, against a stub that answers every case wrong: the run's
# regression must survive `bash -e` as exit 1, and the comment must be written all the same.
start_stub wrong --answer-mode fixed:wrong
config
python3 - "$ROOT/docs/ci.md" > "$project/recipe.sh" <<'EOF_PY' || fail "no merge-request job with a script: list in docs/ci.md"
import sys
lines = open(sys.argv[1]).read().split("\n")
start = lines.index("evals-merge-request:")
script = next(i for i in range(start, len(lines)) if lines[i].strip() == "script:")
for line in lines[script + 1:]:
    if not line.strip().startswith("- "):
        break
    print(line.strip()[2:])
EOF_PY
grep -q '^evalctl gate ' "$project/recipe.sh" || fail "docs/ci.md's merge-request job runs no evalctl gate: $(cat "$project/recipe.sh")"
status=0
(cd "$project" && bare env PATH="$dir/bin:/usr/bin:/bin" CI_PIPELINE_ID=4242 bash -e recipe.sh > recipe.out 2>&1) || status=$?
stop_stub
[ "$status" = 1 ] || fail "docs/ci.md's merge-request job exited $status on a regression, expected 1: $(cat "$project/recipe.out")"
head -1 "$project/reports/eval-comment.md" 2>/dev/null | grep -q '^### ❌ evalctl: regression in run 2 against run 1' \
  || fail "docs/ci.md's merge-request job wrote no regression comment to reports/eval-comment.md: $(cat "$project/recipe.out")"

echo "dist smoke: $(basename "$tarball") ($(du -h "$tarball" | cut -f1)) runs without the toolchain: --version, ldd, completions, init and a run on type: stub, a run against its stub, runs show, docs/ci.md's gate and comment"
