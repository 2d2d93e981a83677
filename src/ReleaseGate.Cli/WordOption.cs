using System.CommandLine;
using ReleaseGate.Cli.Output;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Cli;

/// <summary>
/// Options whose value is one word of an enumeration, written lower-case (<c>--format json</c>). Help lists the words,
/// shell completion offers them, and any other value is RG1315 naming the nearest words, never the .NET type.
/// </summary>
internal static class WordOption
{
    /// <summary>The word for <paramref name="value"/>: its name, lower-case.</summary>
    public static string Word<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>
    /// An option taking one of <typeparamref name="T"/>'s words (any case), <paramref name="defaultValue"/> when absent. The
    /// default is said in the description rather than shown by the library, which would print the member's own name.
    /// </summary>
    public static Option<T?> Create<T>(string name, string? alias, string description, T defaultValue) where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var words = values.Select(Word).ToList();
        var option = alias is null ? new Option<T?>(name) : new Option<T?>(name, alias);
        option.Description = $"{description} One of {string.Join(", ", words)} (default: {Word(defaultValue)}).";
        option.HelpName = string.Join('|', words);
        option.CustomParser = result =>
        {
            var given = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            foreach (var value in values)
            {
                if (string.Equals(Word(value), given, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            result.AddError($"{ErrorCodes.OptionValue}: {Messages.OptionWord(name, Terminal.Safe(given), NameSuggester.Nearest(given, words), words)}");
            return null;
        };
        // The library offers an enum's member names (Json as well as json); offer the words only.
        option.CompletionSources.Clear();
        option.CompletionSources.Add(words.ToArray());
        return option;
    }
}
