extension ResultStatus {
    /// The status a store column holds. A value no version of evalctl writes is read as an error, which never counts
    /// as a pass or a fail.
    init(stored text: String) {
        self = ResultStatus(rawValue: text) ?? .error
    }
}
