/// The kinds of personal data and credentials `red_line_pii` looks for (its `kinds:` option names them).
public enum PIIKind: String, Sendable, CaseIterable, Hashable {
    case email
    case phone
    case card
    case iban
    case apiKey = "api_key"

    /// How a hit is named in a reason.
    var label: String {
        switch self {
        case .email: "email address"
        case .phone: "phone number"
        case .card: "card number"
        case .iban: "IBAN"
        case .apiKey: "API key"
        }
    }
}
