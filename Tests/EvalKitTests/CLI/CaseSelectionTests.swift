import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("Case selection: --case, --case-tag, --limit, --sample, as a process")
struct CaseSelectionTests {
    /// An echo eval set of 12 cases, `case-0` … `case-11`; even cases are tagged `even`, every third `third`.
    static func evalSet(in directory: TemporaryDirectory) throws -> String {
        let path = try EchoEvalSet.write(into: directory, questions: (0..<12).map { "question \($0)" })
        let lines = (0..<12).map { index -> String in
            var tags: [JSONValue] = []
            if index % 2 == 0 { tags.append(.string("even")) }
            if index % 3 == 0 { tags.append(.string("third")) }
            return JSONValue.object(["id": .string("case-\(index)"), "vars": .object(["q": .string("question \(index)")]),
                                     "expected": .string("question \(index)"), "tags": .array(tags)]).canonicalJSON
        }
        try directory.write("echo/cases.jsonl", lines.joined(separator: "\n") + "\n")
        return path
    }

    /// Runs with `flags` and returns the exit status and the case ids stored, sorted.
    static func run(_ flags: [String], in directory: TemporaryDirectory, evalSet: String) async throws -> (Int32, [String], String) {
        let result = try await EvalctlProcess.run(["run", evalSet, "--format", "json"] + flags, in: directory)
        guard result.status == 0 else { return (result.status, [], result.stderr) }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let ids = try await store.results(ofRun: try await store.runID(for: "latest")).map(\.result.caseID).sorted()
        return (result.status, ids, result.stderr)
    }

    @Test("globs, tags, a limit and a reproducible sample select the cases; the run records the selection")
    func selections() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try Self.evalSet(in: directory)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)

        #expect(try await Self.run(["--case", "case-1*"], in: directory, evalSet: evalSet).1 == ["case-1", "case-10", "case-11"])
        #expect(try await Self.run(["--case-tag", "third"], in: directory, evalSet: evalSet).1 == ["case-0", "case-3", "case-6", "case-9"])
        #expect(try await Self.run(["--case-tag", "even", "--case", "case-?"], in: directory, evalSet: evalSet).1
            == ["case-0", "case-2", "case-4", "case-6", "case-8"])
        #expect(try await Self.run(["--limit", "2"], in: directory, evalSet: evalSet).1 == ["case-0", "case-1"])

        let first = try await Self.run(["--sample", "4", "--seed", "5"], in: directory, evalSet: evalSet).1
        let again = try await Self.run(["--sample", "4", "--seed", "5"], in: directory, evalSet: evalSet).1
        let other = try await Self.run(["--sample", "4", "--seed", "6"], in: directory, evalSet: evalSet).1
        #expect(first.count == 4)
        #expect(first == again, "the same seed picks the same cases")
        #expect(other.count == 4)
        #expect(first != other, "another seed picks others (\(first) vs \(other))")

        let show = try await EvalctlProcess.run(["runs", "show", "latest"], in: directory)
        #expect(show.stdout.contains("cases selected by --sample 4 --seed 6"), "\(show.stdout)")
        #expect(!show.stdout.contains("INCOMPLETE"), "a selected subset is a complete run")
        let json = try await EvalctlProcess.run(["runs", "show", "latest", "--format", "json"], in: directory)
        #expect(try JSONValue(parsing: Data(json.stdout.utf8))["case_selection"] == .string("--sample 4 --seed 6"))
    }

    @Test("a pattern or tag that selects nothing is bad input with a suggestion, and nothing is sent")
    func selectionThatMatchesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try Self.evalSet(in: directory)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let typo = try await EvalctlProcess.run(["run", evalSet, "--case", "cse-1"], in: directory)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("no case id matches 'cse-1' (did you mean 'case-1'?)"), "\(typo.stderr)")
        let tag = try await EvalctlProcess.run(["run", evalSet, "--case-tag", "odd"], in: directory)
        #expect(tag.status == 2)
        #expect(tag.stderr.contains("no case has the tag 'odd' (tags: even, third)"), "\(tag.stderr)")
        let both = try await EvalctlProcess.run(["run", evalSet, "--limit", "2", "--sample", "2"], in: directory)
        #expect(both.status == 2)
        #expect(responder.receivedRequests.isEmpty)
    }

    @Test("compare says when the candidate ran a subset, and pairs the cases both runs have")
    func compareNotesSubset() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try Self.evalSet(in: directory)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--tag", "main"], in: directory).status == 0)
        let gated = try await EvalctlProcess.run(["run", evalSet, "--limit", "3", "--baseline", "main"], in: directory)
        #expect(gated.status == 0, "\(gated.stderr)")
        let compare = try await EvalctlProcess.run(["compare", "main", "latest"], in: directory)
        #expect(compare.stdout.contains("ran a subset of the cases (--limit 3)"), "\(compare.stdout)")
        #expect(compare.stdout.contains("paired 3 cases"), "\(compare.stdout)")
    }

    @Test("the gate says when the candidate ran a subset, in text, JSON and Markdown, and gates the cases both runs have")
    func gateNotesSubset() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try Self.evalSet(in: directory)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--tag", "main"], in: directory).status == 0)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--case-tag", "third"], in: directory).status == 0)
        let note = "the candidate run 2 ran a subset of the cases (--case-tag third): only cases both runs have are compared"
        let gate = try await EvalctlProcess.run(["gate", "--baseline", "main"], in: directory)
        #expect(gate.status == 0, "\(gate.stderr)")
        #expect(gate.stdout.contains("note: \(note)"), "\(gate.stdout)")
        let json = try await EvalctlProcess.run(["gate", "--baseline", "main", "--format", "json"], in: directory)
        #expect(json.status == 0)
        let notes = try JSONValue(parsing: Data(json.stdout.utf8))["notes"]?.arrayValue ?? []
        #expect(notes.contains(.string(note)), "\(notes)")
        let markdown = try await EvalctlProcess.run(["gate", "--baseline", "main", "--format", "markdown"], in: directory)
        #expect(markdown.stdout.contains("ran a subset of the cases (--case-tag third)"), "\(markdown.stdout)")
    }
}
