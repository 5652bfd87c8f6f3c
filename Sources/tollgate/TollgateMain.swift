import TollgateCLI

/// The `tollgate` executable: every command lives in TollgateCLI.
@main
struct TollgateMain {
    static func main() async {
        await TollgateCommand.main()
    }
}
