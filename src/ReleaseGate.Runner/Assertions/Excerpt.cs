using System.Globalization;

namespace ReleaseGate.Runner.Assertions;

/// <summary>Shortens texts quoted in reasons, so that a reason stays a sentence however long the output.</summary>
internal static class Excerpt
{
    public const int MaxLength = 200;

    /// <summary>JSON text (already self-delimiting) as it is, cut like <see cref="Quote"/> but without added quotes.</summary>
    public static string Json(string json)
    {
        if (json.Length <= MaxLength)
        {
            return json;
        }

        var cut = char.IsHighSurrogate(json[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Create(CultureInfo.InvariantCulture, $"{json[..cut]}… ({json.Length - cut} more characters)");
    }

    /// <summary>The text in double quotes, cut after <see cref="MaxLength"/> characters with a note of how much was left out.</summary>
    public static string Quote(string text)
    {
        if (text.Length <= MaxLength)
        {
            return $"\"{text}\"";
        }

        // Never cut a surrogate pair in half: the reason must stay valid UTF-16.
        var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Create(CultureInfo.InvariantCulture, $"\"{text[..cut]}\"… ({text.Length - cut} more characters)");
    }
}
