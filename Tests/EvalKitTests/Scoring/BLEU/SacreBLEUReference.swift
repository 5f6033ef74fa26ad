import Foundation
import Testing

/// sacreBLEU's own numbers for a corpus, from `scripts/bleu_reference.py` run with the reference venv's python.
struct SacreBLEUReference: Decodable {
    struct Figures: Decodable {
        let score: Double
        let precisions: [Double]
        let bp: Double
        let sysLen: Int
        let refLen: Int
        /// sacreBLEU's `str(score)`; only for corpus scores.
        let text: String?
    }

    struct Configuration: Decodable {
        let tokenize: String
        let smoothMethod: String
        let smoothValue: Double?
        let lowercase: Bool
        let signature: String
        let corpus: Figures
        let sentences: [Figures]?
        let sentenceSignature: String?
    }

    let sacrebleuVersion: String
    let segments: Int
    let configs: [Configuration]
    /// tokenizer → case (`mixed`, `lc`) → every line (hypotheses, then each reference stream) as tokenized.
    let tokenized: [String: [String: [String]]]?

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let script = RepositoryPaths.root.appendingPathComponent("scripts/bleu_reference.py").path

    /// Writes `corpus` to files in `directory` and scores it with sacreBLEU under every combination of the options.
    /// Fails, never skips, when Python or sacrebleu is missing: the differential tests are the point of the suite.
    static func compute(_ corpus: BLEUTestCorpus, in directory: TemporaryDirectory, tokenizers: [String], smoothing: [String],
                        sentence: Bool, tokenized: Bool = false) async throws -> SacreBLEUReference {
        try directory.write("hyp.txt", corpus.hypotheses.map { $0 + "\n" }.joined())
        var referencePaths: [String] = []
        for (stream, segments) in corpus.references.enumerated() {
            try directory.write("ref\(stream).txt", segments.map { $0 + "\n" }.joined())
            referencePaths.append(directory.path("ref\(stream).txt"))
        }
        var arguments = [script, "--hypotheses", directory.path("hyp.txt"), "--references"] + referencePaths
        arguments += ["--tokenize"] + tokenizers + ["--smooth"] + smoothing + ["--case", "mixed", "lc"]
        if sentence { arguments.append("--sentence") }
        if tokenized { arguments.append("--tokenized") }

        let process = Process()
        // The reference venv `make references` installs (sacrebleu pinned), never whatever python3 is on PATH.
        process.executableURL = URL(fileURLWithPath: ReferencePython.path)
        process.arguments = arguments
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
            throw Failure(description: "scripts/bleu_reference.py exited \(result.status): \(result.stderr)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(SacreBLEUReference.self, from: Data(result.stdout.utf8))
    }
}
