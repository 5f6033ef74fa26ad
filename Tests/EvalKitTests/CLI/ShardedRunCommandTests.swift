import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#endif

@Suite("evalctl run --shard K/N --run-key KEY and runs wait: one run from many processes")
struct ShardedRunCommandTests {
    /// The eval set, config and stub a sharded run needs; `delay` slows every answer.
    struct Setup {
        let directory: TemporaryDirectory
        let server: StubHTTPServer
        let responder: ScriptedResponder
        let evalSet: String
        let cases: Int
        /// `--db`: a SQLite file in the directory, or a fresh PostgreSQL database.
        let db: String
        let kind: StoreKind

        init(cases: Int, delay: Duration = .zero, concurrency: Int = 4, timeout: Int = 30, kind: StoreKind = .sqlite, db: String? = nil) throws {
            directory = try TemporaryDirectory()
            self.kind = kind
            self.db = db ?? directory.path("evals.sqlite")
            responder = ScriptedResponder(default: .chatCompletion(delay: delay))
            server = try StubHTTPServer(handler: responder.handler)
            // Every fifth case fails: the stub echoes the question, and those expect something else.
            try directory.write("qa/evalset.yaml", """
                name: qa
                version: 1
                prompts: {plain: prompts/plain.yaml}
                default_prompt: plain
                cases: cases.jsonl
                scorers:
                  - {type: exact}
                min_pass_rate: 0.5
                """)
            try directory.write("qa/prompts/plain.yaml", "user: \"{{q}}\"\n")
            let lines = (0..<cases).map { index in
                JSONValue.object(["id": .string("case-\(index)"), "vars": .object(["q": .string("question \(index)")]),
                                  "expected": .string(index % 5 == 0 ? "other" : "question \(index)")]).canonicalJSON
            }
            try directory.write("qa/cases.jsonl", lines.joined(separator: "\n") + "\n")
            evalSet = directory.path("qa")
            self.cases = cases
            try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "", timeout: timeout)
            if concurrency != 4 {
                let config = try String(contentsOfFile: directory.path("evalctl.yaml"), encoding: .utf8)
                try directory.write("evalctl.yaml", config.replacingOccurrences(of: "concurrency: 4", with: "concurrency: \(concurrency)"))
            }
        }

        func shard(_ shard: String, key: String, _ extra: [String] = []) -> [String] {
            ["run", evalSet, "--shard", shard, "--run-key", key, "--db", db] + extra
        }

        func database(_ extra: [String]) -> [String] { extra + ["--db", db] }

        func stop() {
            server.stop()
            directory.remove()
        }

        /// Results of the run and distinct cells among them.
        func cells(run: Int64) async throws -> (total: Int, distinct: Int) {
            let store = try StoreLocation.open(db, create: false)
            let results = try await store.results(ofRun: run)
            return (results.count, Set(results.map { "\($0.result.suiteID)|\($0.result.caseID)|\($0.result.repeatIndex)" }).count)
        }

        /// Runs `body` with a setup on each kind of store.
        static func with(_ kind: StoreKind, cases: Int, delay: Duration = .zero, concurrency: Int = 4, timeout: Int = 30,
                         _ body: (Setup) async throws -> Void) async throws {
            try await kind.withLocation { location in
                let setup = try Setup(cases: cases, delay: delay, concurrency: concurrency, timeout: timeout, kind: kind,
                                      db: kind == .sqlite ? nil : location)
                defer { setup.stop() }
                try await body(setup)
            }
        }
    }

    @Test("four shards in parallel write one complete run: exactly N results, no duplicates, one suite; runs wait exits 0", arguments: StoreKind.all)
    func fourShards(kind: StoreKind) async throws {
        try await Setup.with(kind, cases: 240) { setup in
            let results = try await withThrowingTaskGroup(of: EvalctlProcess.Result.self) { group in
                for index in 1...4 {
                    group.addTask {
                        try await EvalctlProcess.run(setup.shard("\(index)/4", key: "ci-42", ["--repeat", "2", "--tag", "main", "--format", "json"]),
                                                     in: setup.directory)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for result in results { #expect(result.status == 0, "\(result.stderr)") }
            let reports = try results.map { try JSONValue(parsing: Data($0.stdout.utf8)) }
            #expect(reports.compactMap { $0["cells"]?.doubleValue }.reduce(0, +) == 480, "the shards' cells add up to the matrix")
            #expect(reports.filter { $0["closed_run"] == .bool(true) }.count == 1, "exactly one shard closes the run")
            // One run for all four; its id is not always 1: PostgreSQL spends a sequence value on each shard's
            // INSERT … ON CONFLICT, and the shard that creates the run may not be the first to draw one.
            let runIDs = Set(reports.compactMap { $0["run_id"]?.doubleValue })
            #expect(runIDs.count == 1, "\(runIDs)")
            let runID = Int64(runIDs.first ?? 1)
            let cells = try await setup.cells(run: runID)
            #expect(cells.total == 480 && cells.distinct == 480)
            #expect(setup.responder.receivedRequests.count == 480, "every cell asked once")

            let junit = setup.directory.path("junit.xml")
            let wait = try await EvalctlProcess.run(setup.database(["runs", "wait", "ci-42", "--shards", "4", "--timeout", "10s", "--junit", junit]),
                                                    in: setup.directory)
            #expect(wait.status == 0, "\(wait.stdout)\(wait.stderr)")
            #expect(wait.stdout.contains("run key ci-42 (run \(runID)): 4 of 4 shards completed"))
            #expect(wait.stdout.contains("384"), "the whole run's summary: 384 of 480 passed")
            let xml = try String(contentsOfFile: junit, encoding: .utf8)
            #expect(xml.components(separatedBy: "<testcase ").count - 1 == 480)

            // One run for everything after: the key and the tag name it, and it is a completed run of one suite.
            let show = try await EvalctlProcess.run(setup.database(["runs", "show", "ci-42", "--format", "json"]), in: setup.directory)
            let detail = try JSONValue(parsing: Data(show.stdout.utf8))
            #expect(detail["status"] == .string("completed"))
            #expect(detail["total"] == .number(480))
            let tagged = try await EvalctlProcess.run(setup.database(["runs", "show", "main", "--format", "json"]), in: setup.directory)
            #expect(try JSONValue(parsing: Data(tagged.stdout.utf8))["run_id"] == .number(Double(runID)))
            let gate = try await EvalctlProcess.run(setup.database(["gate", "--baseline", "main", "--run", "ci-42"]), in: setup.directory)
            #expect(gate.status == 0 || gate.status == 1, "\(gate.stderr)")
            #expect(!gate.stderr.contains("error"), "\(gate.stderr)")

            // A shard of a completed run is not run twice.
            let again = try await EvalctlProcess.run(setup.shard("2/4", key: "ci-42", ["--repeat", "2"]), in: setup.directory)
            #expect(again.status == 2)
            #expect(again.stderr.contains("shard 2/4 of run key 'ci-42' (run \(runID)) already completed"), "\(again.stderr)")
        }
    }

    @Test("a shard killed mid-run is crashed for runs wait (exit 3, named); run again, it sends only its missing cells and the run completes", arguments: StoreKind.all)
    func crashedShardContinues(kind: StoreKind) async throws {
        try await Setup.with(kind, cases: 60, timeout: 600) { setup in
            // Shard 2 gets a few answers, then the server hangs (timeout_s 600: it cannot finish on its own, however
            // slowly this test is scheduled); it is killed while its requests wait.
            setup.responder.setDefault(.hang)
            setup.responder.enqueue(contentsOf: Array(repeating: .chatCompletion(), count: 5))
            let (victim, out, err) = try EvalctlProcess.start(setup.shard("2/2", key: "nightly-7"), in: setup.directory)
            let deadline = ContinuousClock.now + .seconds(60)
            while (try? await setup.cells(run: 1).total) ?? 0 < 5, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            kill(victim.processIdentifier, SIGKILL)
            _ = await EvalctlProcess.collect(victim, out, err)
            setup.responder.setDefault(.chatCompletion())
            let first = try await EvalctlProcess.run(setup.shard("1/2", key: "nightly-7"), in: setup.directory)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("1 of 2 shards completed, 1 crashed"), "\(first.stdout)")
            let before = try await setup.cells(run: 1)
            #expect(before.total < 60, "the killed shard had not finished")

            let wait = try await EvalctlProcess.run(setup.database(["runs", "wait", "nightly-7", "--shards", "2", "--timeout", "30s"]),
                                                    in: setup.directory)
            #expect(wait.status == 3, "\(wait.stdout)\(wait.stderr)")
            #expect(wait.stdout.contains("shard 2/2: crashed"), "\(wait.stdout)")
            #expect(wait.stdout.contains("--shard 2/2"), "it says how to continue it")

            let asked = setup.responder.receivedRequests.count
            let resumed = try await EvalctlProcess.run(setup.shard("2/2", key: "nightly-7"), in: setup.directory)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stdout.contains("continued its earlier attempt (crashed)"), "\(resumed.stdout)")
            #expect(resumed.stdout.contains("this shard closed it"))
            let after = try await setup.cells(run: 1)
            #expect(after.total == 60 && after.distinct == 60)
            #expect(setup.responder.receivedRequests.count - asked == 60 - before.total, "only the missing cells were asked")
            let done = try await EvalctlProcess.run(setup.database(["runs", "wait", "nightly-7", "--shards", "2"]), in: setup.directory)
            #expect(done.status == 0, "\(done.stdout)")
            let show = try await EvalctlProcess.run(setup.database(["runs", "show", "nightly-7"]), in: setup.directory)
            #expect(show.stdout.contains("run key nightly-7 (run 1): 2 of 2 shards completed"), "\(show.stdout)")
        }
    }

    @Test("runs wait names a shard that never started, after its timeout (exit 3); --resume KEY --shard runs it", arguments: StoreKind.all)
    func missingShard(kind: StoreKind) async throws {
        try await Setup.with(kind, cases: 30) { setup in
            for index in [1, 2] {
                let result = try await EvalctlProcess.run(setup.shard("\(index)/3", key: "pr-9"), in: setup.directory)
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.contains("runs wait pr-9 --shards 3"), "\(result.stdout)")
            }
            let wait = try await EvalctlProcess.run(setup.database(["runs", "wait", "pr-9", "--shards", "3", "--timeout", "2s", "--format", "json"]),
                                                    in: setup.directory)
            #expect(wait.status == 3)
            let report = try JSONValue(parsing: Data(wait.stdout.utf8))
            #expect(report["timed_out"] == .bool(true))
            guard case .array(let shards)? = report["shards"], shards.count == 3 else { Issue.record("\(wait.stdout)"); return }
            #expect(shards[2]["state"] == .string("not_started"))
            let waitText = try await EvalctlProcess.run(setup.database(["runs", "wait", "pr-9", "--shards", "3", "--timeout", "1s"]), in: setup.directory)
            #expect(waitText.stdout.contains("shard 3/3: not started"))
            #expect(waitText.stdout.contains("gave up after 1s"))

            let resumed = try await EvalctlProcess.run(setup.database(["run", "--resume", "pr-9", "--shard", "3/3"]), in: setup.directory)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let filled = try await setup.cells(run: 1)
            #expect(filled.total == 30 && filled.distinct == 30)
            let done = try await EvalctlProcess.run(setup.database(["runs", "wait", "pr-9", "--shards", "3"]), in: setup.directory)
            #expect(done.status == 0, "\(done.stdout)")

            let wrongCount = try await EvalctlProcess.run(setup.database(["runs", "wait", "pr-9", "--shards", "4"]), in: setup.directory)
            #expect(wrongCount.status == 2)
            #expect(wrongCount.stderr.contains("split into 3 shards, not 4"))
            let plain = try await EvalctlProcess.run(setup.database(["run", "--resume", "pr-9"]), in: setup.directory)
            #expect(plain.status == 2)
            #expect(plain.stderr.contains("sharded run"))
        }
    }

    @Test("bad combinations and a shard of another run are refused (exit 2) before anything is sent", arguments: StoreKind.all)
    func refusals(kind: StoreKind) async throws {
        try await Setup.with(kind, cases: 10) { setup in
            let cases: [([String], String)] = [
                (["run", setup.evalSet, "--shard", "1/2"], "needs --run-key"),
                (["run", setup.evalSet, "--run-key", "k-1"], "goes with --shard"),
                (setup.shard("0/2", key: "k-1"), "numbered from 1"),
                (setup.shard("1/2", key: "123"), "digits only"),
                (setup.shard("1/2", key: "k-1", ["--junit", "j.xml"]), "runs wait KEY --shards N"),
                (setup.shard("1/2", key: "k-1", ["--baseline", "latest"]), "gate --baseline BASE --run KEY"),
            ]
            for (arguments, message) in cases {
                let result = try await EvalctlProcess.run(arguments, in: setup.directory)
                #expect(result.status == 2, "\(arguments)")
                #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            }
            #expect(setup.responder.receivedRequests.isEmpty)

            let first = try await EvalctlProcess.run(setup.shard("1/2", key: "k-1"), in: setup.directory)
            #expect(first.status == 0, "\(first.stderr)")
            let count = try await EvalctlProcess.run(setup.shard("2/3", key: "k-1"), in: setup.directory)
            #expect(count.status == 2)
            #expect(count.stderr.contains("split into 2 shards, not 3"), "\(count.stderr)")
            let config = try String(contentsOfFile: setup.directory.path("evalctl.yaml"), encoding: .utf8)
            try setup.directory.write("evalctl.yaml", config.replacingOccurrences(of: "gpt-stub", with: "gpt-other"))
            let other = try await EvalctlProcess.run(setup.shard("2/2", key: "k-1"), in: setup.directory)
            #expect(other.status == 2)
            #expect(other.stderr.contains("another backend configuration"), "\(other.stderr)")
            try setup.directory.write("evalctl.yaml", config)
            let repeated = try await EvalctlProcess.run(setup.shard("2/2", key: "k-1", ["--repeat", "2"]), in: setup.directory)
            #expect(repeated.status == 2)
            #expect(repeated.stderr.contains("another matrix"), "\(repeated.stderr)")
            let plainRun = try await EvalctlProcess.run(setup.database(["run", setup.evalSet]), in: setup.directory)
            #expect(plainRun.status == 0)
            let reused = try await EvalctlProcess.run(setup.shard("1/2", key: "k-2"), in: setup.directory)
            #expect(reused.status == 0, "a new key is a new run")
        }
    }
}
