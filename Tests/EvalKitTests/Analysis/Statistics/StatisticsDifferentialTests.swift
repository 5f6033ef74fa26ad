import Foundation
import Testing
@testable import EvalKit

/// Compares the gate's statistics with SciPy: `binomtest` for McNemar, `norm.ppf` / `norm.cdf` for the normal
/// distribution, and a Holm adjustment written from its definition.
@Suite("Statistics: differential against SciPy")
struct StatisticsDifferentialTests {
    /// Reads one request per line (`binom k n`, `ppf p`, `cdf x`, `holm p…`) and prints one line of `float.hex()`
    /// answers per request, so no digits are lost between the two languages.
    static let pythonScript = """
        import sys
        try:
            from scipy.stats import binomtest, norm
        except Exception as error:
            print("SciPy is not importable (pip install scipy): %s" % error, file=sys.stderr)
            sys.exit(3)

        def holm(ps):
            # From the definition: adjusted p_i = min(1, max over p_j <= p_i of (m - #{p < p_j}) * p_j).
            m = len(ps)
            return [min(1.0, max((m - sum(q < pj for q in ps)) * pj for pj in ps if pj <= pi)) for pi in ps]

        with open(sys.argv[1], encoding="utf-8") as requests:
            for line in requests:
                kind, *fields = line.split()
                if kind == "binom":
                    k, n = int(fields[0]), int(fields[1])
                    answers = [binomtest(k, n, 0.5, alternative="greater").pvalue]
                elif kind == "ppf":
                    answers = [norm.ppf(float(fields[0]))]
                elif kind == "cdf":
                    answers = [norm.cdf(float(fields[0]))]
                else:
                    answers = holm([float(field) for field in fields])
                print(" ".join(float(answer).hex() for answer in answers))
        """

    enum Request {
        case binomial(regressed: Int, improved: Int)
        case quantile(Double)
        case cdf(Double)
        case holm([Double])

        var line: String {
            switch self {
            case let .binomial(regressed, improved): "binom \(regressed) \(regressed + improved)"
            case let .quantile(p): "ppf \(p)"
            case let .cdf(x): "cdf \(x)"
            case let .holm(pValues): "holm " + pValues.map { "\($0)" }.joined(separator: " ")
            }
        }

        var evalctlAnswers: [Double] {
            switch self {
            case let .binomial(regressed, improved): [McNemarTest.pValueForDrop(regressed: regressed, improved: improved)]
            case let .quantile(p): [NormalDistribution.quantile(p)]
            case let .cdf(x): [NormalDistribution.cdf(x)]
            case let .holm(pValues): HolmCorrection.adjust(pValues)
            }
        }
    }

    /// About 300 discordant-pair splits: small, medium, large near-balanced (p anywhere in (0, 1)), and lopsided
    /// ones whose tails are astronomically small or indistinguishable from 1.
    static func binomialRequests(_ random: inout SeededRandom) -> [Request] {
        var requests: [Request] = []
        for _ in 0..<60 {
            requests.append(.binomial(regressed: random.index(below: 31), improved: 1 + random.index(below: 30)))
        }
        for _ in 0..<60 {
            requests.append(.binomial(regressed: random.index(below: 1_001), improved: 1 + random.index(below: 1_000)))
        }
        for _ in 0..<120 {
            let improved = 1 + random.index(below: 20_000)
            let spread = (2 * Double(improved)).squareRoot() * (random.unitInterval() * 12 - 6)
            let regressed = min(20_000, max(0, improved + Int(spread.rounded())))
            requests.append(.binomial(regressed: regressed, improved: improved))
        }
        for _ in 0..<30 {
            let large = 1_000 + random.index(below: 19_001), small = random.index(below: 200)
            requests.append(.binomial(regressed: large, improved: small))
            requests.append(.binomial(regressed: small, improved: large))
        }
        return requests
    }

    static func normalRequests(_ random: inout SeededRandom) -> [Request] {
        var probabilities: [Double] = [1e-10, 1 - 1e-10, 1e-300, 1e-100, 1e-20, 1e-16, 1 - 1e-16, 0.5, 0.025, 0.975,
                                       0.075, 0.925, 0.07, 0.93, exp(-25), 1 - exp(-25), 0.0001, 0.9999]
        for _ in 0..<200 { probabilities.append(random.unitInterval()) }
        for _ in 0..<100 {
            let tail = pow(10, -random.unitInterval() * 16)
            probabilities.append(random.index(below: 2) == 0 ? tail : 1 - tail)
        }
        let points = (0..<100).map { _ in random.unitInterval() * 46 - 38 }
        return probabilities.filter { $0 > 0 && $0 < 1 }.map { .quantile($0) } + points.map { .cdf($0) }
    }

    static func holmRequests(_ random: inout SeededRandom) -> [Request] {
        (0..<100).map { _ in
            let count = 1 + random.index(below: 25)
            return .holm((0..<count).map { _ in
                switch random.index(below: 4) {
                case 0: pow(10, -random.unitInterval() * 8)
                case 1: (random.unitInterval() * 20).rounded() / 100   // coarse values produce ties
                case 2: [0.0, 1.0, 0.05][random.index(below: 3)]
                default: random.unitInterval()
                }
            })
        }
    }

    @Test("McNemar p-values, normal quantiles and cdf, and Holm adjustments match SciPy")
    func matchesSciPy() async throws {
        // STATISTICS_DIFF_SEED explores other cases; the fixed default keeps the test reproducible.
        let seed = ProcessInfo.processInfo.environment["STATISTICS_DIFF_SEED"].flatMap { UInt64($0) } ?? 1_988
        var random = SeededRandom(seed: seed)
        let binomial = Self.binomialRequests(&random)
        let normal = Self.normalRequests(&random)
        let holm = Self.holmRequests(&random)
        let requests = binomial + normal + holm
        #expect(binomial.count == 300)

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("requests.txt", requests.map { $0.line + "\n" }.joined())
        let python = try await runPython(arguments: [directory.path("requests.txt")])
        guard python.status == 0 else {
            Issue.record(Comment(rawValue: "the reference python failed (status \(python.status)): \(python.stderr) — \(ReferencePython.installHint)"))
            return
        }
        let lines = python.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        try #require(lines.count == requests.count)

        var compared = 0
        for (request, line) in zip(requests, lines) {
            let expected = line.split(separator: " ").map { Double(String($0)) }
            let actual = request.evalctlAnswers
            guard expected.count == actual.count, expected.allSatisfy({ $0 != nil }) else {
                Issue.record(Comment(rawValue: "\(request.line): unreadable SciPy answer \(line)"))
                continue
            }
            for (value, reference) in zip(actual, expected.compactMap { $0 }) {
                compared += 1
                let agrees = value == reference || abs(value - reference) <= max(1e-12, 1e-9 * abs(reference))
                if !agrees {
                    Issue.record(Comment(rawValue: "\(request.line): evalctl \(value), SciPy \(reference)"))
                }
            }
        }
        print("Statistics differential (seed \(seed)): \(compared) values compared with SciPy "
            + "(\(binomial.count) McNemar, \(normal.count) normal, \(holm.count) Holm vectors)")
        #expect(compared >= requests.count)
    }

    private func runPython(arguments: [String]) async throws -> EvalctlProcess.Result {
        let process = Process()
        // The reference venv `make references` installs (scipy pinned), never whatever python3 happens to be on PATH.
        process.executableURL = URL(fileURLWithPath: ReferencePython.path)
        process.arguments = ["-c", Self.pythonScript] + arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return await EvalctlProcess.collect(process, output, error)
    }
}
