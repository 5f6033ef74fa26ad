import ArgumentParser
import EvalKit

struct EvalSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalset", abstract: "Work with eval set directories.", subcommands: [Lint.self])

    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check eval sets and report every problem with file and line (exit 2 if any).")

        @Argument(help: "Eval set directories.")
        var directories: [String]

        func run() async throws {
            let console = Console()
            let loader = EvalSetLoader.standard
            var problemCount = 0
            for directory in directories {
                let problems = loader.lint(directory)
                problemCount += problems.count
                for problem in problems { console.out(problem.description) }
                if problems.isEmpty {
                    let evalSet = try? loader.load(directory)
                    console.error("\(directory): ok (\(evalSet?.cases.count ?? 0) cases, \(evalSet?.prompts.count ?? 0) prompts)")
                }
            }
            if problemCount > 0 {
                console.error("\(problemCount) problem\(problemCount == 1 ? "" : "s") found")
            }
            try ExitMapping.finish(Verdict(unusable: problemCount > 0))
        }
    }
}
