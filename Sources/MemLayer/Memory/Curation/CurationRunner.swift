import Foundation

/// Background curation: a pass as soon as ``run()`` starts (so opening an app curates), then one
/// every `interval`, until the task running it is cancelled.
///
/// A value with an injected clock, so tests drive it without waiting; run it in your own task
/// group next to the rest of your app's work:
///
///     try await withThrowingDiscardingTaskGroup { group in
///         group.addTask { await CurationRunner(curator: Curator(store: store), scope: .allUsers).run() }
///         …
///     }
///
/// A failing pass (a busy file, say) is reported through `onPass` and retried at the next tick;
/// a closed store ends the runner.
public struct CurationRunner<C: Clock<Duration>>: Sendable {
    /// What each pass does.
    public var curator: Curator
    /// Whose memories each pass covers.
    public var scope: CurationScope
    /// Time between the starts of two passes; a pass that overruns it is followed at once by the
    /// next, missed ticks are not made up.
    public var interval: Duration
    /// Schedules the passes.
    public let clock: C
    /// The wall-clock time a pass curates at (expiry and decay are measured in dates).
    public var now: @Sendable () -> Date
    /// Called after every pass with its reports, or its error.
    public var onPass: @Sendable (Result<[CurationReport], any Error>) -> Void

    /// A runner on `clock`.
    public init(
        curator: Curator, scope: CurationScope, interval: Duration = .seconds(3600), clock: C,
        now: @escaping @Sendable () -> Date = { Date() },
        onPass: @escaping @Sendable (Result<[CurationReport], any Error>) -> Void = { _ in }
    ) {
        self.curator = curator
        self.scope = scope
        self.interval = interval
        self.clock = clock
        self.now = now
        self.onPass = onPass
    }

    /// Runs passes until cancelled (or the store is closed); returns then, without error.
    public func run() async {
        var deadline = clock.now
        while !Task.isCancelled {
            do {
                onPass(.success(try await curator.curate(scope, now: now())))
            } catch is CancellationError {
                return
            } catch let error as StoreError where error.kind == .closed {
                onPass(.failure(error))
                return
            } catch {
                onPass(.failure(error))
            }
            deadline = deadline.advanced(by: interval)
            if deadline < clock.now { deadline = clock.now.advanced(by: interval) }
            do { try await clock.sleep(until: deadline, tolerance: nil) } catch { return }
        }
    }
}

extension CurationRunner where C == ContinuousClock {
    /// A runner on the system's continuous clock.
    public init(
        curator: Curator, scope: CurationScope, interval: Duration = .seconds(3600),
        onPass: @escaping @Sendable (Result<[CurationReport], any Error>) -> Void = { _ in }
    ) {
        self.init(curator: curator, scope: scope, interval: interval, clock: ContinuousClock(), onPass: onPass)
    }
}
