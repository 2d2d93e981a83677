using System.CommandLine;

namespace ReleaseGate.Cli.Commands;

/// <summary><c>releasegate reject --release ID --stage S --comment C</c>: rejects a release at a stage; the release is closed.</summary>
public static class RejectCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => ApproveCommand.Vote("reject", "Reject a release at a stage (members of the stage's group); the release is closed.", "rejections");
}
