namespace ReleaseGate.Cli;

/// <summary>The exit codes of every command (DESIGN §5).</summary>
public static class ExitCodes
{
    /// <summary>Passed, or only human steps are pending.</summary>
    public const int Pass = 0;

    /// <summary>The gate blocked the release.</summary>
    public const int Blocked = 1;

    /// <summary>Bad input or usage; nothing was decided.</summary>
    public const int BadInput = 2;

    /// <summary>Still pending, where waiting was asked for.</summary>
    public const int Pending = 3;

    /// <summary>
    /// <c>eval run</c> finished, but too many executions errored for its results to be evidence: every execution of a target,
    /// or a larger share than <c>--max-error-share</c>. The results file is complete and written.
    /// </summary>
    public const int TooManyErrors = 4;
}
