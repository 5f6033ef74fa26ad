import Foundation
import Testing
@testable import EvalKit

/// Cohen's κ against scikit-learn's `cohen_kappa_score` on random label vectors: balanced, lopsided, tiny, and with one
/// side giving a single verdict (where scikit-learn returns NaN and evalctl nil).
@Suite("Cohen's κ: differential against scikit-learn")
struct KappaDifferentialTests {
    static let pythonScript = """
        import sys, warnings
        try:
            from sklearn.metrics import cohen_kappa_score
        except Exception as error:
            print("scikit-learn is not importable (pip install scikit-learn): %s" % error, file=sys.stderr)
            sys.exit(3)
        warnings.simplefilter("ignore")
        with open(sys.argv[1], encoding="utf-8") as requests:
            for line in requests:
                judge, human = line.split()
                print(float(cohen_kappa_score([int(c) for c in judge], [int(c) for c in human], labels=[0, 1])).hex())
        """

    @Test("κ matches cohen_kappa_score on 400 random tables")
    func matchesScikitLearn() async throws {
        var random = SeededRandom(seed: 2_026)
        var vectors: [(judge: [Bool], human: [Bool])] = []
        for index in 0..<400 {
            let count = [2, 5, 30, 200][index % 4] + random.index(below: 10)
            let passShare = random.unitInterval(), agreeShare = random.unitInterval()
            var judge: [Bool] = [], human: [Bool] = []
            for _ in 0..<count {
                let verdict = random.unitInterval() < passShare
                judge.append(verdict)
                human.append(random.unitInterval() < agreeShare ? verdict : random.unitInterval() < 0.5)
            }
            if index % 25 == 0 { human = human.map { _ in true } }
            vectors.append((judge, human))
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func bits(_ values: [Bool]) -> String { values.map { $0 ? "1" : "0" }.joined() }
        try directory.write("requests.txt", vectors.map { bits($0.judge) + " " + bits($0.human) + "\n" }.joined())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReferencePython.path)
        process.arguments = ["-c", Self.pythonScript, directory.path("requests.txt")]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let python = await EvalctlProcess.collect(process, output, error)
        guard python.status == 0 else {
            Issue.record(Comment(rawValue: "the reference python failed (status \(python.status)): \(python.stderr) — \(ReferencePython.installHint)"))
            return
        }
        let lines = python.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == vectors.count)
        var compared = 0, undefined = 0
        for (vector, line) in zip(vectors, lines) {
            let reference = try #require(Double(line))
            let kappa = AgreementTable(pairs: zip(vector.judge, vector.human).map { (judge: $0, human: $1) }).kappa
            if reference.isNaN {
                undefined += 1
                #expect(kappa == nil, "\(vector): scikit-learn NaN, evalctl \(String(describing: kappa))")
            } else {
                compared += 1
                let value = try #require(kappa, "\(vector): scikit-learn \(reference), evalctl nil")
                #expect(abs(value - reference) <= 1e-12, "\(vector): evalctl \(value), scikit-learn \(reference)")
            }
        }
        #expect(compared >= 350 && undefined >= 1, "\(compared) compared, \(undefined) undefined")
    }
}
