import ArgumentParser
import EvalKit
import Foundation

/// Which runs `report` and `drift` look at.
struct HistoryOptions: ParsableArguments {
    @Option(name: .customLong("evalset"), help: "Only this eval set (by name); repeat for several.")
    var evalsets: [String] = []

    @Option(help: "Only runs started within this long, e.g. 30d, 36h, 2w.")
    var since: String?

    @Option(help: "Only the newest N runs.")
    var last: Int?

    func validate() throws {
        if let since, HistoryFilter.date(ago: since) == nil { throw ValidationError("--since: expected a duration such as 30d, 36h or 2w, found '\(since)'") }
        if let last, last < 1 { throw ValidationError("--last must be at least 1") }
    }

    func filter(defaultSince: String) -> HistoryFilter {
        HistoryFilter(evalsets: evalsets, since: HistoryFilter.date(ago: since ?? defaultSince), last: last)
    }
}
