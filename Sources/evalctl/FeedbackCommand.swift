import ArgumentParser
import EvalKit
import Foundation

struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Production feedback: import users' ratings, report the down-vote rate, promote rated answers to eval cases.",
        discussion: """
            Feedback is JSON Lines, one rated answer a line (see docs/feedback.md): id, input, output, rating (up, down, or a number with rating_scale), optional user, prompt_version, model, time, correction.

              evalctl feedback import FILE.jsonl [--replace] [--db FILE]
              evalctl feedback report [--since 30d] [--by day|prompt|model] [--format text|json] [--db FILE]
              evalctl feedback promote [--rating down|up] [--since 7d] --to evalsets/NAME [--var input] [--db FILE]
            """,
        subcommands: [Import.self, Report.self, Promote.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a feedback file into the database (created if missing); importing it again changes nothing.",
            discussion: """
                Every line is checked before anything is stored: each bad line is reported as FILE:LINE with what was expected, and nothing is imported (exit 2). A record whose id is stored with the same content is skipped; with different content it is an error naming its line (nothing imported) unless --replace.
                """)

        @Argument(help: "The feedback file (JSON Lines).")
        var file: String

        @Flag(help: "Update records whose id is already stored with different content, instead of refusing the file.")
        var replace = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                let records = try FeedbackReader(path: file).records()
                let store = try StoreLocation.open(database.resolvedPath)
                let outcome = try await FeedbackImport.store(records, from: file, into: store, replace: replace)
                let replaced = replace ? ", \(outcome.replaced) replaced" : ""
                Console().out("imported \(outcome.imported) feedback records (\(outcome.alreadyPresent) already present\(replaced))")
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The down-vote rate with 95% intervals, overall and per day, prompt version or model; flags days that jumped.",
            discussion: """
                A day is flagged when its down-votes are improbably high for the pooled down rate of the 14 days before it (one-sided binomial test at α = 0.01; at least 20 votes in those days). Records without a time count on the day they were imported.
                """)

        @Option(help: ArgumentHelp("Only feedback from this long ago on, e.g. 30d, 12h, 2w.", valueName: "duration"))
        var since = HistoryFilter.defaultWindow

        @Option(help: ArgumentHelp("Group by day (UTC), prompt (prompt_version) or model.", valueName: "day|prompt|model"))
        var by: GroupingArgument = GroupingArgument(grouping: .day)

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var terminal: TerminalOptions

        func validate() throws {
            if HistoryFilter.date(ago: since) == nil { throw ValidationError("--since: expected a duration such as 30d, 12h or 2w, found '\(since)'") }
        }

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let cutoff = HistoryFilter.date(ago: since)!
                let analysis = FeedbackAnalysis(votes: try await store.feedbackVotes(since: cutoff), grouping: by.grouping)
                let report = FeedbackReport(analysis: analysis, since: cutoff)
                Console().out(format == .json ? report.json() : report.text(style: terminal.style))
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn rated production answers into cases of an eval set (created if new; appended to, without duplicates, if not).",
            discussion: """
                Each record becomes case fb-<id> with the input in vars.input and its correction as expected. A record without a correction becomes a case tagged needs-review with expected [] that fails until someone writes the expected answer and removes the tag. The eval set must lint clean afterwards, or nothing is changed (exit 2).
                """)

        @Option(help: ArgumentHelp("Which ratings to promote.", valueName: "down|up"))
        var rating: RatingArgument = .down

        @Option(help: ArgumentHelp("Only feedback from this long ago on, e.g. 7d (default: all).", valueName: "duration"))
        var since: String?

        @Option(help: ArgumentHelp("The eval set directory, e.g. evalsets/complaints.", valueName: "dir"))
        var to: String

        @Option(name: .customLong("var"), help: ArgumentHelp("The prompt variable the input goes into.", valueName: "name"))
        var variable = "input"

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let since, HistoryFilter.date(ago: since) == nil {
                throw ValidationError("--since: expected a duration such as 7d, 12h or 2w, found '\(since)'")
            }
            if variable.isEmpty || !variable.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                throw ValidationError("--var: expected a prompt variable name (letters, digits, _), found '\(variable)'")
            }
        }

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let records = try await store.feedback(since: since.flatMap { HistoryFilter.date(ago: $0) }, down: rating == .down)
                var promotion = FeedbackPromotion(directory: to, loader: .standard)
                promotion.variable = variable
                let outcome = try promotion.promote(records)
                guard outcome.added > 0 else {
                    Console().out("nothing to promote: \(records.count) \(rating.rawValue)-rated records, \(outcome.alreadyInSet) already in \(to)")
                    return
                }
                let review = outcome.needsReview > 0 ? "; \(outcome.needsReview) tagged needs-review need an expected answer (see docs/feedback.md)" : ""
                Console().out("\(outcome.created ? "created" : "added to") \(to): \(outcome.added) cases (\(outcome.alreadyInSet) already in the set)\(review)")
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }
}

/// `--by day|prompt|model`, as ArgumentParser reads it.
struct GroupingArgument: ExpressibleByArgument {
    let grouping: FeedbackAnalysis.Grouping

    init(grouping: FeedbackAnalysis.Grouping) { self.grouping = grouping }

    init?(argument: String) {
        guard let grouping = FeedbackAnalysis.Grouping(rawValue: argument) else { return nil }
        self.grouping = grouping
    }

    var defaultValueDescription: String { grouping.rawValue }
    static var allValueStrings: [String] { FeedbackAnalysis.Grouping.allCases.map(\.rawValue) }
}

enum RatingArgument: String, ExpressibleByArgument, CaseIterable {
    case down, up
}
