/// Whether the recorded action succeeded; stored as `success` / `failure`.
public enum AuditResult: String, Sendable, Hashable {
    case success
    case failure
}
