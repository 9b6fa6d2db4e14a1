extension IDTokenValidator {
    /// Groups from the configured claim, detecting Entra ID's groups overage instead of mapping no groups.
    ///
    /// Entra ID omits `groups` when the user is in too many groups (over 200 in a JWT) and instead sends
    /// `_claim_names: {"groups": "src1"}` with `_claim_sources`, or `hasgroups: true` (implicit flow).
    func readGroups(_ claims: [String: JSONValue]) throws(OIDCError) -> [String] {
        guard let claimName = options.groupsClaim else { return [] }
        let overageByClaimNames = claims["_claim_names"]?.objectValue.map { $0["groups"] != nil || $0[claimName] != nil } ?? false
        let overageByHasGroups = claims["hasgroups"] == .bool(true)
        if claims[claimName] == nil, overageByClaimNames || overageByHasGroups {
            let marker = overageByClaimNames ? "_claim_names/_claim_sources" : "hasgroups: true"
            throw OIDCError(
                .groupsOverage,
                "the IdP left out the '\(claimName)' claim because the user is in too many groups (Entra ID groups overage, "
                    + "signalled by \(marker)). Fix in Entra ID: App registration → Token configuration → edit the groups claim "
                    + "and choose 'Groups assigned to the application' (assign only the groups Gatehouse maps), or emit app roles "
                    + "instead of groups")
        }
        switch claims[claimName] {
        case nil: return []
        case .string(let single)?: return [single]
        case .array(let list)? where list.allSatisfy({ $0.stringValue != nil }): return list.compactMap(\.stringValue)
        case let other?:
            throw OIDCError(
                .claimInvalid, "the groups claim '\(claimName)' is a \(other.typeName); expected a string or an array of strings")
        }
    }
}
