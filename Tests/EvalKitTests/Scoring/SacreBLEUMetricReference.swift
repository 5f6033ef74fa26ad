import Foundation
@testable import EvalKit

/// sacreBLEU's own chrF and TER numbers for a corpus, as exact doubles, from `scripts/chrf_ter_reference.py` run with
/// the reference venv's python.
struct SacreBLEUMetricReference: Decodable {
    struct Figures: Decodable {
        /// The corpus score as `float.hex()`.
        let corpus: String
        /// sacreBLEU's `str(score)`.
        let text: String
        let signature: String
        let numEdits: Int?
        /// TER's summed reference length as `float.hex()`.
        let refLength: String?
        /// Every segment's sentence score as `float.hex()`.
        let sentences: [String]?
        /// TER only: every hypothesis, then every reference stream's present segments, as TER's tokenizer returns them.
        let tokenized: [String]?

        var corpusScore: Double { Self.double(corpus) }
        var sentenceScores: [Double] { (sentences ?? []).map(Self.double) }
        var referenceLength: Double? { refLength.map(Self.double) }

        /// Python's `float.hex()` text as a `Double`, exactly (`nan` if it cannot be read, which equals nothing).
        static func double(_ hex: String) -> Double {
            Double(hex) ?? .nan
        }
    }

    let sacrebleuVersion: String
    let configs: [Figures]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let script = RepositoryPaths.root.appendingPathComponent("scripts/chrf_ter_reference.py").path

    /// Scores `hypotheses` against `references` (`[stream][segment]`, nil for a missing reference) with sacreBLEU under
    /// each of `configs` (`metric`: `chrf` or `ter`, then the metric's keyword arguments). Fails, never skips, when
    /// Python or sacrebleu is missing.
    static func compute(hypotheses: [String], references: [[String?]], configs: [[String: JSONValue]],
                        sentence: Bool, tokenized: Bool = false, in directory: TemporaryDirectory) async throws -> SacreBLEUMetricReference {
        let request: JSONValue = .object([
            "hypotheses": .array(hypotheses.map(JSONValue.string)),
            "references": .array(references.map { stream in .array(stream.map { $0.map(JSONValue.string) ?? .null }) }),
            "configs": .array(configs.map(JSONValue.object)),
            "sentence": .bool(sentence),
            "tokenized": .bool(tokenized),
        ])
        try directory.write("request.json", request.canonicalJSON)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReferencePython.path)
        process.arguments = [script, directory.path("request.json")]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start \(ReferencePython.path) (\(error)): \(ReferencePython.installHint)")
        }
        let result = await EvalctlProcess.collect(process, out, err)
        guard result.status == 0 else {
            if result.status == 3 || result.stderr.contains("No module named") {
                throw Failure(description: "sacrebleu is not importable: \(ReferencePython.installHint)\n\(result.stderr)")
            }
            throw Failure(description: "scripts/chrf_ter_reference.py exited \(result.status): \(result.stderr)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(SacreBLEUMetricReference.self, from: Data(result.stdout.utf8))
    }

    /// The signature without its `version:` field, which names whichever sacreBLEU release is installed.
    static func withoutVersion(_ signature: String) -> String {
        signature.split(separator: "|").filter { !$0.hasPrefix("version:") }.joined(separator: "|")
    }
}

extension Double {
    /// The value with every bit shown, for messages about doubles that should be identical.
    var exactDescription: String { "\(self) (\(String(bitPattern, radix: 16)))" }
}
