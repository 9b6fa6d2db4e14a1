/// Which signatures a connection demands. Any signature that is present must verify, whatever this says.
public struct SignatureRequirement: Sendable, Hashable, CustomStringConvertible {
    enum Base: String, Sendable { case assertion, response, both, either }
    let base: Base

    /// The Assertion itself must be signed.
    public static let assertion = Self(base: .assertion)
    /// The Response must be signed (it then covers the assertion inside it).
    public static let response = Self(base: .response)
    /// Both must be signed.
    public static let both = Self(base: .both)
    /// At least one valid signature must cover the assertion: the default, what Okta, Entra ID and Google send.
    public static let either = Self(base: .either)

    public init?(_ name: String) {
        guard let base = Base(rawValue: name) else { return nil }
        self.base = base
    }
    private init(base: Base) { self.base = base }

    public var description: String { base.rawValue }

    func isSatisfied(responseSigned: Bool, assertionSigned: Bool) -> Bool {
        switch base {
        case .assertion: assertionSigned
        case .response: responseSigned
        case .both: assertionSigned && responseSigned
        case .either: assertionSigned || responseSigned
        }
    }
}
