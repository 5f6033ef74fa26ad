import ArgumentParser
import EvalKit

extension ScoreCommand {
    /// `evalctl score chrf`: sacreBLEU's chrF and chrF++, for files.
    struct ChrFFiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chrf",
            abstract: "chrF (or chrF++ with --word-order 2) of a hypotheses file against reference files, exactly as sacreBLEU 2.x computes it.",
            discussion: """
                Every file has one segment per line (an empty line is an empty segment); all must have the same \
                number of lines, else evalctl exits 2. As sacreBLEU's command line does, trailing whitespace is \
                removed from every line (it matters only with --whitespace).

                Text output is sacreBLEU's: the score line "chrF2 = 61.70" ("chrF2++ = …" with --word-order 2), \
                then the signature line "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0". With \
                --sentence: one score line per segment, then the signature line.

                JSON output is one object {"name", "score", "signature"} with the score unrounded; with --sentence, \
                one such object per segment, one per line (JSON Lines).
                """)

        @OptionGroup var files: SegmentFileOptions

        @Option(help: ArgumentHelp("Character n-gram order.", valueName: "n"))
        var charOrder = ChrF.defaultCharOrder

        @Option(help: ArgumentHelp("Word n-gram order: 2 is chrF++.", valueName: "n"))
        var wordOrder = ChrF.defaultWordOrder

        @Option(help: ArgumentHelp("How much more recall weighs than precision.", valueName: "n"))
        var beta = ChrF.defaultBeta

        @Flag(help: "Lowercase hypotheses and references first.")
        var lowercase = false

        @Flag(help: "Keep whitespace inside character n-grams (by default it is removed first).")
        var whitespace = false

        @Flag(help: "Smooth as chrF++.py, NLTK and Moses do (eff:no), instead of averaging over the orders present (eff:yes).")
        var epsSmoothing = false

        func validate() throws {
            if let problem = ChrF.problem(charOrder: charOrder, wordOrder: wordOrder, beta: beta) {
                throw ValidationError("--char-order, --word-order, --beta: \(problem).")
            }
        }

        func run() async throws {
            let (hypotheses, references) = try files.read()
            let chrF = ChrF(charOrder: charOrder, wordOrder: wordOrder, beta: beta, lowercase: lowercase,
                            whitespace: whitespace, epsSmoothing: epsSmoothing)
            let signature = chrF.signature(referenceCount: references.count)
            let hypothesisSegments = hypotheses.rstripped().segments
            let streams = references.map { $0.rstripped().segments }
            files.printScores(corpus: {
                let score = chrF.corpusScore(hypotheses: hypothesisSegments, references: streams)
                return (score.description, score.json(signature: signature))
            }, sentences: {
                hypothesisSegments.indices.map { index in
                    let score = chrF.sentenceScore(hypothesis: hypothesisSegments[index], references: streams.map { $0[index] })
                    return (score.description, score.json(signature: signature))
                }
            }, signature: signature)
        }
    }
}
