namespace ReleaseGate.Cli.Output;

/// <summary>The output formats of <c>releasegate check</c>.</summary>
public enum ReportFormat
{
    /// <summary>A table for people, failures first, then the verdict.</summary>
    Text,

    /// <summary>The decision JSON of DESIGN §4.</summary>
    Json,

    /// <summary>Markdown for a pull-request comment or <c>$GITHUB_STEP_SUMMARY</c>.</summary>
    Markdown,

    /// <summary>JUnit XML, a test case per check.</summary>
    Junit,
}
