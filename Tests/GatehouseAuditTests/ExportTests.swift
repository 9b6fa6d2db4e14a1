import Foundation
import GatehouseAudit
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct ExportTests {
    let now = Date(timeIntervalSince1970: 1_900_000_000)

    func export(_ store: SQLGatehouseStore, org: String, since: Date, until: Date? = nil, format: AuditExportFormat,
                pageSize: Int) async throws -> (text: String, count: Int, chunks: Int) {
        var text = ""
        var chunks = 0
        let count = try await AuditExporter(store: store, pageSize: pageSize).export(
            organizationID: org, since: since, until: until, format: format) { chunk in
            text += chunk
            chunks += 1
        }
        return (text, count, chunks)
    }

    @Test(arguments: AuditBackend.enabled)
    func jsonLinesPageAcrossManyPages(backend: AuditBackend) async throws {
        try await withAuditStore(backend) { store, _ in
            let clock = ManualClock(now)
            let recorder = AuditRecorder(store: store, clock: clock)
            for index in 0..<25 {
                clock.set(now.addingTimeInterval(Double(index)))
                try await recorder.loginSucceeded(organizationID: "acme", user: "user\(index)@acme.example",
                                                  connectionID: "okta", protocol: "saml",
                                                  context: AuditContext(requestID: "req-\(index)", sourceIP: "192.0.2.7",
                                                                        userAgent: "Firefox"))
            }
            let (text, count, chunks) = try await export(store, org: "acme", since: now.addingTimeInterval(2),
                                                         until: now.addingTimeInterval(22), format: .jsonLines, pageSize: 7)
            #expect(count == 20)
            #expect(chunks == 3)  // 7 + 7 + 6: bounded pages, not one big read
            let lines = text.split(separator: "\n")
            #expect(lines.count == 20)
            let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            #expect(first["time"] as? String == "2030-03-17T17:46:42.000Z")
            #expect(first["actor"] as? String == "user2@acme.example")
            #expect(first["org"] as? String == "acme")
            #expect(first["action"] as? String == "login.success")
            #expect(first["target"] as? String == "okta")
            #expect(first["result"] as? String == "success")
            #expect(first["code"] as? String == "")
            #expect(first["request_id"] as? String == "req-2")
            #expect(first["source_ip"] as? String == "192.0.2.7")
            #expect(first["user_agent"] as? String == "Firefox")
            #expect((first["details"] as? [String: Any])?["connection"] as? String == "okta")
            let sequence = try #require(first["sequence"] as? Int)
            #expect(first["id"] as? String == "acme:\(sequence)")
            let actors = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["actor"] as? String }
            #expect(actors == (2..<22).map { "user\($0)@acme.example" })
            // Exactly one page boundary case: a page size equal to the count still terminates.
            #expect(try await export(store, org: "acme", since: now, format: .jsonLines, pageSize: 25).count == 25)
            #expect(try await export(store, org: "other", since: now, format: .jsonLines, pageSize: 5).count == 0)
        }
    }

    @Test func csvQuotesAndNeutralizesFormulas() async throws {
        try await withAuditStore(.sqlite) { store, _ in
            let recorder = AuditRecorder(store: store, clock: FixedClock(now))
            try await recorder.loginFailed(organizationID: "acme", subject: "=HYPERLINK(\"http://evil\",\"x\")",
                                           connectionID: "okta, prod", code: "saml.audience_mismatch",
                                           context: AuditContext(requestID: "r1", sourceIP: "198.51.100.1",
                                                                 userAgent: "Mozilla \"quoted\"\nnext"))
            try await recorder.configChanged(organizationID: "acme", actor: "@admin", setting: "-rule", summary: "+1",
                                             context: .system)
            let (text, count, _) = try await export(store, org: "acme", since: now.addingTimeInterval(-1), format: .csv,
                                                    pageSize: 1)
            #expect(count == 2)
            let header = "time,actor,org,action,target,result,code,request_id,source_ip,user_agent,details,sequence\r\n"
            #expect(text.hasPrefix(header))
            let body = String(text.dropFirst(header.count))
            #expect(body.hasPrefix(
                "2030-03-17T17:46:40.000Z,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",acme,login.failure,\"okta, prod\",failure,"
                    + "saml.audience_mismatch,r1,198.51.100.1,\"Mozilla \"\"quoted\"\"\nnext\",\"{\"\"connection\"\":\"\"okta, prod\"\"}\","))
            #expect(body.contains(",\"'@admin\",acme,config.change,\"'-rule\",success,,,,,\"{\"\"summary\"\":\"\"+1\"\"}\","))
            #expect(body.hasSuffix("\r\n"))
            // Parsed back with an RFC 4180 reader, every record has 12 fields.
            let records = try CSVReader.parse(text)
            #expect(records.count == 3)
            #expect(records.allSatisfy { $0.count == 12 })
            #expect(records[1][9] == "Mozilla \"quoted\"\nnext")
        }
    }

    @Test func invertedWindowIsRefused() async throws {
        try await withAuditStore(.sqlite) { store, _ in
            await #expect(throws: AuditError.invalidWindow("")) {
                try await AuditExporter(store: store).export(organizationID: "acme", since: now, until: now,
                                                             format: .jsonLines) { _ in }
            }
        }
    }
}
