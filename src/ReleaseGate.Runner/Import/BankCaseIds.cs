using System.Globalization;
using System.Text;

namespace ReleaseGate.Runner.Import;

/// <summary>
/// The case ids the bank importers give: letters, digits, '.', '_' and '-', starting with a letter or a digit, at most
/// <see cref="MaxLength"/> characters — ids that read the same in a check id, a file name, a URL and a terminal.
/// </summary>
internal static class BankCaseIds
{
    public const int MaxLength = 128;

    // Ids made from text keep a readable start; the rest of the room is left for a uniqueness suffix.
    private const int MaxSlug = 64;

    public static bool IsValid(string id) =>
        id.Length is > 0 and <= MaxLength && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>
    /// The text made an id: ASCII letters and digits in lower case, every run of other characters (accented letters
    /// included: the build runs without culture data) a single '-'; empty when nothing is left.
    /// </summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxSlug));
        foreach (var c in text)
        {
            if (builder.Length >= MaxSlug)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }

    /// <summary><paramref name="id"/>, or with <c>-2</c>, <c>-3</c>… appended until <paramref name="taken"/> does not hold it; then taken.</summary>
    public static string Unique(string id, HashSet<string> taken)
    {
        var unique = id;
        for (var n = 2; !taken.Add(unique); n++)
        {
            unique = $"{id}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return unique;
    }
}
