// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Keeps clients (roles, or frameworks within a role) in the order DRF serves them: lowest weighted
/// dominant share first, then fewest grants, then name.
///
/// The order is maintained incrementally: a change of one client's allocation moves only that client,
/// so an allocation cycle never re-sorts. Only a change of the cluster total (agents added or removed),
/// which changes every share, re-sorts everything, lazily, at the next `refresh(total:)`.
///
/// Source: Mesos 1.11 `DRFSorter` (src/master/allocator/sorter/drf/sorter.cpp); its ordering by share,
/// then allocation count, then name.
struct DRFSorter {
    private struct Client {
        var name: String
        var weight: Double
        var allocated: ResourceQuantities
        var grants: UInt64
        var share: Double
    }

    /// Client ids in serving order.
    private(set) var order: [Int32] = []
    /// Indexed by client id; ids are small and dense (slots of the allocator's tables).
    private var clients: [Client?] = []
    private var population = 0
    private var total: ResourceQuantities = .zero
    private var stale = false

    /// True when `client` is sorted here.
    func contains(_ client: Int32) -> Bool { Int(client) < clients.count && clients[Int(client)] != nil }

    /// The number of clients.
    var count: Int { population }

    /// Adds a client without allocation; no-op when present.
    mutating func add(_ client: Int32, name: String, weight: Double = 1) {
        guard !contains(client) else { return }
        if Int(client) >= clients.count { clients.append(contentsOf: repeatElement(nil, count: Int(client) - clients.count + 1)) }
        clients[Int(client)] = Client(name: name, weight: weight, allocated: .zero, grants: 0, share: 0)
        population += 1
        insert(client)
    }

    /// Removes a client; no-op when absent.
    mutating func remove(_ client: Int32) {
        guard contains(client) else { return }
        clients[Int(client)] = nil
        population -= 1
        if let index = order.firstIndex(of: client) { order.remove(at: index) }
    }

    /// What `client` holds, or zero.
    func allocation(of client: Int32) -> ResourceQuantities { contains(client) ? clients[Int(client)]?.allocated ?? .zero : .zero }

    /// The dominant share of `client` (unweighted), or zero.
    func dominantShare(of client: Int32) -> Double { allocation(of: client).dominantShare(of: total) }

    /// Adds to a client's allocation; `grant` counts one more grant (ties go to clients granted less often).
    mutating func allocate(_ client: Int32, _ quantities: ResourceQuantities, grant: Bool) {
        guard contains(client) else { return }
        clients[Int(client)]?.allocated += quantities
        if grant { clients[Int(client)]?.grants &+= 1 }
        reposition(client)
    }

    /// Takes from a client's allocation.
    mutating func unallocate(_ client: Int32, _ quantities: ResourceQuantities) {
        guard contains(client) else { return }
        clients[Int(client)]?.allocated -= quantities
        reposition(client)
    }

    /// Changes a client's weight.
    mutating func setWeight(_ client: Int32, _ weight: Double) {
        guard contains(client), clients[Int(client)]?.weight != weight else { return }
        clients[Int(client)]?.weight = weight
        reposition(client)
    }

    /// Marks every share as out of date: the cluster total changed.
    mutating func invalidate() { stale = true }

    /// Recomputes all shares against `total` and re-sorts, if the total changed since the last refresh.
    mutating func refresh(total newTotal: ResourceQuantities) {
        guard stale || newTotal != total else { return }
        total = newTotal
        stale = false
        for index in clients.indices {
            guard let share = weightedShare(index) else { continue }
            clients[index]?.share = share
        }
        var sorted = order
        sorted.sort { precedes($0, $1) }
        order = sorted
    }

    private mutating func reposition(_ client: Int32) {
        let index = Int(client)
        if let share = weightedShare(index) { clients[index]?.share = share }
        if let position = order.firstIndex(of: client) { order.remove(at: position) }
        insert(client)
    }

    private func weightedShare(_ index: Int) -> Double? {
        guard let client = clients[index] else { return nil }
        return client.allocated.dominantShare(of: total) / client.weight
    }

    /// Binary insertion at the client's place in the order.
    private mutating func insert(_ client: Int32) {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if precedes(order[middle], client) { low = middle + 1 } else { high = middle }
        }
        order.insert(client, at: low)
    }

    private func precedes(_ a: Int32, _ b: Int32) -> Bool {
        guard let left = clients[Int(a)], let right = clients[Int(b)] else { return a < b }
        if left.share != right.share { return left.share < right.share }
        if left.grants != right.grants { return left.grants < right.grants }
        if left.name != right.name { return left.name < right.name }
        return a < b
    }
}
