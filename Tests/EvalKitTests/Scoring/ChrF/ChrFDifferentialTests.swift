import Testing
@testable import EvalKit

/// evalctl's chrF against sacreBLEU itself on generated corpora, every option that changes a score: corpus and
/// sentence scores must be the same `Double`, bit for bit. Needs the reference venv with sacrebleu (`make
/// references`, which `make test` runs); without it these tests fail rather than skip.
@Suite("chrF equals sacreBLEU on generated corpora")
struct ChrFDifferentialTests {
    struct Comparison: Sendable, CustomTestStringConvertible {
        let label: String
        let hypotheses: [String]
        let references: [[String?]]
        let variableReferences: Bool

        var testDescription: String { label }

        init(_ corpus: EditMetricTestCorpus, label: String, variableReferences: Bool = false) {
            self.label = label
            hypotheses = corpus.hypotheses
            references = corpus.references
            self.variableReferences = variableReferences
        }

        init(_ corpus: BLEUTestCorpus, label: String) {
            self.label = label
            hypotheses = corpus.hypotheses
            references = corpus.references.map { stream in stream.map(Optional.some) }
            variableReferences = false
        }

        var referencesBySegment: [[String]] { hypotheses.indices.map { segment in references.compactMap { $0[segment] } } }
    }

    static let comparisons = [
        Comparison(EditMetricTestCorpus(segments: 400, referenceCount: 1, shape: .mixed(maxWords: 25), seed: 11),
                   label: "400 segments of up to 25 words, 1 reference"),
        Comparison(EditMetricTestCorpus(segments: 250, referenceCount: 3, shape: .mixed(maxWords: 12), seed: 12),
                   label: "250 segments of up to 12 words, 3 references"),
        Comparison(EditMetricTestCorpus(segments: 250, referenceCount: 3, shape: .mixed(maxWords: 20), seed: 13, variableReferences: true),
                   label: "250 segments, 1–3 references each (nrefs:var)", variableReferences: true),
        Comparison(BLEUTestCorpus(segments: 250, referenceCount: 2, maxWords: 30, seed: 14),
                   label: "the BLEU test corpus: 250 segments of up to 30 words, 2 references"),
    ]

    /// Every combination of the three flags with chrF and chrF++, then other orders and betas.
    static let configurations: [ChrF] = {
        var configurations: [ChrF] = []
        for (charOrder, wordOrder) in [(6, 0), (6, 2)] {
            for flags in 0..<8 {
                configurations.append(ChrF(charOrder: charOrder, wordOrder: wordOrder, beta: 2, lowercase: flags & 1 != 0,
                                           whitespace: flags & 2 != 0, epsSmoothing: flags & 4 != 0))
            }
        }
        return configurations + [
            ChrF(charOrder: 1, wordOrder: 0, beta: 2),
            ChrF(charOrder: 3, wordOrder: 1, beta: 1, lowercase: true),
            ChrF(charOrder: 0, wordOrder: 2, beta: 2, epsSmoothing: true),
            ChrF(charOrder: 0, wordOrder: 1, beta: 2),
            ChrF(charOrder: 6, wordOrder: 2, beta: 0, whitespace: true),
            ChrF(charOrder: 4, wordOrder: 3, beta: 3, lowercase: true, whitespace: true, epsSmoothing: true),
            ChrF(charOrder: 10, wordOrder: 0, beta: 2),
            ChrF(charOrder: 2, wordOrder: 4, beta: 5, whitespace: true, epsSmoothing: true),
        ]
    }()

    static func sacreBLEUOptions(_ chrF: ChrF) -> [String: JSONValue] {
        ["metric": .string("chrf"), "char_order": .number(Double(chrF.charOrder)), "word_order": .number(Double(chrF.wordOrder)),
         "beta": .number(Double(chrF.beta)), "lowercase": .bool(chrF.lowercase), "whitespace": .bool(chrF.whitespace),
         "eps_smoothing": .bool(chrF.epsSmoothing)]
    }

    @Test("corpus and sentence chrF are sacreBLEU's doubles for every option combination", arguments: comparisons)
    func scoresMatchSacreBLEU(_ comparison: Comparison) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reference = try await SacreBLEUMetricReference.compute(
            hypotheses: comparison.hypotheses, references: comparison.references,
            configs: Self.configurations.map(Self.sacreBLEUOptions), sentence: true, in: directory)
        #expect(reference.sacrebleuVersion == SacreBLEU.version)
        try #require(reference.configs.count == Self.configurations.count)
        let referencesBySegment = comparison.referencesBySegment
        let referenceCount = comparison.variableReferences ? nil : comparison.references.count

        var mismatches: [String] = []
        var compared = 0
        for (chrF, expected) in zip(Self.configurations, reference.configs) {
            let label = chrF.signature(referenceCount: referenceCount)
            let corpus = chrF.corpusScore(hypotheses: comparison.hypotheses, referencesBySegment: referencesBySegment)
            if corpus.score.bitPattern != expected.corpusScore.bitPattern {
                mismatches.append("\(label) corpus: \(corpus.score.exactDescription) ≠ sacreBLEU's \(expected.corpusScore.exactDescription)")
            }
            if corpus.description != expected.text { mismatches.append("\(label) corpus text: \(corpus) ≠ sacreBLEU's \(expected.text)") }
            if SacreBLEUMetricReference.withoutVersion(label) != SacreBLEUMetricReference.withoutVersion(expected.signature) {
                mismatches.append("signature \(label) ≠ sacreBLEU's \(expected.signature)")
            }
            let sentences = expected.sentenceScores
            #expect(sentences.count == comparison.hypotheses.count)
            for (segment, expectedScore) in zip(comparison.hypotheses.indices, sentences) {
                let score = chrF.sentenceScore(hypothesis: comparison.hypotheses[segment], references: referencesBySegment[segment])
                compared += 1
                if score.score.bitPattern != expectedScore.bitPattern {
                    mismatches.append("\(label) segment \(segment + 1) \(comparison.hypotheses[segment].debugDescription): "
                        + "\(score.score.exactDescription) ≠ sacreBLEU's \(expectedScore.exactDescription)")
                }
            }
        }
        #expect(compared == Self.configurations.count * comparison.hypotheses.count)
        #expect(mismatches.isEmpty, "\(mismatches.count) differences from sacreBLEU, first ones:\n\(mismatches.prefix(15).joined(separator: "\n"))")
    }
}
