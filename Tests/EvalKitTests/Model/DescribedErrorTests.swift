import Foundation
import Testing
@testable import EvalKit

@Suite("Errors are LocalizedError with the message a user acts on")
struct DescribedErrorTests {
    @Test("localizedDescription is the same actionable text evalctl prints, not Foundation's generic one")
    func localizedDescriptions() {
        let errors: [any Error] = [
            InputProblem(file: "sets/qa/evalset.yaml", line: 9, message: "unknown key 'min_pas_rate' (did you mean 'min_pass_rate'?)"),
            BackendError.responseTooLarge(limit: 1024),
            StoreError.noDatabase("evals.sqlite"),
            ReportFileError(path: "out/junit.xml", reason: "Permission denied"),
        ]
        for error in errors {
            #expect(error.localizedDescription == "\(error)")
            #expect(!error.localizedDescription.contains("operation couldn"), "\(error.localizedDescription)")
        }
    }
}
