import Foundation
import Testing
@testable import EvalKit

@Suite("Numeric scorer")
struct NumericScorerTests {
    static func make(_ options: [String: JSONValue]) throws -> any Scorer {
        try ScorerRegistry.standard.makeScorer(scorerSpec(options.merging(["type": .string("numeric")]) { own, _ in own }), evalSetDirectory: TestFixtures.root)
    }

    @Test("reads the first, the last or the whole output's number", arguments: [
        ("The answer is 42.", NumericScorer.Extract.first, 42.0 as Double?),
        ("3 apples and 4 pears: 7 in all", .last, 7),
        ("3 apples and 4 pears: 7 in all", .first, 3),
        ("-1,234.5 dollars", .first, -1234.5),
        ("1,2,3", .first, 1),
        ("approx 6.02e23 atoms", .first, 6.02e23),
        ("v2 of the model says .5", .first, 0.5),
        ("x-1 is not minus one, but 8 is 8", .first, 1),
        ("  -0.25 \n", .whole, -0.25),
        ("about 3", .whole, nil),
        ("no digits here", .first, nil),
        ("1e", .whole, nil),
        ("+7", .whole, 7),
        ("12,34", .first, 12),
    ])
    func extraction(output: String, extract: NumericScorer.Extract, expected: Double?) {
        #expect(NumericScorer(extract: extract).found(in: output) == expected)
    }

    @Test("passes within tolerance of the expected number, a string or any of a list; says what it found")
    func tolerance() async throws {
        let exact = try Self.make([:])
        let hit = try await exact.score("It is 42.", expected: .number(42))
        #expect(hit.passed && hit.reason == "found 42, expected 42")
        let miss = try await exact.score("It is 41.9.", expected: .string("42"))
        #expect(!miss.passed && miss.reason == "found 41.9, expected 42")
        let loose = try Self.make(["abs_tol": .number(0.5)])
        #expect(try await loose.score("It is 41.9.", expected: .string("42")).passed)
        #expect(try await !loose.score("It is 41.4.", expected: .string("42")).passed)
        let relative = try Self.make(["rel_tol": .number(0.01)])
        #expect(try await relative.score("1,005", expected: .number(1000)).passed)
        #expect(try await !relative.score("1,011", expected: .number(1000)).passed)
        #expect(try await exact.score("7", expected: .array([.number(6), .string("7")])).passed)
        let none = try await exact.score("none", expected: .number(1))
        #expect(!none.passed && none.reason.hasPrefix("no number in the output"))
        let fixed = try Self.make(["value": .number(3)])
        #expect(try await fixed.score("3", expected: .string("not a number at all")).passed)
    }

    @Test("an expected answer that is not a number is an error for the case, not a failure")
    func expectedNotANumber() async throws {
        let scorer = try Self.make([:])
        await #expect(throws: ScorerFailure.self) { _ = try await scorer.score("42", expected: .string("forty-two")) }
        await #expect(throws: ScorerFailure.self) { _ = try await scorer.score("42", expected: .array([])) }
    }

    @Test("bad options are input problems at the scorer's line")
    func badOptions() throws {
        for (options, message) in [
            (["abs_tol": JSONValue.number(-1)], "'abs_tol' must be a number of at least 0"),
            (["rel_tol": .string("1%")], "'rel_tol' must be a number"),
            (["extract": .string("frist")], "unknown extract 'frist' (did you mean 'first'?)"),
            (["value": .string("x")], "'value' must be a number"),
            (["value": .number(1), "expected_var": .string("v")], "'value' replaces the expected answer"),
        ] {
            let error = #expect(throws: InputProblem.self) { try Self.make(options) }
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
            #expect(error?.line == 12)
        }
    }

    @Test("tolerance is Python's math.isclose, checked on 2,000 generated pairs")
    func iscloseDifferential() async throws {
        var generator = SystemRandomNumberGenerator()
        var lines: [String] = []
        var cases: [(Double, Double, Double, Double)] = []
        for index in 0..<2000 {
            let a = Double.random(in: -1000...1000, using: &generator)
            let nudge = [0, 1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.5, 1][index % 8] * (Bool.random(using: &generator) ? 1 : -1)
            let b = index % 11 == 0 ? a : a + nudge * Swift.max(1, abs(a))
            let rel = [1e-9, 1e-6, 0.001, 0.01, 0][index % 5]
            let absolute = [0, 1e-9, 0.001, 0.5][index % 4]
            cases.append((a, b, rel, absolute))
            lines.append("\(a.description) \(b.description) \(rel.description) \(absolute.description)")
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("pairs.txt", lines.joined(separator: "\n") + "\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReferencePython.path)
        process.arguments = ["-c", """
            import math, sys
            for line in open(sys.argv[1]):
                a, b, r, t = map(float, line.split())
                print(1 if math.isclose(a, b, rel_tol=r, abs_tol=t) else 0)
            """, directory.path("pairs.txt")]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let result = await EvalctlProcess.collect(process, out, err)
        #expect(result.status == 0, "\(result.stderr) \(ReferencePython.installHint)")
        let python = result.stdout.split(separator: "\n").map { $0 == "1" }
        let ours = cases.map { NumericScorer(absoluteTolerance: $0.3, relativeTolerance: $0.2).isClose($0.0, $0.1) }
        #expect(python.count == 2000)
        #expect(ours == python)
        #expect(python.contains(true) && python.contains(false))
    }

    @Test("a megabyte of digits and separators is read in one pass")
    func longOutput() async throws {
        let output = String(repeating: "1,234,", count: 200_000) + " final 9"
        let scorer = try Self.make(["extract": .string("last"), "value": .number(9)])
        #expect(try await scorer.score(output, expected: .null).passed)
    }
}
