import Foundation
import Testing
@testable import EvalKit

@Suite("Case explorer: a run against another")
struct CaseExplorerAgainstTests {
    @Test("cases pair as compare pairs them; each side has its status; outputs differ word by word; one-sided cases say so")
    func pairingAndDiff() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let gone = SuiteKey(evalset: "qa", promptID: "terse", backend: "stub")
        try await ExplorerRun([
            .init(key: gone, cases: [.init(id: "t-1", status: .passed, output: "yes")]),
            .init(cases: [
                .init(id: "same", status: .passed, output: "Paris"),
                .init(id: "regressed", status: .passed, output: "The capital of France is Paris."),
                .init(id: "improved", status: .failed, output: "No idea."),
                .init(id: "removed", status: .passed, output: "old"),
                .init(id: "edited", status: .passed, output: "a", hash: "before"),
                .init(id: "down", status: .passed, output: "fine"),
            ]),
        ]).store(into: store, tag: "main")
        try await ExplorerRun(cases: [
            .init(id: "same", status: .passed, output: "Paris"),
            .init(id: "regressed", status: .failed, output: "The capital of France is Lyon, I think."),
            .init(id: "improved", status: .passed, output: "Rome"),
            .init(id: "added", status: .passed, output: "new"),
            .init(id: "edited", status: .passed, output: "a", hash: "after"),
            .init(id: "down", status: .error, output: nil),
        ]).store(into: store)
        let file = try await CaseExplorerTests.write(store, run: "latest", against: "main", in: directory)
        let meta = try file.block(id: "explorer-meta")
        #expect(meta["mode"] == .string("against") && meta["runLabel"] == .string("run 2") && meta["againstLabel"] == .string("run 1"))
        #expect(meta["suites"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == ["qa / plain / stub", "qa / terse / stub"])
        let entries = try file.entries()
        #expect(entries.compactMap { $0["id"]?.stringValue } == ["down", "regressed", "improved", "added", "edited", "removed", "same", "t-1"],
                "regressions first (down errored, regressed failed), then improvements, one-sided and changed cases, then passes in both")
        func entry(_ id: String) throws -> JSONValue { try #require(entries.first { $0["id"] == .string(id) }) }
        #expect(try entry("same")["same"] == .bool(true) && entry("same")["pair"] == .string("paired"))
        #expect(try entry("same")["a"]?["out"] == .string("Paris") && entry("same")["b"]?["out"] == nil, "one copy of a shared output")
        #expect(try entry("edited")["pair"] == .string("changed"), "a case whose content changed is not compared")
        #expect(try entry("added")["pair"] == .string("run") && entry("added")["b"] == nil)
        #expect(try entry("removed")["pair"] == .string("against") && entry("removed")["a"] == nil)
        #expect(try entry("t-1")["pair"] == .string("against"), "a suite only in the other run lists its cases as such")
        #expect(try entry("down")["a"]?["st"] == .string("error") && entry("down")["b"]?["st"] == .string("passed"))
        let regressed = try entry("regressed")
        #expect(regressed["a"]?["st"] == .string("failed") && regressed["b"]?["st"] == .string("passed"))
        #expect(regressed["a"]?["out"] == nil, "the diff carries both outputs")
        let segments = try #require(regressed["d"]?.arrayValue).map { ($0.arrayValue?[0].doubleValue ?? 9, $0.arrayValue?[1].stringValue ?? "") }
        #expect(segments.map(\.0) == [0, -1, 1, 0])
        #expect(segments.map(\.1) == ["The capital of France is ", "Paris", "Lyon, I think", "."])
        let old = segments.filter { $0.0 <= 0 }.map(\.1).joined(), new = segments.filter { $0.0 >= 0 }.map(\.1).joined()
        #expect(old == "The capital of France is Paris." && new == "The capital of France is Lyon, I think.")
        #expect(file.html.contains("<h1>Cases of run 2 against run 1</h1>"))
    }

    @Test("outputs too different to diff are both shown whole, with a note")
    func diffFallback() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let before = (0..<1_000).map { "a\($0)" }.joined(separator: " "), after = (0..<1_000).map { "b\($0)" }.joined(separator: " ")
        try await ExplorerRun(cases: [.init(id: "c", status: .passed, output: before)]).store(into: store)
        try await ExplorerRun(cases: [.init(id: "c", status: .passed, output: after)]).store(into: store)
        let file = try await CaseExplorerTests.write(store, run: "2", against: "1", in: directory)
        let entry = try #require(try file.entries().first)
        #expect(entry["d"] == nil)
        #expect(entry["dn"]?.stringValue?.contains("too long or too different") == true)
        #expect(entry["a"]?["out"] == .string(after) && entry["b"]?["out"] == .string(before))
    }
}
