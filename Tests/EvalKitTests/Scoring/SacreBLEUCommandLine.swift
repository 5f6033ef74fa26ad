import Foundation
@testable import EvalKit

/// sacreBLEU's own command line (`python -m sacrebleu`) in the reference venv, and files of segments to give it and
/// `evalctl score`, so the two commands can be compared as a user runs them.
enum SacreBLEUCommandLine {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `sacrebleu REFERENCES… -i HYPOTHESES -w 2 -f text ARGUMENTS…`, its standard output.
    static func run(hypotheses: String, references: [String], _ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReferencePython.path)
        process.arguments = ["-m", "sacrebleu"] + references + ["-i", hypotheses, "-w", "2", "-f", "text"] + arguments
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
        guard result.status == 0 else { throw Failure(description: "sacrebleu exited \(result.status): \(result.stderr)") }
        return result.stdout
    }

    /// sacreBLEU's score lines (`chrF2|nrefs:1|… = 61.68`) as `evalctl score` prints them: each `chrF2 = 61.68`, then
    /// the signature once.
    static func asEvalctlText(_ output: String) -> String {
        var lines: [String] = [], signature = ""
        for line in output.split(separator: "\n") {
            guard let bar = line.firstIndex(of: "|"), let equals = line.range(of: " = ") else { return "unexpected line: \(line)" }
            lines.append(String(line[..<bar]) + String(line[equals.lowerBound...]))
            signature = String(line[line.index(after: bar)..<equals.lowerBound])
        }
        return (lines + [signature]).map { $0 + "\n" }.joined()
    }

    /// Writes the corpus as `hyp.txt` and `ref1.txt`, `ref2.txt`, …: one segment per line, so newlines inside a
    /// segment become spaces (a `\r` stays: both commands end lines at `\n` only).
    static func writeFiles(_ corpus: EditMetricTestCorpus, in directory: TemporaryDirectory) throws -> (hypotheses: String, references: [String]) {
        func line(_ segment: String?) -> String { (segment ?? "").replacingOccurrences(of: "\n", with: " ") + "\n" }
        try directory.write("hyp.txt", corpus.hypotheses.map(line).joined())
        var references: [String] = []
        for (index, stream) in corpus.references.enumerated() {
            try directory.write("ref\(index + 1).txt", stream.map(line).joined())
            references.append(directory.path("ref\(index + 1).txt"))
        }
        return (directory.path("hyp.txt"), references)
    }
}
