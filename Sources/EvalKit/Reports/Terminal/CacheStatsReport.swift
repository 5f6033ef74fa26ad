import Foundation

/// `evalctl cache stats`: what the response cache holds, in total and per wire type, endpoint and model.
public struct CacheStatsReport: Sendable {
    public let statistics: CacheStatistics
    /// The widest the text may be; the endpoint, model and wire type columns are shortened (with `…`) to fit.
    public var width = 80

    public init(statistics: CacheStatistics) {
        self.statistics = statistics
    }

    public func text() -> String {
        guard let oldest = statistics.oldest, let newest = statistics.newest else { return "the response cache is empty" }
        var lines = [
            "entries  \(statistics.entries)",
            "size     \(Self.size(statistics.bytes)) (requests and answers)",
            "oldest   \(DateText.utc(oldest)) UTC",
            "newest   \(DateText.utc(newest)) UTC",
            "",
        ]
        var rows = statistics.groups.map { group in
            [group.wireType.isEmpty ? "-" : TerminalText.sanitize(group.wireType, limit: 200), TerminalText.sanitize(group.endpoint, limit: 200),
             TerminalText.sanitize(group.model, limit: 200), String(group.entries), Self.size(group.bytes), Self.day(group.newest)]
        }
        let headers = ["WIRE", "ENDPOINT", "MODEL", "ENTRIES", "SIZE", "NEWEST"]
        // Shorten the widest of the three name columns, one character at a time, until a row fits.
        var widths = headers.indices.map { column in ([headers] + rows).map { $0[column].count }.max() ?? 0 }
        while widths.reduce(0, +) + 2 * (widths.count - 1) > width, let widest = [1, 2, 0].max(by: { widths[$0] < widths[$1] }),
              widths[widest] > headers[widest].count {
            widths[widest] -= 1
        }
        for column in [0, 1, 2] {
            for row in rows.indices { rows[row][column] = Self.shorten(rows[row][column], to: widths[column]) }
        }
        var table = TextTable(headers: headers, alignments: [.left, .left, .left, .right, .right, .left])
        rows.forEach { table.add($0) }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }

    /// `{"entries", "bytes", "oldest", "newest", "groups": [{"wire_type", "endpoint", "model", "entries", "bytes",
    /// "oldest", "newest"}]}`; times are ISO 8601 UTC, null for an empty cache.
    public func json() -> String {
        let groups: [JSONValue] = statistics.groups.map { group in
            .object([
                "wire_type": .string(group.wireType), "endpoint": .string(group.endpoint), "model": .string(group.model),
                "entries": .number(Double(group.entries)), "bytes": .number(Double(group.bytes)),
                "oldest": .string(DateText.iso(group.oldest)), "newest": .string(DateText.iso(group.newest)),
            ])
        }
        return JSONValue.object([
            "entries": .number(Double(statistics.entries)), "bytes": .number(Double(statistics.bytes)),
            "oldest": statistics.oldest.map { .string(DateText.iso($0)) } ?? .null,
            "newest": statistics.newest.map { .string(DateText.iso($0)) } ?? .null, "groups": .array(groups),
        ]).canonicalJSON
    }

    /// Bytes in binary units: `512 B`, `3.4 KB`, `12.0 MB`.
    static func size(_ bytes: Int) -> String {
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        for unit in ["KB", "MB", "GB"] {
            if value < 1024 || unit == "GB" { return String(format: "%.1f", value) + " " + unit }
            value /= 1024
        }
        return "\(bytes) B"
    }

    /// `2026-01-31 12:00:00`, in UTC.
    public static func dateTime(_ date: Date) -> String {
        DateText.utc(date)
    }

    static func day(_ date: Date) -> String {
        String(DateText.utc(date).prefix(10))
    }

    static func shorten(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }
}
