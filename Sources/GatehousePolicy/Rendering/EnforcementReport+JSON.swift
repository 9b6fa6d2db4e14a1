extension EnforcementReport {
    /// The report as one JSON object with stable, sorted keys (documented in docs/policy.md).
    public func renderJSON() -> String { String(decoding: renderJSONBytes(), as: UTF8.self) }

    /// ``renderJSON()`` as UTF-8 bytes, without the copy into a `String` (100,000-member reports are ~50 MB).
    public func renderJSONBytes() -> [UInt8] {
        var w = JSONWriter(capacity: 256 + members.count * 256)
        w.beginObject()
        w.key("blockers")
        w.beginArray()
        for b in blockers {
            w.beginObject()
            w.key("code"); w.value(b.code.description)
            w.key("id"); w.value(b.id)
            w.key("lockout"); w.value(b.isLockout)
            w.key("message"); w.value(b.message)
            w.key("subject"); w.value(b.subject)
            w.endObject()
        }
        w.endArray()
        w.key("exitStatus"); w.value(Int(exitStatus))
        w.key("generatedAt"); w.value(ISOTime.string(generatedAt))
        w.key("members")
        w.beginArray()
        for m in members { m.writeJSON(into: &w) }
        w.endArray()
        w.key("org")
        w.beginObject()
        w.key("id"); w.value(orgID)
        w.key("name"); w.value(orgName)
        w.endObject()
        w.key("safe"); w.value(isSafe)
        w.key("summary")
        w.beginObject()
        w.key("administrativeLockouts"); w.value(summary.administrativeLockouts)
        w.key("breakGlass"); w.value(summary.breakGlass)
        w.key("keepsRole"); w.value(summary.keepsRole)
        w.key("lockedOut"); w.value(summary.lockedOut)
        w.key("members"); w.value(summary.members)
        w.key("ownersAbleToSignIn"); w.value(summary.ownersAbleToSignIn)
        w.key("roleChanges"); w.value(summary.roleChanges)
        w.endObject()
        w.endObject()
        return w.bytes
    }
}

extension MemberOutcome {
    func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        w.key("currentRole"); w.value(currentRole?.name)
        w.key("email"); w.value(email)
        w.key("name"); w.value(name)
        w.key("nearMisses")
        w.beginArray()
        for n in nearMisses { n.writeJSON(into: &w) }
        w.endArray()
        w.key("outcome"); w.value(kind.rawValue)
        w.key("predictedRole"); w.value(predictedRole?.name)
        w.key("reasons")
        w.beginArray()
        for r in reasons {
            w.beginObject()
            w.key("code"); w.value(r.code)
            w.key("message"); w.value(r.message)
            w.endObject()
        }
        w.endArray()
        w.key("ruleID"); w.value(ruleID)
        w.endObject()
    }
}

extension NearMiss {
    func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        w.key("expected"); w.value(expected)
        w.key("kind"); w.value(kind.rawValue)
        w.key("message"); w.value(message)
        w.key("received"); w.value(received)
        w.key("ruleID"); w.value(ruleID)
        w.endObject()
    }
}
