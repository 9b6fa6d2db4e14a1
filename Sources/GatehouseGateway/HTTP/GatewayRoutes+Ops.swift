import GatehouseStore
import Foundation
import Hummingbird

extension GatewayRoutes {
    func addOps(_ router: Router<GatewayRequestContext>) {
        router.get("/healthz") { _, _ in
            do {
                let version = try await runtime.store.schemaVersion()
                return HTTPSupport.json(["status": "ok", "store": "ok", "schema_version": version])
            } catch {
                return HTTPSupport.json(["status": "unavailable", "store": "unreachable", "code": "gateway.store_unavailable"], status: 503)
            }
        }
        router.get("/metrics") { _, _ in
            HTTPSupport.response(200, "text/plain; version=0.0.4; charset=utf-8", runtime.metrics.render())
        }
    }
}
