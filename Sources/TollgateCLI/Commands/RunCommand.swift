import ArgumentParser
import Foundation
import Logging
import Sidecar

/// `tollgate run`: serves the policies and data over OPA's REST API.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the sidecar: OPA's REST API over policies/, data/ and a SQLite state file.")

    @Option(name: .long, help: "Configuration file (YAML). Read when present; required when given.")
    var config: String?

    @Option(name: .long, help: "Listen address host:port (default 127.0.0.1:8181).")
    var addr: String?

    @Option(name: .long, help: "Policy folder (default policies).")
    var policies: String?

    @Option(name: .long, help: "Data folder (default data).")
    var data: String?

    @Option(name: .long, help: "SQLite state file (default var/tollgate.sqlite).")
    var state: String?

    func run() async throws {
        var configuration: SidecarConfiguration
        do {
            configuration = try SidecarConfiguration.load(file: config ?? "tollgate.yaml", required: config != nil)
            if let addr { configuration.address = addr }
            if let policies { configuration.policiesPath = policies }
            if let data { configuration.dataPath = data }
            if let state { configuration.statePath = state }
            _ = try configuration.hostAndPort()
        } catch {
            FileHandle.standardError.write(Data("tollgate: configuration error in \(config ?? "tollgate.yaml"): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let server: SidecarServer
        do { server = try SidecarServer(configuration: configuration) } catch {
            FileHandle.standardError.write(Data("tollgate: cannot start: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let host = configuration.address.split(separator: ":").dropLast().joined(separator: ":")
        try await server.run { port in
            FileHandle.standardError.write(Data("tollgate: serving on \(host):\(port)\n".utf8))
        }
    }
}
