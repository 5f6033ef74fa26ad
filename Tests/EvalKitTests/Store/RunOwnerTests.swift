import Foundation
import Testing
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#endif

@Suite("Run owner liveness")
struct RunOwnerTests {
    static let owner = RunOwner(host: "ci-1", pid: 4242, startTime: 9000, bootID: "boot-a")

    static func system(host: String = "ci-1", bootID: String? = "boot-a", entries: [Int32: ProcessTable.Entry]) -> ProcessTable {
        ProcessTable(hostName: host, bootID: bootID, ownPID: 1) { entries[$0] ?? .missing }
    }

    @Test("the owner is alive while its pid runs with the recorded start time on the same boot")
    func alive() {
        #expect(Self.owner.liveness(in: Self.system(entries: [4242: .running(startTime: 9000)])) == .alive)
    }

    @Test("a pid that no longer exists means the owner is gone")
    func missingPid() {
        guard case .gone(let why) = Self.owner.liveness(in: Self.system(entries: [:])) else {
            Issue.record("expected gone")
            return
        }
        #expect(why.contains("4242") && why.contains("ci-1"))
    }

    @Test("a reused pid (another start time) means the owner is gone")
    func reusedPid() {
        guard case .gone(let why) = Self.owner.liveness(in: Self.system(entries: [4242: .running(startTime: 12345)])) else {
            Issue.record("expected gone")
            return
        }
        #expect(why.contains("another process"))
    }

    @Test("another boot id means the host restarted: the owner is gone even if the pid runs again")
    func rebooted() {
        let liveness = Self.owner.liveness(in: Self.system(bootID: "boot-b", entries: [4242: .running(startTime: 9000)]))
        #expect(liveness == .gone("ci-1 restarted since the run started"))
    }

    @Test("a zombie (exited, not yet collected by its parent) is gone")
    func zombie() {
        guard case .gone = Self.owner.liveness(in: Self.system(entries: [4242: .ended])) else {
            Issue.record("expected gone")
            return
        }
    }

    @Test("an owner on another host cannot be checked: unknown, naming the host, whatever this host's pids say")
    func otherHost() {
        guard case .unknown(let why) = Self.owner.liveness(in: Self.system(host: "laptop", entries: [:])) else {
            Issue.record("expected unknown")
            return
        }
        #expect(why.contains("ci-1"))
    }

    @Test("an owner without a start time or boot id is judged on the pid alone")
    func pidOnly() {
        let owner = RunOwner(host: "ci-1", pid: 4242, startTime: nil, bootID: nil)
        #expect(owner.liveness(in: Self.system(entries: [4242: .running(startTime: 1)])) == .alive)
        #expect(owner.liveness(in: Self.system(entries: [:])) != .alive)
    }

    @Test("/proc/PID/stat is read from the last parenthesis: a command name with spaces and parentheses is skipped")
    func parsesStat() {
        let tail = (4...21).map(String.init).joined(separator: " ") + " 777123 23 24"
        #expect(ProcessTable.parseStat("42 (evil) (name) 1 2 3) S \(tail)\n") == .running(startTime: 777123))
        #expect(ProcessTable.parseStat("42 (evalctl) Z \(tail)") == .ended)
        #expect(ProcessTable.parseStat("42 (evalctl) S 1 2") == nil)
    }

    @Test("this process, as the live system sees it, is alive; a pid that cannot exist is gone")
    func liveSystem() {
        let current = RunOwner.current()
        #expect(current.pid == getpid())
        #if os(Linux)
        #expect(current.startTime != nil)
        #expect(current.bootID?.count == 36)
        #endif
        #expect(current.liveness() == .alive)
        var gone = current
        gone.pid = Int32.max
        #expect(gone.liveness() != .alive)
        var restarted = current
        restarted.startTime = (current.startTime ?? 0) + 1
        #expect(restarted.liveness() != .alive)
    }
}
