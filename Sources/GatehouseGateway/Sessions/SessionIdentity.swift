package import Foundation

/// Who a valid session belongs to: what `/auth/check` forwards and `/me` shows.
package struct SessionIdentity: Sendable, Hashable {
    package let userID: String
    package let organizationID: String
    package let organizationName: String
    package let email: String
    package let displayName: String
    package let role: String
    package let createdAt: Date
    package let absoluteExpiresAt: Date
}
