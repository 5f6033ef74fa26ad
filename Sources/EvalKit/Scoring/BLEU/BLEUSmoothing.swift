/// How BLEU treats an n-gram order with no matches, after Chen & Cherry (2014); sacreBLEU's `--smooth-method`.
///
/// `.exp` (the default, NIST's method 3) suits both corpus and sentence scores. `.floor` and `.addK` carry
/// their value (sacreBLEU's defaults: 0.1 and 1); `.none` gives 0 as soon as one order has no match.
///
/// ```swift
/// let smoothing = BLEUSmoothing(method: "floor", value: nil)  // .floor(0.1)
/// ```
public enum BLEUSmoothing: Sendable, Hashable {
    /// Each order without a match counts as 1 / (2^k · total), k = 1, 2, … for the first, second, … such order.
    case exp
    /// An order without a match counts as `value` matches.
    case floor(Double)
    /// Adds `value` to the matches and the totals of orders 2 and up.
    case addK(Double)
    /// No smoothing.
    case none

    public static let defaultFloor = 0.1
    public static let defaultAddK = 1.0

    /// sacreBLEU's method names, in its order.
    public static let methodNames = ["none", "floor", "add-k", "exp"]

    /// The smoothing sacreBLEU names `method` (`exp`, `floor`, `add-k`, `none`); `value` nil takes the default.
    /// Returns nil for an unknown method name.
    public init?(method: String, value: Double? = nil) {
        switch method {
        case "exp": self = .exp
        case "floor": self = .floor(value ?? Self.defaultFloor)
        case "add-k": self = .addK(value ?? Self.defaultAddK)
        case "none": self = .none
        default: return nil
        }
    }

    /// sacreBLEU's name for the method.
    public var method: String {
        switch self {
        case .exp: "exp"
        case .floor: "floor"
        case .addK: "add-k"
        case .none: "none"
        }
    }

    /// The value `.floor` and `.addK` carry; nil for the methods that take none.
    public var value: Double? {
        switch self {
        case .floor(let value), .addK(let value): value
        case .exp, .none: nil
        }
    }

    /// Whether the method takes a value (`floor`, `add-k`).
    public static func takesValue(_ method: String) -> Bool { method == "floor" || method == "add-k" }
}
