import Foundation
import Testing
@testable import EvalKit

/// The "billion laughs" YAML from a pull request must not take a CI runner down: `evalctl evalset lint` and `run` refuse
/// it at once with file:line and exit 2, inside a 1 GB address-space limit (before the fix they grew to gigabytes and
/// aborted after ~20 s).
@Suite("Alias bombs, as a process (isolated phase: the bound is wall time)")
struct HostileAliasBombProcessTests {
    /// Address space the child may map, in KiB: evalctl needs well under 300 MB for these commands.
    static let memoryLimitKB = 1_000_000

    /// Runs evalctl under `ulimit -v`, so growing past the limit fails the allocation instead of the machine.
    private func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> (result: EvalctlProcess.Result, seconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v \(Self.memoryLimitKB) && exec \"$0\" \"$@\"", EvalctlProcess.binary] + arguments
        process.currentDirectoryURL = directory.url
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        let result = await EvalctlProcess.collect(process, out, err)
        let elapsed = ContinuousClock.now - start
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private func expectRefused(_ outcome: (result: EvalctlProcess.Result, seconds: Double), at location: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let output = outcome.result.stdout + outcome.result.stderr
        #expect(outcome.result.status == 2, "\(output)", sourceLocation: sourceLocation)
        #expect(output.contains("\(location): the document holds more than 100000 values once aliases are expanded"), "\(output)",
                sourceLocation: sourceLocation)
        // Seconds, not the ~20 s and gigabytes of the bomb itself; generous, since a full parallel test run shares 2 cores.
        #expect(outcome.seconds < 30, "took \(outcome.seconds) s", sourceLocation: sourceLocation)
    }

    @Test("lint refuses a bomb in scorer options and in a prompt file, at file:line")
    func lintRefusesBombs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (fixture, location) in [("alias-bomb-scorer", "evalset.yaml:15"), ("alias-bomb-prompt", "prompts/ask.yaml:8")] {
            let path = TestFixtures.evalSet(fixture)
            expectRefused(try await run(["evalset", "lint", path], in: directory), at: "\(path)/\(location)")
        }
    }

    @Test("run refuses a bomb in the eval set and one in evalctl.yaml params, before sending anything")
    func runRefusesBombs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = TestFixtures.config("honest-anchors.yaml")
        let evalSet = TestFixtures.evalSet("alias-bomb-scorer")
        expectRefused(try await run(["run", evalSet, "--config", config], in: directory), at: "\(evalSet)/evalset.yaml:15")
        let bombConfig = TestFixtures.config("alias-bomb-params.yaml")
        expectRefused(try await run(["run", TestFixtures.evalSet("valid"), "--config", bombConfig], in: directory), at: "\(bombConfig):12")
    }

    @Test("an eval set and a config with honest anchors still lint clean under the same limit")
    func honestAnchorsPass() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (result, _) = try await run(["evalset", "lint", TestFixtures.evalSet("honest-anchors")], in: directory)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("ok (2 cases, 1 prompts)"))
    }
}
