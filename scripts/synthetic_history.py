#!/usr/bin/env python3
"""Fills an evalctl database with a synthetic nightly history, for `make bench` and for looking at the HTML report.

usage: synthetic_history.py DB [--runs 200] [--cases 1000] [--drift-at RUN] [--seed 1]

The database must exist with evalctl's schema (`evalctl db migrate --db DB` creates it).
Each run is one eval set × prompt × backend with an exact-match scorer. Every case has its own pass probability
(most cases always pass or always fail, 10% are flaky), so outcomes are correlated across runs as real ones are. From
`--drift-at` on, the backend reports another model id and fingerprint and the pass probabilities drop by a tenth, and
latency rises by a third: a silent model change for `evalctl drift` to find.
"""
import argparse, datetime, hashlib, json, random, sqlite3, sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--drift-at", type=int, default=None, help="the run index (1-based) where the model changes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    db = sqlite3.connect(args.db)
    if not db.execute("SELECT name FROM sqlite_master WHERE name = 'suite_scorers'").fetchone():
        sys.exit(f"{args.db} has no evalctl schema: create it first: `evalctl db migrate --db {args.db}`")
    probabilities = []
    for _ in range(args.cases):
        if rng.random() < 0.10:
            probabilities.append(rng.uniform(0.1, 0.9))
        else:
            probabilities.append(1.0 if rng.random() < 0.72 else 0.0)
    now = datetime.datetime(2026, 11, 25, 2, 0, 0)
    evalset_hash = hashlib.sha256(b"synthetic-qa").hexdigest()
    prompt_hash = hashlib.sha256(b"terse").hexdigest()
    for index in range(1, args.runs + 1):
        drifted = args.drift_at is not None and index >= args.drift_at
        model, fingerprint = ("model-b", "fp_b2") if drifted else ("model-a", "fp_a1")
        started = now - datetime.timedelta(days=args.runs - index)
        stamp = started.strftime("%Y-%m-%d %H:%M:%S.000")
        run_id = db.execute(
            "INSERT INTO runs (started_at, finished_at, status, git_commit, evalctl_version, config_hash, tag, hostname, command)"
            " VALUES (?, ?, 'completed', ?, 'synthetic', 'config', NULL, 'bench', 'synthetic_history.py')",
            (stamp, stamp, hashlib.sha1(str(index).encode()).hexdigest())).lastrowid
        suite_id = db.execute(
            "INSERT INTO suites (run_id, evalset, evalset_version, evalset_hash, prompt_id, prompt_hash, backend, model,"
            " min_pass_rate, case_count, repeats, input_usd_per_mtok, output_usd_per_mtok)"
            " VALUES (?, 'synthetic-qa', '1', ?, 'terse', ?, 'api', ?, 0.5, ?, 1, 0.15, 0.60)",
            (run_id, evalset_hash, prompt_hash, model, args.cases)).lastrowid
        db.execute("INSERT INTO suite_scorers (suite_id, scorer, kind, lower, upper) VALUES (?, 'exact', 'pass_fail', 0, 1)", (suite_id,))
        results, scores = [], []
        for case, probability in enumerate(probabilities):
            passed = rng.random() < probability * (0.9 if drifted else 1.0)
            request = json.dumps({"messages": [{"role": "user", "content": f"question {case}"}], "params": {"temperature": 0}})
            output = f"answer {case}" if passed else f"wrong answer {case}" + ("" if probability in (0.0, 1.0) else f" (take {rng.randrange(3)})")
            latency = rng.lognormvariate(6.0, 0.25) * (1.33 if drifted else 1.0)
            results.append((run_id, suite_id, "synthetic-qa", "1", evalset_hash, f"case-{case:04d}", hashlib.sha256(f"case {case}".encode()).hexdigest(),
                            "terse", prompt_hash, "api", model, 0, request, output, "passed" if passed else "failed", None, latency,
                            latency * 0.3, 40 + case % 20, 8 + rng.randrange(8), 1, "stop", fingerprint, stamp,
                            hashlib.sha256(request.encode()).hexdigest(), hashlib.sha256(output.encode()).hexdigest()))
        first = db.execute("SELECT COALESCE(MAX(id), 0) FROM results").fetchone()[0] + 1
        db.executemany(
            "INSERT INTO results (run_id, suite_id, evalset, evalset_version, evalset_hash, case_id, case_hash, prompt_id, prompt_hash,"
            " backend, model, repeat_index, request, output, status, error, latency_ms, ttft_ms, prompt_tokens, completion_tokens,"
            " attempts, finish_reason, system_fingerprint, completed_at, request_hash, output_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            results)
        for offset, row in enumerate(results):
            passed = row[14] == "passed"
            scores.append((first + offset, "exact", 1.0 if passed else 0.0, 1.0, 1 if passed else 0, "matches expected" if passed else "does not match"))
        db.executemany("INSERT INTO scores (result_id, scorer, value, threshold, passed, reason) VALUES (?, ?, ?, ?, ?, ?)", scores)
    db.commit()
    print(f"{args.runs} runs × {args.cases} cases written to {args.db}", file=sys.stderr)


if __name__ == "__main__":
    main()
