import GatehouseSCIM
import Hummingbird

extension GatewayRoutes {
    /// SCIM 2.0 under `/scim/v2`: a thin adapter; everything else (auth, filters, PATCH, audit, deprovisioning)
    /// is `GatehouseSCIM.SCIMService`.
    func addSCIM(_ router: Router<GatewayRequestContext>) {
        let handler: @Sendable (Request, GatewayRequestContext) async throws -> Response = { request, context in
            let limit = 1 << 20
            var body: [UInt8] = []
            do {
                let buffer = try await request.body.collect(upTo: limit + 1)
                body = Array(buffer.readableBytesView)
            } catch {
                body = [UInt8](repeating: 0x20, count: limit + 1)  // the service answers 413 with a SCIM error body
            }
            var headers: [String: String] = [:]
            for field in request.headers where headers[field.name.canonicalName] == nil {
                headers[field.name.canonicalName] = field.value
            }
            var path = String(request.uri.path.dropFirst("/scim/v2".count))
            if path.isEmpty { path = "/" }
            let response = await runtime.scim.handle(SCIMRequest(
                method: request.method.rawValue, path: path, rawQuery: request.uri.query ?? "", headers: headers, body: body,
                requestID: context.requestID, sourceIP: context.sourceIP, userAgent: request.headers[.userAgent] ?? ""))
            var fields = HTTPFields()
            for (name, value) in response.headers {
                if let n = HTTPFields.Element.Name(name) { fields.append(HTTPFields.Element(name: n, value: value)) }
            }
            return Response(status: .init(code: response.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
        }
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("/scim/v2", method: method, use: handler)
            router.on("/scim/v2/**", method: method, use: handler)
        }
    }
}
