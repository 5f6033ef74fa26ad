import Foundation
import Testing
@testable import EvalKit

@Suite("Shard: K/N parsing, run keys, and a split where every case belongs to exactly one shard")
struct ShardTests {
    @Test("K/N is read; 0/N, K>N, N=0 and garbage are refused with what is expected", arguments: [
        ("2/4", "", true), ("1/1", "", true), (" 3 / 3 ", "", true),
        ("0/4", "numbered from 1", false), ("5/4", "there is no shard 5 of 4", false), ("1/0", "between 1 and", false),
        ("2", "expected K/N", false), ("a/b", "expected K/N", false), ("1/2/3", "expected K/N", false), ("-1/4", "numbered from 1", false),
        ("1/1001", "between 1 and 1000", false),
    ])
    func parsing(text: String, message: String, valid: Bool) throws {
        if valid {
            let shard = try Shard(parsing: text)
            #expect("\(shard)" == text.replacingOccurrences(of: " ", with: ""))
        } else {
            let error = #expect(throws: InvalidInput.self) { try Shard(parsing: text) }
            #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        }
    }

    @Test("the Kubernetes hint: JOB_COMPLETION_INDEX starts at 0")
    func kubernetesHint() {
        let error = #expect(throws: InvalidInput.self) { try Shard(parsing: "0/3") }
        #expect(error?.description.contains("$((JOB_COMPLETION_INDEX + 1))/3") == true)
    }

    @Test("every case belongs to exactly one shard, the same one every time, and the shards are balanced")
    func partition() {
        let cases = (0..<4_000).map { "case-\($0)" }
        for count in [1, 2, 3, 4, 7] {
            let shards = (1...count).map { Shard(index: $0, count: count) }
            var sizes = Array(repeating: 0, count: count)
            for id in cases {
                let owners = shards.filter { $0.owns(caseID: id, evalset: "qa") }
                #expect(owners.count == 1)
                sizes[owners[0].index - 1] += 1
                #expect(Shard.index(ofCase: id, evalset: "qa", count: count) == owners[0].index)
            }
            let expected = Double(cases.count) / Double(count)
            // Binomial spread: within 5 standard deviations of an even split.
            let sd = (Double(cases.count) * (1 / Double(count)) * (1 - 1 / Double(count))).squareRoot()
            for size in sizes { #expect(abs(Double(size) - expected) <= 5 * sd + 0.5, "sizes \(sizes)") }
        }
        // The eval set is part of the hash: the same case id in two eval sets may go to different shards.
        let moved = cases.prefix(200).filter {
            Shard.index(ofCase: $0, evalset: "qa", count: 4) != Shard.index(ofCase: $0, evalset: "math", count: 4)
        }
        #expect(moved.count > 100)
    }

    @Test("run keys: printable ASCII, not a number or 'latest'", arguments: [
        ("gh-1234-1", nil), ("nightly/2026-12-02", nil), ("", "empty"), ("12345", "digits only"), ("latest", "latest"),
        ("has space", "use ASCII"), ("ключ", "use ASCII"), (String(repeating: "k", count: 201), "at most 200"), ("a\u{1B}[31m", "use ASCII"),
    ] as [(String, String?)])
    func runKeys(key: String, problem: String?) {
        if let problem {
            let error = #expect(throws: InvalidInput.self) { try Shard.checkRunKey(key) }
            #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
        } else {
            #expect(throws: Never.self) { try Shard.checkRunKey(key) }
        }
    }

    @Test("a run's status once all shards finish: completed only when each completed, else the gravest")
    func runStatus() {
        func state(_ statuses: [RunStatus]) -> ShardedRunState {
            let owner = RunOwner(host: "h", pid: 1, startTime: nil, bootID: nil)
            return ShardedRunState(runID: 1, shardCount: statuses.count, shards: statuses.enumerated().map {
                RunShard(runID: 1, index: $0.offset + 1, status: $0.element, owner: owner, cells: 1, attempts: 1, startedAt: Date(),
                         finishedAt: nil, heartbeatAt: Date())
            })
        }
        #expect(state([.completed, .completed]).runStatus == .completed)
        #expect(state([.completed, .completed]).allFinished)
        #expect(state([.completed, .interrupted]).runStatus == .interrupted)
        #expect(state([.budgetStopped, .failed, .interrupted]).runStatus == .failed)
        #expect(!state([.completed, .running]).allFinished)
        var partial = state([.completed])
        partial = ShardedRunState(runID: 1, shardCount: 3, shards: partial.shards)
        #expect(!partial.allFinished)
        #expect(partial.conditions(system: ProcessTable(hostName: "h", bootID: nil, ownPID: 9, process: { _ in .missing })).map(\.condition)
                == [.completed, .missing, .missing])
    }

    @Test("a running shard: alive on this host; gone when its process is; elsewhere, gone once its heartbeat lapses")
    func liveness() {
        let now = Date()
        let here = ProcessTable(hostName: "here", bootID: "b", ownPID: 1, process: { $0 == 42 ? .running(startTime: 7) : .missing })
        func shard(host: String, pid: Int32, beat: TimeInterval) -> RunShard {
            RunShard(runID: 1, index: 1, status: .running, owner: RunOwner(host: host, pid: pid, startTime: 7, bootID: "b"), cells: 1,
                     attempts: 1, startedAt: now, finishedAt: nil, heartbeatAt: now.addingTimeInterval(-beat))
        }
        #expect(shard(host: "here", pid: 42, beat: 500).liveness(now: now, system: here) == .alive)
        guard case .gone = shard(host: "here", pid: 43, beat: 0).liveness(now: now, system: here) else { Issue.record("dead pid"); return }
        guard case .unknown = shard(host: "there", pid: 42, beat: 5).liveness(now: now, system: here) else { Issue.record("fresh"); return }
        guard case .gone(let why) = shard(host: "there", pid: 42, beat: 90).liveness(now: now, system: here) else {
            Issue.record("lapsed heartbeat"); return
        }
        #expect(why.contains("no heartbeat"))
    }
}
