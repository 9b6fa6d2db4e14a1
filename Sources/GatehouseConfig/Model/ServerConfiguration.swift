/// Gateway server settings (section `server`). Every field has a documented default, so the section may be
/// omitted for tools that only read organizations (`policy explain`, `enforce --dry-run`).
public struct ServerConfiguration: Hashable, Sendable {
    /// `host:port` to listen on. Default `127.0.0.1:8080`.
    public var listen: String
    /// The externally visible base URL (ACS and callback URLs derive from it, never from `Host`).
    /// Default `http://127.0.0.1:8080`.
    public var publicBaseURL: String
    /// Idle session lifetime in seconds. Default 1800 (30 minutes). YAML accepts `30m`, `12h`, `90s`, `7d` or seconds.
    public var sessionIdleTimeout: Int
    /// Absolute session lifetime in seconds. Default 43200 (12 hours).
    public var sessionAbsoluteTimeout: Int
    /// Origins (`https://app.example.com`) that `return_to` and `RelayState` may point to. Default: none beyond
    /// `publicBaseURL` itself.
    public var allowedReturnOrigins: [String]
    /// Allows non-`Secure` cookies on loopback.
    /// - Warning: never enable on a reachable interface: session cookies then travel in clear text.
    public var devMode: Bool

    public init(
        listen: String = "127.0.0.1:8080", publicBaseURL: String = "http://127.0.0.1:8080",
        sessionIdleTimeout: Int = 1800, sessionAbsoluteTimeout: Int = 43_200, allowedReturnOrigins: [String] = [],
        devMode: Bool = false
    ) {
        self.listen = listen
        self.publicBaseURL = publicBaseURL
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.allowedReturnOrigins = allowedReturnOrigins
        self.devMode = devMode
    }
}
