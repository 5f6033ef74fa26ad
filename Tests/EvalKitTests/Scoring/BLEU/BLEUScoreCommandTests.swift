import Foundation
import Testing
@testable import EvalKit

/// `evalctl score bleu` run as a user would; expected outputs are sacreBLEU 2.6.0's (see Tests/Fixtures/bleu/README.md).
@Suite("evalctl score bleu")
struct BLEUScoreCommandTests {
    private static func fixture(_ name: String) -> String { TestFixtures.root.appendingPathComponent("bleu/\(name)").path }

    private struct CommandMissing: Error, CustomStringConvertible {
        var description: String { "evalctl has no `score bleu` command: add ScoreCommand.self to Evalctl's subcommands" }
    }

    private func run(_ arguments: [String]) async throws -> EvalctlProcess.Result {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await EvalctlProcess.run(["score", "bleu"] + arguments, in: directory)
        if result.stderr.contains("Unexpected argument 'score'") || result.stderr.contains("Unknown option '--hypotheses'") {
            throw CommandMissing()
        }
        return result
    }

    private func expected(_ name: String) throws -> String {
        try String(contentsOfFile: Self.fixture(name), encoding: .utf8)
    }

    @Test("corpus BLEU prints sacreBLEU's score line, then its signature")
    func corpusText() async throws {
        let result = try await run(["--hypotheses", Self.fixture("hyp.txt"), "--references", Self.fixture("ref1.txt"),
                                    "--references", Self.fixture("ref2.txt")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try expected("corpus-two-references.expected")))
    }

    @Test("tokenizer and smoothing options change the score and the signature as in sacreBLEU")
    func options() async throws {
        let result = try await run(["--hypotheses", Self.fixture("hyp.txt"), "--references", Self.fixture("ref1.txt"),
                                    "--tokenize", "char", "--smooth-method", "floor", "--smooth-value", "0.2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try expected("corpus-char-floor.expected")))
    }

    @Test("--sentence prints one score line per segment, then the eff:yes signature")
    func sentenceText() async throws {
        let result = try await run(["--hypotheses", Self.fixture("hyp.txt"), "--references", Self.fixture("ref1.txt"),
                                    "--sentence", "--tokenize", "intl", "--lowercase"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try expected("sentence-intl-lowercase.expected")))
    }

    @Test("--format json prints one object for the corpus, and one object per line with --sentence")
    func json() async throws {
        let arguments = ["--hypotheses", Self.fixture("hyp.txt"), "--references", Self.fixture("ref1.txt"),
                         "--references", Self.fixture("ref2.txt"), "--format", "json"]
        let corpus = try await run(arguments)
        #expect(corpus.status == 0, "\(corpus.stderr)")
        let object = try JSONValue(parsing: Data(corpus.stdout.utf8))
        #expect(String(format: "%.2f", object["score"]?.doubleValue ?? -1) == "68.45")
        #expect(object["precisions"]?.arrayValue?.count == 4)
        #expect(object["bp"]?.doubleValue == 1)
        #expect(object["sys_len"]?.doubleValue == 30)
        #expect(object["ref_len"]?.doubleValue == 27)
        #expect(object["signature"]?.stringValue == "nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0")

        let sentences = try await run(arguments + ["--sentence"])
        let lines = sentences.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        let third = try JSONValue(parsing: Data(lines[2].utf8))
        #expect(third["score"]?.doubleValue == 0)
        #expect(third["signature"]?.stringValue == "nrefs:2|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0")
    }

    @Test("files with different line counts exit 2 and name both files")
    func lineCountMismatch() async throws {
        let result = try await run(["--hypotheses", Self.fixture("hyp.txt"), "--references", Self.fixture("ref1.txt"),
                                    "--references", Self.fixture("ref-short.txt")])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("ref-short.txt: has 5 lines but the hypotheses file \(Self.fixture("hyp.txt")) has 6"))
    }

    @Test("bad usage exits 2 with a message", arguments: [
        (["--tokenize", "moses"], "--tokenize must be one of 13a, intl, char, none"),
        (["--smooth-method", "exp", "--smooth-value", "0.5"], "--smooth-value applies only to --smooth-method floor or add-k"),
        (["--smooth-method", "laplace"], "--smooth-method must be one of none, floor, add-k, exp"),
    ])
    func badUsage(_ extra: [String], message: String) async throws {
        let result = try await run(["--hypotheses", Self.fixture("hyp.txt"), "--references", Self.fixture("ref1.txt")] + extra)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a missing file or no --references exits 2")
    func missingInput() async throws {
        let missing = try await run(["--hypotheses", "/nonexistent/hyp.txt", "--references", Self.fixture("ref1.txt")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/hyp.txt: cannot read file (no such file)"), "\(missing.stderr)")
        let noReferences = try await run(["--hypotheses", Self.fixture("hyp.txt")])
        #expect(noReferences.status == 2)
        #expect(noReferences.stderr.contains("Missing expected argument '--references <file> ...'"))
    }
}
