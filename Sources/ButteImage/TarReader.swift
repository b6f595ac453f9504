// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: POSIX.1-2017 pax(1) "ustar Interchange Format" and "pax Interchange Format";
// GNU tar manual, "Basic Tar Format" (long names `L`/`K`, base-256 numbers, sparse `S`).

/// What a `TarReader` reports as the archive streams through it.
public enum TarEvent {
    /// A new member begins; its content (if any) follows as `.data` events.
    case entry(TarEntry)
    /// A piece of the current member's content. The buffer is valid only during the callback.
    case data(UnsafeRawBufferPointer)
    /// The current member's content is complete.
    case entryEnd
}

/// An incremental tar parser: feed it chunks of any size, it reports members and their content as they pass.
///
/// It never holds a member's content in memory; only headers, PAX records and GNU long names are buffered,
/// each bounded by `TarLimits.maxMetadataSize`. ustar, GNU (`L`, `K`, base-256 numbers) and PAX (`x`, `g`)
/// headers are understood; GNU sparse members are refused.
public struct TarReader {
    private enum State {
        /// Collecting the next 512-byte header.
        case header
        /// Collecting the payload of a PAX or GNU metadata member, then its padding.
        case metadata(type: UInt8, remaining: Int, padding: Int)
        /// Passing on content of the current member, then skipping its padding.
        case content(remaining: Int64, padding: Int)
        /// Skipping padding after content.
        case padding(remaining: Int)
        /// After the end-of-archive marker.
        case ended
    }

    /// The limits in force.
    public let limits: TarLimits
    /// How many members were reported.
    public private(set) var entryCount = 0
    /// How many bytes were consumed, headers and padding included.
    public private(set) var totalBytes: Int64 = 0

    private var state: State = .header
    private var block: [UInt8] = []
    private var metadata: [UInt8] = []
    private var zeroBlocks = 0
    private var trailingBytes = 0
    private var pendingPAX: [String: [UInt8]] = [:]
    private var pendingXattrs: [TarEntry.Xattr] = []
    private var globalPAX: [String: [UInt8]] = [:]
    private var longName: [UInt8]?
    private var longLink: [UInt8]?

    /// Creates a reader.
    public init(limits: TarLimits = TarLimits()) {
        self.limits = limits
        block.reserveCapacity(512)
    }

    /// True once the end-of-archive marker was read.
    public var isAtEnd: Bool {
        if case .ended = state { return true }
        return false
    }

    /// Consumes a chunk of the archive, reporting members and content to `handler` as they complete.
    /// - Throws: `ImageError` for malformed or over-limit archives, or whatever `handler` throws.
    public mutating func consume(
        _ chunk: UnsafeRawBufferPointer,
        _ handler: (TarEvent) throws(ImageError) -> Void
    ) throws(ImageError) {
        totalBytes += Int64(chunk.count)
        if totalBytes > limits.maxTotalBytes {
            throw ImageError(.limitExceeded, "layer is larger than the limit of \(limits.maxTotalBytes) uncompressed bytes")
        }
        var offset = 0
        while offset < chunk.count {
            let available = chunk.count - offset
            switch state {
            case .header:
                let take = min(512 - block.count, available)
                block.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[offset..<offset + take]))
                offset += take
                if block.count == 512 {
                    let header = block
                    block.removeAll(keepingCapacity: true)
                    try processHeader(header, handler)
                }
            case .metadata(let type, let remaining, let padding):
                let take = min(remaining, available)
                metadata.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[offset..<offset + take]))
                offset += take
                if take == remaining {
                    try finishMetadata(type: type)
                    state = padding > 0 ? .padding(remaining: padding) : .header
                } else {
                    state = .metadata(type: type, remaining: remaining - take, padding: padding)
                }
            case .content(let remaining, let padding):
                let take = Int(min(remaining, Int64(available)))
                if take > 0 {
                    try handler(.data(UnsafeRawBufferPointer(rebasing: chunk[offset..<offset + take])))
                }
                offset += take
                if Int64(take) == remaining {
                    try handler(.entryEnd)
                    state = padding > 0 ? .padding(remaining: padding) : .header
                } else {
                    state = .content(remaining: remaining - Int64(take), padding: padding)
                }
            case .padding(let remaining):
                let take = min(remaining, available)
                offset += take
                state = take == remaining ? .header : .padding(remaining: remaining - take)
            case .ended:
                trailingBytes += available
                offset = chunk.count
                if trailingBytes > limits.maxTrailingBytes {
                    throw ImageError(
                        .limitExceeded,
                        "more than \(limits.maxTrailingBytes) bytes follow the end-of-archive marker"
                    )
                }
            }
        }
    }

    /// Declares the end of input.
    /// - Throws: `ImageError` `.invalidArchive` when the archive stops inside a header or a member.
    public func finish() throws(ImageError) {
        switch state {
        case .ended:
            return
        case .header where block.isEmpty && longName == nil && longLink == nil && pendingPAX.isEmpty:
            // Go's archive/tar accepts an archive without the end marker; so does Butte, at a member boundary.
            return
        case .header:
            throw ImageError(.invalidArchive, "archive is truncated inside a header")
        case .metadata:
            throw ImageError(.invalidArchive, "archive is truncated inside an extended header")
        case .content, .padding:
            throw ImageError(.invalidArchive, "archive is truncated inside a member's content")
        }
    }

    // MARK: Headers

    private mutating func processHeader(_ h: [UInt8], _ handler: (TarEvent) throws(ImageError) -> Void) throws(ImageError) {
        if h.allSatisfy({ $0 == 0 }) {
            zeroBlocks += 1
            if zeroBlocks == 2 { state = .ended }
            return
        }
        if zeroBlocks > 0 {
            throw ImageError(.invalidArchive, "a lone zero block stands between members")
        }
        try verifyChecksum(h)
        let type = h[156]
        let size = try number(h, 124, 12, "size")
        guard size >= 0 else { throw ImageError(.invalidArchive, "member has a negative size") }

        switch type {
        case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"):
            guard size <= Int64(limits.maxMetadataSize) else {
                throw ImageError(
                    .limitExceeded,
                    "extended header of \(size) bytes is larger than the limit of \(limits.maxMetadataSize)"
                )
            }
            metadata.removeAll(keepingCapacity: true)
            let n = Int(size)
            if n == 0 {
                try finishMetadata(type: type)
            } else {
                state = .metadata(type: type, remaining: n, padding: Self.padding(Int64(n)))
            }
            return
        case UInt8(ascii: "S"):
            throw ImageError(.unsupportedArchive, "member \(Self.show(name(h))) is a GNU sparse file, which is not supported")
        case UInt8(ascii: "V"):
            // A GNU volume label names the archive, not a file.
            state = size > 0 ? .padding(remaining: Int(size) + Self.padding(size)) : .header
            return
        default:
            break
        }

        let kind: TarEntry.Kind
        switch type {
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = .regular
        case UInt8(ascii: "1"): kind = .hardLink
        case UInt8(ascii: "2"): kind = .symbolicLink
        case UInt8(ascii: "3"): kind = .characterDevice
        case UInt8(ascii: "4"): kind = .blockDevice
        case UInt8(ascii: "5"): kind = .directory
        case UInt8(ascii: "6"): kind = .fifo
        default:
            throw ImageError(
                .unsupportedArchive,
                "member \(Self.show(name(h))) has unsupported type '\(Self.printable(type))'"
            )
        }

        var pax = globalPAX
        pax.merge(pendingPAX) { _, new in new }
        for key in pax.keys where key.hasPrefix("GNU.sparse.") {
            throw ImageError(.unsupportedArchive, "member \(Self.show(name(h))) is a GNU sparse file, which is not supported")
        }

        var path = longName ?? name(h)
        if let p = pax["path"] { path = p }
        var link = longLink ?? Self.field(h, 157, 100)
        if let l = pax["linkpath"] { link = l }
        guard path.count <= limits.maxPathLength, link.count <= limits.maxPathLength else {
            throw ImageError(.limitExceeded, "member name of \(max(path.count, link.count)) bytes exceeds the limit of \(limits.maxPathLength)")
        }
        guard !path.contains(0), !link.contains(0) else {
            throw ImageError(.invalidArchive, "member name \(Self.show(path)) contains a NUL byte")
        }
        guard !path.isEmpty else { throw ImageError(.invalidArchive, "member has an empty name") }

        var entrySize = size
        if let s = pax["size"] { entrySize = try Self.paxInteger(s, "size") }
        var uid = try number(h, 108, 8, "uid")
        if let v = pax["uid"] { uid = try Self.paxInteger(v, "uid") }
        var gid = try number(h, 116, 8, "gid")
        if let v = pax["gid"] { gid = try Self.paxInteger(v, "gid") }
        var mtime = TarEntry.Time(seconds: try number(h, 136, 12, "mtime"))
        if let v = pax["mtime"] { mtime = try Self.paxTime(v) }
        let mode = try number(h, 100, 8, "mode")
        let major = kind == .characterDevice || kind == .blockDevice ? try number(h, 329, 8, "devmajor") : 0
        let minor = kind == .characterDevice || kind == .blockDevice ? try number(h, 337, 8, "devminor") : 0
        guard (0...Int64(UInt32.max)).contains(uid), (0...Int64(UInt32.max)).contains(gid) else {
            throw ImageError(.invalidArchive, "member \(Self.show(path)) has an out-of-range owner \(uid):\(gid)")
        }
        guard (0...Int64(UInt32.max)).contains(major), (0...Int64(UInt32.max)).contains(minor) else {
            throw ImageError(.invalidArchive, "member \(Self.show(path)) has out-of-range device numbers \(major):\(minor)")
        }
        guard entrySize >= 0 else { throw ImageError(.invalidArchive, "member \(Self.show(path)) has a negative size") }

        // Like Go's archive/tar: only regular files carry content, whatever the size field says.
        if kind != .regular { entrySize = 0 }

        entryCount += 1
        if entryCount > limits.maxEntries {
            throw ImageError(.limitExceeded, "layer has more than the limit of \(limits.maxEntries) entries")
        }
        let entry = TarEntry(
            pathBytes: path,
            linkTargetBytes: link,
            kind: kind,
            size: entrySize,
            mode: UInt32(truncatingIfNeeded: mode) & 0o7777,
            uid: UInt32(uid),
            gid: UInt32(gid),
            modificationTime: mtime,
            deviceMajor: UInt32(major),
            deviceMinor: UInt32(minor),
            xattrs: pendingXattrs
        )
        pendingPAX.removeAll()
        pendingXattrs.removeAll()
        longName = nil
        longLink = nil

        try handler(.entry(entry))
        if entrySize == 0 {
            try handler(.entryEnd)
            state = .header
        } else {
            state = .content(remaining: entrySize, padding: Self.padding(entrySize))
        }
    }

    private mutating func finishMetadata(type: UInt8) throws(ImageError) {
        switch type {
        case UInt8(ascii: "L"):
            longName = Self.trimNUL(metadata)
        case UInt8(ascii: "K"):
            longLink = Self.trimNUL(metadata)
        case UInt8(ascii: "x"):
            try parsePAX(metadata, global: false)
        case UInt8(ascii: "g"):
            try parsePAX(metadata, global: true)
        default:
            preconditionFailure("not a metadata type")
        }
        metadata.removeAll(keepingCapacity: true)
    }

    private mutating func parsePAX(_ data: [UInt8], global: Bool) throws(ImageError) {
        var i = 0
        while i < data.count {
            // "<length> <key>=<value>\n", where length counts the whole record.
            var length = 0
            var j = i
            while j < data.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(data[j]) {
                length = length * 10 + Int(data[j] - UInt8(ascii: "0"))
                if length > data.count { throw ImageError(.invalidArchive, "PAX record length exceeds its header") }
                j += 1
            }
            guard j > i, j < data.count, data[j] == UInt8(ascii: " "), length > j - i + 1, i + length <= data.count,
                data[i + length - 1] == UInt8(ascii: "\n")
            else {
                throw ImageError(.invalidArchive, "malformed PAX extended header record")
            }
            let record = data[(j + 1)..<(i + length - 1)]
            guard let eq = record.firstIndex(of: UInt8(ascii: "=")) else {
                throw ImageError(.invalidArchive, "malformed PAX extended header record (no '=')")
            }
            let key = String(decoding: record[record.startIndex..<eq], as: UTF8.self)
            let value = Array(record[(eq + 1)...])
            i += length

            if key.hasPrefix("SCHILY.xattr.") {
                let name = String(key.dropFirst("SCHILY.xattr.".count))
                guard !name.isEmpty else { throw ImageError(.invalidArchive, "PAX xattr record without a name") }
                guard value.count <= limits.maxXattrValueSize else {
                    throw ImageError(
                        .limitExceeded,
                        "extended attribute \(name) of \(value.count) bytes exceeds the limit of \(limits.maxXattrValueSize)"
                    )
                }
                if !global {
                    pendingXattrs.removeAll { $0.name == name }
                    pendingXattrs.append(.init(name: name, value: value))
                    guard pendingXattrs.count <= limits.maxXattrsPerEntry else {
                        throw ImageError(.limitExceeded, "member has more than the limit of \(limits.maxXattrsPerEntry) extended attributes")
                    }
                }
                continue
            }
            if global {
                if value.isEmpty { globalPAX.removeValue(forKey: key) } else { globalPAX[key] = value }
            } else {
                pendingPAX[key] = value
            }
        }
    }

    // MARK: Fields

    private func verifyChecksum(_ h: [UInt8]) throws(ImageError) {
        let stored = try number(h, 148, 8, "checksum")
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (i, b) in h.enumerated() {
            let v: UInt8 = (148..<156).contains(i) ? 0x20 : b
            unsigned += Int64(v)
            signed += Int64(Int8(bitPattern: v))
        }
        guard stored == unsigned || stored == signed else {
            throw ImageError(.invalidArchive, "header checksum mismatch for member \(Self.show(name(h))) (not a tar archive?)")
        }
    }

    /// The name field joined with the ustar prefix (only for POSIX ustar headers; GNU uses that space otherwise).
    private func name(_ h: [UInt8]) -> [UInt8] {
        let n = Self.field(h, 0, 100)
        let isUstar = h[257..<263].elementsEqual("ustar\0".utf8)
        guard isUstar else { return n }
        let prefix = Self.field(h, 345, 155)
        if prefix.isEmpty { return n }
        return prefix + [UInt8(ascii: "/")] + n
    }

    private static func field(_ h: [UInt8], _ start: Int, _ length: Int) -> [UInt8] {
        let slice = h[start..<(start + length)]
        if let nul = slice.firstIndex(of: 0) { return Array(slice[start..<nul]) }
        return Array(slice)
    }

    /// Parses an octal numeric field or a GNU base-256 one.
    private func number(_ h: [UInt8], _ start: Int, _ length: Int, _ what: String) throws(ImageError) -> Int64 {
        let f = h[start..<(start + length)]
        if let first = f.first, first & 0x80 != 0 {
            // Base-256: the first byte's top bit marks it; 0xff starts a negative number.
            let negative = first & 0x40 != 0
            var v: Int64 = negative ? -1 : 0
            for (k, b) in f.enumerated() {
                let byte = k == 0 ? (negative ? b : b & 0x7F) : b
                guard v >> 55 == 0 || v >> 55 == -1 else {
                    throw ImageError(.invalidArchive, "tar header field \(what) overflows")
                }
                v = (v << 8) | Int64(byte)
            }
            return v
        }
        var v: Int64 = 0
        var seenDigit = false
        var done = false
        for b in f {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "7") where !done:
                seenDigit = true
                guard v < (Int64.max >> 3) else { throw ImageError(.invalidArchive, "tar header field \(what) overflows") }
                v = v * 8 + Int64(b - UInt8(ascii: "0"))
            case UInt8(ascii: " "), 0:
                if seenDigit { done = true }
            default:
                throw ImageError(.invalidArchive, "tar header field \(what) is not an octal number")
            }
        }
        return v
    }

    private static func paxInteger(_ value: [UInt8], _ key: String) throws(ImageError) -> Int64 {
        guard !value.isEmpty, value.count <= 19, value.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let v = Int64(String(decoding: value, as: UTF8.self))
        else {
            throw ImageError(.invalidArchive, "PAX \(key) value \(show(value)) is not a decimal number")
        }
        return v
    }

    private static func paxTime(_ value: [UInt8]) throws(ImageError) -> TarEntry.Time {
        var v = value[...]
        var negative = false
        if v.first == UInt8(ascii: "-") {
            negative = true
            v = v.dropFirst()
        }
        let dot = v.firstIndex(of: UInt8(ascii: "."))
        let whole = dot.map { v[v.startIndex..<$0] } ?? v
        let fraction = dot.map { v[v.index(after: $0)...] } ?? []
        guard !whole.isEmpty, whole.count <= 18, whole.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            fraction.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let seconds = Int64(String(decoding: whole, as: UTF8.self))
        else {
            throw ImageError(.invalidArchive, "PAX mtime value \(show(Array(value))) is not a decimal time")
        }
        var nanos: Int32 = 0
        var scale: Int32 = 100_000_000
        for d in fraction.prefix(9) {
            nanos += Int32(d - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        if negative {
            return nanos == 0 ? .init(seconds: -seconds) : .init(seconds: -seconds - 1, nanoseconds: 1_000_000_000 - nanos)
        }
        return .init(seconds: seconds, nanoseconds: nanos)
    }

    private static func trimNUL(_ bytes: [UInt8]) -> [UInt8] {
        if let nul = bytes.firstIndex(of: 0) { return Array(bytes[..<nul]) }
        return bytes
    }

    private static func padding(_ size: Int64) -> Int {
        let r = Int(size % 512)
        return r == 0 ? 0 : 512 - r
    }

    static func show(_ bytes: [UInt8]) -> String {
        let s = String(decoding: bytes.prefix(300), as: UTF8.self)
        return "\"\(s)\(bytes.count > 300 ? "…" : "")\""
    }

    private static func printable(_ b: UInt8) -> String {
        (0x20..<0x7F).contains(b) ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
    }
}
