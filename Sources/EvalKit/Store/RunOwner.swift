import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process that runs a run, recorded when the run starts so that a later reader can tell a run still going from
/// one whose process was killed (SIGKILL, out of memory, a lost machine) and will never finish.
///
/// A pid alone is not enough: pids are reused, and a reboot restarts them. So the process's start time (Linux: clock
/// ticks since boot) and the boot's id are kept too.
public struct RunOwner: Sendable, Equatable {
    public var host: String
    public var pid: Int32
    /// `starttime` from `/proc/PID/stat`, in clock ticks since boot; nil where the system does not say.
    public var startTime: Int64?
    /// `/proc/sys/kernel/random/boot_id`; nil where the system does not say.
    public var bootID: String?

    public init(host: String, pid: Int32, startTime: Int64?, bootID: String?) {
        self.host = host
        self.pid = pid
        self.startTime = startTime
        self.bootID = bootID
    }

    /// This process.
    public static func current(_ system: ProcessTable = .live) -> RunOwner {
        RunOwner(host: system.hostName, pid: system.ownPID, startTime: system.process(system.ownPID).startTime, bootID: system.bootID)
    }

    /// Whether the owner still runs, as far as this machine can tell.
    public enum Liveness: Sendable, Equatable {
        case alive
        /// The owner is certainly gone; the text says how that is known.
        case gone(String)
        /// The owner cannot be checked from here; the text says why.
        case unknown(String)
    }

    public func liveness(in system: ProcessTable = .live) -> Liveness {
        guard host == system.hostName else { return .unknown("started on host \(host), which cannot be checked from \(system.hostName)") }
        if let bootID, let now = system.bootID, bootID != now { return .gone("\(host) restarted since the run started") }
        switch system.process(pid) {
        case .missing: return .gone("its process \(pid) on \(host) is gone")
        case .ended: return .gone("its process \(pid) on \(host) has ended")
        case .running(let startTime):
            if let recorded = self.startTime, let startTime, recorded != startTime {
                return .gone("its process \(pid) on \(host) is gone (the pid now belongs to another process)")
            }
            return .alive
        }
    }
}

/// What this machine says about its processes: the live system, or a made-up one in tests.
public struct ProcessTable: Sendable {
    /// A process as the process table shows it.
    public enum Entry: Sendable, Equatable {
        case missing
        /// A zombie: it has exited, and its parent has not collected it yet.
        case ended
        /// Running (or stopped), with its start time where the system says.
        case running(startTime: Int64?)

        var startTime: Int64? { if case .running(let startTime) = self { startTime } else { nil } }
    }

    public var hostName: String
    public var bootID: String?
    public var ownPID: Int32
    public var process: @Sendable (Int32) -> Entry

    public init(hostName: String, bootID: String?, ownPID: Int32, process: @escaping @Sendable (Int32) -> Entry) {
        self.hostName = hostName
        self.bootID = bootID
        self.ownPID = ownPID
        self.process = process
    }

    public static var live: ProcessTable {
        ProcessTable(hostName: ProcessInfo.processInfo.hostName, bootID: liveBootID(), ownPID: getpid(), process: liveEntry)
    }

    static func liveBootID() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return nil }
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? nil : id
    }

    /// `kill(pid, 0)` says whether the pid exists (EPERM: it does, owned by another user); `/proc` says the rest.
    static func liveEntry(_ pid: Int32) -> Entry {
        guard pid > 0 else { return .missing }
        if kill(pid, 0) != 0, errno == ESRCH { return .missing }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return .running(startTime: nil) }
        return parseStat(stat) ?? .running(startTime: nil)
    }

    /// Reads `/proc/PID/stat`: the command name (field 2) is in parentheses and may hold spaces and parentheses, so
    /// the fields are counted from the last `)`: state is field 3, starttime field 22.
    static func parseStat(_ text: String) -> Entry? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 20 else { return nil }
        if fields[0] == "Z" || fields[0] == "X" { return .ended }
        return .running(startTime: Int64(fields[19]))
    }
}
