import Synchronization
internal import CResolvShim

/// Idle c-ares channels by server list, so a resolver does not build a channel (and read resolv.conf, open a
/// socket) for every query. A channel is used by one thread at a time: taken out, used, put back.
final class CAresChannelPool: Sendable {
    private struct Key: Hashable {
        let servers: String
        let recursion: Bool
    }
    /// Channel pointers, only touched under the lock.
    private struct Idle: @unchecked Sendable {
        var channels: [Key: [OpaquePointer]] = [:]
        var count = 0
    }
    private let idle = Mutex(Idle())
    /// Bounds open sockets: many distinct authoritative servers must not pile up idle channels.
    private let maxIdlePerKey = 64
    private let maxIdle = 256

    deinit {
        idle.withLock { state in
            for list in state.channels.values { for ch in list { gh_dns_channel_free(ch) } }
            state.channels = [:]
        }
    }

    func blockingQuery(servers: String, name: String, type: DNSRecordType, recursion: Bool, timeoutMS: Int, tries: Int) -> DNSAnswer {
        let key = Key(servers: servers, recursion: recursion)
        var detail = [CChar](repeating: 0, count: 256)
        var channel = idle.withLock { state -> OpaquePointer? in
            guard let ch = state.channels[key]?.popLast() else { return nil }
            state.count -= 1
            if state.channels[key]?.isEmpty == true { state.channels[key] = nil }
            return ch
        }
        if channel == nil {
            var status: Int32 = 0
            channel = gh_dns_channel_new(servers, recursion ? 1 : 0, Int32(timeoutMS), Int32(tries), &status, &detail, Int32(detail.count))
            if channel == nil { return CAresResolver.answer(status: status, buffer: [], length: 0, detail: detail) }
        }
        let capacity = 65_535
        var buffer = [UInt8](repeating: 0, count: capacity)
        var length: Int32 = 0
        let status = buffer.withUnsafeMutableBufferPointer { buf in
            gh_dns_channel_query(channel, name, Int32(type.rawValue), buf.baseAddress, Int32(capacity), &length, &detail, Int32(detail.count))
        }
        let giveBack = channel
        let kept = idle.withLock { state -> Bool in
            if state.count < maxIdle, state.channels[key, default: []].count < maxIdlePerKey {
                state.channels[key, default: []].append(giveBack!)
                state.count += 1
                return true
            }
            return false
        }
        if !kept { gh_dns_channel_free(giveBack) }
        return CAresResolver.answer(status: status, buffer: buffer, length: length, detail: detail)
    }
}
