import Foundation

/// Work over `0..<count` split into consecutive ranges run on every core, the results in range order. Inputs below
/// `minimum` (where starting threads costs more than it saves) run on the calling thread, as one range.
///
/// ```swift
/// let sums = ParallelChunks.map(count: values.count) { range in range.reduce(0) { $0 + values[$1] } }
/// ```
public enum ParallelChunks {
    public static func map<Result: Sendable>(count: Int, minimum: Int = 2_000, _ work: @Sendable (Range<Int>) -> Result) -> [Result] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard count >= minimum, cores > 1 else { return [work(0..<count)] }
        let chunks = max(1, min(cores * 4, count / max(1, minimum / 4)))
        let results = Mutex<[Result?]>(Array(repeating: nil, count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
            let result = work(range)
            results.withLock { $0[chunk] = result }
        }
        return results.withLock { $0.map { $0! } }
    }
}
