import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import EvalKit

/// `evalctl review` in a real terminal: tmux runs it in an 80×24 pane, keys are sent with `send-keys`, and the pane is
/// read back with `capture-pane`.
@Suite("evalctl review in an 80×24 tmux pane")
struct ReviewTmuxSessionTests {
    /// A tmux server of the test's own (its socket in the test's directory), so nothing is shared with other tmux
    /// users or tests, and nothing is left behind.
    struct Tmux {
        let socket: String

        static var available: Bool { FileManager.default.isExecutableFile(atPath: path) }
        static var path: String {
            ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/tmux"
        }

        /// Runs a tmux command, waiting on a Dispatch thread as `EvalctlProcess` does (blocking the cooperative pool
        /// stalled the test); only a command answered by a running server reads its output (`capture`): the server that
        /// `new-session` starts inherits the client's standard output and would hold a pipe open.
        @discardableResult
        func run(_ arguments: [String], capture: Bool = false) async throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.path)
            process.arguments = ["-S", socket, "-f", "/dev/null"] + arguments
            let out = Pipe()
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = capture ? out : FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let box = UncheckedBox((process, out))
            return await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    let (process, out) = box.value
                    let data = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
                    process.waitUntilExit()
                    continuation.resume(returning: String(decoding: data, as: UTF8.self))
                }
            }
        }

        /// Starts the server and its session. Spawned directly, not through `Process`: the server the client forks
        /// inherits a descriptor by which `Process` tells that its child is still running, so it never saw it exit.
        func start(_ command: String) async throws {
            let arguments = [Self.path, "-S", socket, "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "-s", "review", command]
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for descriptor: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0) }
            let argv = arguments.map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, Self.path, &actions, nil, argv, environ)
            guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
            var status: Int32 = 0
            while waitpid(pid, &status, WNOHANG) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        }

        func keys(_ keys: String...) async throws { try await run(["send-keys", "-t", "review"] + keys) }
        func text(_ text: String) async throws { try await run(["send-keys", "-t", "review", "-l", text]) }
        func pane() async throws -> String { try await run(["capture-pane", "-p", "-t", "review"], capture: true) }

        /// The pane once it shows `text` (within 20 s; the machine may be busy with other builds and tests).
        func waitFor(_ text: String) async throws -> String {
            var screen = ""
            for _ in 0..<200 {
                screen = try await pane()
                if screen.contains(text) { return screen }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the pane never showed '\(text)'; it shows:\n\(screen)")
            return screen
        }

        /// Ends the server and the session in it (evalctl gets SIGHUP). Synchronous, for `defer`, so a failed test
        /// leaves nothing running; `kill-server` forks nothing, so waiting on it here is safe.
        func stop() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.path)
            process.arguments = ["-S", socket, "kill-server"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return }
            process.waitUntilExit()
        }
    }

    static func command(_ directory: TemporaryDirectory) -> String {
        // After evalctl ends, the pane shows its exit status and whether the terminal is back in canonical mode;
        // `timeout` ends a session a failed test left waiting for keys.
        "cd '\(directory.url.path)' && timeout --foreground 120 '\(EvalctlProcess.binary)' review latest --db evals.sqlite --reviewer ana; "
            + "echo \"EXIT=$?\"; stty -a | tr ' ' '\\n' | grep -x -- '-*icanon'; sleep 30"
    }

    @Test("label, note, back and quit are saved at once; a second session resumes at the first unlabelled item",
          .enabled(if: Tmux.available, "tmux is not installed (apt-get install -y tmux)"))
    func scriptedSession() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try await ReviewFixture.write(into: try SQLiteStore(path: directory.path("evals.sqlite")))
        let tmux = Tmux(socket: directory.path("tmux-1"))
        defer { tmux.stop() }
        try await tmux.start(Self.command(directory))

        var screen = try await tmux.waitFor("item 1 of 4")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(screen.contains("why: flag: refusal"))
        #expect(screen.contains("I cannot help with that."))
        #expect(screen.contains("user: Question a-flagged?"))
        #expect(screen.contains("p pass  f fail"))

        try await tmux.keys("p")
        screen = try await tmux.waitFor("item 2 of 4")
        // The output's escape sequences were shown as text, not obeyed: the screen was not cleared, the title not set.
        #expect(screen.contains("Lyon") && screen.contains("]0;pwned"))
        #expect(screen.contains("why: failed: exact"))
        try await tmux.keys("n")
        try await tmux.text("looks wrong")
        try await tmux.keys("Enter")
        _ = try await tmux.waitFor("now p (pass) or f (fail)")
        try await tmux.keys("f")
        _ = try await tmux.waitFor("item 3 of 4")
        try await tmux.keys("b")
        screen = try await tmux.waitFor("item 2 of 4")
        #expect(screen.contains("ana (you): fail · looks wrong"))
        try await tmux.keys("q")
        screen = try await tmux.waitFor("icanon")
        #expect(screen.contains("2 labels saved"))
        #expect(screen.contains("EXIT=0"))
        #expect(screen.contains("\nicanon") && !screen.contains("-icanon"), "the terminal was left in raw mode:\n\(screen)")

        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let labels = try await store.reviewLabels(ofRun: run.runID)
        #expect(labels.map { "\($0.resultID) \($0.reviewer) \($0.label.rawValue) \($0.note ?? "-")" }
                == ["\(run.ids["a-flagged"]!) ana pass -", "\(run.ids["b-failed"]!) ana fail looks wrong"])

        // A second session starts at the first item ana has not labelled; Ctrl-C leaves the terminal as it was.
        tmux.stop()
        let again = Tmux(socket: directory.path("tmux-2"))
        defer { again.stop() }
        try await again.start(Self.command(directory))
        screen = try await again.waitFor("item 3 of 4")
        #expect(screen.contains("resuming: 2 of 4 already labelled by you"))
        #expect(screen.contains("c-disagree"))
        try await again.keys("f")
        _ = try await again.waitFor("item 4 of 4")
        try await again.keys("C-c")
        screen = try await again.waitFor("icanon")
        #expect(screen.contains("\nicanon") && !screen.contains("-icanon"), "the terminal was left in raw mode:\n\(screen)")
        #expect(try await store.reviewLabels(ofRun: run.runID).count == 3)
    }

    @Test("SIGTERM during a session restores the terminal and exits 143, labels already given kept",
          .enabled(if: Tmux.available, "tmux is not installed (apt-get install -y tmux)"))
    func terminatedSession() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try await ReviewFixture.write(into: try SQLiteStore(path: directory.path("evals.sqlite")))
        let tmux = Tmux(socket: directory.path("tmux"))
        defer { tmux.stop() }
        // The shell writes its pid and becomes evalctl (exec), so the test signals exactly that process.
        try await tmux.start("cd '\(directory.url.path)' && sh -c 'echo $$ > pid; exec \"$0\" review latest --db evals.sqlite --reviewer ana' '\(EvalctlProcess.binary)'; "
            + "echo \"EXIT=$?\"; stty -a | tr ' ' '\\n' | grep -x -- '-*icanon'; sleep 30")
        var screen = try await tmux.waitFor("item 1 of 4")
        try await tmux.keys("p")
        _ = try await tmux.waitFor("item 2 of 4")
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        #expect(try await store.reviewLabels(ofRun: run.runID).count == 1)
        let pidText = try String(contentsOfFile: directory.path("pid"), encoding: .utf8)
        let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)), "pid file holds \(pidText)")
        #expect(kill(pid, SIGTERM) == 0)
        screen = try await tmux.waitFor("icanon")
        #expect(screen.contains("EXIT=143"))
        #expect(screen.contains("\nicanon") && !screen.contains("-icanon"), "the terminal was left in raw mode:\n\(screen)")
    }
}
