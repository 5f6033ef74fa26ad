/// sacreBLEU's `BeamEditDistance`: word-level Levenshtein distance from a hypothesis to a fixed reference, computed
/// only in a band around the (length-scaled) diagonal, with the operations that reach each cell.
///
/// The band makes TER's distance a little different from the exact one on some inputs; reproducing it cell for cell
/// (costs, which operation wins a tie, the infinities outside the band) is what makes evalctl's TER equal
/// sacreBLEU's. Every hypothesis given to one instance has the same length (shifts keep it), so the band of each
/// row is fixed, and a row depends only on the hypothesis words before it: rows shared with the last full
/// computation (`prepare`) are reused rather than recomputed, where sacreBLEU keeps a prefix tree of rows.
struct BeamEditDistance {
    /// How a cell was reached. A tie goes to a match or substitution, then a deletion, then an insertion: sacreBLEU's
    /// order, which is Tercom's once the trace is flipped.
    enum Operation: UInt8 {
        case match, substitution
        /// A reference word without a hypothesis word (sacreBLEU's `'i'`).
        case insertion
        /// A hypothesis word without a reference word (sacreBLEU's `'d'`).
        case deletion
        /// A cell outside the band.
        case undefined
    }

    /// sacreBLEU's `_INT_INFINITY`: the cost of a cell outside the band.
    static let infinity = 10_000_000_000_000_000
    static let defaultBeamWidth = 25

    let reference: [Int32]
    let hypothesisLength: Int
    /// Each row's band: cells `low[i]..<high[i]` of row i are computed; the rest are infinite.
    private let low: [Int]
    private let high: [Int]
    /// Where row i starts in `costs` and `operations`.
    private let offset: [Int]
    private var costs: [Int]
    private var operations: [Operation]
    /// The hypothesis the stored rows belong to.
    private var rowsOf: [Int32] = []

    init(reference: [Int32], hypothesisLength: Int) {
        self.reference = reference
        self.hypothesisLength = hypothesisLength
        let referenceLength = reference.count
        let lengthRatio = hypothesisLength > 0 ? Double(referenceLength) / Double(hypothesisLength) : 1
        // "In some crazy sentences, the difference in length is so large that we may end up with zero overlap with
        // previous row": the beam widens with the ratio.
        let beamWidth = Double(Self.defaultBeamWidth) < lengthRatio / 2
            ? Int((lengthRatio / 2 + Double(Self.defaultBeamWidth)).rounded(.up)) : Self.defaultBeamWidth
        var low = [0], high = [referenceLength + 1], offset = [0]
        var size = referenceLength + 1
        if hypothesisLength > 0 {
            for row in 1...hypothesisLength {
                let pseudoDiagonal = Int((Double(row) * lengthRatio).rounded(.down))
                low.append(max(0, pseudoDiagonal - beamWidth))
                high.append(row == hypothesisLength ? referenceLength + 1 : min(referenceLength + 1, pseudoDiagonal + beamWidth))
                offset.append(size)
                size += max(0, high[row] - low[row])
            }
        }
        self.low = low
        self.high = high
        self.offset = offset
        costs = [Int](repeating: Self.infinity, count: size)
        operations = [Operation](repeating: .undefined, count: size)
        for column in 0...referenceLength {
            costs[column] = column
            operations[column] = .insertion
        }
    }

    /// The distance from `hypothesis` to the reference, and the operations of the path sacreBLEU's trace follows;
    /// the rows are kept, so a hypothesis sharing a beginning with this one is scored from where they part.
    mutating func prepare(_ hypothesis: [Int32]) -> (distance: Int, trace: [Operation]) {
        let start = commonPrefix(hypothesis)
        if start < hypothesisLength {
            let (low, high, offset) = (low, high, offset)
            reference.withUnsafeBufferPointer { reference in
                costs.withUnsafeMutableBufferPointer { costs in
                    operations.withUnsafeMutableBufferPointer { operations in
                        for row in (start + 1)...hypothesisLength {
                            Self.fillRow(word: hypothesis[row - 1], reference: reference,
                                         above: UnsafePointer(costs.baseAddress! + offset[row - 1]), aboveLow: low[row - 1], aboveHigh: high[row - 1],
                                         row: costs.baseAddress! + offset[row], low: low[row], high: high[row],
                                         operations: operations.baseAddress! + offset[row])
                        }
                    }
                }
            }
        }
        rowsOf = hypothesis
        return (cost(hypothesisLength, reference.count), trace())
    }

    /// The distance from `hypothesis` to the reference, without keeping its rows: rows up to the first word where it
    /// differs from the prepared hypothesis are read from them, the rest are computed in `scratch`, and once the words
    /// agree again, the first row that equals the prepared one's plus a constant gives the answer: every later row
    /// would too (a row depends only on the row above and its word), so the distance is the prepared one plus it.
    func distance(_ hypothesis: [Int32], scratch: inout Scratch) -> Int {
        let start = commonPrefix(hypothesis)
        let finalCost = cost(hypothesisLength, reference.count)
        if start == hypothesisLength { return finalCost }
        var agreeingFrom = hypothesisLength
        while agreeingFrom > start, hypothesis[agreeingFrom - 1] == rowsOf[agreeingFrom - 1] { agreeingFrom -= 1 }
        let width = reference.count + 1
        if scratch.rows.count != 2 * width { scratch.rows = [Int](repeating: Self.infinity, count: 2 * width) }
        return reference.withUnsafeBufferPointer { reference in
            costs.withUnsafeBufferPointer { costs in
                scratch.rows.withUnsafeMutableBufferPointer { rows in
                    // Row r of the computation lives at rows[(r % 2) * width + column].
                    var above = costs.baseAddress! + offset[start]
                    for row in (start + 1)...hypothesisLength {
                        let current = rows.baseAddress! + (row % 2) * width
                        Self.fillRow(word: hypothesis[row - 1], reference: reference, above: above, aboveLow: low[row - 1],
                                     aboveHigh: high[row - 1], row: current + low[row], low: low[row], high: high[row], operations: nil)
                        above = UnsafePointer(current + low[row])
                        // Rows after `agreeingFrom` read the same words as the prepared hypothesis's.
                        if row >= agreeingFrom, row < hypothesisLength,
                           let difference = Self.constantDifference(above, costs.baseAddress! + offset[row], count: high[row] - low[row]) {
                            return finalCost + difference
                        }
                    }
                    return above[reference.count - low[hypothesisLength]]
                }
            }
        }
    }

    /// The constant c with `row[k] == prepared[k] + c` for every cell, cells at or beyond infinity being equal
    /// (they stay so in both); nil when there is none.
    private static func constantDifference(_ row: UnsafePointer<Int>, _ prepared: UnsafePointer<Int>, count: Int) -> Int? {
        var difference: Int?
        for cell in 0..<count {
            let value = row[cell], base = prepared[cell]
            if value >= infinity || base >= infinity {
                if value != base { return nil }
            } else if let known = difference {
                if value - base != known { return nil }
            } else {
                difference = value - base
            }
        }
        return difference ?? 0
    }

    /// Working rows for `distance`, reused between calls.
    struct Scratch {
        fileprivate var rows: [Int] = []

        init() {}
    }

    private func commonPrefix(_ hypothesis: [Int32]) -> Int {
        guard rowsOf.count == hypothesisLength else { return 0 }
        var length = 0
        while length < hypothesisLength, hypothesis[length] == rowsOf[length] { length += 1 }
        return length
    }

    /// One row of sacreBLEU's `_edit_distance`, cells `low..<high`; `above` points at the previous row's cell
    /// `aboveLow`, `row` and `operations` at this row's cell `low`. Column 0 is always a deletion from the cell above;
    /// elsewhere the cheapest of match/substitution, deletion and insertion in that order, each replacing the
    /// infinite start only when strictly cheaper, so a cell whose neighbours are all infinite stays infinite.
    private static func fillRow(word: Int32, reference: UnsafeBufferPointer<Int32>,
                                above: UnsafePointer<Int>, aboveLow: Int, aboveHigh: Int,
                                row: UnsafeMutablePointer<Int>, low: Int, high: Int, operations: UnsafeMutablePointer<Operation>?) {
        var left = infinity
        for column in low..<high {
            var cost = infinity, operation = Operation.undefined
            let up = column >= aboveLow && column < aboveHigh ? above[column - aboveLow] : infinity
            if column == 0 {
                cost = up + 1
                operation = .deletion
            } else {
                let diagonal = column - 1 >= aboveLow && column - 1 < aboveHigh ? above[column - 1 - aboveLow] : infinity
                let isMatch = word == reference[column - 1]
                if cost > diagonal + (isMatch ? 0 : 1) {
                    cost = diagonal + (isMatch ? 0 : 1)
                    operation = isMatch ? .match : .substitution
                }
                if cost > up + 1 {
                    cost = up + 1
                    operation = .deletion
                }
                if cost > left + 1 {
                    cost = left + 1
                    operation = .insertion
                }
            }
            row[column - low] = cost
            operations?[column - low] = operation
            left = cost
        }
    }

    private func cost(_ row: Int, _ column: Int) -> Int {
        column >= low[row] && column < high[row] ? costs[offset[row] - low[row] + column] : Self.infinity
    }

    private func operation(_ row: Int, _ column: Int) -> Operation {
        column >= low[row] && column < high[row] ? operations[offset[row] - low[row] + column] : .undefined
    }

    /// sacreBLEU's trace, from the first word to the last: the operations on the way back from the last cell.
    private func trace() -> [Operation] {
        var trace: [Operation] = []
        trace.reserveCapacity(hypothesisLength + reference.count)
        var row = hypothesisLength, column = reference.count
        while row > 0 || column > 0 {
            let step = operation(row, column)
            trace.append(step)
            switch step {
            case .match, .substitution:
                row -= 1
                column -= 1
            case .insertion:
                column -= 1
            case .deletion:
                row -= 1
            case .undefined:
                // sacreBLEU raises here; a path of finite cells never leaves the band, so it cannot happen.
                return trace.reversed()
            }
        }
        return trace.reversed()
    }
}
