/// The version evalctl records with every run.
public enum EvalKitVersion {
    public static let current = "0.1.0"
}
