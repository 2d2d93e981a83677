namespace ReleaseGate.Core.Diagnostics;

/// <summary>
/// The limits every reader of user input enforces, in one place so that the CLI, the runner and the server share them.
/// Each limit keeps a reader's time and memory bounded by the limit rather than by its input; going over one is a
/// <see cref="GateError"/> with its own code and location, never an exception or a crash. docs/formats.md#limits gives
/// each limit's reason.
/// </summary>
public static class InputLimits
{
    /// <summary>The largest YAML file (gate, policies, waivers, release, suite, policy tests, targets), in UTF-8 bytes (RG1024).</summary>
    public const int MaxYamlDocumentBytes = 8 << 20;

    /// <summary>The deepest nesting of lists and mappings in a YAML document; the root is level 1 (RG1021).</summary>
    public const int MaxYamlDepth = 64;

    /// <summary>The most alias uses (<c>*name</c>) in one YAML document (RG1022).</summary>
    public const int MaxYamlAliases = 1_000;

    /// <summary>The most nodes a YAML document may have once every alias is counted as a copy of its anchor (RG1023).</summary>
    public const long MaxYamlExpandedNodes = 1_000_000;

    /// <summary>The most characters of scalars a YAML document may have once every alias is counted as a copy (RG1023).</summary>
    public const long MaxYamlExpandedChars = 16L << 20;

    /// <summary>
    /// How many nodes aliases may add beyond as many as the document writes out (RG1023): expanding a document at most
    /// doubles it, plus this allowance, so the work of every later walk stays proportional to the text.
    /// </summary>
    public const long YamlAliasNodeAllowance = 10_000;

    /// <summary>How many characters aliases may add beyond as many as the document writes out (RG1023).</summary>
    public const long YamlAliasCharAllowance = 1L << 20;

    /// <summary>The longest scalar (string) in a YAML document, in characters (RG1025).</summary>
    public const int MaxStringLength = 1 << 20;

    /// <summary>The longest JSONL line (results, case files), in UTF-8 bytes without its line end (RG1105).</summary>
    public const int MaxJsonLineBytes = 4 << 20;

    /// <summary>The deepest nesting of arrays and objects in a JSON value; the outer object is level 1 (RG1106).</summary>
    public const int MaxJsonDepth = 64;
}
