import Foundation
import GatehouseConfig
import GatehousePolicy
import Testing

@Suite("--members exports")
struct MemberFileParserTests {
    @Test func jsonDistinguishesAbsentAndEmptyGroups() throws {
        let json = """
            {"members": [
              {"email": "a@example.com", "role": "owner", "groups": ["x"], "attributes": {"department": "Finance", "levels": ["1", "2"]}},
              {"email": "b@example.com"},
              {"email": "c@example.com", "groups": []},
              {"email": "d@example.com", "inIdP": false, "lastSSOLogin": "2026-11-01T00:00:00Z"}
            ]}
            """
        let members = try MemberFileParser.parse(Data(json.utf8), format: .json)
        #expect(members.count == 4)
        #expect(members[0].currentRole == .owner)
        #expect(members[0].claims?.attributes["department"] == ["Finance"])
        #expect(members[0].claims?.attributes["levels"] == ["1", "2"])
        #expect(members[1].claims?.groups == nil)
        #expect(members[2].claims?.groups == [])
        #expect(members[3].claims == nil)
    }

    @Test func jsonBareArray() throws {
        let members = try MemberFileParser.parse(Data("[{\"email\": \"a@example.com\"}]".utf8), format: .json)
        #expect(members.map(\.email) == ["a@example.com"])
    }

    @Test(arguments: [
        "{\"members\": [{\"name\": \"no email\"}]}", "{\"members\": [{\"email\": \"a@x\", \"groups\": \"g\"}]}", "not json",
        "{\"members\": [{\"email\": \"a@x\", \"lastSSOLogin\": \"yesterday\"}]}",
    ])
    func badJSON(_ text: String) {
        #expect(throws: PolicyError.self) { try MemberFileParser.parse(Data(text.utf8), format: .json) }
    }

    @Test func csv() throws {
        let csv = """
            email,name,role,groups,groups_overage,attr:department\r
            a@example.com,"Ann ""A"", Jr",owner,g1|g2,false,Finance\r
            b@example.com,Bob,member,-,,\r
            c@example.com,Cy,member,,true,\r

            """
        let members = try MemberFileParser.parse(Data(csv.utf8), format: .csv)
        #expect(members.count == 3)
        #expect(members[0].name == "Ann \"A\", Jr")
        #expect(members[0].claims?.groups == ["g1", "g2"])
        #expect(members[0].claims?.attributes["department"] == ["Finance"])
        #expect(members[1].claims?.groups == nil)
        #expect(members[2].claims?.groups == [])
        #expect(members[2].claims?.groupsOverage == true)
    }

    @Test(arguments: ["name\nx\n", "email,bogus\na,b\n", "email,name\na@x\n", "email\n\"open\n", "email,in_idp\na@x,perhaps\n"])
    func badCSV(_ text: String) {
        #expect(throws: PolicyError.self) { try MemberFileParser.parse(Data(text.utf8), format: .csv) }
    }

    @Test func formatDetection() {
        #expect(MemberFileParser.detectFormat(path: "x.csv", data: Data("{".utf8)) == .csv)
        #expect(MemberFileParser.detectFormat(path: "export", data: Data("  [".utf8)) == .json)
        #expect(MemberFileParser.detectFormat(path: "export", data: Data("email,name".utf8)) == .csv)
    }

    @Test func sampleExportsParse() throws {
        let root = repositoryRoot().appendingPathComponent("config/examples")
        let json = try MemberFileParser.parse(Data(contentsOf: root.appendingPathComponent("members.json")), format: .json)
        let csv = try MemberFileParser.parse(Data(contentsOf: root.appendingPathComponent("members.csv")), format: .csv)
        #expect(json.count == 17)
        #expect(csv.count == 7)
        #expect(csv.last?.name == "Quinn \"Q\" Quoted")
    }
}

@Suite("FileMemberSource")
struct FileMemberSourceTests {
    @Test func readsTheSampleExport() async throws {
        let source = FileMemberSource(path: repositoryRoot().appendingPathComponent("config/examples/members.csv").path)
        #expect(try await source.members(ofOrg: "example").count == 7)
    }

    @Test func refusesMissingAndOversizedFiles() throws {
        #expect(throws: PolicyError.self) { try FileMemberSource(path: "/nonexistent/members.json").load() }
        let sample = repositoryRoot().appendingPathComponent("config/examples/members.json").path
        #expect(throws: PolicyError.self) { try FileMemberSource(path: sample, sizeLimit: 100).load() }
    }
}
