namespace ReleaseGate.Server.Identity;

/// <summary>Parses and writes <see cref="Scope"/> sets as the words <c>submit</c>, <c>review</c>, <c>approve</c>, <c>admin</c>.</summary>
public static class Scopes
{
    /// <summary>The words, in a fixed order.</summary>
    public static readonly IReadOnlyList<(string Word, Scope Scope)> All =
        [("submit", Scope.Submit), ("review", Scope.Review), ("approve", Scope.Approve), ("admin", Scope.Admin)];

    /// <summary>The words of <paramref name="scopes"/>, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Words(Scope scopes) => All.Where(s => scopes.HasFlag(s.Scope)).Select(s => s.Word).ToList();

    /// <summary>Parses words; returns false and names the first unknown word when one is not a scope.</summary>
    public static bool TryParse(IEnumerable<string> words, out Scope scopes, out string? unknown)
    {
        ArgumentNullException.ThrowIfNull(words);
        scopes = Scope.None;
        unknown = null;
        foreach (var word in words)
        {
            var match = All.FirstOrDefault(s => s.Word == word.Trim().ToLowerInvariant());
            if (match.Word is null)
            {
                unknown = word;
                return false;
            }

            scopes |= match.Scope;
        }

        return true;
    }
}
