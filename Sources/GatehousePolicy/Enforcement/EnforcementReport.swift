public import struct Foundation.Date

/// The result of a dry run over one organization: per-member predictions and org-level blockers.
public struct EnforcementReport: Sendable {
    public struct Summary: Hashable, Sendable {
        public var members = 0
        public var keepsRole = 0
        public var roleChanges = 0
        public var lockedOut = 0
        public var breakGlass = 0
        /// Owners (incl. the Primary Owner) predicted to sign in through SSO with an owner role.
        public var ownersAbleToSignIn = 0
        /// Owners and Admins predicted to be locked out.
        public var administrativeLockouts = 0
    }

    public var orgID: String
    public var orgName: String
    public var generatedAt: Date
    public var members: [MemberOutcome]
    public var blockers: [Blocker]
    public var summary: Summary

    /// No blocker stands: enforcement can be turned on without acknowledgements.
    public var isSafe: Bool { blockers.isEmpty }
    /// Some blocker is an Owner/Admin lockout or leaves no Owner able to sign in.
    public var hasLockout: Bool { blockers.contains { $0.isLockout } }
    /// The CLI's exit status: 0 safe, 1 any blocker stands (lockouts always are blockers).
    public var exitStatus: Int32 { isSafe ? 0 : 1 }
}
