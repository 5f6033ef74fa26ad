import ArgumentParser
import EvalKit

/// The one place errors become exit codes: bad input 2, infrastructure 3.
enum ExitMapping {
    static func fail(_ error: any Error) -> ExitCode {
        let console = Console()
        switch error {
        case let invalid as InvalidInput:
            for problem in invalid.problems { console.error("error: \(problem)") }
            return ExitCode(ExitStatus.invalidInput.rawValue)
        case let file as ReportFileError:
            console.error("error: \(file)")
            return ExitCode(ExitStatus.invalidInput.rawValue)
        case let comparison as ComparisonError:
            console.error("error: \(comparison)")
            return ExitCode(ExitStatus.invalidInput.rawValue)
        case let store as StoreError:
            console.error("error: \(store)")
            return ExitCode(ExitStatus.invalidInput.rawValue)
        default:
            // Anything else may quote a server; credential shapes never reach the terminal.
            console.error("error: \(SecretRedactor.shapesOnly.redact("\(error)"))")
            return ExitCode(ExitStatus.infrastructureError.rawValue)
        }
    }
}
