#!/usr/bin/env python3
"""An OpenAI chat-completions server over TLS for `make bench` and the https tests: answers every request after a
fixed delay, echoing the last user message, as a JSON `chat.completion` or as SSE chunks (the shapes evalctl-stub
sends), and counts the connections (TLS handshakes) it accepted.

    tls_bench_server.py --cert-dir DIR [--port 0] [--delay-ms 200] [--close]

The certificate is self-signed for 127.0.0.1 and localhost, made with the openssl command on first use and kept in
DIR (cert.pem, key.pem). A client trusts it for the benchmark only: `curl --cacert DIR/cert.pem`; evalctl (URLSession
over the system libcurl) ignores SSL_CERT_FILE and CURL_CA_BUNDLE, so bench_https.py and HTTPSConnectionReuseTests put
the certificate in place of the system CA file in a private mount namespace (`unshare --mount`; see
docs/performance.md). Untrusted, it is what TLSFailFastTests fail fast against. `--close` answers every request with `Connection: close` and closes the connection.
Prints `listening on https://127.0.0.1:PORT` once ready; on SIGTERM or SIGINT prints
`connections N requests N cpu_s S` (connections: TLS handshakes completed; S: the server's own CPU seconds) and exits. Python's asyncio: one thread, 1,000+ concurrent connections.
"""
import argparse, asyncio, json, os, random, resource, signal, ssl, string, subprocess, sys, time

ALPHABET = string.ascii_letters + string.digits


def ensure_certificate(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    if not (os.path.exists(cert) and os.path.exists(key)):
        os.makedirs(directory, exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


class Counters:
    connections = 0
    requests = 0


def last_user_text(body):
    for message in reversed(body.get("messages", [])):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                return "".join(part.get("text", "") for part in content if isinstance(part, dict))
            return content or ""
    return ""


def completion(model, text, completion_id, created):
    tokens = len(text.split()) or 0
    return json.dumps({
        "id": completion_id, "object": "chat.completion", "created": created, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None, "annotations": []},
                     "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": max(1, len(text) // 4), "completion_tokens": tokens, "total_tokens": tokens + max(1, len(text) // 4)},
        "service_tier": "default", "system_fingerprint": "fp_c0ffee5700"}, indent=2).encode() + b"\n"


def stream_events(model, text, completion_id, created, include_usage):
    prefix = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model,
              "service_tier": "default", "system_fingerprint": "fp_c0ffee5700"}

    def chunk(delta, finish):
        payload = dict(prefix, choices=[{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}])
        if include_usage:
            payload["usage"] = None
        return payload

    words, pieces = text.split(" "), []
    for index, word in enumerate(words):
        pieces.append(word if index == 0 else " " + word)
    payloads = [chunk({"role": "assistant", "content": ""}, None)]
    payloads += [chunk({"content": piece}, None) for piece in pieces if piece]
    payloads.append(chunk({}, "stop"))
    if include_usage:
        prompt = max(1, len(text) // 4)
        payloads.append(dict(prefix, choices=[], usage={"prompt_tokens": prompt, "completion_tokens": len(pieces),
                                                        "total_tokens": prompt + len(pieces)}))
    body = b"".join(b"data: " + json.dumps(p, separators=(",", ":")).encode() + b"\n\n" for p in payloads)
    return body + b"data: [DONE]\n\n"


async def read_request(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            data = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += data[:-2]
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    return method, path, headers, body


def respond(method, path, body, close):
    connection = b"Connection: close\r\n" if close else b"Connection: keep-alive\r\n"
    if method != "POST" or not path.split("?")[0].endswith("/chat/completions"):
        message = b'{"error":{"message":"not found","type":"invalid_request_error"}}'
        return b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n%s" % (
            len(message), connection, message)
    request = json.loads(body or b"{}")
    model, text = request.get("model", "stub"), last_user_text(request)
    completion_id = "chatcmpl-" + "".join(random.choices(ALPHABET, k=29))
    created = int(time.time())
    if request.get("stream"):
        include_usage = bool((request.get("stream_options") or {}).get("include_usage"))
        payload = stream_events(model, text, completion_id, created, include_usage)
        content_type = b"text/event-stream; charset=utf-8"
    else:
        payload = completion(model, text, completion_id, created)
        content_type = b"application/json"
    # The whole body in one chunk: what matters here is the connection, not how the events are spaced.
    return (b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nx-request-id: req_%032x\r\nTransfer-Encoding: chunked\r\n%s\r\n"
            b"%x\r\n%s\r\n0\r\n\r\n") % (content_type, random.getrandbits(128), connection, len(payload), payload)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cert-dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay-ms", type=int, default=200)
    parser.add_argument("--close", action="store_true", help="Connection: close on every answer")
    options = parser.parse_args()
    # A parent's threads may block these (a test runner's do), and a child inherits the mask: unblock them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    cert, key = ensure_certificate(options.cert_dir)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    context.set_alpn_protocols(["http/1.1"])
    delay = options.delay_ms / 1000

    async def serve(reader, writer):
        Counters.connections += 1  # called once the TLS handshake is done
        try:
            while True:
                try:
                    method, path, _, body = await read_request(reader)
                except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
                    return
                Counters.requests += 1
                await asyncio.sleep(delay)
                writer.write(respond(method, path, body, options.close))
                await writer.drain()
                if options.close:
                    return
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    async def run():
        server = await asyncio.start_server(serve, "127.0.0.1", options.port, ssl=context, backlog=1024,
                                            ssl_handshake_timeout=30)
        stop = asyncio.get_running_loop().create_future()
        for number in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(number, lambda: stop.done() or stop.set_result(None))
        print(f"listening on https://127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
        await stop
        server.close()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(f"connections {Counters.connections} requests {Counters.requests} "
              f"cpu_s {usage.ru_utime + usage.ru_stime:.2f}", flush=True)

    asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
