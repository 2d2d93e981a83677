namespace ReleaseGate.Core.Diagnostics;

/// <summary>One problem found in user input: a stable code, where it is, and a message that says what to do.</summary>
/// <param name="Code">The stable code, such as <c>RG1004</c>; each has a page under <c>docs/errors/</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="Location">Where the problem is.</param>
public sealed record GateError(string Code, string Message, SourceLocation Location) : IComparable<GateError>
{
    /// <inheritdoc />
    public int CompareTo(GateError? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byLocation = Location.CompareTo(other.Location);
        return byLocation != 0 ? byLocation : string.CompareOrdinal(Code, other.Code);
    }

    /// <summary>
    /// The offending line of the file, escaped for display, shown under the message; null when the message says enough by
    /// itself. Set for YAML syntax errors, whose position alone is hard to read.
    /// </summary>
    public string? Excerpt { get; init; }

    /// <summary>Formats as <c>file:line:column: RGnnnn: message</c>, with the <see cref="Excerpt"/> on a second line as <c>    12 | text</c>.</summary>
    public override string ToString() => Excerpt is null
        ? $"{Location}: {Code}: {Message}"
        : $"{Location}: {Code}: {Message}\n    {Location.Line} | {Excerpt}";
}
