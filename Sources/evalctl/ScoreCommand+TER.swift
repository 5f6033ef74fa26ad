import ArgumentParser
import EvalKit

extension ScoreCommand {
    /// `evalctl score ter`: sacreBLEU's TER, for files.
    struct TERFiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ter",
            abstract: "TER (translation edit rate; lower is better) of a hypotheses file against reference files, exactly as sacreBLEU 2.x computes it.",
            discussion: """
                Every file has one segment per line (an empty line is an empty segment); all must have the same \
                number of lines, else evalctl exits 2. The defaults are Tercom's: case-insensitive, no \
                normalization, punctuation kept.

                Text output is sacreBLEU's: the score line "TER = 37.50", then the signature line \
                "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0". With --sentence: one score \
                line per segment, then the signature line.

                JSON output is one object {"name", "score", "num_edits", "ref_length", "signature"} with unrounded \
                numbers; with --sentence, one such object per segment, one per line (JSON Lines).
                """)

        @OptionGroup var files: SegmentFileOptions

        @Flag(help: "Normalize as Tercom does: tokenize punctuation, unescape &quot; &amp; &lt; &gt;, join lines.")
        var normalized = false

        @Flag(help: "Remove punctuation (with --asian-support, CJK and full-width punctuation too).")
        var noPunct = false

        @Flag(help: "Compare case-sensitively (by default everything is lowercased).")
        var caseSensitive = false

        @Flag(help: "With --normalized, split CJK characters apart; with --no-punct, also remove CJK punctuation.")
        var asianSupport = false

        func run() async throws {
            let (hypotheses, references) = try files.read()
            let ter = TER(normalized: normalized, noPunct: noPunct, asianSupport: asianSupport, caseSensitive: caseSensitive)
            let signature = ter.signature(referenceCount: references.count)
            let streams = references.map(\.segments)
            files.printScores(corpus: {
                let score = ter.corpusScore(hypotheses: hypotheses.segments, references: streams)
                return (score.description, score.json(signature: signature))
            }, sentences: {
                hypotheses.segments.indices.map { index in
                    let score = ter.sentenceScore(hypothesis: hypotheses.segments[index], references: streams.map { $0[index] })
                    return (score.description, score.json(signature: signature))
                }
            }, signature: signature)
        }
    }
}
