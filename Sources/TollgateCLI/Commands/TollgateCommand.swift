import ArgumentParser

/// The `tollgate` command line: the policy engine's commands, OPA's names and flags.
public struct TollgateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tollgate",
        abstract: "Policy-and-integration sidecar: Rego (OPA v1) policies, decisions and pipelines.",
        subcommands: [EvalCommand.self, CheckCommand.self])

    public init() {}
}
