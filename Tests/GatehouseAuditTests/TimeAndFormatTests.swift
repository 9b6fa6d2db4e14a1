import Foundation
import GatehouseAudit
import Testing

@Suite struct TimeAndFormatTests {
    let now = Date(timeIntervalSince1970: 1_900_000_000)

    @Test(arguments: [("90s", 90.0), ("30m", 1800), ("24h", 86_400), ("7d", 604_800), ("2w", 1_209_600), ("0d", 0)])
    func relativeTimes(text: String, seconds: Double) throws {
        #expect(try AuditTimeExpression.parse(text, now: now) == now.addingTimeInterval(-seconds))
    }

    @Test func absoluteTimes() throws {
        #expect(try AuditTimeExpression.parse("2030-03-17T17:46:40Z", now: .distantPast) == now)
        #expect(try AuditTimeExpression.parse("2030-03-17T17:46:40.250Z", now: .distantPast) == now.addingTimeInterval(0.25))
        #expect(try AuditTimeExpression.parse("2030-03-17", now: .distantPast) == Date(timeIntervalSince1970: 1_899_936_000))
    }

    @Test(arguments: ["", "yesterday", "24", "h", "-5d", "5y", "1.5h", "2030-13-45T00:00:00Z", "٣d"])
    func invalidTimes(text: String) {
        #expect(throws: AuditError.self) { try AuditTimeExpression.parse(text, now: now) }
        do { _ = try AuditTimeExpression.parse(text, now: now) } catch { #expect((error as? AuditError)?.code == "audit.invalid_time") }
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(AuditTimestamp.string(now) == "2030-03-17T17:46:40.000Z")
        #expect(AuditTimestamp.string(now.addingTimeInterval(0.0429)) == "2030-03-17T17:46:40.042Z")
        #expect(AuditTimestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func formatsAndRetentionParse() throws {
        #expect(try AuditExportFormat(parsing: "CSV") == .csv)
        #expect(try AuditExportFormat(parsing: "jsonl") == .jsonLines)
        #expect(throws: AuditError.self) { try AuditExportFormat(parsing: "xml") }
        #expect(try AuditRetention(parsing: "forever") == .forever)
        #expect(try AuditRetention(parsing: "90") == .days(90))
        #expect(try AuditRetention(parsing: "30d") == .days(30))
        #expect(try AuditRetention(parsing: "0") == .deleteAfterDelivery)
        #expect(throws: AuditError.self) { try AuditRetention(parsing: "-1") }
        #expect(AuditRetention.forever.cutoff(now: now) == nil)
        #expect(AuditRetention.days(30).cutoff(now: now) == now.addingTimeInterval(-30 * 86_400))
    }

    @Test func csvCellsAreQuotedAndInjectionSafe() {
        #expect(AuditCSV.cell("plain") == "plain")
        #expect(AuditCSV.cell("a,b") == "\"a,b\"")
        #expect(AuditCSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(AuditCSV.cell("two\nlines") == "\"two\nlines\"")
        #expect(AuditCSV.cell("cr\r\nlf") == "\"cr\r\nlf\"")
        #expect(AuditCSV.cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(AuditCSV.cell("+1") == "\"'+1\"")
        #expect(AuditCSV.cell("-2+3") == "\"'-2+3\"")
        #expect(AuditCSV.cell("@SUM(A1)") == "\"'@SUM(A1)\"")
        #expect(AuditCSV.cell("\tx") == "\"'\tx\"")
        #expect(AuditCSV.cell("a=b") == "a=b")
        #expect(AuditCSV.cell("") == "")
    }

    @Test func backoffDoublesToTheCapWithJitter() {
        let backoff = AuditBackoff(base: 10, maximum: 900, jitter: 0.5)
        #expect(backoff.delay(afterAttempts: 0, random: 0) == 10)
        #expect(backoff.delay(afterAttempts: 1, random: 0) == 20)
        #expect(backoff.delay(afterAttempts: 3, random: 0) == 80)
        #expect(backoff.delay(afterAttempts: 3, random: 0.999) > 40)
        #expect(backoff.delay(afterAttempts: 7, random: 0) == 900)
        #expect(backoff.delay(afterAttempts: 1_000_000, random: 0) == 900)
        for attempts in Int64(0)..<20 {
            let delay = backoff.delay(afterAttempts: attempts, random: Double.random(in: 0..<1))
            #expect(delay <= 900 && delay >= min(900, 10 * pow(2, Double(attempts))) / 2)
        }
    }

    @Test func actionCatalogueIsStable() {
        let names = AuditAction.catalogue.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.prefix(12) == [
            "login.success", "login.failure", "logout", "session.revoke", "role.change", "config.change", "domain.verified",
            "domain.verification_lost", "enforcement.on", "enforcement.off", "enforcement.blocker_acknowledged",
            "breakglass.use",
        ])
        #expect(names.dropFirst(12).allSatisfy { $0.hasPrefix("scim.") })
    }
}
