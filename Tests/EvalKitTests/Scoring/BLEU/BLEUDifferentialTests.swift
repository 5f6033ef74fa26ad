import Testing
@testable import EvalKit

/// evalctl's BLEU against sacreBLEU itself on generated corpora: every tokenizer × smoothing × case.
/// Needs the reference venv with sacrebleu (`make references`, which `make test` runs); without it these tests fail
/// rather than skip.
@Suite("BLEU equals sacreBLEU on generated corpora")
struct BLEUDifferentialTests {
    /// One generated corpus and the smoothing configurations it is scored with (all tokenizers, both cases).
    struct Comparison: Sendable, CustomTestStringConvertible {
        let segments: Int
        let referenceCount: Int
        let maxWords: Int
        let seed: UInt64
        let smoothing: [String]

        var testDescription: String {
            "\(segments) segments of up to \(maxWords) words, \(referenceCount) reference(s), smoothing \(smoothing.joined(separator: " "))"
        }
    }

    static let comparisons = [
        Comparison(segments: 1000, referenceCount: 1, maxWords: 25, seed: 1, smoothing: ["exp", "floor", "add-k", "none"]),
        Comparison(segments: 1000, referenceCount: 3, maxWords: 25, seed: 2, smoothing: ["exp", "floor", "add-k", "none"]),
        Comparison(segments: 500, referenceCount: 2, maxWords: 4, seed: 3, smoothing: ["exp", "floor", "add-k", "none"]),
        Comparison(segments: 400, referenceCount: 2, maxWords: 12, seed: 5, smoothing: ["floor:0.3", "floor:0", "add-k:0.5", "add-k:2"]),
    ]
    static let tokenizers = BLEUTokenizer.allCases.map(\.rawValue)
    static let tolerance = 0.01

    @Test("corpus and sentence BLEU equal sacreBLEU's for every tokenizer, smoothing method and case", arguments: comparisons)
    func scoresMatchSacreBLEU(_ comparison: Comparison) async throws {
        let corpus = BLEUTestCorpus(segments: comparison.segments, referenceCount: comparison.referenceCount, maxWords: comparison.maxWords, seed: comparison.seed)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reference = try await SacreBLEUReference.compute(corpus, in: directory, tokenizers: Self.tokenizers,
                                                             smoothing: comparison.smoothing, sentence: true)
        #expect(reference.sacrebleuVersion.hasPrefix("2."), "expected sacreBLEU 2.x, found \(reference.sacrebleuVersion)")
        #expect(reference.segments == comparison.segments)
        #expect(reference.configs.count == Self.tokenizers.count * comparison.smoothing.count * 2)

        var mismatches: [String] = []
        for config in reference.configs {
            let bleu = try #require(Self.bleu(for: config))
            let label = "tok:\(config.tokenize) smooth:\(config.smoothMethod)[\(config.smoothValue.map { "\($0)" } ?? "default")] lowercase:\(config.lowercase)"
            let corpusScore = bleu.corpusScore(hypotheses: corpus.hypotheses, references: corpus.references)
            Self.compare(corpusScore, config.corpus, "\(label) corpus", into: &mismatches)
            if let text = config.corpus.text, corpusScore.description != text {
                mismatches.append("\(label) corpus text: \(corpusScore.description) ≠ sacreBLEU's \(text)")
            }
            #expect(Self.withoutVersion(bleu.signature(referenceCount: comparison.referenceCount, effectiveOrder: false))
                        == Self.withoutVersion(config.signature))
            #expect(Self.withoutVersion(bleu.signature(referenceCount: comparison.referenceCount, effectiveOrder: true))
                        == Self.withoutVersion(config.sentenceSignature ?? ""))

            let sentences = try #require(config.sentences)
            #expect(sentences.count == comparison.segments)
            for (segment, expected) in zip(corpus.hypotheses.indices, sentences) {
                let score = bleu.sentenceScore(hypothesis: corpus.hypotheses[segment], references: corpus.references.map { $0[segment] })
                Self.compare(score, expected, "\(label) segment \(segment + 1)", into: &mismatches)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differences from sacreBLEU, first ones:\n\(mismatches.prefix(15).joined(separator: "\n"))")
    }

    @Test("each tokenizer turns generated lines into exactly sacreBLEU's text, with and without lowercasing")
    func tokenizersMatchSacreBLEU() async throws {
        let corpus = BLEUTestCorpus(segments: 800, referenceCount: 2, maxWords: 30, seed: 4)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reference = try await SacreBLEUReference.compute(corpus, in: directory, tokenizers: Self.tokenizers,
                                                             smoothing: ["exp"], sentence: false, tokenized: true)
        let tokenized = try #require(reference.tokenized)
        var mismatches: [String] = []
        for tokenizer in BLEUTokenizer.allCases {
            for (caseName, lowercase) in [("mixed", false), ("lc", true)] {
                let expected = try #require(tokenized[tokenizer.rawValue]?[caseName])
                #expect(expected.count == corpus.allLines.count)
                for (line, sacreBLEUText) in zip(corpus.allLines, expected) {
                    var scalars = Array(line.unicodeScalars)
                    if lowercase { scalars = PythonText.lowercased(scalars) }
                    let ours = tokenizer.tokenize(PythonText.rstrip(scalars))
                    if !ours.elementsEqual(sacreBLEUText.unicodeScalars) {
                        var text = ""
                        text.unicodeScalars.append(contentsOf: ours)
                        mismatches.append("\(tokenizer.rawValue)/\(caseName) \(line.debugDescription): \(text.debugDescription) ≠ \(sacreBLEUText.debugDescription)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) lines differ, first ones:\n\(mismatches.prefix(15).joined(separator: "\n"))")
    }

    private static func bleu(for config: SacreBLEUReference.Configuration) -> BLEU? {
        guard let tokenizer = BLEUTokenizer(rawValue: config.tokenize),
              let smoothing = BLEUSmoothing(method: config.smoothMethod, value: config.smoothValue) else { return nil }
        return BLEU(tokenizer: tokenizer, smoothing: smoothing, lowercase: config.lowercase)
    }

    private static func compare(_ score: BLEUScore, _ expected: SacreBLEUReference.Figures, _ label: String, into mismatches: inout [String]) {
        let close = abs(score.score - expected.score) <= tolerance
            && zip(score.precisions, expected.precisions).allSatisfy { abs($0 - $1) <= tolerance }
            && score.precisions.count == expected.precisions.count
            && abs(score.bp - expected.bp) <= 1e-9
            && score.sysLen == expected.sysLen && score.refLen == expected.refLen
        if !close {
            mismatches.append("\(label): \(score) ≠ sacreBLEU's score \(expected.score) precisions \(expected.precisions) "
                + "bp \(expected.bp) hyp_len \(expected.sysLen) ref_len \(expected.refLen)")
        }
    }

    /// The signature without its `version:` field, which names whichever sacreBLEU release is installed.
    private static func withoutVersion(_ signature: String) -> String {
        signature.split(separator: "|").filter { !$0.hasPrefix("version:") }.joined(separator: "|")
    }
}
