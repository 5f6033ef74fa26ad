extension Dictionary where Key == String, Value == Int {
    /// The keys of a tally, most frequent first, ties by name: the model or fingerprint a backend reported most.
    var keysByFrequency: [String] {
        sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }
}
