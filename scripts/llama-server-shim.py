#!/usr/bin/env python3
"""A stand-in for llama.cpp's `llama-server`, backed by the xllamacpp wheel.

It accepts the subset of upstream flags evalctl uses, so evalctl can start
either a native llama-server or this shim with the same command line.
Installed as <cache>/llama/bin/llama-server by scripts/install-llama.sh.
"""
import argparse
import os
import signal
import sys
import threading
import time


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="llama-server",
        description="llama.cpp HTTP server (xllamacpp shim; subset of upstream flags)",
        allow_abbrev=False,  # upstream has no prefix matching; do not invent it
    )
    p.add_argument("-m", "--model", required=True, help="path to a GGUF model")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("-t", "--threads", type=int, default=1)
    p.add_argument("-tb", "--threads-batch", type=int, default=None,
                   help="default: same as --threads")
    p.add_argument("-c", "--ctx-size", type=int, default=2048)
    p.add_argument("-np", "--parallel", type=int, default=1)
    p.add_argument("--alias", default=None, help="model id reported by /v1/models")
    p.add_argument("--seed", type=int, default=None, help="default sampling seed")
    return p.parse_args(argv)


def log(msg):
    print(f"llama-server-shim: {msg}", file=sys.stderr, flush=True)


def exit_when_orphaned(parent):
    """Stop when the process that started us dies without stopping us (e.g. evalctl killed with SIGKILL).

    Polling is used rather than PR_SET_PDEATHSIG, which fires when the spawning *thread* exits.
    """
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            log(f"parent process {parent} is gone, exiting")
            os.kill(os.getpid(), signal.SIGTERM)
            return


def main(argv):
    args = parse_args(argv)  # argparse exits 2 on unknown flags
    if not os.path.isfile(args.model):
        log(f"model not found: {args.model}")
        return 1

    # Keep stdout clean for callers: anything native code prints goes to stderr.
    os.dup2(2, 1)

    # Block the signals before any native thread exists, so every thread
    # inherits the mask and only sigwait() below ever sees them. Otherwise
    # the kernel may deliver SIGTERM to a llama.cpp thread and Python's
    # handler would not run until much later.
    stop = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop)

    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = args.model
    params.hostnames = [args.host]
    params.port = args.port
    params.n_ctx = args.ctx_size
    params.n_parallel = args.parallel
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads_batch or args.threads
    if args.alias:
        params.model_alias = {args.alias}
    if args.seed is not None:
        params.sampling.seed = args.seed

    # Loading the model happens inside Server(); do it off the main thread so
    # a SIGTERM during a slow load still stops us at once.
    failed = []

    def start():
        try:
            server = xllamacpp.Server(params)
            log(f"listening on {server.listening_address}")
            start.server = server  # keep it alive for the life of the process
        except Exception as e:  # noqa: BLE001 - report any load/bind failure
            failed.append(e)
            os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=start, daemon=True).start()
    threading.Thread(target=exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    sig = signal.sigwait(stop)
    if failed:
        log(f"failed to start: {failed[0]}")
        code = 1
    else:
        log(f"received {signal.Signals(sig).name}, exiting")
        code = 0
    sys.stderr.flush()
    # The native server has no stop call and its threads would block a normal
    # interpreter shutdown; the kernel closes the socket for us.
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
