import ArgumentParser
import EvalKit

/// The one place outcomes become exit codes: a command's `Verdict` (whose order of precedence lives in EvalKit), and
/// errors thrown on the way (bad input 2, infrastructure 3).
enum ExitMapping {
    /// Ends the command with `verdict`'s exit code; returns normally on success.
    static func finish(_ verdict: Verdict) throws {
        let status = verdict.exitStatus
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// Prints `error` and returns the exit code it means.
    static func fail(_ error: any Error) -> ExitCode {
        let console = Console()
        switch error {
        case let invalid as InvalidInput:
            for problem in invalid.problems { console.error("error: \(problem)") }
            return code(Verdict(unusable: true))
        case let file as ReportFileError:
            console.error("error: \(file)")
            return code(Verdict(unusable: true))
        case let comparison as ComparisonError:
            console.error("error: \(comparison)")
            return code(Verdict(unusable: true))
        case let cassette as CassetteError:
            console.error("error: \(cassette)")
            return code(cassette.isBadInput ? Verdict(unusable: true) : Verdict(errored: true))
        case let failure as ImportFailure:
            console.error("error: \(failure)")
            return code(Verdict(unusable: true))
        case let failure as ScaffoldFailure:
            console.error("error: \(failure)")
            return code(Verdict(unusable: true))
        case let problem as InputProblem:
            console.error("error: \(problem)")
            return code(Verdict(unusable: true))
        case let refusal as Rescorer.Refusal:
            console.error("error: \(refusal)")
            return code(Verdict(unusable: true))
        case let copy as DatabaseCopy.Failure:
            console.error("error: \(copy)")
            return code(Verdict(unusable: true))
        case let store as StoreError:
            var hint = ""
            if case .noSuchTag(let name, let known) = store { hint = NameSuggestion.hint(for: name, among: known) }
            console.error("error: \(store)\(hint)")
            return code(Verdict(unusable: true))
        default:
            // Anything else may quote a server; credential shapes never reach the terminal.
            console.error("error: \(SecretRedactor.shapesOnly.redact("\(error)"))")
            return code(Verdict(errored: true))
        }
    }

    /// ArgumentParser starts its messages with `Error: `; evalctl's every error line starts with `error: `.
    static func lowercasingPrefix(_ message: String) -> String {
        message.hasPrefix("Error: ") ? "error: " + message.dropFirst("Error: ".count) : message
    }

    static func code(_ verdict: Verdict) -> ExitCode {
        ExitCode(verdict.exitStatus.rawValue)
    }
}
