import Foundation
import Testing
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#endif

/// The real `evalctl run` over https (URLSession, libcurl, OpenSSL) against scripts/tls_bench_server.py, which counts
/// the connections it accepts. Every new TLS connection makes libcurl read the CA file again (~25 ms of CPU with
/// Debian's bundle), so a kept-alive server must see about one connection per concurrent request, not one per request.
@Suite("HTTPS connection reuse")
struct HTTPSConnectionReuseTests {
    static let cases = 100
    static let concurrency = 8

    @Test("100 https cases at concurrency 8 reuse kept-alive connections: at most two per slot, not one per case")
    func keepAliveServerSeesFewConnections() async throws {
        let (summary, counts) = try await Self.run(closeEachConnection: false)
        #expect(summary["passed"]?.intValue == Self.cases, "\(summary)")
        #expect(counts.requests == Self.cases)
        // libcurl keeps about 4 idle connections per transfer in flight; a machine starved of CPU can let that dip and
        // cost a few new connections. One connection per request (a session or a `Connection: close` per request) is 100.
        #expect(counts.connections >= 1 && counts.connections <= 2 * Self.concurrency, "connections: \(counts.connections)")
    }

    @Test("a TLS server closing every connection still gets all 100 cases answered, on a connection each")
    func closingServerGetsEveryCaseAnswered() async throws {
        let (summary, counts) = try await Self.run(closeEachConnection: true)
        #expect(summary["passed"]?.intValue == Self.cases, "\(summary)")
        #expect(counts.requests == Self.cases)
        #expect(counts.connections == Self.cases)
    }

    /// Runs the eval set against a fresh server and returns evalctl's JSON summary and what the server counted.
    static func run(closeEachConnection: Bool) async throws -> (JSONValue, TLSBenchServer.Counts) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TLSBenchServer.start(certificateDirectory: directory.path("cert"), delayMilliseconds: 50, close: closeEachConnection)
        let evalset = try EchoEvalSet.write(into: directory, questions: (0..<cases).map { "question \($0)" })
        try directory.write("evalctl.yaml", """
            backends:
              tls:
                type: openai
                base_url: \(server.baseURL)/v1
                model: stub
                concurrency: \(concurrency)
                max_retries: 0
                timeout_s: 60
            """)
        let result = try await EvalctlProcess.run(
            TLSBenchServer.trusting(directory.path("cert/cert.pem"), [EvalctlProcess.binary, "run", evalset, "--db", directory.path("runs.sqlite"), "--format", "json"]),
            in: directory, viaExecutable: "/usr/bin/unshare")
        let counts = try await server.stop()
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        return (try JSONValue(parsing: Data(result.stdout.utf8)), counts)
    }
}

/// scripts/tls_bench_server.py as a child process: a self-signed certificate made on first use, `listening on URL`
/// when ready, `connections N requests N cpu_s S` when stopped. Its pipe is read on Dispatch threads, never on the
/// cooperative pool.
struct TLSBenchServer {
    struct Counts {
        let connections: Int
        let requests: Int
    }

    let process: Process
    let output: Pipe
    let baseURL: String

    static let script = RepositoryPaths.root.appendingPathComponent("scripts/tls_bench_server.py").path

    static func start(certificateDirectory: String, delayMilliseconds: Int, close: Bool) async throws -> TLSBenchServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--cert-dir", certificateDirectory, "--delay-ms", String(delayMilliseconds)] + (close ? ["--close"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let box = UncheckedBox(output)
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var data = Data()
                while !data.contains(UInt8(ascii: "\n")) {
                    let chunk = box.value.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    data.append(chunk)
                }
                continuation.resume(returning: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        guard line.hasPrefix("listening on ") else {
            process.terminate()
            throw BackendError.connection("the TLS test server did not start: \(line)")
        }
        return TLSBenchServer(process: process, output: output, baseURL: String(line.dropFirst("listening on ".count)))
    }

    /// Stops the server and returns what it counted; a server still running 10 s after SIGTERM is killed.
    func stop() async throws -> Counts {
        process.terminate()
        let pid = process.processIdentifier
        let box = UncheckedBox((process, output))
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) {
            if box.value.0.isRunning { kill(pid, SIGKILL) }
        }
        let text = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = box.value.1.fileHandleForReading.readDataToEndOfFile()
                box.value.0.waitUntilExit()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
        let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        func value(_ name: String) -> Int? {
            fields.firstIndex(of: name).flatMap { $0 + 1 < fields.count ? Int(fields[$0 + 1]) : nil }
        }
        guard let connections = value("connections"), let requests = value("requests") else {
            throw BackendError.invalidResponse("the TLS test server printed no counts: \(text)")
        }
        return Counts(connections: connections, requests: requests)
    }

    /// Arguments for `/usr/bin/unshare` (the first is a placeholder, see `EvalctlProcess.start`) that run `command`
    /// with `bundle` in place of the system CA file, in a mount namespace of its own: libcurl ignores SSL_CERT_FILE
    /// and CURL_CA_BUNDLE, so this is how the test certificate is trusted by that process alone.
    static func trusting(_ bundle: String, _ command: [String]) -> [String] {
        ["unshare", "--mount"] + (getuid() == 0 ? [] : ["--map-root-user"])
            + ["sh", "-c", "mount --bind \"$0\" /etc/ssl/certs/ca-certificates.crt && exec \"$@\"", bundle] + command
    }
}
