/// Where something recorded changed in a suite's history: between the point before `index` and the point at it,
/// with the causes `ChangeAttribution` names. The HTML report marks each on the suite's charts.
public struct SuiteChange: Sendable {
    /// The later point's index in `SuiteHistory.points`.
    public let index: Int
    public let beforeRunID: Int64
    public let afterRunID: Int64
    public let causes: [ChangeCause]

    /// The causes as one line, for a chart marker's label and a list item.
    public var summary: String { causes.map(\.description).joined(separator: "; ") }
}
