import ArgumentParser
import EvalKit

/// `--color`, for commands whose text output has verdicts or statuses to colour.
struct TerminalOptions: ParsableArguments {
    @Option(help: "Colour verdicts and statuses: auto (on a terminal, unless NO_COLOR is set), always, or never.")
    var color: ColorArgument = ColorArgument(choice: .auto)

    /// How standard output is styled: colour by `--color`, the width of the terminal (or COLUMNS).
    var style: TerminalStyle { .standardOutput(color.choice) }
}

/// `--color never|auto|always`, as ArgumentParser reads it.
struct ColorArgument: ExpressibleByArgument {
    let choice: ColorChoice

    init(choice: ColorChoice) { self.choice = choice }

    init?(argument: String) {
        guard let choice = ColorChoice(rawValue: argument) else { return nil }
        self.choice = choice
    }

    var defaultValueDescription: String { choice.rawValue }
    static var allValueStrings: [String] { ColorChoice.allCases.map(\.rawValue) }
}
