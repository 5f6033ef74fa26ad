/// A case's expected answer as the case explorer shows it. Results do not store it: it comes from the eval set, when
/// the case there is still the one that ran; otherwise the page says why there is none.
public struct ExpectedAnswer: Sendable, Equatable {
    /// The expected answer as plain text; nil when it is not known.
    public var text: String?
    /// Why there is no text (e.g. "case c3 changed in evalsets/qa since the run").
    public var missing: String?
    /// Where the text came from (e.g. "from evalsets/qa").
    public var source: String?

    public init(text: String, source: String? = nil) {
        self.text = text
        self.source = source
        missing = nil
    }

    public init(missing reason: String) {
        text = nil
        missing = reason
        source = nil
    }

    /// What a reader is told about the answer: where it came from, or why there is none.
    public var note: String { missing ?? source ?? "" }
}

/// Where the explorer gets each result's expected answer. `RunEvalSets` (Workflow) reads the eval sets a run recorded;
/// tests pass a closure.
public typealias ExpectedAnswerLookup = @Sendable (ResultRecord) -> ExpectedAnswer
