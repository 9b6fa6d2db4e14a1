public import struct Foundation.Date

/// A workspace. `settings` is JSON owned by the layer above (the gateway's configuration); the store keeps it verbatim.
public struct Organization: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var settingsJSON: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, name: String, settingsJSON: String = "{}", createdAt: Date, updatedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.settingsJSON = settingsJSON
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
