/// The receiver's answer: only the status matters (2xx = delivered); the body is read up to a cap and dropped.
public struct WebhookResponse: Sendable, Hashable {
    public var status: Int

    public init(status: Int) { self.status = status }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
