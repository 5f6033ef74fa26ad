#!/usr/bin/env python3
"""Harness-overhead benchmarks for `make bench`, printed as ratios to the ideal (no absolute time is asserted).

1. Latency-bound: 1,000 cases against a stub answering in 50 ms, concurrency 64.
   Ideal wall time is 1000 x 50 ms / 64; the ratio shows what evalctl adds on top.
2. CPU-bound: 10,000 and 100,000 cases against an instant stub, concurrency 64. evalctl's own CPU time per case and
   peak memory, measured for the evalctl process alone (the stub runs in another process, so its CPU is not counted).
   The targets are for 100,000 cases: a run's memory must not grow with the number of cases.
3. The https path (scripts/bench_https.py): a local TLS server answering in 200 ms, kept-alive and closing each
   connection, beside curl over TLS in the same run.
4. Sharded runs: the same 4,000-case run against a stub answering in 200 ms, as one process and as four shards
   (`--shard K/4 --run-key`) into one database (an SQLite file, and PostgreSQL when EVALCTL_TEST_POSTGRES_URL is
   set, as `make bench` does); the shards' wall time is compared with a quarter of the single process's.
5. The gate's statistics by simulation (`evalctl power`): power and false alarms as flakiness grows, and the gate's
   size under correlated and independent noise with its exact 95% interval.
All use the release build of evalctl and evalctl-stub.
"""
import json, os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVALCTL = os.path.join(ROOT, ".build/release/evalctl")
STUB = os.path.join(ROOT, ".build/release/evalctl-stub")


def make_evalset(directory, count):
    os.makedirs(os.path.join(directory, "prompts"), exist_ok=True)
    with open(os.path.join(directory, "evalset.yaml"), "w") as f:
        f.write("name: bench\nversion: 1\nprompts: {p: prompts/p.yaml}\ndefault_prompt: p\n"
                "cases: cases.jsonl\nscorers:\n  - {type: exact, normalize: [trim]}\nmin_pass_rate: 0\n")
    with open(os.path.join(directory, "prompts/p.yaml"), "w") as f:
        f.write('system: "Echo the question."\nuser: "{{q}}"\n')
    with open(os.path.join(directory, "cases.jsonl"), "w") as f:
        for i in range(count):
            f.write(json.dumps({"id": f"case-{i:05d}", "vars": {"q": f"question {i}"}, "expected": f"question {i}"}) + "\n")


def start_stub(delay_ms):
    stub = subprocess.Popen([STUB, "--port", "0", "--delay-ms", str(delay_ms)], stdout=subprocess.PIPE, text=True)
    line = stub.stdout.readline().strip()
    if not line.startswith("listening on "):
        sys.exit(f"stub did not start: {line!r}")
    return stub, line[len("listening on "):]


def run_evalctl(workdir, url, count, concurrency, delay_ms):
    evalset = os.path.join(workdir, f"set-{count}")
    make_evalset(evalset, count)
    config = os.path.join(workdir, f"config-{count}.yaml")
    with open(config, "w") as f:
        f.write(f"backends:\n  stub:\n    type: openai\n    base_url: {url}/v1\n    model: stub\n"
                f"    concurrency: {concurrency}\n    params: {{temperature: 0}}\n")
    db = os.path.join(workdir, f"bench-{count}.sqlite")
    started = time.monotonic()
    returncode, stdout, stderr, usage = run_measured([EVALCTL, "run", evalset, "--config", config, "--db", db, "--format", "json"])
    wall = time.monotonic() - started
    if returncode != 0:
        sys.exit(f"evalctl exited {returncode}: {stderr[-2000:]}")
    summary = json.loads(stdout)
    assert summary["total"] == count and summary["errored"] == 0, summary
    cpu = usage.ru_utime + usage.ru_stime
    return wall, summary["duration_s"], cpu, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def run_measured(arguments):
    """Runs one process and returns its exit code, output and its own resource usage (wait4), not the maximum over
    every child this script has waited for."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(arguments, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return process.returncode, out.read().decode(), err.read().decode(), usage


def run_curl_reference(workdir, url, count, concurrency):
    """The same requests from a bare HTTP client (curl, 64 at a time on kept-alive connections): what the stub,
    the kernel and this machine cost any client, measured in the same run as evalctl."""
    config = os.path.join(workdir, "curl.cfg")
    with open(config, "w") as f:
        for i in range(count):
            body = json.dumps({"model": "stub", "messages": [{"role": "user", "content": f"question {i}"}],
                               "stream": True, "stream_options": {"include_usage": True}})
            f.write(f'url = "{url}/v1/chat/completions"\nrequest = "POST"\n'
                    f'header = "Content-Type: application/json"\ndata = {json.dumps(body)}\noutput = "/dev/null"\n')
            if i < count - 1:
                f.write("next\n")
    started = time.monotonic()
    subprocess.run(["curl", "--silent", "--no-progress-meter", "--fail", "--parallel", "--parallel-immediate", "--parallel-max", str(concurrency),
                    "--config", config], check=True)
    return time.monotonic() - started


def median_of(runs, key):
    values = sorted(key(r) for r in runs)
    return values[len(values) // 2]


def main():
    for path in (EVALCTL, STUB):
        if not os.path.exists(path):
            sys.exit(f"missing {path}: run `make release` first")
    with tempfile.TemporaryDirectory() as workdir:
        stub, url = start_stub(50)
        try:
            count, concurrency, delay = 1000, 64, 0.050
            repeats = 5
            runs = [run_evalctl(workdir, url, count, concurrency, delay) for _ in range(repeats)]
            reference = sorted(run_curl_reference(workdir, url, count, concurrency) for _ in range(repeats))[repeats // 2]
            run = median_of(runs, lambda r: r[1])
            wall = median_of(runs, lambda r: r[0])
            ideal = count * delay / concurrency
            floor = -(-count // concurrency) * delay  # whole rounds of `concurrency` requests
            print(f"latency-bound: {count} cases, 50 ms stub, concurrency {concurrency}, medians of {repeats} runs; "
                  f"ideal {ideal:.3f} s (whole rounds of 64: {floor:.3f} s)")
            print(f"  reference: curl, same requests, 64 in parallel:          {reference:.3f} s, ratio to ideal {reference / ideal:.3f}")
            print(f"  evalctl run (first request to last stored result):       {run:.3f} s, ratio to ideal {run / ideal:.3f} "
                  f"(target <= 1.10), to the reference {run / reference:.3f}")
            print(f"  evalctl whole process (start-up, loading, database, report): {wall:.3f} s, ratio to ideal {wall / ideal:.3f}")
        finally:
            stub.terminate(); stub.wait()
        stub, url = start_stub(0)
        try:
            print("cpu-bound: instant stub, concurrency 64; evalctl's own CPU and peak RSS "
                  "(targets at 100,000 cases: <= 0.3 ms/case, <= 150 MB)")
            for count in (10000, 100000):
                wall, _, cpu, rss = run_evalctl(workdir, url, count, 64, 0)
                print(f"  {count:>7,} cases: evalctl CPU {cpu * 1000 / count:.3f} ms/case "
                      f"(ratio to the 0.3 ms target {cpu / count / 0.0003:.3f}), peak RSS {rss:.0f} MB "
                      f"(ratio to the 150 MB target {rss / 150:.3f}), wall {wall:.2f} s")
        finally:
            stub.terminate(); stub.wait()
    import bench_https  # here, not at the top: it imports this module
    bench_https.main()
    sharded_runs()
    gate_power()
    gate_size()
    history_at_scale()
    drift_simulation()


def sharded_runs(count=4000, shards=4, concurrency=32, delay_ms=200):
    """One process against N shards of the same matrix, each shard with the same concurrency, into one database."""
    databases = [("SQLite file", None)]
    admin = os.environ.get("EVALCTL_TEST_POSTGRES_URL")
    if admin:
        databases.append(("PostgreSQL", admin))
    ideal = count * delay_ms / 1000 / concurrency
    print(f"sharded runs: {count:,} cases, {delay_ms} ms stub, concurrency {concurrency} per process; "
          f"one process (ideal {ideal:.1f} s) against {shards} shards (ideal {ideal / shards:.2f} s)")
    with tempfile.TemporaryDirectory() as workdir:
        evalset = os.path.join(workdir, "set")
        make_evalset(evalset, count)
        stub, url = start_stub(delay_ms)
        config = os.path.join(workdir, "config.yaml")
        with open(config, "w") as f:
            f.write(f"backends:\n  stub:\n    type: openai\n    base_url: {url}/v1\n    model: stub\n    concurrency: {concurrency}\n")
        try:
            for label, admin_url in databases:
                def database(name):
                    if admin_url is None:
                        return os.path.join(workdir, f"{name}.sqlite")
                    subprocess.run(["psql", admin_url, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
                    base, _, _ = admin_url.rpartition("/")
                    return f"{base}/{name}"
                suffix = "pg" if admin_url else "lite"
                single_db = database(f"bench_single_{suffix}")
                started = time.monotonic()
                subprocess.run([EVALCTL, "run", evalset, "--config", config, "--db", single_db, "--format", "json"],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                single = time.monotonic() - started
                shard_db = database(f"bench_shards_{suffix}")
                started = time.monotonic()
                processes = [subprocess.Popen([EVALCTL, "run", evalset, "--config", config, "--db", shard_db, "--shard",
                                               f"{k}/{shards}", "--run-key", "bench-1", "--format", "json"],
                                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                             for k in range(1, shards + 1)]
                outputs = [p.communicate()[0] for p in processes]
                sharded = time.monotonic() - started
                if any(p.returncode != 0 for p in processes):
                    sys.exit(f"a shard failed: {[p.returncode for p in processes]}")
                reports = [json.loads(o) for o in outputs]
                assert sum(r["cells"] for r in reports) == count, reports
                wait = subprocess.run([EVALCTL, "runs", "wait", "bench-1", "--shards", str(shards), "--db", shard_db, "--format", "json"],
                                      capture_output=True, text=True)
                assert wait.returncode == 0 and json.loads(wait.stdout)["results"]["total"] == count, wait.stdout + wait.stderr
                sizes = sorted(r["cells"] for r in reports)
                print(f"  {label:<11}  1 process {single:6.2f} s (ratio to ideal {single / ideal:.3f});  {shards} shards "
                      f"{sharded:6.2f} s (ratio to ideal {sharded / (ideal / shards):.3f}; to a quarter of 1 process "
                      f"{sharded / (single / shards):.3f}); shard sizes {sizes[0]}-{sizes[-1]}")
        finally:
            stub.terminate(); stub.wait()


def history_at_scale(runs=200, cases=1000, repeats=3):
    """`evalctl report` and `evalctl drift` over a synthetic nightly history of 200 runs × 1,000 cases, against a
    reference measured in the same run: Python's sqlite3 reading once every results column the report uses."""
    with tempfile.TemporaryDirectory() as workdir:
        db = os.path.join(workdir, "history.sqlite")
        subprocess.run([EVALCTL, "db", "migrate", "--db", db], check=True, capture_output=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/synthetic_history.py"), db, "--runs", str(runs),
                        "--cases", str(cases), "--drift-at", str(runs - 30)], check=True, capture_output=True)

        def timed(arguments, expect=(0,)):
            start = time.perf_counter()
            completed = subprocess.run(arguments, capture_output=True)
            if completed.returncode not in expect:
                sys.exit(f"{' '.join(arguments)} exited {completed.returncode}: {completed.stderr.decode()}")
            return time.perf_counter() - start

        def scan():
            import sqlite3
            start = time.perf_counter()
            connection = sqlite3.connect(db)
            for _ in connection.execute("SELECT suite_id, case_id, case_hash, status, latency_ms, ttft_ms, prompt_tokens,"
                                        " completion_tokens, system_fingerprint, request_hash FROM results"):
                pass
            connection.close()
            return time.perf_counter() - start

        html = os.path.join(workdir, "report.html")
        reference = sorted(scan() for _ in range(repeats))[repeats // 2]
        report = sorted(timed([EVALCTL, "report", "--db", db, "--html", html, "--since", "400d"]) for _ in range(repeats))[repeats // 2]
        drift = sorted(timed([EVALCTL, "drift", "--db", db, "--since", "400d"], expect=(0, 1)) for _ in range(repeats))[repeats // 2]
        size = os.path.getsize(html)
        print(f"history: {runs} runs × {cases} cases ({runs * cases:,} results), medians of {repeats}")
        print(f"  reference: Python sqlite3 reading the report's result columns once:  {reference:.3f} s")
        print(f"  evalctl report --html: {report:.3f} s, ratio to the reference {report / reference:.2f}; HTML {size / 1024:.0f} KB")
        print(f"  evalctl drift:         {drift:.3f} s, ratio to the reference {drift / reference:.2f}")


def gate_size(simulations=2000):
    """The gate's size (false alarms under no change) with its exact Clopper–Pearson 95% interval, under both noise
    models of `evalctl power --noise`: per-case pass probabilities shared by both runs (correlated), and every case
    drawn afresh in each run (independent: 20% wrong answers, the hardest case for the test's size)."""
    print(f"gate size: 200 cases, alpha 0.05, margin 0, {simulations:,} simulated pairs of runs with no change per noise model")
    print(f"  {'noise':<12}  {'pass rate':>9}  {'flip rate':>9}  {'false alarms':>14}  {'exact 95% CI':>12}  {'detects 5-pt drop':>17}")
    for noise, pass_rate in [("correlated", 0.7), ("independent", 0.8)]:
        output = subprocess.run([EVALCTL, "power", "--noise", noise, "--pass-rate", str(pass_rate), "--margin", "0",
                                 "--simulations", str(simulations), "--format", "json"], check=True, capture_output=True, text=True).stdout
        result = json.loads(output)
        none, drop = result["no_change"], result["with_drop"]
        lower, upper = none["alarm_rate_ci95"]
        verdict = "at most alpha" if lower <= result["alpha"] else "ABOVE ALPHA"
        print(f"  {noise:<12}  {pass_rate:>9.0%}  {none['flip_rate']:>9.1%}  {none['alarms']:>5}/{none['simulations']} {none['alarm_rate']:>4.1%}  "
              f"{lower:>5.1%}–{upper:.1%}  {drop['alarm_rate']:>17.1%}  ({verdict})")


def gate_power():
    """The gate's statistics, by simulation (`evalctl power`): false alarms under no change and power for a 5-point
    drop on 200 cases, as the share of flaky cases (and so the run-to-run flip rate) grows, plus repeats."""
    print("gate simulation: 200 cases, pass rate 70%, alpha 0.05, margin 0, 500 simulated pairs of runs per row")
    print(f"  {'flaky cases':>11}  {'repeats':>7}  {'flip rate':>9}  {'false alarms':>12}  {'detects 5-pt drop':>17}  {'mean MDE':>8}")
    for flaky, repeats in [(0.05, 1), (0.10, 1), (0.20, 1), (0.20, 3)]:
        output = subprocess.run([EVALCTL, "power", "--margin", "0", "--flaky", str(flaky), "--repeat", str(repeats),
                                 "--format", "json"], check=True, capture_output=True, text=True).stdout
        result = json.loads(output)
        none, drop = result["no_change"], result["with_drop"]
        print(f"  {flaky:>11.0%}  {repeats:>7}  {none['flip_rate']:>9.1%}  {none['alarm_rate']:>12.1%}  "
              f"{drop['alarm_rate']:>17.1%}  {drop['mean_minimum_detectable_drop'] * 100:>6.1f} pts")


def drift_simulation():
    """The drift check's speed and false alarms, by simulation (`evalctl drift --simulate`): detection delay for
    drops of 2, 3, 4 and 8 standard errors, and false alarms per 100 nightly runs of a stable series."""
    output = subprocess.run([EVALCTL, "drift", "--simulate", "--format", "json"], check=True, capture_output=True, text=True).stdout
    result = json.loads(output)
    low, high = result["false_alarms_interval"]
    print(f"drift simulation: {result['cases']} cases a night at {result['pass_rate']:.0%} (one run's standard error "
          f"{result['standard_error'] * 100:.1f} points), shift after {result['history_runs']} stable runs, "
          f"{result['simulations']} histories per shift")
    print(f"  {'shift':>6}  {'first run':>9}  {'by 2nd run':>10}  {'within 10':>9}  {'mean delay':>10}")
    for delay in result["delays"]:
        mean = delay["mean_delay_runs"]
        print(f"  {delay['shift_se']:>3g} SE  {delay['first_run_share']:>9.1%}  {delay['within_two_share']:>10.1%}  "
              f"{delay['detected_share']:>9.1%}  {'-' if mean is None else f'{mean:.2f} runs':>10}")
    print(f"  false alarms: {result['false_alarms_per_100_runs']:.2f} per 100 nightly runs (95% CI {low:.2f}-{high:.2f}; "
          f"ratio to the 1-per-100 target {result['false_alarms_per_100_runs']:.3f})")


if __name__ == "__main__":
    main()
