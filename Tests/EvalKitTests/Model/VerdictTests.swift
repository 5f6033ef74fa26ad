import Testing
@testable import EvalKit

@Suite("Verdict: the one order in which findings become an exit code")
struct VerdictTests {
    @Test("interrupted, then errors, then unusable input, then a failed bar, else success")
    func precedence() {
        #expect(Verdict().exitStatus == .success)
        #expect(Verdict(failedBar: true).exitStatus == .belowThreshold)
        #expect(Verdict(unusable: true, failedBar: true).exitStatus == .invalidInput)
        #expect(Verdict(errored: true, unusable: true, failedBar: true).exitStatus == .infrastructureError)
        #expect(Verdict(interrupted: true, errored: true, unusable: true, failedBar: true).exitStatus == .interrupted)
        #expect([ExitStatus.success, .belowThreshold, .invalidInput, .infrastructureError, .interrupted].map(\.rawValue) == [0, 1, 2, 3, 130])
    }
}
