/// A dashed vertical line across a chart with a short label, marking an event between runs.
///
/// Use it for changes that explain a jump in the data: a new model, a changed eval-set hash,
/// a new prompt version. Labels of nearby markers are stacked in up to four rows; a label that
/// still finds no room is shown only as the tooltip of its line, so list such events in the report too.
///
/// ```swift
/// ChartMarker(at: 19.5, label: "model changed")   // between the 20th and 21st run
/// ChartMarker(at: 20, label: "eval set hash changed")
/// ```
public struct ChartMarker: Sendable, Equatable {
    /// A position in x-index units: `20` is the 21st run, `19.5` lies halfway between two runs.
    public var position: Double
    /// A few words; long labels are shortened on the chart and shown in full as a tooltip.
    public var label: String

    public init(at position: Double, label: String) {
        self.position = position
        self.label = label
    }
}
