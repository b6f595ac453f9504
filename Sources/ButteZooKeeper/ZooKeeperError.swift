// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The one error type of `ButteZooKeeper`: errors the server reported (by ZooKeeper's code names),
/// lost connections and sessions, bad URLs and paths, and malformed frames.
public struct ZooKeeperError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; a set that may grow.
    ///
    /// Server codes keep ZooKeeper's names (`NoNode`, `NodeExists`, …) and numbers
    /// (`KeeperException.Code`, ZooKeeper 3.8); the client adds codes of its own without a number.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            // Server codes, in ZooKeeper's order.
            case systemError = "SystemError"
            case runtimeInconsistency = "RuntimeInconsistency"
            case dataInconsistency = "DataInconsistency"
            case connectionLoss = "ConnectionLoss"
            case marshallingError = "MarshallingError"
            case unimplemented = "Unimplemented"
            case operationTimeout = "OperationTimeout"
            case badArguments = "BadArguments"
            case unknownSession = "UnknownSession"
            case newConfigNoQuorum = "NewConfigNoQuorum"
            case reconfigInProgress = "ReconfigInProgress"
            case apiError = "APIError"
            case noNode = "NoNode"
            case noAuth = "NoAuth"
            case badVersion = "BadVersion"
            case noChildrenForEphemerals = "NoChildrenForEphemerals"
            case nodeExists = "NodeExists"
            case notEmpty = "NotEmpty"
            case sessionExpired = "SessionExpired"
            case invalidCallback = "InvalidCallback"
            case invalidACL = "InvalidACL"
            case authFailed = "AuthFailed"
            case sessionMoved = "SessionMoved"
            case notReadOnly = "NotReadOnly"
            case ephemeralOnLocalSession = "EphemeralOnLocalSession"
            case noWatcher = "NoWatcher"
            case requestTimeout = "RequestTimeout"
            case reconfigDisabled = "ReconfigDisabled"
            case sessionClosedRequireSaslAuth = "SessionClosedRequireSaslAuth"
            case quotaExceeded = "QuotaExceeded"
            case throttledOp = "ThrottledOp"
            // Client codes.
            case invalidURL = "InvalidURL"
            case invalidPath = "InvalidPath"
            case closed = "Closed"
            case connectionFailed = "ConnectionFailed"
            case protocolError = "ProtocolError"
            case unknownError = "UnknownError"
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// A server-side error without a more specific code (-1).
        public static let systemError = Code(.systemError)
        /// The server found its state inconsistent (-2); in a failed multi, the operations after the failing one.
        public static let runtimeInconsistency = Code(.runtimeInconsistency)
        /// The server found its data inconsistent (-3).
        public static let dataInconsistency = Code(.dataInconsistency)
        /// The connection to the server was lost while the request was in flight (-4); it may or may not have been applied.
        public static let connectionLoss = Code(.connectionLoss)
        /// A record could not be serialized or parsed (-5).
        public static let marshallingError = Code(.marshallingError)
        /// The server does not implement the operation (-6).
        public static let unimplemented = Code(.unimplemented)
        /// The operation timed out (-7).
        public static let operationTimeout = Code(.operationTimeout)
        /// Invalid arguments (-8).
        public static let badArguments = Code(.badArguments)
        /// The session is unknown to the server (-12).
        public static let unknownSession = Code(.unknownSession)
        /// A reconfiguration has no quorum (-13).
        public static let newConfigNoQuorum = Code(.newConfigNoQuorum)
        /// Another reconfiguration is in progress (-14).
        public static let reconfigInProgress = Code(.reconfigInProgress)
        /// A generic API error (-100).
        public static let apiError = Code(.apiError)
        /// The node does not exist (-101).
        public static let noNode = Code(.noNode)
        /// The session's identities are not allowed to do this by the node's ACL (-102).
        public static let noAuth = Code(.noAuth)
        /// The expected version does not match the node's (-103).
        public static let badVersion = Code(.badVersion)
        /// Ephemeral nodes cannot have children (-108).
        public static let noChildrenForEphemerals = Code(.noChildrenForEphemerals)
        /// The node already exists (-110).
        public static let nodeExists = Code(.nodeExists)
        /// The node has children (-111).
        public static let notEmpty = Code(.notEmpty)
        /// The session expired (-112): its ephemeral nodes and watches are gone; make a new client.
        public static let sessionExpired = Code(.sessionExpired)
        /// An invalid callback (-113).
        public static let invalidCallback = Code(.invalidCallback)
        /// The ACL is invalid, e.g. empty or an `auth` ACL without authenticated identity (-114).
        public static let invalidACL = Code(.invalidACL)
        /// Authentication failed (-115).
        public static let authFailed = Code(.authFailed)
        /// The session moved to another server (-118).
        public static let sessionMoved = Code(.sessionMoved)
        /// A write was sent to a read-only server (-119).
        public static let notReadOnly = Code(.notReadOnly)
        /// An ephemeral node was created in a local session (-120).
        public static let ephemeralOnLocalSession = Code(.ephemeralOnLocalSession)
        /// No such watcher (-121).
        public static let noWatcher = Code(.noWatcher)
        /// The request timed out (-122).
        public static let requestTimeout = Code(.requestTimeout)
        /// Reconfiguration is disabled (-123).
        public static let reconfigDisabled = Code(.reconfigDisabled)
        /// The session was closed because SASL authentication is required (-124).
        public static let sessionClosedRequireSaslAuth = Code(.sessionClosedRequireSaslAuth)
        /// A quota was exceeded (-125).
        public static let quotaExceeded = Code(.quotaExceeded)
        /// The server throttled the operation (-127).
        public static let throttledOp = Code(.throttledOp)

        /// A `zk://` URL or connect string is malformed.
        public static let invalidURL = Code(.invalidURL)
        /// A znode path is malformed (not absolute, empty component, `.` or `..`, trailing slash).
        public static let invalidPath = Code(.invalidPath)
        /// The client was closed.
        public static let closed = Code(.closed)
        /// No server of the ensemble could be reached in time.
        public static let connectionFailed = Code(.connectionFailed)
        /// The server sent something the client does not understand (bad frame, unexpected reply).
        public static let protocolError = Code(.protocolError)
        /// The server answered with an error number this client does not know.
        public static let unknownError = Code(.unknownError)

        private static let numbers: [Value: Int32] = [
            .systemError: -1, .runtimeInconsistency: -2, .dataInconsistency: -3, .connectionLoss: -4,
            .marshallingError: -5, .unimplemented: -6, .operationTimeout: -7, .badArguments: -8,
            .unknownSession: -12, .newConfigNoQuorum: -13, .reconfigInProgress: -14, .apiError: -100,
            .noNode: -101, .noAuth: -102, .badVersion: -103, .noChildrenForEphemerals: -108,
            .nodeExists: -110, .notEmpty: -111, .sessionExpired: -112, .invalidCallback: -113,
            .invalidACL: -114, .authFailed: -115, .sessionMoved: -118, .notReadOnly: -119,
            .ephemeralOnLocalSession: -120, .noWatcher: -121, .requestTimeout: -122,
            .reconfigDisabled: -123, .sessionClosedRequireSaslAuth: -124, .quotaExceeded: -125,
            .throttledOp: -127,
        ]
        private static let byNumber: [Int32: Value] = Dictionary(uniqueKeysWithValues: numbers.map { ($0.value, $0.key) })

        /// The code ZooKeeper uses on the wire, or `nil` for the client's own codes.
        public var serverCode: Int32? { Self.numbers[value] }

        /// The code for a wire error number, or `nil` for 0 (OK) and numbers this client does not know.
        public init?(serverCode: Int32) {
            guard let value = Self.byNumber[serverCode] else { return nil }
            self.value = value
        }

        /// ZooKeeper's name of the code, e.g. `NoNode`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What was attempted and on which path, e.g. `create /a/b: NoNode`.
    public var message: String
    /// The error this one wraps, if any.
    public var underlying: (any Error)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: text naming the operation, path or value.
    ///   - underlying: the cause, kept for callers that want it.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// An error for a server's error number: the named code, or `.unknownError` naming the number.
    static func server(_ number: Int32, _ context: String) -> ZooKeeperError {
        if let code = Code(serverCode: number) {
            return ZooKeeperError(code, "\(context): \(code)")
        }
        return ZooKeeperError(.unknownError, "\(context): ZooKeeper error \(number)")
    }

    /// The message, with the cause when there is one.
    public var description: String {
        if let underlying { return "\(message) (\(underlying))" }
        return message
    }

    /// Errors are equal when code and message are; the underlying cause is not compared.
    public static func == (lhs: ZooKeeperError, rhs: ZooKeeperError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
