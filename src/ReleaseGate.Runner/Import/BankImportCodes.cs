namespace ReleaseGate.Runner.Import;

/// <summary>
/// The error codes of the regression bank's importers (production traces, promptfoo failures), in the runner's range.
/// Each has a page under docs/errors/.
/// </summary>
public static class BankImportCodes
{
    /// <summary>A trace file is not valid JSON, holds no traces or something that is not one, or is too large.</summary>
    public const string TraceFile = "RG1409";

    /// <summary>A field of a trace is missing or has the wrong shape (a message, its content, a tool call, the response, a tool).</summary>
    public const string TraceField = "RG1410";

    /// <summary>The case id given for a trace is not a valid case id, or was given for a file of several traces.</summary>
    public const string CaseId = "RG1411";
}
