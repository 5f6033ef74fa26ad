#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pipe that becomes readable forever once `fire()` is called.
///
/// Every blocking wait in the server polls this descriptor next to its socket, so one
/// `fire()` from `stop()` wakes the accept loop, pending delays and hanging responses at once.
final class WakeSignal: Sendable {
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    init() throws(StubServerError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw .socketCallFailed(call: "pipe", errorNumber: errno) }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        SocketSupport.setCloseOnExec(readDescriptor)
        SocketSupport.setCloseOnExec(writeDescriptor)
    }

    /// Makes the read end readable; idempotent.
    func fire() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// True once `fire()` has been called.
    var hasFired: Bool {
        SocketSupport.waitReadable([readDescriptor], timeoutMilliseconds: 0)[0] != 0
    }

    /// Sleeps for `duration` unless the signal fires first. Returns false if it fired.
    /// A zero duration returns true at once without a system call.
    func sleep(for duration: Duration) -> Bool {
        let timeout = SocketSupport.pollMilliseconds(duration)
        if timeout == 0 { return true }
        return SocketSupport.waitReadable([readDescriptor], timeoutMilliseconds: timeout)[0] == 0
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }
}
