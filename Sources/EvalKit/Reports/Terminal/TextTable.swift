/// A plain-text table with aligned columns, for terminal output. Cells may carry colour escapes: columns are measured
/// by their visible width, so coloured and plain cells still line up.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }
    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    public init(headers: [String], alignments: [Alignment]) {
        self.headers = headers
        self.alignments = alignments
    }

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The table; with `maxWidth`, the `shrinkable` columns (plain text, e.g. names) are cut with `…`, widest first,
    /// until every line fits.
    public func render(maxWidth: Int? = nil, shrinkable: Set<Int> = []) -> String {
        var all = [headers] + rows
        var widths = Self.widths(all, count: headers.count)
        if let maxWidth {
            var excess = widths.reduce(0, +) + 2 * max(0, widths.count - 1) - maxWidth
            while excess > 0, let column = shrinkable.filter({ widths[$0] > 4 }).max(by: { widths[$0] < widths[$1] }) {
                widths[column] -= 1
                excess -= 1
            }
            all = all.map { cells in
                cells.enumerated().map { column, cell in
                    shrinkable.contains(column) && cell.count > widths[column] ? String(cell.prefix(widths[column] - 1)) + "…" : cell
                }
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - TerminalStyle.visibleWidth(cell)))
                return alignments[column] == .right ? padding + cell : cell + padding
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(all[0]), rule] + all.dropFirst().map(line)).joined(separator: "\n")
    }

    static func widths(_ all: [[String]], count: Int) -> [Int] {
        (0..<count).map { column in all.map { $0.indices.contains(column) ? TerminalStyle.visibleWidth($0[column]) : 0 }.max() ?? 0 }
    }
}
