extension Unicode.Scalar {
    /// Bidirectional formatting characters (embeddings, overrides, isolates, marks). In untrusted text they can make
    /// what follows read backwards ("Trojan Source"), so reports show them as visible escapes instead.
    var isBidirectionalControl: Bool {
        switch value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
