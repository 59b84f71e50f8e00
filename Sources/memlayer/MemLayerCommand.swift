import ArgumentParser
import MemLayer

@main
struct MemLayerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "memlayer")
}
