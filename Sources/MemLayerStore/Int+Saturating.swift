extension Int {
    /// `self + other`, or `Int.max` when that overflows: result counts come from the user
    /// (`search -k`), and asking for more than exists must mean "all", not a trap.
    func saturatingAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    /// `self × other` for non-negative operands, or `Int.max` when that overflows.
    package func saturatingMultiplied(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
