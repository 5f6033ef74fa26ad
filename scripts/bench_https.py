#!/usr/bin/env python3
"""The https path in `make bench` (also runnable alone): 1,000 cases at concurrency 64 against a local TLS server
answering in 200 ms (scripts/tls_bench_server.py), once keeping connections alive and once closing each after its
answer, side by side with curl sending the same requests in the same run. Printed as ratios to curl, with the
connections the server accepted and each client's CPU per request; nothing is asserted.

The server's self-signed certificate is trusted for the benchmark only. Neither evalctl (URLSession over the system
libcurl) nor curl honour SSL_CERT_FILE or CURL_CA_BUNDLE for this: libcurl is built with a fixed CA file and path. So
both clients run in a private mount namespace (`unshare --mount`) in which the system CA file is replaced by Debian's
own bundle plus that certificate: the clients read the full bundle, as they do against a real API.
BENCH_HTTPS_CA=server uses a bundle of the server's certificate alone, which shows what reading the bundle costs.
BENCH_HTTPS_REPEATS=N takes the median of N runs per client and mode (default 1; each close-mode run takes ~25 s).
"""
import json, os, subprocess, sys, tempfile, time

from bench import EVALCTL, ROOT, make_evalset, run_measured

SERVER = os.path.join(ROOT, "scripts/tls_bench_server.py")
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
COUNT, CONCURRENCY, DELAY = 1000, 64, 0.200


def private_trust(bundle):
    """The command prefix that runs a program with `bundle` in place of the system CA file, in a mount namespace of
    its own (nothing outside it changes); None when this machine does not allow one."""
    prefix = ["unshare", "--mount"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    prefix += ["sh", "-c", f'mount --bind "$0" {SYSTEM_BUNDLE} && exec "$@"', bundle]
    try:
        probe = subprocess.run(prefix + ["true"], capture_output=True)
    except FileNotFoundError:
        return None
    return prefix if probe.returncode == 0 else None


class Server:
    """The TLS server in one mode; `stop` returns what it counted."""

    def __init__(self, cert_dir, close):
        arguments = [sys.executable, SERVER, "--cert-dir", cert_dir, "--delay-ms", str(int(DELAY * 1000))]
        self.process = subprocess.Popen(arguments + (["--close"] if close else []), stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.process.kill()
            sys.exit(f"TLS server did not start: {line!r}")
        self.url = line[len("listening on "):]

    def stop(self):
        self.process.terminate()
        out, _ = self.process.communicate(timeout=30)
        fields = out.split()  # connections N requests N cpu_s S
        return {fields[i]: float(fields[i + 1]) for i in range(0, len(fields) - 1, 2)}


def run_evalctl(trust, workdir, evalset, url):
    config = os.path.join(workdir, "https.yaml")
    with open(config, "w") as f:
        f.write(f"backends:\n  tls:\n    type: openai\n    base_url: {url}/v1\n    model: stub\n"
                f"    concurrency: {CONCURRENCY}\n    params: {{temperature: 0}}\n")
    db = os.path.join(workdir, "https.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    started = time.monotonic()
    code, stdout, stderr, usage = run_measured(trust + [EVALCTL, "run", evalset, "--config", config, "--db", db, "--format", "json"])
    wall = time.monotonic() - started
    if code != 0:
        sys.exit(f"evalctl over https exited {code}: {stderr[-2000:]}")
    summary = json.loads(stdout)
    assert summary["total"] == COUNT and summary["errored"] == 0, summary
    return summary["duration_s"], wall, usage.ru_utime + usage.ru_stime


def run_curl(trust, workdir, url):
    config = os.path.join(workdir, "curl-https.cfg")
    with open(config, "w") as f:
        for i in range(COUNT):
            body = json.dumps({"model": "stub", "messages": [{"role": "user", "content": f"question {i}"}],
                               "stream": True, "stream_options": {"include_usage": True}})
            f.write(f'url = "{url}/v1/chat/completions"\nrequest = "POST"\n'
                    f'header = "Content-Type: application/json"\ndata = {json.dumps(body)}\noutput = "/dev/null"\n')
            if i < COUNT - 1:
                f.write("next\n")
    started = time.monotonic()
    code, _, stderr, usage = run_measured(trust + ["curl", "--silent", "--show-error", "--fail", "--parallel", "--parallel-immediate",
                                                   "--parallel-max", str(CONCURRENCY), "--config", config])
    if code != 0:
        sys.exit(f"curl over https exited {code}: {stderr[-2000:]}")
    return time.monotonic() - started, usage.ru_utime + usage.ru_stime


def median(values):
    return sorted(values, key=lambda value: value[0])[len(values) // 2]


def main():
    if not os.path.exists(EVALCTL):
        sys.exit(f"missing {EVALCTL}: run `make release` first")
    repeats = int(os.environ.get("BENCH_HTTPS_REPEATS", "1"))
    server_only = os.environ.get("BENCH_HTTPS_CA") == "server"
    with tempfile.TemporaryDirectory() as workdir:
        cert_dir = os.path.join(workdir, "cert")
        Server(cert_dir, close=False).stop()  # makes the certificate
        bundle = os.path.join(workdir, "bundle.pem")
        with open(bundle, "wb") as out:
            if not server_only:
                with open(SYSTEM_BUNDLE, "rb") as system:
                    out.write(system.read())
            with open(os.path.join(cert_dir, "cert.pem"), "rb") as cert:
                out.write(cert.read())
        trust = private_trust(bundle)
        if trust is None:
            print("https: skipped (trusting the benchmark's certificate needs `unshare --mount`, which this machine refuses)")
            return
        evalset = os.path.join(workdir, "https-set")
        make_evalset(evalset, COUNT)
        ideal = COUNT * DELAY / CONCURRENCY
        floor = -(-COUNT // CONCURRENCY) * DELAY
        what = "the server's certificate alone" if server_only else f"Debian's bundle ({os.path.getsize(SYSTEM_BUNDLE) // 1024} KB) plus the server's certificate"
        print(f"https: {COUNT} cases, TLS server answering in 200 ms, concurrency {CONCURRENCY}, CA file: {what}; "
              f"{'medians of %d runs' % repeats if repeats > 1 else 'one run each'}; ideal {ideal:.3f} s (whole rounds: {floor:.3f} s)")
        for close in (False, True):
            evalctl_runs, curl_runs = [], []
            for _ in range(repeats):
                server = Server(cert_dir, close)
                evalctl_runs.append(run_evalctl(trust, workdir, evalset, server.url) + (server.stop(),))
                server = Server(cert_dir, close)
                curl_runs.append(run_curl(trust, workdir, server.url) + (server.stop(),))
            run, wall, cpu, served = median(evalctl_runs)
            reference, curl_cpu, curl_served = median(curl_runs)
            mode = "a new connection per request (Connection: close)" if close else "keep-alive"
            print(f"  {mode}:")
            print(f"    reference: curl, same requests, 64 in parallel: {reference:.3f} s, {int(curl_served['connections'])} connections, "
                  f"CPU {curl_cpu * 1000 / COUNT:.2f} ms/request")
            print(f"    evalctl run: {run:.3f} s, ratio to the reference {run / reference:.3f} (target <= 1.10), "
                  f"{int(served['connections'])} connections, CPU {cpu * 1000 / COUNT:.2f} ms/request; "
                  f"whole process {wall:.3f} s ({wall / reference:.3f})")


if __name__ == "__main__":
    main()
