namespace ReleaseGate.Runner.Scaffold;

/// <summary>The text of every <c>init</c> message, in one place so that tests can assert them.</summary>
internal static class ScaffoldMessages
{
    public const string Exists =
        "the file exists; init never overwrites files. Remove it, or scaffold into another folder with --dir.";

    public static string Unwritable(string detail) =>
        $"cannot write the file ({detail.TrimEnd('.')}); nothing was left behind. Check the folder's permissions, or choose another with --dir.";
}
