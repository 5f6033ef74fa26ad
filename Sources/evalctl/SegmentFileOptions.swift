import ArgumentParser
import EvalKit

/// The files and output flags every `evalctl score` metric shares: one hypotheses file, one or more reference
/// files, sentence or corpus scores, text or JSON.
struct SegmentFileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The system output, one segment per line.", valueName: "file"))
    var hypotheses: String

    @Option(help: ArgumentHelp("A reference file, one segment per line; repeat for several references per segment.",
                               valueName: "file"))
    var references: [String]

    @Flag(help: "Score each segment instead of the whole corpus.")
    var sentence = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// The hypotheses and each reference stream, read and checked to have one segment per line each; a file that
    /// cannot be read or does not line up exits 2.
    func read() throws -> (hypotheses: SegmentFile, references: [SegmentFile]) {
        do {
            let hypothesisFile = try SegmentFile.read(hypotheses)
            let referenceFiles = try references.map { path throws(InputProblem) in try SegmentFile.read(path) }
            try SegmentFile.checkAligned(hypothesisFile, referenceFiles)
            return (hypothesisFile, referenceFiles)
        } catch {
            Console().error("error: \(error)")
            throw ExitMapping.code(Verdict(unusable: true))
        }
    }

    /// Prints `sentences` (one line each) or `corpus`, then, for text, the signature line.
    func printScores(corpus: () -> (text: String, json: String), sentences: () -> [(text: String, json: String)], signature: String) {
        let console = Console()
        var lines = (sentence ? sentences() : [corpus()]).map { format == .json ? $0.json : $0.text }
        if format == .text { lines.append(signature) }
        // One write: a sentence-level score of 49,000 segments is 49,000 lines.
        console.out(lines.joined(separator: "\n"))
    }
}
