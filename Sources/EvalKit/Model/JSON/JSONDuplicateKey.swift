/// Finds a key that occurs twice in one JSON object: `JSONParser` keeps the last value silently, so a case with two
/// `"expected"` would be scored against the second without a word.
///
/// Run it on text the parser accepted; on anything else the answer is meaningless.
enum JSONDuplicateKey {
    /// The first repeated key (decoded, so `"a"` and `"\u0061"` are the same key) with its 1-based byte column.
    static func first(in bytes: some Collection<UInt8>) -> (key: String, column: Int)? {
        if let found = bytes.withContiguousStorageIfAvailable({ first(inBuffer: $0) }) { return found }
        return Array(bytes).withUnsafeBufferPointer { first(inBuffer: $0) }
    }

    private static func first(inBuffer bytes: UnsafeBufferPointer<UInt8>) -> (key: String, column: Int)? {
        // One entry per open container: the keys an object has so far, or nil for an array.
        var open: [Set<String>?] = []
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                open.append([])
                expectingKey = true
            case UInt8(ascii: "["):
                open.append(nil)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                open.removeLast()
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = open.last.map { $0 != nil } ?? false
            case UInt8(ascii: "\""):
                let start = index
                index = endOfString(bytes, from: start)
                if expectingKey, let last = open.indices.last {
                    let key = decodeKey(bytes[start...index])
                    if open[last]!.contains(key) { return (key, start + 1) }
                    open[last]!.insert(key)
                    expectingKey = false
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The index of the closing quote of the string that opens at `start`.
    private static func endOfString(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start + 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        return min(index, bytes.count - 1)
    }

    private static func decodeKey(_ quoted: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        if !quoted.contains(UInt8(ascii: "\\")) { return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self) }
        return (try? JSONParser.parse(quoted))?.stringValue ?? String(decoding: quoted, as: UTF8.self)
    }
}
