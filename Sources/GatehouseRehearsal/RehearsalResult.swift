import Foundation
public import GatehousePolicy

/// What the rehearsal saw for each member, next to what the dry run predicted.
public struct RehearsalResult: Sendable {
    public struct Entry: Sendable, Hashable {
        public var email: String
        /// The dry run's outcome (`keeps_role`, `role_changes`, `locked_out`, `break_glass`) and role.
        public var predictedOutcome: String
        public var predictedRole: String?
        /// `signed_in`, `refused`, or `skipped` (break-glass accounts sign in without the IdP).
        public var rehearsedOutcome: String
        public var rehearsedRole: String?
        /// The error code of a refusal (`policy.*`, `saml.*`, `oidc.*`, `gateway.*`, or `idp.unavailable` when the
        /// IdP itself did not answer), when known.
        public var code: String?
        public var detail: String
        public var agrees: Bool
        /// The member's role today or predicted is Owner/Admin.
        public var administrative: Bool
    }

    public var orgID: String
    public var scenarios: [String]
    public var entries: [Entry]
    /// Members the dry run covered but the `--rehearse-limit` left out.
    public var notRehearsed: Int
    public var seconds: Double

    public var disagreements: [Entry] { entries.filter { !$0.agrees } }
    /// Owners who signed in through the IdP during the rehearsal, plus break-glass accounts.
    public var ownersAbleToSignIn: Int {
        entries.filter { ($0.rehearsedOutcome == "signed_in" && Role(name: $0.rehearsedRole ?? "").isOwner) || $0.rehearsedOutcome == "skipped" }.count
    }
    /// 0 when the rehearsal agrees with the dry run and an Owner can still sign in; 1 when an Owner/Admin's
    /// prediction failed in practice, or no Owner (break-glass included) could sign in.
    public var exitStatus: Int32 {
        disagreements.contains { $0.administrative } || ownersAbleToSignIn == 0 ? 1 : 0
    }

    public func renderTable() -> String {
        var lines = ["Rehearsal of org \(orgID): \(entries.count) member(s) through a real login against the TEST-ONLY mock IdP"
                     + (scenarios.isEmpty ? "" : " with scenario(s) \(scenarios.joined(separator: ", "))")
                     + String(format: " in %.1f s", seconds)]
        if notRehearsed > 0 { lines.append("  \(notRehearsed) more member(s) not rehearsed (--rehearse-limit)") }
        let signedIn = entries.filter { $0.rehearsedOutcome == "signed_in" }.count
        let refused = entries.filter { $0.rehearsedOutcome == "refused" }.count
        lines.append("  signed in \(signedIn), refused \(refused), break-glass \(entries.count - signedIn - refused), "
                     + "disagreements with the prediction \(disagreements.count), owners able to sign in \(ownersAbleToSignIn)")
        let width = max(5, entries.map(\.email.count).max() ?? 5)
        let predictedWidth = max(9, entries.map { $0.predictedOutcome.count + ($0.predictedRole.map { $0.count + 3 } ?? 0) }.max() ?? 9) + 2
        lines.append("")
        lines.append("  " + "EMAIL".padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                     + "PREDICTED".padding(toLength: predictedWidth, withPad: " ", startingAt: 0) + "REHEARSED")
        for e in entries {
            let predicted = e.predictedOutcome + (e.predictedRole.map { " (\($0))" } ?? "")
            var rehearsed = e.rehearsedOutcome + (e.rehearsedRole.map { " (\($0))" } ?? "")
            if let code = e.code { rehearsed += " \(code)" }
            lines.append((e.agrees ? "  " : "! ") + e.email.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                         + predicted.padding(toLength: predictedWidth, withPad: " ", startingAt: 0) + rehearsed
                         + (e.agrees || e.detail.isEmpty ? "" : " — \(e.detail.count > 200 ? e.detail.prefix(197) + "..." : e.detail)"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON object (sorted keys): `disagreements`, `exitStatus`, `members`, `notRehearsed`, `org`, `ownersAbleToSignIn`,
    /// `scenarios`, `seconds`.
    public func renderJSON() -> String {
        let members: [[String: Any]] = entries.map { e in
            var m: [String: Any] = ["email": e.email, "predictedOutcome": e.predictedOutcome, "rehearsedOutcome": e.rehearsedOutcome,
                                    "agrees": e.agrees, "administrative": e.administrative, "detail": e.detail]
            m["predictedRole"] = e.predictedRole ?? NSNull()
            m["rehearsedRole"] = e.rehearsedRole ?? NSNull()
            m["code"] = e.code ?? NSNull()
            return m
        }
        let object: [String: Any] = ["org": orgID, "scenarios": scenarios, "members": members, "notRehearsed": notRehearsed,
                                     "disagreements": disagreements.count, "ownersAbleToSignIn": ownersAbleToSignIn,
                                     "exitStatus": Int(exitStatus), "seconds": (seconds * 1000).rounded() / 1000]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// An HTML section (every value escaped) to append to the dry-run page.
    public func renderHTMLSection() -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var rows = ""
        for e in entries {
            rows += "<tr\(e.agrees ? "" : " style=\"background:#fde2e2\"")><td>\(esc(e.email))</td><td>\(esc(e.predictedOutcome)) \(esc(e.predictedRole ?? ""))</td>"
                + "<td>\(esc(e.rehearsedOutcome)) \(esc(e.rehearsedRole ?? "")) \(esc(e.code ?? ""))</td><td>\(esc(e.detail))</td></tr>\n"
        }
        return """
            <h2>Rehearsal</h2>
            <p>\(entries.count) member(s) through a real login against the TEST-ONLY mock IdP\(scenarios.isEmpty ? "" : " with " + esc(scenarios.joined(separator: ", "))); \
            \(disagreements.count) disagreement(s) with the prediction; owners able to sign in: \(ownersAbleToSignIn).</p>
            <table><tr><th>Email</th><th>Predicted</th><th>Rehearsed</th><th>Detail</th></tr>
            \(rows)</table>
            """
    }
}
