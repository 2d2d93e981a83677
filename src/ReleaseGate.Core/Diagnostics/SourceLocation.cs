namespace ReleaseGate.Core.Diagnostics;

/// <summary>A place in an input file: the file name as the user gave it, and a 1-based line and column.</summary>
/// <param name="File">The file name as given on the command line or in the request.</param>
/// <param name="Line">The 1-based line, or 0 when the error concerns the whole file.</param>
/// <param name="Column">The 1-based column, or 0 when the error concerns a whole line or file.</param>
public readonly record struct SourceLocation(string File, int Line, int Column) : IComparable<SourceLocation>
{
    /// <summary>A location naming a whole file.</summary>
    public static SourceLocation OfFile(string file) => new(file, 0, 0);

    /// <inheritdoc />
    public int CompareTo(SourceLocation other)
    {
        var byFile = string.CompareOrdinal(File, other.File);
        if (byFile != 0)
        {
            return byFile;
        }

        return Line != other.Line ? Line.CompareTo(other.Line) : Column.CompareTo(other.Column);
    }

    /// <summary>Formats as <c>file:line:column</c>, leaving out the parts that are zero.</summary>
    public override string ToString() => (Line, Column) switch
    {
        (0, _) => File,
        (_, 0) => $"{File}:{Line}",
        _ => $"{File}:{Line}:{Column}",
    };
}
