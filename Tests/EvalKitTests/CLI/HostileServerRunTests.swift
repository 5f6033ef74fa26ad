import EvalStub
import Foundation
import Testing
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#endif

@Suite("Runs against hostile servers, as a process", .serialized)
struct HostileServerRunTests {
    static let key = "sk-gw-SECRETKEY-0123456789abcdef"

    static func config(_ directory: TemporaryDirectory, _ server: StubHTTPServer, _ extra: String) throws {
        try directory.write("evalctl.yaml", """
            backends:
              gateway:
                type: openai
                base_url: \(server.baseURL.absoluteString)/v1
                model: gpt-stub
                concurrency: 2
                max_retries: 1
            \(extra)
            """)
    }

    /// Every file in the directory (database, WAL, JUnit), as bytes.
    static func everyFile(in directory: TemporaryDirectory) throws -> [(String, Data)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        return try names.compactMap { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory.path(name), isDirectory: &isDirectory)
            return !exists || isDirectory.boolValue ? nil : (name, try Data(contentsOf: directory.url.appendingPathComponent(name)))
        }
    }

    @Test("a key echoed in error bodies and stream errors reaches no database, JUnit file, runs show or terminal")
    func keyNeverStoredOrPrinted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .echoHeadersInError(status: 401), script: [
            .echoHeadersInError(status: 500), .echoHeadersInError(status: 500), .echoHeadersAsText(status: 400),
            .echoHeadersInStreamError(), .echoHeadersInStreamError(),
        ])
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<6).map { "question \($0)" })
        try Self.config(directory, server, "    api_key_env: GATEWAY_KEY\n    timeout_s: 10")
        let environment = ["GATEWAY_KEY": Self.key]
        let run = try await EvalctlProcess.run(["run", evalSet, "--junit", "junit.xml", "--concurrency", "1"],
                                               in: directory, environment: environment)
        #expect(run.status == 3)
        #expect(responder.receivedRequests.allSatisfy { $0.header("authorization") == "Bearer \(Self.key)" })
        let showText = try await EvalctlProcess.run(["runs", "show", "latest"], in: directory, environment: environment)
        let showJSON = try await EvalctlProcess.run(["runs", "show", "latest", "--format", "json"], in: directory, environment: environment)
        #expect(showText.stdout.contains("[REDACTED]"), "the errors are shown, redacted")
        var sinks = [("run stdout", run.stdout), ("run stderr", run.stderr), ("runs show", showText.stdout + showText.stderr),
                     ("runs show json", showJSON.stdout + showJSON.stderr)]
        for (name, data) in try Self.everyFile(in: directory) { sinks.append((name, String(decoding: data, as: UTF8.self))) }
        #expect(sinks.contains { $0.0 == "junit.xml" })
        #expect(sinks.contains { $0.0 == "evals.sqlite" })
        for (name, text) in sinks {
            #expect(!text.contains("SECRETKEY"), "the key leaked into \(name)")
        }
    }

    @Test("an endless answer is cut at max_response_bytes: the case is an error saying so, memory stays small")
    func endlessAnswerIsCapped() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .hugeAnswer(bytes: nil, streamed: true)).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["one", "two"])
        try Self.config(directory, server, "    timeout_s: 60\n    max_response_bytes: 4194304")
        let run = try await EvalctlProcess.run(["/usr/bin/time", "-f", "maxrss_kb=%M", EvalctlProcess.binary, "run", evalSet],
                                               in: directory, viaExecutable: "/usr/bin/time")
        #expect(run.status == 3, "\(run.stderr)")
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let results = try await store.results(ofRun: try await store.runID(for: "latest"))
        #expect(results.count == 2)
        #expect(results.allSatisfy { $0.result.status == .error && ($0.result.error ?? "").contains("max_response_bytes (4194304 bytes)") })
        let line = try #require(run.stderr.split(separator: "\n").last { $0.hasPrefix("maxrss_kb=") })
        let peakKB = try #require(Int(line.dropFirst("maxrss_kb=".count)))
        #expect(peakKB < 150_000, "peak memory \(peakKB) KB for two 4 MiB-capped answers")
    }

    @Test("SIGTERM stops a run reading an endless answer within a second or two, and marks it interrupted")
    func sigtermStopsEndlessRead() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .hugeAnswer(bytes: nil, streamed: true)).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["one", "two", "three"])
        try Self.config(directory, server, "    timeout_s: 600\n    max_response_bytes: 100000000000")
        let (process, out, err) = try EvalctlProcess.start(["run", evalSet], in: directory)
        try await Task.sleep(for: .seconds(2))
        #expect(process.isRunning, "still reading the endless answer")
        let signalled = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        let result = await EvalctlProcess.collect(process, out, err)
        let elapsed = (ContinuousClock.now - signalled).seconds
        #expect(result.status == 130, "\(result.stderr)")
        #expect(elapsed < 2.5, "stopped \(elapsed) s after SIGTERM")
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        #expect(try await store.summary(ofRun: try await store.runID(for: "latest")).run.status == .interrupted)
    }
}
