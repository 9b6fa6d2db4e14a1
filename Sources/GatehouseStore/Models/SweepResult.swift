/// How many expired rows one sweep deleted.
public struct SweepResult: Sendable, Hashable, Codable {
    public var replayEntries: Int
    public var pendingLogins: Int
    public var sessions: Int

    public init(replayEntries: Int = 0, pendingLogins: Int = 0, sessions: Int = 0) {
        self.replayEntries = replayEntries
        self.pendingLogins = pendingLogins
        self.sessions = sessions
    }
}
