import Foundation
import Testing
@testable import EvalKit

@Suite("Case explorer")
struct CaseExplorerTests {
    static let hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)><!-- &amp;"

    static func write(_ store: any ResultStore, run: String, against: String? = nil, in directory: TemporaryDirectory,
                      expected: @escaping ExpectedAnswerLookup = CaseExplorer.noExpectedAnswers) async throws -> ExplorerFile {
        var explorer = try await CaseExplorer.load(store: store, run: run, against: against)
        explorer.expected = expected
        explorer.pageSize = 2
        try await explorer.write(to: directory.path("out/cases.html"), store: store)
        return try ExplorerFile(path: directory.path("out/cases.html"))
    }

    @Test("every case with its input, expected answer, output, scores and error; failures and errors first in each suite")
    func contentAndOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let other = SuiteKey(evalset: "extract", promptID: "plain", backend: "stub")
        try await ExplorerRun([
            .init(key: other, cases: [.init(id: "x-1", status: .passed, output: "done")]),
            .init(cases: [
                .init(id: "c-1", status: .passed, output: "Paris", user: "Capital of France?", reason: "matches expected"),
                .init(id: "c-2", status: .failed, output: "Lyon", user: "Capital of France?", reason: "expected \"Paris\", got \"Lyon\""),
                .init(id: "c-3", status: .error, output: nil, error: "HTTP 503: upstream down"),
                .init(id: "c-4", status: .passed, output: "Rome"),
                .init(id: "c-5", status: .failed, output: "Bern"),
            ]),
        ]).store(into: store)
        let file = try await Self.write(store, run: "latest", in: directory) { record in
            record.caseID == "c-2" ? ExpectedAnswer(text: "Paris", source: "from qa") : ExpectedAnswer(missing: "not stored with results")
        }
        let entries = try file.entries()
        let meta = try file.block(id: "explorer-meta")
        let suites = try #require(meta["suites"]?.arrayValue).compactMap { $0["key"]?.stringValue }
        #expect(suites == ["extract / plain / stub", "qa / plain / stub"], "suites in key order")
        #expect(entries.compactMap { $0["id"]?.stringValue } == ["x-1", "c-2", "c-5", "c-3", "c-1", "c-4"],
                "failures, then errors, then passes, each in stored order")
        #expect(entries.map { $0["s"] } == [.number(0), .number(1), .number(1), .number(1), .number(1), .number(1)])
        let failed = try #require(entries.first { $0["id"] == .string("c-2") })
        #expect(failed["st"] == .string("failed"))
        #expect(failed["out"] == .string("Lyon"))
        #expect(failed["ex"] == .string("Paris"))
        #expect(failed["in"] == .array([.array([.string("system"), .string("Answer briefly.")]), .array([.string("user"), .string("Capital of France?")])]))
        #expect(failed["sc"] == .array([.array([.string("exact"), .number(0), .number(1), .bool(false), .string("expected \"Paris\", got \"Lyon\"")])]))
        let errored = try #require(entries.first { $0["id"] == .string("c-3") })
        #expect(errored["err"] == .string("HTTP 503: upstream down") && errored["ek"] == .string("backend"))
        #expect(errored["out"] == nil && errored["sc"] == nil)
        let notes = try file.block(id: "explorer-notes")
        guard case .number(let note)? = errored["exn"] else { Issue.record("no note for a missing expected answer"); return }
        #expect(notes.arrayValue?[Int(note)] == .string("not stored with results"))
        #expect(file.html.contains("<h1>Cases of run 1</h1>"))
        #expect(file.html.contains("<td>qa / plain / stub</td><td>model-a</td><td class=\"num\">5</td><td class=\"num\">2</td><td class=\"num\">2</td><td class=\"num\">1</td>"))
        #expect(meta["mode"] == .string("run") && meta["limit"] == .number(20_000))
    }

    @Test("hostile output, input, ids and reasons cannot end the data block or add markup; huge fields are cut and say so")
    func hostileText() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let huge = String(repeating: "word ", count: 40_000) + "é"
        let hostileKey = SuiteKey(evalset: "<b>qa</b>", promptID: "plain", backend: "</script>")
        try await ExplorerRun([.init(key: hostileKey, cases: [
            .init(id: Self.hostile, status: .failed, output: Self.hostile + "\u{0}\u{1B}[31m\u{202E}\u{2028}\u{2029}\u{FFFE}", user: Self.hostile, reason: Self.hostile),
            .init(id: "error", status: .error, output: nil, error: Self.hostile),
            .init(id: "huge", status: .passed, output: huge),
        ])]).store(into: store)
        let file = try await Self.write(store, run: "1", in: directory)
        let scripts = file.scripts
        #expect(file.html.components(separatedBy: "<script").count - 1 == scripts.count, "every <script is one of the page's own")
        #expect(file.html.components(separatedBy: "</script").count - 1 == scripts.count)
        #expect(scripts.filter { !$0.tag.contains("application/json") }.count == 1, "one script runs")
        #expect(!file.html.contains("<img") && !file.html.contains("<b>") && !file.html.contains("<!-- "))
        #expect(file.html.contains("&lt;b&gt;qa&lt;/b&gt; / plain / &lt;/script&gt;"), "the static table escapes names")
        for script in scripts where script.tag.contains("application/json") {
            #expect(!script.body.contains("<") && !script.body.contains(">") && !script.body.contains("&"))
            #expect(!script.body.contains("\u{2028}") && !script.body.contains("\u{2029}"))
        }
        let entries = try file.entries()
        let hostile = try #require(entries.first { $0["id"] == .string(Self.hostile) })
        #expect(hostile["out"] == .string(Self.hostile + "\u{2400}\\u{1B}[31m\\u{202E}\u{2028}\u{2029}\\u{FFFE}"),
                "markup round-trips as text; NUL is stored as ␀; controls, bidi overrides and noncharacters show as escapes")
        #expect(hostile["in"]?.arrayValue?.last == .array([.string("user"), .string(Self.hostile)]))
        #expect(hostile["sc"]?.arrayValue?.first?.arrayValue?.last == .string(Self.hostile))
        #expect(entries.first { $0["id"] == .string("error") }?["err"] == .string(Self.hostile))
        let cut = try #require(entries.first { $0["id"] == .string("huge") })
        let shown = try #require(cut["out"]?.stringValue)
        #expect(shown.utf8.count <= 20_000 && shown.utf8.count > 19_990)
        #expect(cut["cut"]?["out"] == .number(Double(huge.utf8.count)))
        #expect(file.html.utf8.count < 100_000, "the 200 KB output is not in the page whole")
    }

    @Test("the page's one script and its stylesheet are allowed by their SHA-256 and nothing else is")
    func contentSecurityPolicy() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await ExplorerRun(cases: [.init(id: "c-1", status: .passed, output: "ok")]).store(into: store)
        let file = try await Self.write(store, run: "latest", in: directory)
        let policy = try #require(file.contentSecurityPolicy)
        let script = try #require(file.scripts.first { !$0.tag.contains("application/json") })
        #expect(script.tag == "<script>")
        let scriptHash = "sha256-" + Data(SHA256.digest(Array(script.body.utf8))).base64EncodedString()
        let styleHash = "sha256-" + Data(SHA256.digest(Array(try #require(file.style).utf8))).base64EncodedString()
        #expect(policy == "default-src 'none'; script-src '\(scriptHash)'; style-src '\(styleHash)'; img-src data:; base-uri 'none'; form-action 'none'")
        #expect(!script.body.contains("</") && !script.body.contains("<!--"))
        #expect(!file.html.contains("http://") && !file.html.contains("https://") && !file.html.contains("src="), "nothing is fetched")
        let attributes = try NSRegularExpression(pattern: "<[a-zA-Z][^<>]*\\s(on[a-z]+|style)\\s*=")
        #expect(attributes.firstMatch(in: file.html, range: NSRange(file.html.startIndex..., in: file.html)) == nil,
                "no inline style or event handler attributes, which the policy would block")
        // The known digest of "abc" (FIPS 180-2), base64: the page's hashes use the standard alphabet with padding.
        #expect(CaseExplorer.sha256Source("abc") == "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    }

    @Test("each case carries its finish reason; a refusal is marked, and the page shows both")
    func refusalMarked() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await ExplorerRun(cases: [
            .init(id: "refused", status: .failed, output: "I can't help with that.", finishReason: "refusal"),
            .init(id: "filtered", status: .failed, output: "", finishReason: "content_filter"),
            .init(id: "answered", status: .passed, output: "Paris"),
        ]).store(into: store)
        let file = try await Self.write(store, run: "latest", in: directory)
        let entries = try file.entries()
        let refused = try #require(entries.first { $0["id"] == .string("refused") })
        #expect(refused["fr"] == .string("refusal") && refused["rf"] == .bool(true))
        #expect(entries.first { $0["id"] == .string("filtered") }?["rf"] == .bool(true))
        let answered = try #require(entries.first { $0["id"] == .string("answered") })
        #expect(answered["fr"] == .string("stop") && answered["rf"] == nil)
        let script = try #require(file.scripts.first { !$0.tag.contains("application/json") }).body
        #expect(script.contains("\"tag k-refused\", \"refused\"") && script.contains("\"finish reason \" + s.fr"))
    }

    @Test("an unknown run is StoreError.noSuchRun")
    func unknownRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        await #expect(throws: StoreError.self) { try await CaseExplorer.load(store: store, run: "nightly") }
    }

    @Test("10,000 cases make a page well under 30 MB, written a page of results at a time")
    func largeRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let answer = String(repeating: "The answer, with its reasoning spelled out at some length. ", count: 5)
        let cases = (0..<10_000).map { index in
            ExplorerRun.Case(id: "case-\(index)", status: index % 7 == 0 ? .failed : (index % 101 == 0 ? .error : .passed),
                             output: answer + "\(index)", user: "Question number \(index): what is the answer?", reason: "expected \"\(index)\"")
        }
        try await ExplorerRun(cases: cases).store(into: store)
        var explorer = try await CaseExplorer.load(store: store, run: "latest")
        explorer.pageSize = 500
        let written = try await explorer.write(to: directory.path("cases.html"), store: store)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: directory.path("cases.html"))[.size] as? Int)
        #expect(written.cases == 10_000 && written.bytes == size)
        #expect(size < 30_000_000, "\(size) bytes")
        let file = try ExplorerFile(path: directory.path("cases.html"))
        #expect(try file.entries().count == 10_000)
        #expect(file.scripts.count(where: { $0.tag.contains("explorer-cases") }) > 1, "the data comes in blocks")
    }
}
