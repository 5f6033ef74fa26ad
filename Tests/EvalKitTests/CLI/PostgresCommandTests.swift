import EvalStub
import Foundation
import Testing
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#endif

@Suite("evalctl against --db postgres://, as a process")
struct PostgresCommandTests {
    static let questions = (0..<12).map { "question \($0)" }

    /// The same commands against a fresh database of `kind`: each command's exit status and output, with the
    /// database's location, times and durations masked (they differ between any two sessions).
    static func session(_ kind: StoreKind) async throws -> [String] {
        try await kind.withLocation { db in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion(.fixed("question 1"))).handler)
            defer { server.stop() }
            let evalSet = try EchoEvalSet.write(into: directory, questions: questions, minPassRate: 0)
            try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
            // One request at a time, so both sessions store the cases in the same order.
            let config = try String(contentsOfFile: directory.path("evalctl.yaml"), encoding: .utf8)
            try directory.write("evalctl.yaml", config.replacingOccurrences(of: "concurrency: 4", with: "concurrency: 1"))
            let location = kind == .postgres ? try PostgresURL.parse(db).location : db
            let commands: [[String]] = [
                ["run", evalSet, "--tag", "main"], ["run", evalSet, "--cache", "use"], ["runs", "list"],
                ["runs", "show", "latest", "--format", "json"], ["compare", "main", "latest"], ["gate", "--baseline", "main"],
                ["report", "--html", "out/report.html", "--since", "3650d"], ["drift", "--since", "3650d"], ["cache", "stats"],
                ["feedback", "import", FeedbackCommandTests.good], ["feedback", "report", "--since", "3650d"],
                ["db", "migrate"], ["drift", "--since", "3650d", "--dry-run", "--html", "out/drift.html"],
                ["rescore", "1"], ["runs", "list"], ["run", "--resume", "1"],
                ["cache", "export", "2", "--output", "out/cassette.jsonl"], ["cache", "import", "out/cassette.jsonl"],
                ["review", "import", "labels.jsonl"], ["review", "export", "1", "--queue", "all"], ["review", "status", "1"],
                ["judge", "calibrate", "1"], ["runs", "tag", "2", "release-1"], ["compare", "release-1", "main", "--format", "json"],
            ]
            try directory.write("labels.jsonl", #"{"id": 2, "reviewer": "ann", "label": "fail", "note": "wrong"}"# + "\n")
            let password = kind == .postgres ? try PostgresURL.parse(db).password : nil
            var outputs: [String] = []
            for command in commands {
                let result = try await EvalctlProcess.run(command, in: directory, environment: ["EVALCTL_DB": db])
                if let password { #expect(!(result.stdout + result.stderr).contains(password), "\(command)") }
                outputs.append(mask("\(command.prefix(2).joined(separator: " ")) → \(result.status)\n" + result.stdout + result.stderr,
                                    location: location, directory: directory.url.path))
            }
            for page in ["out/report.html", "out/drift.html"] {
                let html = try String(contentsOfFile: directory.path(page), encoding: .utf8)
                #expect(html.contains(location), "the page names the database")
                if let password { #expect(!html.contains(password), "\(page) shows the password") }
            }
            return outputs
        }
    }

    /// The stub server's port, the temporary directory, the process and the measured latencies differ between
    /// sessions too, and so do hashes over them.
    static func mask(_ text: String, location: String, directory: String) -> String {
        var masked = text.replacingOccurrences(of: location, with: "<db>").replacingOccurrences(of: directory, with: "<dir>")
        for pattern in [#"127\.0\.0\.1:\d+"#, #"\d+\.\d{3,}"#, #""(pid|start_time)":\d+"#,
                        #" +\d+ +\d+ +(?=ok|BELOW MIN|ERRORS|INCOMPLETE)"#, #"\b[0-9a-f]{64}\b"#,
                        #"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"#,
                        #"\b\d+(\.\d+)?\s?(ms|s|m|h|d)\b"#, #"\b\d+(\.\d+)? ?(ms|s)/case\b"#] {
            masked = masked.replacingOccurrences(of: pattern, with: "<t>", options: .regularExpression)
        }
        // A masked time's width moved the columns after it (`59s` and `1m` on a slow machine).
        return masked.replacingOccurrences(of: " {2,}", with: " ", options: .regularExpression)
    }

    @Test("run, resume, rescore, runs, compare, gate, report, drift, cache, review, judge and feedback say the same on PostgreSQL as on SQLite",
          arguments: StoreKind.postgresOnly)
    func sameOutputs(kind: StoreKind) async throws {
        let sqlite = try await Self.session(.sqlite)
        let postgres = try await Self.session(kind)
        #expect(postgres.count == sqlite.count)
        for (expected, actual) in zip(sqlite, postgres) {
            #expect(actual == expected)
        }
        #expect(sqlite.first?.contains(" → 0\n") == true, "the first run stores and exits 0")
        for command in ["rescore 1 → 0", "cache export → 0", "cache import → 0", "review import → 0", "review export → 0", "run --resume → 2"] {
            #expect(sqlite.contains { $0.hasPrefix(command) }, "\(command)")
        }
    }

    @Test("a run killed with SIGKILL is resumed on either store: only its missing cells sent, every cell once",
          arguments: StoreKind.all)
    func resumeAfterKill(kind: StoreKind) async throws {
        try await kind.withLocation { db in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let responder = InterruptedRunTests.answersThenHangs(12)
            let server = try StubHTTPServer(handler: responder.handler)
            defer { server.stop() }
            let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<40).map { "question \($0)" })
            try EchoEvalSet.config(into: directory, baseURL: server.baseURL, timeout: 600)
            let (process, out, err) = try EvalctlProcess.start(["run", evalSet, "--db", db], in: directory)
            var stored = 0
            let deadline = ContinuousClock.now + .seconds(60)
            while stored < 12, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                stored = (try? await StoreLocation.open(db, create: false).results(ofRun: 1).count) ?? 0
            }
            kill(process.processIdentifier, SIGKILL)
            _ = await EvalctlProcess.collect(process, out, err)
            stored = try await StoreLocation.open(db, create: false).results(ofRun: 1).count
            #expect(stored >= 12 && stored < 40)
            let asked = responder.receivedRequests.count
            responder.setDefault(.chatCompletion())
            let resumed = try await EvalctlProcess.run(["run", "--resume", "latest", "--db", db], in: directory)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("resumed run 1: sent \(40 - stored) of its 40 cells"), "\(resumed.stderr)")
            let results = try await StoreLocation.open(db, create: false).results(ofRun: 1)
            #expect(results.count == 40 && Set(results.map(\.result.caseID)).count == 40)
            #expect(responder.receivedRequests.count - asked == 40 - stored)
        }
    }

    @Test("a wrong password exits 2 like a bad sqlite path, naming the URL without any password", arguments: StoreKind.postgresOnly)
    func wrongPassword(kind: StoreKind) async throws {
        let admin = try PostgresURL.parse(try #require(StoreKind.adminURL))
        let secret = try #require(admin.password)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let wrong = "postgres://\(admin.user):\(secret)x@\(admin.host):\(admin.port)/postgres?sslmode=disable"
        for environment in [["EVALCTL_DB": wrong], ["EVALCTL_DB": "postgres://\(admin.user)@\(admin.host):\(admin.port)/postgres?sslmode=disable",
                                                    "PGPASSWORD": secret + "x"]] {
            let result = try await EvalctlProcess.run(["runs", "list"], in: directory, environment: environment)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("cannot open the results database \(admin.location)"), "\(result.stderr)")
            #expect(result.stderr.contains("password authentication failed"))
            #expect(!(result.stdout + result.stderr).contains(secret))
        }
        let refused = try await EvalctlProcess.run(["runs", "list", "--db", "postgres://u:\(secret)@127.0.0.1:1/x?sslmode=disable"], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("cannot connect to 127.0.0.1:1"), "\(refused.stderr)")
        #expect(!(refused.stdout + refused.stderr).contains(secret))
        let badURL = try await EvalctlProcess.run(["runs", "list", "--db", "postgres://u:\(secret)@host"], in: directory)
        #expect(badURL.status == 2)
        #expect(badURL.stderr.contains("names no database"))
        #expect(!(badURL.stdout + badURL.stderr).contains(secret))
    }
}
