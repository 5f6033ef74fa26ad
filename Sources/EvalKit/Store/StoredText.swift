import Foundation

/// Text as every store keeps it whole, so both dialects store and return the same characters. SQLite text ends at a
/// NUL character and PostgreSQL text cannot hold one at all, so a NUL in model output is stored as U+2400 (␀), which
/// every report shows as is.
enum StoredText {
    static func storable(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\u{2400}") : text
    }

    /// The `flags` column: a JSON array, NULL when no flag fired.
    static func flagsColumn(_ flags: [String]?) -> String? {
        guard let flags, !flags.isEmpty else { return nil }
        return JSONValue.array(flags.map(JSONValue.string)).canonicalJSON
    }

    /// The `flags` column read back.
    static func flags(_ column: String?) -> [String]? {
        guard let column, let value = try? JSONValue(parsing: Data(column.utf8)), case .array(let items) = value else { return nil }
        return items.compactMap { if case .string(let flag) = $0 { flag } else { nil } }
    }
}
