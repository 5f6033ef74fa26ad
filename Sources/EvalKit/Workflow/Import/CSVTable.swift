import Foundation

/// A CSV file as promptfoo reads it (csv-parse with `columns: true`): a header row, then one record a row; fields may
/// be quoted with `"`, a quote inside doubled, and a quoted field may span lines. Each row keeps its first line.
struct CSVTable {
    let header: [String]
    let rows: [(fields: [String], line: Int)]

    struct Failure: Error, DescribedError {
        let line: Int
        let message: String
        var description: String { "line \(line): \(message)" }
    }

    init(_ text: String) throws(Failure) {
        var records: [(fields: [String], line: Int)] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var line = 1
        var recordLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((fields, recordLine)) }
            fields = []
            field = ""
            atFieldStart = true
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" {
                    if index + 1 < scalars.count && scalars[index + 1] == "\"" { field += "\""; index += 1 } else { quoted = false }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if scalar == "," {
                fields.append(field)
                field = ""
                atFieldStart = true
            } else if scalar == "\n" || scalar == "\r" {
                if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
            index += 1
        }
        if quoted { throw Failure(line: recordLine, message: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else { throw Failure(line: 1, message: "no header row") }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for record in records.dropFirst() where record.fields.count != header.count {
            throw Failure(line: record.line, message: "\(record.fields.count) fields, but the header has \(header.count)")
        }
        rows = Array(records.dropFirst())
    }
}
