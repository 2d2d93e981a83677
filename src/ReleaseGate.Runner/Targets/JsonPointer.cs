using System.Globalization;
using System.Text.Json.Nodes;

namespace ReleaseGate.Runner.Targets;

/// <summary>RFC 6901 JSON pointers over <see cref="JsonNode"/> trees.</summary>
internal static class JsonPointer
{
    /// <summary>Finds the value <paramref name="pointer"/> names; false when there is none.</summary>
    public static bool TryResolve(JsonNode? root, string pointer, out JsonNode? value)
    {
        value = root;
        if (pointer.Length == 0)
        {
            return true;
        }

        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var next):
                    value = next;
                    break;
                case JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }
}
