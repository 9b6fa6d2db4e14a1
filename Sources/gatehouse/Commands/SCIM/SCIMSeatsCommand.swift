import ArgumentParser
import Foundation
import GatehouseStore

/// `gatehouse scim seats [--org ID]`: seats in use (active members) per organization, one JSON line each.
struct SCIMSeatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seats", abstract: "Seats in use (active members) and all members, per organization, as JSON lines.")
    @Option(help: "Only this organization (default: every organization in the store).") var org: String?
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await GatewayLauncher.withStore(try database.location()) { store in
            var ids: [String] = []
            if let org { ids = [org] } else { ids = try await store.organizations().map(\.id) }
            for id in ids {
                let seats = try await store.countUsers(organizationID: id, activeOnly: true)
                let members = try await store.countUsers(organizationID: id, activeOnly: false)
                let data = try JSONSerialization.data(withJSONObject: ["org": id, "seats": seats, "members": members], options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}
