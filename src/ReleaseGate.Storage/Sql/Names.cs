namespace ReleaseGate.Storage.Sql;

/// <summary>How enums are written in the database: lower-case words, stable across versions.</summary>
internal static class Names
{
    public static string Of(ReleaseState state) => state switch
    {
        ReleaseState.Pending => "pending",
        ReleaseState.Blocked => "blocked",
        ReleaseState.Approved => "approved",
        ReleaseState.Rejected => "rejected",
        ReleaseState.Shipped => "shipped",
        ReleaseState.RolledBack => "rolled-back",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown release state"),
    };

    public static ReleaseState ReleaseStateOf(string text) => text switch
    {
        "pending" => ReleaseState.Pending,
        "blocked" => ReleaseState.Blocked,
        "approved" => ReleaseState.Approved,
        "rejected" => ReleaseState.Rejected,
        "shipped" => ReleaseState.Shipped,
        "rolled-back" => ReleaseState.RolledBack,
        _ => throw new InvalidDataException($"unknown release state '{text}' in the database"),
    };

    public static string Of(ApprovalVerdict verdict) => verdict == ApprovalVerdict.Approve ? "approve" : "reject";

    public static ApprovalVerdict ApprovalVerdictOf(string text) => text switch
    {
        "approve" => ApprovalVerdict.Approve,
        "reject" => ApprovalVerdict.Reject,
        _ => throw new InvalidDataException($"unknown approval verdict '{text}' in the database"),
    };
}
