import Foundation
import Testing
@testable import EvalKit

/// `evalctl score ter` run as a user would, against sacreBLEU's own command line on the same files.
@Suite("evalctl score ter")
struct TERScoreCommandTests {
    static let corpus = EditMetricTestCorpus(segments: 80, referenceCount: 2, shape: .mixed(maxWords: 20), seed: 32)

    @Test("corpus and sentence scores print what sacreBLEU's command line prints, for each option", arguments: [
        [String](), ["--normalized"], ["--no-punct", "--case-sensitive"], ["--normalized", "--no-punct", "--asian-support"],
    ])
    func matchesSacreBLEU(options: [String]) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let files = try SacreBLEUCommandLine.writeFiles(Self.corpus, in: directory)
        let fileArguments = ["--hypotheses", files.hypotheses] + files.references.flatMap { ["--references", $0] }
        for sentence in [false, true] {
            let ours = try await EvalctlProcess.run(["score", "ter"] + fileArguments + options + (sentence ? ["--sentence"] : []), in: directory)
            #expect(ours.status == 0, "\(ours.stderr)")
            let theirs = try await SacreBLEUCommandLine.run(hypotheses: files.hypotheses, references: files.references,
                                                             ["-m", "ter"] + options.map { "--ter-" + $0.dropFirst(2) } + (sentence ? ["-sl"] : []))
            #expect(ours.stdout == SacreBLEUCommandLine.asEvalctlText(theirs))
            #expect(ours.stdout.split(separator: "\n").count == (sentence ? Self.corpus.hypotheses.count + 1 : 2))
        }
    }

    @Test("--format json prints sacreBLEU's figures unrounded; one object per line with --sentence")
    func json() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("hyp.txt", "the cat sat on the mat\n\nhello there\n")
        try directory.write("ref.txt", "the cat is on the mat\nx y\nhello there\n")
        let arguments = ["score", "ter", "--hypotheses", directory.path("hyp.txt"), "--references", directory.path("ref.txt"), "--format", "json"]
        let corpus = try await EvalctlProcess.run(arguments, in: directory)
        #expect(corpus.status == 0, "\(corpus.stderr)")
        #expect(corpus.stdout == #"{"name": "TER", "score": 30.0, "num_edits": 3, "ref_length": 10.0, "signature": "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0"}"# + "\n")
        let sentences = try await EvalctlProcess.run(arguments + ["--sentence"], in: directory)
        let lines = sentences.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(try JSONValue(parsing: Data(lines[0].utf8))["score"]?.doubleValue == 16.666666666666664)
        #expect(try JSONValue(parsing: Data(lines[1].utf8))["score"]?.doubleValue == 100)
    }
}
