import ArgumentParser
import EvalKit
import Foundation

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Label a run's queued results as pass or fail: on an interactive screen, or through export and import.",
        discussion: """
            Queues: flagged (an eval set's flag: rules fired), failed (a scorer failed, or an error), judge-disagree (a judge disagrees with another scorer or its own samples), all. Several may be joined by commas; the default is flagged,failed.

              evalctl review [RUN] [--queue Q] [--reviewer NAME]     interactive, resumes where you stopped
              evalctl review export [RUN] [--queue Q] [--output FILE]
              evalctl review import FILE [--reviewer NAME]
              evalctl review status [RUN] [--format text|json]        (also: evalctl review --status)
            """,
        subcommands: [Session.self, Export.self, Import.self, Status.self],
        defaultSubcommand: Session.self)

    struct Session: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "session",
            abstract: "Review queued results one at a time (keys: p pass, f fail, s skip, n note, b back, m more, j/k scroll, q quit).",
            discussion: """
                Each label is stored the moment it is given, so quitting (or a crash) loses nothing; the next session starts at the first item you have not labelled. Needs a terminal: without one, use `review export` and `review import` (exit 2). An empty queue is reported and exits 0.
                """)

        @Argument(help: "A run id, 'latest', a tag or a run key.")
        var run = "latest"

        @OptionGroup var queue: ReviewQueueOptions

        @Option(help: "Who labels (default: $EVALCTL_REVIEWER, else $USER).")
        var reviewer: String?

        @Flag(help: "Print the queues' depth instead (the same as `review status`).")
        var status = false

        @Option(help: "With --status: output format.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            if status { return try await Status.show(run: run, format: format, database: database) }
            let reviewer = try ReviewerName.resolve(reviewer)
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let id = try await store.runID(for: run)
                var items = try await ReviewQueue.load(store: store, runID: id, kinds: queue.kinds)
                guard !items.items.isEmpty else {
                    Console().out("queue \(ReviewQueueKind.name(queue.kinds)) of run \(id) is empty: nothing to review")
                    return
                }
                guard ReviewTerminal.isInteractive else {
                    Console().error("error: \(ReviewTerminalError.notATerminal)")
                    throw ExitMapping.code(Verdict(unusable: true))
                }
                try await ReviewExpected.fill(&items, store: store)
                let session = try await ReviewTerminal().run(ReviewSession(queue: items, reviewer: reviewer), store: store)
                let left = session.queue.items.filter { $0.label(by: reviewer) == nil }.count
                Console().out("\(session.saved) label\(session.saved == 1 ? "" : "s") saved; \(left) of \(session.queue.items.count) items in queue \(ReviewQueueKind.name(queue.kinds)) of run \(id) not labelled by \(reviewer)")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a queue as JSON Lines, one object per result (id, case_id, input, expected, output, scores, flags, labels).")

        @Argument(help: "A run id, 'latest', a tag or a run key.")
        var run = "latest"

        @OptionGroup var queue: ReviewQueueOptions

        @Option(name: .customLong("output"), help: ArgumentHelp("The file to write (default: standard output).", valueName: "file"))
        var output: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let id = try await store.runID(for: run)
                var items = try await ReviewQueue.load(store: store, runID: id, kinds: queue.kinds)
                try await ReviewExpected.fill(&items, store: store)
                let lines = ReviewExport.jsonLines(items)
                if let output {
                    try ReportFile.write(lines, to: output)
                    Console().error("exported \(items.items.count) items of run \(id) to \(output)")
                } else {
                    FileHandle.standardOutput.write(Data(lines.utf8))
                    Console().error("exported \(items.items.count) items of run \(id)")
                }
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store labels from a JSON Lines file: id, label (pass or fail), optional reviewer and note.",
            discussion: """
                Every line is checked first (JSON, keys, a known result id, the label, a reviewer): a bad line is reported as FILE:LINE and nothing is imported (exit 2). Otherwise every label is stored in one transaction. Importing a file twice stores its labels twice; each reviewer's current label stays the same.
                """)

        @Argument(help: "The labels (JSON Lines).")
        var file: String

        @Option(help: "The reviewer of lines without one (default: $EVALCTL_REVIEWER, else $USER).")
        var reviewer: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let reviewer = reviewer ?? ReviewerName.fromEnvironment()
                let labels = try await ReviewLabelFile(path: file, defaultReviewer: reviewer).labels(checkedAgainst: store)
                try await store.recordReviewLabels(labels)
                Console().out("imported \(labels.count) label\(labels.count == 1 ? "" : "s") from \(file)")
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per queue: items, depth (items no one has labelled), the oldest unlabelled item's age, labels per reviewer.")

        @Argument(help: "A run id, 'latest', a tag or a run key.")
        var run = "latest"

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await Self.show(run: run, format: format, database: database)
        }

        static func show(run: String, format: OutputFormat, database: DatabaseOptions) async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let id = try await store.runID(for: run)
                let report = ReviewStatusReport(status: try await ReviewQueueStatus.load(store: store, runID: id))
                Console().out(format == .json ? report.json() : report.text())
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }
}

/// `--queue`, shared by the session and export.
struct ReviewQueueOptions: ParsableArguments {
    @Option(help: "Which results: flagged, failed, judge-disagree or all; several joined by commas.")
    var queue = ReviewQueueKind.name(ReviewQueueKind.standard)

    func validate() throws {
        if case .failure(let error) = ReviewQueueKind.parse(queue) { throw ValidationError(error.description) }
    }

    var kinds: [ReviewQueueKind] {
        (try? ReviewQueueKind.parse(queue).get()) ?? ReviewQueueKind.standard
    }
}

/// Who labels: `--reviewer`, else $EVALCTL_REVIEWER, else $USER.
enum ReviewerName {
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for name in ["EVALCTL_REVIEWER", "USER"] {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return nil
    }

    static func resolve(_ option: String?) throws -> String {
        if let option, !option.trimmingCharacters(in: .whitespaces).isEmpty { return option }
        if let name = fromEnvironment() { return name }
        throw ValidationError("no reviewer: give --reviewer NAME (or set EVALCTL_REVIEWER)")
    }
}
