/// The authorization endpoint's outcome.
public enum AuthorizeOutcome: Sendable {
    /// 302 to the client's redirect URI (with `code`, or with `error`).
    case redirect(String)
    /// The request cannot be redirected (unknown client, unregistered redirect URI): an error page, 400.
    case errorPage(status: Int, message: String)
}
