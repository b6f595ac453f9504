// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import ButteOCI
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Shows a pull's progress: on a terminal, a live line per layer and a total (redrawn in place, like
/// `docker pull`); otherwise one plain line per event worth logging.
final class ImagePullDisplay: Sendable {
    private enum LayerState {
        case waiting
        case downloading(received: Int64, total: Int64)
        case done
        case exists
    }

    private struct State {
        var order: [Digest] = []
        var sizes: [Digest: Int64] = [:]
        var layers: [Digest: LayerState] = [:]
        var linesDrawn = 0
        var lastDraw: ContinuousClock.Instant?
    }

    private let live: Bool
    private let state = Mutex(State())

    /// Creates a display; `live` redraws in place (use it when standard output is a terminal).
    init(live: Bool = isatty(STDOUT_FILENO) == 1) {
        self.live = live
    }

    /// Takes one progress event.
    func update(_ event: PullProgress) {
        state.withLock { s in
            switch event {
            case .resolved(let reference, let digest, let layers):
                s.order = layers.map(\.digest)
                for l in layers {
                    s.layers[l.digest] = .waiting
                    s.sizes[l.digest] = l.size
                }
                Self.emit(
                    "\(reference): resolved to \(digest), \(layers.count) layer\(layers.count == 1 ? "" : "s"), \(Self.bytes(layers.reduce(0) { $0 + $1.size }))"
                )
            case .layerExists(let d):
                s.layers[d] = .exists
                if !live { Self.emit("\(Self.short(d)): already exists") }
            case .layerProgress(let d, let received, let total):
                s.layers[d] = .downloading(received: received, total: total)
            case .layerDone(let d):
                s.layers[d] = .done
                if !live { Self.emit("\(Self.short(d)): pull complete (\(Self.bytes(s.sizes[d] ?? 0)))") }
            }
            if live { draw(&s, force: { if case .layerProgress = event { return false } else { return true } }()) }
        }
    }

    /// Draws the final state.
    func finish() {
        state.withLock { s in if live { draw(&s, force: true) } }
    }

    private func draw(_ s: inout State, force: Bool) {
        let now = ContinuousClock.now
        if !force, let last = s.lastDraw, now - last < .milliseconds(100) { return }
        s.lastDraw = now
        var out = ""
        if s.linesDrawn > 0 { out += "\u{1B}[\(s.linesDrawn)A" }
        var received: Int64 = 0
        var total: Int64 = 0
        for d in s.order {
            let size = s.sizes[d] ?? 0
            total += size
            let text: String
            switch s.layers[d] ?? .waiting {
            case .waiting: text = "Waiting"
            case .downloading(let r, let t):
                received += r
                text = "Pulling    \(Self.bar(r, t)) \(Self.bytes(r))/\(Self.bytes(t))"
            case .done:
                received += size
                text = "Pull complete"
            case .exists:
                received += size
                text = "Already exists"
            }
            out += "\u{1B}[2K\(Self.short(d)): \(text)\n"
        }
        out += "\u{1B}[2Ktotal: \(Self.bar(received, total)) \(Self.bytes(received))/\(Self.bytes(total))\n"
        s.linesDrawn = s.order.count + 1
        Self.write(out)
    }

    static func short(_ d: Digest) -> String { String(d.encoded.prefix(12)) }

    static func bar(_ done: Int64, _ total: Int64) -> String {
        let width = 30
        let filled = total > 0 ? Int(min(done, total) * Int64(width) / total) : width
        return "[" + String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
            + "]"
    }

    static func bytes(_ n: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var v = Double(n)
        var i = 0
        while v >= 1000 && i < units.count - 1 {
            v /= 1000
            i += 1
        }
        if i == 0 { return "\(n)B" }
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)\(units[i])"
    }

    static func emit(_ line: String) { write(line + "\n") }

    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
