namespace ReleaseGate.Policies.Tests;

/// <summary>One case of the CEL conformance files under Conformance/: an expression, its bindings and what it should give.</summary>
/// <param name="File">The file, such as <c>macros.txt</c>.</param>
/// <param name="Name">section/name, as in the cel-spec textproto.</param>
/// <param name="Bindings">A CEL map expression giving the variables, or null.</param>
/// <param name="Expression">The expression under test.</param>
/// <param name="Expected">A CEL expression for the expected value, <c>error</c>, or <c>skip: reason</c>.</param>
public sealed record ConformanceCase(string File, string Name, string? Bindings, string Expression, string Expected)
{
    public bool ExpectsError => Expected == "error";

    public bool Skipped => Expected.StartsWith("skip:", StringComparison.Ordinal);

    /// <summary>Every case of every file, in file order.</summary>
    public static IReadOnlyList<ConformanceCase> All { get; } = Load();

    /// <inheritdoc />
    public override string ToString() => $"{Path.GetFileNameWithoutExtension(File)}/{Name}";

    private static List<ConformanceCase> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Conformance");
        var cases = new List<ConformanceCase>();
        foreach (var file in Directory.GetFiles(folder, "*.txt").Where(f => !f.EndsWith("package-differences.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            foreach (var line in System.IO.File.ReadLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var arrow = line.LastIndexOf(" ==> ", StringComparison.Ordinal);
                var parts = line[..arrow].Split(" :: ");
                var name = Path.GetFileName(file);
                cases.Add(parts.Length == 3
                    ? new ConformanceCase(name, parts[0], parts[1], parts[2], line[(arrow + 5)..])
                    : new ConformanceCase(name, parts[0], null, parts[1], line[(arrow + 5)..]));
            }
        }

        return cases;
    }
}
