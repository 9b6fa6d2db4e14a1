import Foundation

/// A named, composable failure (or success) mode of the mock IdP.
public struct Scenario: Sendable {
    public enum ProtocolKind: String, Sendable, Codable { case saml = "S", oidc = "O", both = "B" }
    public enum Stage: String, Sendable, Codable { case directory, claims, build, sign, bind, transport }

    /// e.g. `sign.wrong-key`, `clock.idp-ahead` (parameterised ones are written `clock.idp-ahead(90)`).
    public let name: String
    public let protocolKind: ProtocolKind
    public let stage: Stage
    /// What the mock does.
    public let summary: String
    /// The gateway error code (or outcome) this should cause, e.g. `saml.untrusted_key`.
    public let expectedGatewayError: String
    /// Default parameter for parameterised scenarios (nil: takes none).
    public let defaultParameter: Double?
    let apply: @Sendable (inout LoginPlan, Double) -> Void

    init(_ name: String, _ p: ProtocolKind, _ stage: Stage, _ summary: String, expect: String,
         parameter: Double? = nil, _ apply: @escaping @Sendable (inout LoginPlan, Double) -> Void) {
        self.name = name
        self.protocolKind = p
        self.stage = stage
        self.summary = summary
        self.expectedGatewayError = expect
        self.defaultParameter = parameter
        self.apply = apply
    }

    /// Applies the scenario with `parameter` (or its default).
    public func apply(to plan: inout LoginPlan, parameter: Double? = nil) {
        apply(&plan, parameter ?? defaultParameter ?? 0)
    }
}

/// A scenario name with its optional parameter, parsed from `name` or `name(N)`.
public struct ScenarioRef: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let parameter: Double?

    public init(name: String, parameter: Double? = nil) { self.name = name; self.parameter = parameter }

    /// Parses `clock.idp-ahead(90)`, `idp.slow(2.5)` or `sign.none`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.count <= 100 else { return nil }
        if let open = t.firstIndex(of: "("), t.hasSuffix(")") {
            let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
            guard let value = Double(inner) else { return nil }
            name = String(t[..<open]); parameter = value
        } else {
            name = t; parameter = nil
        }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }) else { return nil }
    }

    /// Parses `a + b(3), c`.
    public static func parseList(_ text: String) -> [ScenarioRef]? {
        let parts = text.split(whereSeparator: { $0 == "+" || $0 == "," }).map(String.init)
        var refs: [ScenarioRef] = []
        for part in parts where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let ref = ScenarioRef(parsing: part) else { return nil }
            refs.append(ref)
        }
        return refs
    }

    public var description: String {
        guard let p = parameter else { return name }
        return p == p.rounded() ? "\(name)(\(Int(p)))" : "\(name)(\(p))"
    }
}
