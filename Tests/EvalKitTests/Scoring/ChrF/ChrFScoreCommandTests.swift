import Foundation
import Testing
@testable import EvalKit

/// `evalctl score chrf` run as a user would, against sacreBLEU's own command line on the same files.
@Suite("evalctl score chrf")
struct ChrFScoreCommandTests {
    static let corpus = EditMetricTestCorpus(segments: 120, referenceCount: 2, shape: .mixed(maxWords: 20), seed: 31)

    @Test("corpus and sentence scores print what sacreBLEU's command line prints, for each option", arguments: [
        ([String](), [String]()),
        (["--word-order", "2"], ["--chrf-word-order", "2"]),
        (["--char-order", "4", "--beta", "1", "--lowercase", "--whitespace", "--eps-smoothing"],
         ["--chrf-char-order", "4", "--chrf-beta", "1", "--chrf-lowercase", "--chrf-whitespace", "--chrf-eps-smoothing"]),
    ])
    func matchesSacreBLEU(options: [String], sacreBLEUOptions: [String]) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let files = try SacreBLEUCommandLine.writeFiles(Self.corpus, in: directory)
        let fileArguments = ["--hypotheses", files.hypotheses] + files.references.flatMap { ["--references", $0] }
        for sentence in [false, true] {
            let ours = try await EvalctlProcess.run(["score", "chrf"] + fileArguments + options + (sentence ? ["--sentence"] : []), in: directory)
            #expect(ours.status == 0, "\(ours.stderr)")
            let theirs = try await SacreBLEUCommandLine.run(hypotheses: files.hypotheses, references: files.references,
                                                             ["-m", "chrf"] + sacreBLEUOptions + (sentence ? ["-sl"] : []))
            #expect(ours.stdout == SacreBLEUCommandLine.asEvalctlText(theirs))
            #expect(ours.stdout.split(separator: "\n").count == (sentence ? Self.corpus.hypotheses.count + 1 : 2))
        }
    }

    @Test("--format json prints the name, the unrounded score and the signature; one object per line with --sentence")
    func json() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("hyp.txt", "The cat sat on the mat.\nHello, world!\n")
        try directory.write("ref.txt", "The cat is on the mat.\nHello world.\n")
        let arguments = ["score", "chrf", "--hypotheses", directory.path("hyp.txt"), "--references", directory.path("ref.txt"), "--format", "json"]
        let corpus = try await EvalctlProcess.run(arguments + ["--word-order", "2"], in: directory)
        #expect(corpus.status == 0, "\(corpus.stderr)")
        let object = try JSONValue(parsing: Data(corpus.stdout.utf8))
        #expect(object["name"]?.stringValue == "chrF2++")
        #expect(object["score"]?.doubleValue == ChrF(wordOrder: 2).corpusScore(
            hypotheses: ["The cat sat on the mat.", "Hello, world!"], references: [["The cat is on the mat.", "Hello world."]]).score)
        #expect(object["signature"]?.stringValue == "nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0")
        let sentences = try await EvalctlProcess.run(arguments + ["--sentence"], in: directory)
        let lines = sentences.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(try JSONValue(parsing: Data(lines[0].utf8))["score"]?.doubleValue == 67.17273492330233)
    }

    @Test("bad orders exit 2 with a message, and so do files with different line counts")
    func badUsage() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("hyp.txt", "a\nb\n")
        try directory.write("ref.txt", "a\n")
        let files = ["score", "chrf", "--hypotheses", directory.path("hyp.txt"), "--references", directory.path("ref.txt")]
        let orders = try await EvalctlProcess.run(files + ["--char-order", "0", "--word-order", "0"], in: directory)
        #expect(orders.status == 2)
        #expect(orders.stderr.contains("the character and word orders cannot both be 0"), "\(orders.stderr)")
        let beta = try await EvalctlProcess.run(files + ["--beta=-1"], in: directory)
        #expect(beta.status == 2)
        #expect(beta.stderr.contains("beta must be a whole number in 0…1000"), "\(beta.stderr)")
        let lines = try await EvalctlProcess.run(files, in: directory)
        #expect(lines.status == 2)
        #expect(lines.stderr.contains("has 1 lines but the hypotheses file"), "\(lines.stderr)")
    }
}
