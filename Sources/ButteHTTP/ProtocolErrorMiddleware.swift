// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Hummingbird

/// Answers ``ProtocolError``s thrown by handlers with their status (see ``ProtocolError/httpError``) instead of
/// Hummingbird's 500.
public struct ProtocolErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Runs the handler and maps a thrown ``ProtocolError``.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ProtocolError {
            return error.httpError.makeResponse()
        }
    }
}
