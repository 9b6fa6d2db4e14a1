/// A SAML service provider the mock will answer (real IdPs refuse unknown SPs and unregistered ACS URLs).
public struct ServiceProvider: Sendable, Codable, Hashable {
    public var entityID: String
    public var acsURL: String
    /// Name of a key in the ring whose certificate encrypts assertions (default `sp-rsa`).
    public var encryptionKey: String?
    public init(entityID: String, acsURL: String, encryptionKey: String? = nil) {
        self.entityID = entityID; self.acsURL = acsURL; self.encryptionKey = encryptionKey
    }
}
