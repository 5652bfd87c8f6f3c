/// A value bound to a `?` placeholder of a prepared statement.
public enum SQLiteParameter: Sendable, Equatable {
    case text(String)
    case int(Int64)
    case null
}
