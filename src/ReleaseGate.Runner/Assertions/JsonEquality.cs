using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// Deep equality of JSON values as JavaScript's <c>isDeepStrictEqual</c> over <c>JSON.parse</c> sees it: objects equal
/// whatever their key order, arrays in order, numbers by value (<c>1</c>, <c>1.0</c> and <c>1e0</c> are equal).
/// </summary>
internal static class JsonEquality
{
    /// <summary>The suite's expected value as a detached element, made once when the suite loads.</summary>
    public static JsonElement ToElement(JsonNode? node) => JsonElement.Parse(node?.ToJsonString() ?? "null");

    public static bool AreEqual(JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return false;
        }

        return expected.ValueKind switch
        {
            JsonValueKind.Object => ObjectsEqual(expected, actual),
            JsonValueKind.Array => ArraysEqual(expected, actual),
            JsonValueKind.String => expected.GetString() == actual.GetString(),
            JsonValueKind.Number => NumbersEqual(expected, actual),
            _ => true,
        };
    }

    private static bool ObjectsEqual(JsonElement expected, JsonElement actual)
    {
        var expectedCount = 0;
        foreach (var _ in expected.EnumerateObject())
        {
            expectedCount++;
        }

        // Output with a key twice counts it twice and so never equals: ambiguous JSON fails closed.
        var count = 0;
        foreach (var property in actual.EnumerateObject())
        {
            count++;
            if (!expected.TryGetProperty(property.Name, out var value) || !AreEqual(value, property.Value))
            {
                return false;
            }
        }

        return count == expectedCount;
    }

    private static bool ArraysEqual(JsonElement expected, JsonElement actual)
    {
        if (actual.GetArrayLength() != expected.GetArrayLength())
        {
            return false;
        }

        using var e = expected.EnumerateArray().GetEnumerator();
        foreach (var item in actual.EnumerateArray())
        {
            e.MoveNext();
            if (!AreEqual(e.Current, item))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NumbersEqual(JsonElement expected, JsonElement actual) =>
        expected.TryGetDecimal(out var a) && actual.TryGetDecimal(out var b) ? a == b : expected.GetDouble() == actual.GetDouble();
}
