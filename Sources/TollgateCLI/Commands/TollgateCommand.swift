import ArgumentParser

/// The `tollgate` command line: the policy engine's commands, OPA's names and flags.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct TollgateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tollgate",
        abstract: "Policy-and-integration sidecar: Rego (OPA v1) policies, decisions and pipelines.",
        subcommands: [RunCommand.self, EvalCommand.self, CheckCommand.self, BenchCommand.self, DecisionsCommand.self])

    public init() {}
}
