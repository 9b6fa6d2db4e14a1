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
    /// The SP's private key (PEM, relative to the configuration's folder): AuthnRequests are signed with it
    /// (RSA/ECDSA-SHA256, HTTP-Redirect binding) and EncryptedAssertions addressed to the SP are decrypted with it.
    /// Default: none (requests unsigned; an IdP whose metadata says `WantAuthnRequestsSigned` is then refused).
    public var spKeyFile: String?
    /// The certificate of ``spKeyFile``, published in the SP metadata (`/saml/metadata`) for signing and encryption.
    public var spCertificateFile: String?

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
