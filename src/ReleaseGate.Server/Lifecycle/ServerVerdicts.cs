namespace ReleaseGate.Server.Lifecycle;

/// <summary>The words verdicts are written as on the wire.</summary>
public static class ServerVerdicts
{
    /// <summary><c>blocked</c>, <c>pending</c>, <c>approved</c>, <c>rejected</c> or <c>shipped</c>.</summary>
    public static string Word(this ServerVerdict verdict) => verdict switch
    {
        ServerVerdict.Blocked => "blocked",
        ServerVerdict.Pending => "pending",
        ServerVerdict.Approved => "approved",
        ServerVerdict.Rejected => "rejected",
        _ => "shipped",
    };

    /// <summary>Parses a word written by <see cref="Word"/>.</summary>
    /// <exception cref="FormatException">The word is not a verdict.</exception>
    public static ServerVerdict Parse(string word) => word switch
    {
        "blocked" => ServerVerdict.Blocked,
        "pending" => ServerVerdict.Pending,
        "approved" => ServerVerdict.Approved,
        "rejected" => ServerVerdict.Rejected,
        "shipped" => ServerVerdict.Shipped,
        _ => throw new FormatException($"'{word}' is not a verdict"),
    };
}
