namespace ReleaseGate.Storage.Sql;

/// <summary>How enums are written in the database: lower-case words, stable across versions.</summary>
internal static class Names
{
    public static string Of(ApprovalVerdict verdict) => verdict == ApprovalVerdict.Approve ? "approve" : "reject";

    public static ApprovalVerdict ApprovalVerdictOf(string text) => text switch
    {
        "approve" => ApprovalVerdict.Approve,
        "reject" => ApprovalVerdict.Reject,
        _ => throw new InvalidDataException($"unknown approval verdict '{text}' in the database"),
    };
}
