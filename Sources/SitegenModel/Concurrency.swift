import Foundation

/// `transform` applied to `0..<count` on all cores; results in index order.
public func concurrentMap<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buf in
        let b = buf
        DispatchQueue.concurrentPerform(iterations: count) { i in b[i] = transform(i) }
    }
    return results.map { $0! }
}

/// Values made once and shared by threads. Two threads may both make a missing value; both make the
/// same one, and one of them is kept.
public final class LockedCache<Key: Hashable, Value>: @unchecked Sendable {
    private var values: [Key: Value] = [:]
    private let lock = NSLock()

    public init() {}

    public func value(_ key: Key, make: () -> Value) -> Value {
        lock.lock()
        if let v = values[key] { lock.unlock(); return v }
        lock.unlock()
        let v = make()
        lock.lock()
        values[key] = v
        lock.unlock()
        return v
    }
}
