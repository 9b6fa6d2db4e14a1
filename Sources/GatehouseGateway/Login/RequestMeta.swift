/// Who sent a request, for the audit trail and logs.
package struct RequestMeta: Sendable {
    package let requestID: String
    package let sourceIP: String
    package let userAgent: String

    package init(requestID: String, sourceIP: String, userAgent: String) {
        self.requestID = requestID
        self.sourceIP = sourceIP
        self.userAgent = String(userAgent.prefix(256))
    }
}
