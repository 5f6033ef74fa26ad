/// What a stored finish reason (a provider's stop reason) says, where evalctl acts on it.
///
///     FinishReason.isRefusal(result.finishReason)   // count it, mark it in the reports
public enum FinishReason {
    /// The reasons that mean the model declined to answer: Anthropic's `refusal` stop reason, OpenAI's
    /// `content_filter` finish reason.
    public static let refusals = ["refusal", "content_filter"]

    public static func isRefusal(_ reason: String?) -> Bool {
        reason.map(refusals.contains) ?? false
    }
}
