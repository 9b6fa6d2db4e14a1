import Foundation
import GatehouseCore
import Synchronization
@testable import GatehouseOIDC

/// A JWKS source whose answers the test scripts, counting fetches.
final class ScriptedJWKSSource: JWKSSource {
    let answers: Mutex<[Result<FetchedJWKS, OIDCError>]>
    let fetches = Mutex(0)
    init(_ answers: [Result<FetchedJWKS, OIDCError>]) { self.answers = Mutex(answers) }
    func fetchJWKS() async throws(OIDCError) -> FetchedJWKS {
        fetches.withLock { $0 += 1 }
        let next = answers.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
        return try next.get()
    }
    var fetchCount: Int { fetches.withLock { $0 } }
}

/// An in-process HTTPFetching that serves canned responses by URL, counting requests.
final class CannedFetcher: HTTPFetching {
    let routes: Mutex<[String: [HTTPFetchResponse?]]>
    let log = Mutex<[String]>([])
    init(_ routes: [String: [HTTPFetchResponse?]]) { self.routes = Mutex(routes) }
    func fetch(_ request: HTTPFetchRequest) async throws -> HTTPFetchResponse {
        let url = request.url.absoluteString
        log.withLock { $0.append(url) }
        let answer = routes.withLock { routes -> HTTPFetchResponse?? in
            guard var list = routes[url], !list.isEmpty else { return .none }
            let first = list.count > 1 ? list.removeFirst() : list[0]
            routes[url] = list
            return .some(first)
        }
        switch answer {
        case .none: return HTTPFetchResponse(status: 404, headers: [:], body: [])
        case .some(.none): throw URLError(.cannotConnectToHost)
        case .some(.some(let response)): return response
        }
    }
    func count(_ url: String) -> Int { log.withLock { $0.filter { $0 == url }.count } }

    static func json(_ text: String, maxAge: Int? = nil) -> HTTPFetchResponse {
        HTTPFetchResponse(status: 200, headers: maxAge.map { ["cache-control": "public, max-age=\($0)"] } ?? [:], body: Array(text.utf8))
    }
}

/// A clock tests can move.
final class MovableClock: GatehouseClock {
    let instant: Mutex<Date>
    init(_ start: Date) { instant = Mutex(start) }
    func now() -> Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
