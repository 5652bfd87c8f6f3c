import AsyncHTTPClient
import Integration
import RegoValue

/// The configured connectors, opened once at start: a SQLite file that cannot be opened or a
/// statement that does not compile stops the server before it listens.
final class ConnectorSet: Sendable {
    let sqlite: [String: SQLiteConnector]
    let http: [String: HTTPConnector]
    /// Present when some connector is an HTTP one.
    private let client: HTTPClient?

    init(_ definitions: [String: ConnectorDefinition], maxBodyBytes: Int) throws(ConnectorError) {
        var sqlite: [String: SQLiteConnector] = [:]
        var http: [String: HTTPConnector] = [:]
        let needsClient = definitions.values.contains { if case .http = $0 { true } else { false } }
        let client = needsClient ? AsyncHTTPTransport.makeClient() : nil
        do throws(ConnectorError) {
            for (name, definition) in definitions.sorted(by: { $0.key < $1.key }) {
                switch definition {
                case .sqlite(let d):
                    sqlite[name] = try SQLiteConnector(name: name, definition: d)
                case .http(let d):
                    guard let client else { preconditionFailure("an HTTP client is made whenever an http connector is configured") }
                    http[name] = HTTPConnector(name: name, definition: d, transport: AsyncHTTPTransport(client: client, maxBodyBytes: maxBodyBytes))
                }
            }
        } catch {
            for connector in sqlite.values { connector.close() }
            try? client?.syncShutdown()
            throw error
        }
        self.sqlite = sqlite
        self.http = http
        self.client = client
    }

    /// Runs `reference` with the transform's output.
    func run(_ reference: ConnectorReference, with input: Value) async throws(ConnectorError) -> ConnectorOutput {
        if let connector = sqlite[reference.connector] {
            return .value(try connector.run(operation: reference.operation, with: input))
        }
        if let connector = http[reference.connector] {
            return try await connector.run(operation: reference.operation, with: input)
        }
        throw ConnectorError(.failed, step: reference.description, "no connector named \(reference.connector) is open")
    }

    /// Closes database files and the HTTP client's connections.
    func close() async {
        for connector in sqlite.values { connector.close() }
        try? await client?.shutdown()
    }
}
