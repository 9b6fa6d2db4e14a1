/// An attribute path as written: an optional schema URN, an attribute, an optional sub-attribute
/// (`urn:…:enterprise:2.0:User:manager.value`, `name.givenName`, `userName`).
struct SCIMAttributePath: Sendable, Hashable, CustomStringConvertible {
    var urn: String?
    var attribute: String
    var subAttribute: String?

    var description: String {
        (urn.map { $0 + ":" } ?? "") + attribute + (subAttribute.map { "." + $0 } ?? "")
    }
}

/// A comparison operator of RFC 7644 §3.4.2.2.
enum SCIMCompareOp: String, Sendable, CaseIterable {
    case eq, ne, co, sw, ew, gt, ge, lt, le, pr
}

/// A parsed filter (RFC 7644 §3.4.2.2).
indirect enum SCIMFilter: Sendable, Hashable {
    case and(SCIMFilter, SCIMFilter)
    case or(SCIMFilter, SCIMFilter)
    case not(SCIMFilter)
    /// `attrPath op value`; `value` is nil for `pr`.
    case compare(SCIMAttributePath, SCIMCompareOp, JSONValue?)
    /// `attrPath[valFilter]`: some value of the multi-valued attribute matches `filter`, whose paths are
    /// sub-attributes of it.
    case valuePath(SCIMAttributePath, SCIMFilter)

    /// The conjuncts of a top-level `and` chain.
    var conjuncts: [SCIMFilter] {
        if case .and(let l, let r) = self { return l.conjuncts + r.conjuncts }
        return [self]
    }

    /// The disjuncts of a top-level `or` chain.
    var disjuncts: [SCIMFilter] {
        if case .or(let l, let r) = self { return l.disjuncts + r.disjuncts }
        return [self]
    }
}

/// Limits that keep a hostile filter's cost bounded.
public struct SCIMFilterLimits: Sendable, Hashable {
    /// Longest filter accepted, in bytes.
    public var maxLength: Int
    /// Deepest nesting of parentheses, `not` and value paths.
    public var maxDepth: Int
    /// Most comparisons in one filter.
    public var maxTerms: Int

    public init(maxLength: Int = 4096, maxDepth: Int = 16, maxTerms: Int = 64) {
        self.maxLength = maxLength
        self.maxDepth = maxDepth
        self.maxTerms = maxTerms
    }
}
