/// A session together with its user: what forward-auth reads on every request, in one lookup.
public struct SessionIdentityRecord: Sendable, Hashable {
    public var session: SessionRecord
    public var user: DirectoryUser

    public init(session: SessionRecord, user: DirectoryUser) {
        self.session = session
        self.user = user
    }
}
