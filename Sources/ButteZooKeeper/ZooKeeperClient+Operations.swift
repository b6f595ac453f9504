// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore

/// A znode's data and stat, as read.
public struct ZooKeeperNode: Sendable, Hashable {
    /// The data (empty for a node created without data).
    public var data: [UInt8]
    /// The metadata.
    public var stat: ZooKeeperStat

    /// Creates a node value.
    public init(data: [UInt8], stat: ZooKeeperStat) {
        self.data = data
        self.stat = stat
    }
}

extension ZooKeeperClient {
    private func check(_ reply: ConnectionHandler.Reply, _ what: @autoclosure () -> String) throws(ZooKeeperError) {
        guard reply.header.err == 0 else { throw ZooKeeperError.server(reply.header.err, what()) }
    }

    private func makeReader(_ reply: ConnectionHandler.Reply, _ record: String) -> JuteReader {
        JuteReader(buffer: reply.body, context: record)
    }

    // MARK: Writes

    /// Creates a node.
    /// - Parameters:
    ///   - path: the node's path; for sequential modes, the prefix the server appends the sequence number to.
    ///   - data: the node's data.
    ///   - acl: who may do what with the node.
    ///   - mode: persistent or ephemeral, sequential or not.
    /// - Returns: The created path, relative to the chroot (with the sequence number for sequential modes).
    /// - Throws: `ZooKeeperError`: `.nodeExists`, `.noNode` (no parent), `.noChildrenForEphemerals`,
    ///   `.invalidACL`, `.noAuth`, `.invalidPath`, `.connectionLoss`, `.sessionExpired`.
    @discardableResult
    public func create(
        _ path: String,
        data: [UInt8] = [],
        acl: [ZooKeeperACL] = ZooKeeperACL.openUnsafe,
        mode: CreateMode = .persistent
    ) async throws -> String {
        let request = Wire.CreateRequest(path: try serverPath(path, sequential: mode.isSequential), data: data, acl: acl, flags: mode.flags)
        let reply = try await call(.create, request)
        try check(reply, "create \(path)")
        var reader = makeReader(reply, "CreateResponse")
        return ZooKeeperPath.stripped(try reader.readRequiredString("path"), chroot: chroot)
    }

    /// Creates `path` and every missing ancestor as persistent nodes without data, including the
    /// chroot itself; nodes that exist already are left alone.
    public func ensurePath(_ path: String, acl: [ZooKeeperACL] = ZooKeeperACL.openUnsafe) async throws {
        let full = try serverPath(path)
        var current = ""
        for component in full.split(separator: "/") {
            current += "/" + component
            if try await call(.exists, Wire.PathWatchRequest(path: current, watch: false)).header.err == 0 { continue }
            let reply = try await call(.create, Wire.CreateRequest(path: current, data: [], acl: acl, flags: CreateMode.persistent.flags))
            if reply.header.err != 0, reply.header.err != ZooKeeperError.Code.nodeExists.serverCode {
                throw ZooKeeperError.server(reply.header.err, "create \(ZooKeeperPath.stripped(current, chroot: chroot))")
            }
        }
    }

    /// Deletes a node.
    /// - Parameter version: the version the node must have, or -1 for any.
    /// - Throws: `ZooKeeperError`: `.noNode`, `.badVersion`, `.notEmpty`, `.noAuth`, ….
    public func delete(_ path: String, version: Int32 = -1) async throws {
        let reply = try await call(.delete, Wire.PathVersionRequest(path: try serverPath(path), version: version))
        try check(reply, "delete \(path)")
    }

    /// Sets a node's data.
    /// - Parameter version: the version the node must have, or -1 for any.
    /// - Returns: The node's new stat.
    /// - Throws: `ZooKeeperError`: `.noNode`, `.badVersion`, `.noAuth`, ….
    @discardableResult
    public func setData(_ path: String, data: [UInt8], version: Int32 = -1) async throws -> ZooKeeperStat {
        let reply = try await call(.setData, Wire.SetDataRequest(path: try serverPath(path), data: data, version: version))
        try check(reply, "setData \(path)")
        var reader = makeReader(reply, "SetDataResponse")
        return try reader.read(ZooKeeperStat.self)
    }

    // MARK: Reads

    /// The node's stat, or `nil` when it does not exist.
    public func exists(_ path: String) async throws -> ZooKeeperStat? {
        try await exists(path, watch: nil)
    }

    /// The node's stat, or `nil` when it does not exist, and a watch that fires when the node is
    /// created, deleted or its data changes.
    public func watchExists(_ path: String) async throws -> (stat: ZooKeeperStat?, watch: ZooKeeperWatch) {
        let watch = ZooKeeperWatch(path: path)
        let stat = try await exists(path, watch: watch)
        return (stat, watch)
    }

    private func exists(_ path: String, watch: ZooKeeperWatch?) async throws -> ZooKeeperStat? {
        let server = try serverPath(path)
        let pending = watch.map { ConnectionHandler.PendingWatch(watch: $0, serverPath: server, kind: .data, isExists: true) }
        let reply = try await call(.exists, Wire.PathWatchRequest(path: server, watch: watch != nil), watch: pending)
        if reply.header.err == ZooKeeperError.Code.noNode.serverCode { return nil }
        try check(reply, "exists \(path)")
        var reader = makeReader(reply, "ExistsResponse")
        return try reader.read(ZooKeeperStat.self)
    }

    /// The node's data and stat.
    /// - Throws: `ZooKeeperError`: `.noNode`, `.noAuth`, ….
    public func getData(_ path: String) async throws -> ZooKeeperNode {
        try await getData(path, watch: nil)
    }

    /// The node's data and stat, and a watch that fires when the data changes or the node is deleted.
    public func watchData(_ path: String) async throws -> (node: ZooKeeperNode, watch: ZooKeeperWatch) {
        let watch = ZooKeeperWatch(path: path)
        return (try await getData(path, watch: watch), watch)
    }

    private func getData(_ path: String, watch: ZooKeeperWatch?) async throws -> ZooKeeperNode {
        let server = try serverPath(path)
        let pending = watch.map { ConnectionHandler.PendingWatch(watch: $0, serverPath: server, kind: .data, isExists: false) }
        let reply = try await call(.getData, Wire.PathWatchRequest(path: server, watch: watch != nil), watch: pending)
        try check(reply, "getData \(path)")
        var reader = makeReader(reply, "GetDataResponse")
        let data = try reader.readBuffer() ?? []
        return ZooKeeperNode(data: data, stat: try reader.read(ZooKeeperStat.self))
    }

    /// The names of the node's children (unsorted, as the server lists them).
    /// - Throws: `ZooKeeperError`: `.noNode`, `.noAuth`, ….
    public func getChildren(_ path: String) async throws -> [String] {
        try await getChildren(path, watch: nil).children
    }

    /// The names of the node's children and the node's stat, and a watch that fires when a child
    /// is created or deleted, or the node itself is deleted.
    public func watchChildren(_ path: String) async throws -> (children: [String], stat: ZooKeeperStat, watch: ZooKeeperWatch) {
        let watch = ZooKeeperWatch(path: path)
        let result = try await getChildren(path, watch: watch)
        return (result.children, result.stat, watch)
    }

    private func getChildren(_ path: String, watch: ZooKeeperWatch?) async throws -> (children: [String], stat: ZooKeeperStat) {
        let server = try serverPath(path)
        let pending = watch.map { ConnectionHandler.PendingWatch(watch: $0, serverPath: server, kind: .child, isExists: false) }
        let reply = try await call(.getChildren2, Wire.PathWatchRequest(path: server, watch: watch != nil), watch: pending)
        try check(reply, "getChildren \(path)")
        var reader = makeReader(reply, "GetChildren2Response")
        let children = try reader.readStrings() ?? []
        return (children, try reader.read(ZooKeeperStat.self))
    }

    // MARK: Transactions

    /// Applies all operations atomically: either every one succeeds, or none is applied.
    /// - Returns: One result per operation, in order.
    /// - Throws: `ZooKeeperError` with the failing operation's code (e.g. `.badVersion`), its
    ///   index and path in the message.
    public func multi(_ operations: [ZooKeeperOperation]) async throws -> [ZooKeeperOperationResult] {
        guard !operations.isEmpty else { return [] }
        let request = try MultiRequest(operations: operations, chroot: chroot)
        let reply = try await call(.multi, request)
        if reply.header.err != 0, reply.body.readableBytes == 0 {
            throw ZooKeeperError.server(reply.header.err, "multi of \(operations.count) operations")
        }
        var reader = makeReader(reply, "MultiResponse")
        return try MultiRequest.results(from: &reader, operations: operations, chroot: chroot)
    }
}

/// The body of a multi request: each operation behind a `MultiHeader`, then a closing header.
/// Source: ZooKeeper 3.8 `MultiOperationRecord` and `MultiResponse`.
struct MultiRequest: JuteEncodable {
    private var records: [(OpCode, any JuteEncodable)] = []

    init(operations: [ZooKeeperOperation], chroot: String) throws(ZooKeeperError) {
        for operation in operations {
            switch operation {
            case .create(let path, let data, let acl, let mode):
                try ZooKeeperPath.validate(path, sequential: mode.isSequential)
                let server = ZooKeeperPath.prefixed(path, chroot: chroot)
                records.append((.create, Wire.CreateRequest(path: server, data: data, acl: acl, flags: mode.flags)))
            case .delete(let path, let version):
                try ZooKeeperPath.validate(path)
                records.append((.delete, Wire.PathVersionRequest(path: ZooKeeperPath.prefixed(path, chroot: chroot), version: version)))
            case .setData(let path, let data, let version):
                try ZooKeeperPath.validate(path)
                records.append((.setData, Wire.SetDataRequest(path: ZooKeeperPath.prefixed(path, chroot: chroot), data: data, version: version)))
            case .check(let path, let version):
                try ZooKeeperPath.validate(path)
                records.append((.check, Wire.PathVersionRequest(path: ZooKeeperPath.prefixed(path, chroot: chroot), version: version)))
            }
        }
    }

    func encode(to writer: inout JuteWriter) {
        for (opCode, record) in records {
            writer.write(Wire.MultiHeader(type: opCode.rawValue, done: false, err: -1))
            record.encode(to: &writer)
        }
        writer.write(Wire.MultiHeader(type: -1, done: true, err: -1))
    }

    /// Reads the results; when an operation failed, throws its error.
    static func results(
        from reader: inout JuteReader,
        operations: [ZooKeeperOperation],
        chroot: String
    ) throws(ZooKeeperError) -> [ZooKeeperOperationResult] {
        var results: [ZooKeeperOperationResult] = []
        var failure: ZooKeeperError?
        while true {
            let header = try reader.read(Wire.MultiHeader.self)
            if header.done { break }
            let index = results.count
            switch header.type {
            case OpCode.create.rawValue:
                results.append(.created(path: ZooKeeperPath.stripped(try reader.readRequiredString("path"), chroot: chroot)))
            case OpCode.create2.rawValue:
                let path = try reader.readRequiredString("path")
                _ = try reader.read(ZooKeeperStat.self)
                results.append(.created(path: ZooKeeperPath.stripped(path, chroot: chroot)))
            case OpCode.delete.rawValue:
                results.append(.deleted)
            case OpCode.setData.rawValue:
                results.append(.dataSet(try reader.read(ZooKeeperStat.self)))
            case OpCode.check.rawValue:
                results.append(.checked)
            case OpCode.error.rawValue:
                let err = try reader.readInt()
                // The operations before the failing one report 0, those after it RuntimeInconsistency.
                if failure == nil, err != 0, err != ZooKeeperError.Code.runtimeInconsistency.serverCode {
                    let operation = index < operations.count ? operations[index] : nil
                    let what = operation.map { "multi operation \(index) (\($0.name) \($0.path))" } ?? "multi operation \(index)"
                    failure = ZooKeeperError.server(err, what)
                }
                results.append(.checked)
            default:
                throw ZooKeeperError(.protocolError, "multi reply has a result of unknown type \(header.type)")
            }
        }
        if let failure { throw failure }
        guard results.count == operations.count else {
            throw ZooKeeperError(.protocolError, "multi reply has \(results.count) results for \(operations.count) operations")
        }
        return results
    }
}
