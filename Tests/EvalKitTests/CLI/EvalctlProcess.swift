import Foundation
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `evalctl` binary as a user would, capturing its exit status and output.
struct EvalctlProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: String { RepositoryPaths.product("evalctl") }

    /// Starts evalctl in `directory` (or `executable`, e.g. a wrapper such as `/usr/bin/time`, with `arguments`
    /// naming evalctl itself); the caller waits or signals.
    static func start(
        _ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = [:], viaExecutable executable: String? = nil
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = executable == nil ? arguments : Array(arguments.dropFirst())
        process.currentDirectoryURL = directory.url
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "EVALCTL_DB")
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    static func run(
        _ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = [:], viaExecutable executable: String? = nil
    ) async throws -> Result {
        let (process, out, err) = try start(arguments, in: directory, environment: environment, viaExecutable: executable)
        return await collect(process, out, err)
    }

    /// Waits for the process on a Dispatch thread: blocking the 2-thread cooperative pool would stall the
    /// timing-sensitive tests running beside this one.
    static func collect(_ process: Process, _ out: Pipe, _ err: Pipe) async -> Result {
        let box = UncheckedBox((process, out, err))
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let (process, out, err) = box.value
                // Both pipes are drained at once so neither can fill up and block the child.
                let stderrData = Mutex(Data())
                let group = DispatchGroup()
                DispatchQueue.global().async(group: group) {
                    let data = err.fileHandleForReading.readDataToEndOfFile()
                    stderrData.withLock { $0 = data }
                }
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                let stderr = stderrData.withLock { $0 }
                process.waitUntilExit()
                continuation.resume(returning: Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                                      stderr: String(decoding: stderr, as: UTF8.self)))
            }
        }
    }
}

/// Hands non-Sendable Foundation objects to the one Dispatch block that uses them.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// An eval set whose expected answers are the questions themselves, so the stub's echo mode passes every case.
enum EchoEvalSet {
    /// `scorers` is the YAML list entries, e.g. `- {type: bleu, threshold: 50, references: expected}`.
    static func write(
        into directory: TemporaryDirectory, name: String = "echo", questions: [String], minPassRate: Double = 1,
        scorers: String = "- {type: exact}"
    ) throws -> String {
        try directory.write("\(name)/evalset.yaml", """
            name: \(name)
            version: 2
            prompts: {plain: prompts/plain.yaml}
            default_prompt: plain
            cases: cases.jsonl
            scorers:
              \(scorers)
            min_pass_rate: \(minPassRate)
            """)
        try directory.write("\(name)/prompts/plain.yaml", "user: \"{{q}}\"\n")
        let lines = questions.enumerated().map { index, question in
            JSONValue.object(["id": .string("case-\(index)"), "vars": .object(["q": .string(question)]), "expected": .string(question)]).canonicalJSON
        }
        try directory.write("\(name)/cases.jsonl", lines.joined(separator: "\n") + "\n")
        return directory.path(name)
    }

    /// `timeout` is `timeout_s`: tests whose server hangs on purpose raise it, so a run starved of CPU under a full
    /// parallel test run does not turn the hang into errors before the test stops it.
    static func config(into directory: TemporaryDirectory, baseURL: URL, extra: String = "", timeout: Int = 10) throws {
        try directory.write("evalctl.yaml", """
            backends:
              stub:
                type: openai
                base_url: \(baseURL.absoluteString)/v1
                model: gpt-stub
                concurrency: 4
                max_retries: 0
                timeout_s: \(timeout)
            \(extra)
            """)
    }
}
