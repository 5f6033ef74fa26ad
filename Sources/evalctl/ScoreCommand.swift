import ArgumentParser
import EvalKit

/// `evalctl score`: metrics over plain text files, outside any eval set.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Score text files with a metric, outside any eval set.", subcommands: [BLEUFiles.self, ChrFFiles.self, TERFiles.self])

    /// `evalctl score bleu`: sacreBLEU's command line, for files.
    struct BLEUFiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bleu",
            abstract: "BLEU of a hypotheses file against reference files, exactly as sacreBLEU 2.x computes it.",
            discussion: """
                Every file has one segment per line (an empty line is an empty segment); all must have the same \
                number of lines, else evalctl exits 2.

                Text output is sacreBLEU's: the score line "BLEU = 42.04 83.3/60.0/37.5/16.7 (BP = 1.000 \
                ratio = 1.091 hyp_len = 12 ref_len = 11)", then the signature line \
                "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0". With --sentence: one score line per \
                segment (sentence BLEU with effective order, as sacreBLEU's sentence_bleu), then one signature \
                line (eff:yes).

                JSON output is one object {"score", "precisions", "bp", "sys_len", "ref_len", "signature"} with \
                unrounded numbers; with --sentence, one such object per segment, one per line (JSON Lines).
                """)

        @OptionGroup var files: SegmentFileOptions

        @Option(help: ArgumentHelp("Tokenizer: 13a, intl, char or none.", valueName: "name"))
        var tokenize = BLEUTokenizer.thirteenA.rawValue

        @Option(help: ArgumentHelp("Smoothing: exp, floor, add-k or none.", valueName: "method"))
        var smoothMethod = "exp"

        @Option(help: ArgumentHelp("The value for floor (default \(BLEUSmoothing.defaultFloor)) or add-k (default \(Int(BLEUSmoothing.defaultAddK))).",
                                   valueName: "number"))
        var smoothValue: Double?

        @Flag(help: "Lowercase hypotheses and references before tokenizing.")
        var lowercase = false

        func validate() throws {
            guard BLEUTokenizer(rawValue: tokenize) != nil else {
                throw ValidationError("--tokenize must be one of \(BLEUTokenizer.allCases.map(\.rawValue).joined(separator: ", ")), not '\(tokenize)'.")
            }
            guard BLEUSmoothing(method: smoothMethod) != nil else {
                throw ValidationError("--smooth-method must be one of \(BLEUSmoothing.methodNames.joined(separator: ", ")), not '\(smoothMethod)'.")
            }
            if let smoothValue {
                guard BLEUSmoothing.takesValue(smoothMethod) else {
                    throw ValidationError("--smooth-value applies only to --smooth-method floor or add-k.")
                }
                guard smoothValue.isFinite, smoothValue >= 0 else { throw ValidationError("--smooth-value must be a number ≥ 0.") }
            }
        }

        func run() async throws {
            let (hypotheses, references) = try files.read()
            let bleu = BLEU(tokenizer: BLEUTokenizer(rawValue: tokenize) ?? .thirteenA,
                            smoothing: BLEUSmoothing(method: smoothMethod, value: smoothValue) ?? .exp, lowercase: lowercase)
            let signature = bleu.signature(referenceCount: references.count, effectiveOrder: files.sentence)
            let streams = references.map(\.segments)
            files.printScores(corpus: {
                let score = bleu.corpusScore(hypotheses: hypotheses.segments, references: streams)
                return (score.description, score.json(signature: signature))
            }, sentences: {
                let bySegment = hypotheses.segments.indices.map { index in streams.map { $0[index] } }
                return bleu.sentenceScores(hypotheses: hypotheses.segments, referencesBySegment: bySegment)
                    .map { ($0.description, $0.json(signature: signature)) }
            }, signature: signature)
        }
    }
}
