import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl db copy: a whole history into an empty database")
struct DatabaseCopyTests {
    /// A history with two runs, a tag, cache entries, review labels, feedback and a sharded run, made by the CLI.
    static func history(in directory: TemporaryDirectory, db: String, server: StubHTTPServer) async throws {
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<25).map { "q\($0)" }, minPassRate: 0.5)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        for arguments in [["run", evalSet, "--tag", "main", "--cache", "use"], ["run", evalSet, "--repeat", "2"],
                          ["run", evalSet, "--shard", "1/2", "--run-key", "ci-1"], ["run", evalSet, "--shard", "2/2", "--run-key", "ci-1"]] {
            let result = try await EvalctlProcess.run(arguments + ["--db", db], in: directory)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        try directory.write("labels.jsonl", #"{"id": 3, "reviewer": "ann", "label": "fail", "note": "wrong"}"# + "\n")
        try directory.write("feedback.jsonl", #"{"id": "f1", "input": "hi", "output": "hello", "rating": "down", "time": "2026-12-01T10:00:00Z"}"# + "\n")
        for arguments in [["review", "import", "labels.jsonl"], ["feedback", "import", "feedback.jsonl"]] {
            let result = try await EvalctlProcess.run(arguments + ["--db", db], in: directory)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
    }

    /// What a user reads about the history: every command's output must be the same from the copy.
    static func views(_ db: String, in directory: TemporaryDirectory) async throws -> [String] {
        var outputs: [String] = []
        for arguments in [["runs", "list", "--format", "json"], ["runs", "show", "1", "--format", "json"], ["runs", "show", "ci-1", "--format", "json"],
                          ["runs", "show", "main", "--format", "json"], ["compare", "1", "2", "--format", "json"], ["cache", "stats"],
                          ["feedback", "report", "--since", "400d", "--format", "json"], ["review", "export", "1", "--queue", "all"]] {
            let result = try await EvalctlProcess.run(arguments + ["--db", db], in: directory)
            // `since` is counted back from now: the one field that differs between two reads a second apart.
            let stdout = result.stdout.replacingOccurrences(of: #""since":"[^"]*""#, with: "", options: .regularExpression)
            outputs.append("\(arguments): \(result.status)\n\(stdout)")
        }
        return outputs
    }

    @Test("SQLite to each store: every view of the history reads the same, a new run gets a fresh id, a non-empty target is refused",
          arguments: StoreKind.all)
    func copy(into kind: StoreKind) async throws {
        try await kind.withLocation { location in try await Self.copy(into: kind == .sqlite ? nil : location) }
    }

    static func copy(into location: String?) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { server.stop() }
        let source = directory.path("source.sqlite"), target = location ?? directory.path("target.sqlite")
        try await Self.history(in: directory, db: source, server: server)
        let copy = try await EvalctlProcess.run(["db", "copy", "--from", source, "--to", target], in: directory)
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("rows from \(source) to \(try StoreLocation.open(target).location)"))
        #expect(!(copy.stdout + copy.stderr).contains((try? PostgresURL.parse(target))?.password ?? "no password"), "the password is never printed")
        #expect(copy.stderr.contains("copied 3 runs"))
        let before = try await Self.views(source, in: directory), after = try await Self.views(target, in: directory)
        for (a, b) in zip(before, after) { #expect(a == b) }
        if location != nil {
            // And back: PostgreSQL to a new SQLite file reads the same as the original.
            let back = directory.path("back.sqlite")
            let copyBack = try await EvalctlProcess.run(["db", "copy", "--from", target, "--to", back], in: directory)
            #expect(copyBack.status == 0, "\(copyBack.stderr)")
            let returned = try await Self.views(back, in: directory)
            for (a, b) in zip(before, returned) { #expect(a == b) }
        }

        let again = try await EvalctlProcess.run(["db", "copy", "--from", source, "--to", target], in: directory)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds data"))
        let same = try await EvalctlProcess.run(["db", "copy", "--from", source, "--to", source], in: directory)
        #expect(same.status == 2)
        let missing = try await EvalctlProcess.run(["db", "copy", "--from", directory.path("nope.sqlite"), "--to", directory.path("t2.sqlite")],
                                                   in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no results database"))

        let next = try await EvalctlProcess.run(["run", directory.path("echo"), "--db", target, "--format", "json"], in: directory)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try JSONValue(parsing: Data(next.stdout.utf8))["run_id"] == .number(4))
    }
}
