import ArgumentParser
import EvalKit

@main
struct Evalctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalctl",
        abstract: "Run versioned LLM eval sets against model backends and tell whether the system got worse.",
        version: EvalKitVersion.current,
        subcommands: [InitCommand.self, RunCommand.self, RescoreCommand.self, CompareCommand.self, GateCommand.self, ReportCommand.self, DriftCommand.self, PowerCommand.self, RunsCommand.self, CacheCommand.self, DatabaseCommand.self, EvalSetCommand.self, SchemaCommand.self, ScoreCommand.self, JudgeCommand.self, FeedbackCommand.self, ReviewCommand.self, ImportCommand.self])

    /// ArgumentParser exits 64 on usage errors; evalctl's contract is 2 for every kind of bad usage or input.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Console().error(ExitMapping.lowercasingPrefix(fullMessage(for: error)))
                exit(withError: ExitMapping.code(Verdict(unusable: true)))
            }
            // --help, --version and outcomes already reported; anything else gets the one `error: ` prefix.
            if error is ExitCode || code == .success { exit(withError: error) }
            exit(withError: ExitMapping.fail(error))
        }
    }
}

/// Options shared by every command that reads or writes results.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The results database: an SQLite file or a postgres:// URL (default: $EVALCTL_DB, else evals.sqlite).")
    var path: String?

    var resolvedPath: String { StoreLocation.resolve(path) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Formats of a comparison: Markdown is meant for a pull-request comment.
enum ComparisonFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}
