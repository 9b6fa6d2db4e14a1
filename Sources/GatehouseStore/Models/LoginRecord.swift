public import struct Foundation.Date

/// The claims last seen for a user at login (for the policy dry run). One row per user, replaced at each login.
public struct LoginRecord: Sendable, Hashable {
    public var userID: String
    public var organizationID: String
    public var connectionID: String
    public var claimsJSON: String
    public var loggedInAt: Date

    public init(userID: String, organizationID: String, connectionID: String, claimsJSON: String, loggedInAt: Date) {
        self.userID = userID
        self.organizationID = organizationID
        self.connectionID = connectionID
        self.claimsJSON = claimsJSON
        self.loggedInAt = loggedInAt
    }
}
