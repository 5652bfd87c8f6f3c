/// A value bound to a placeholder of a prepared statement.
public enum SQLiteParameter: Sendable, Equatable {
    case text(String)
    case int(Int64)
    case double(Double)
    case null
}

/// One column of a result row, in the storage class sqlite gave it.
public enum SQLiteColumn: Sendable, Equatable {
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])
    case null
}
