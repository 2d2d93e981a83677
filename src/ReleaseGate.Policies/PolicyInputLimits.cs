using System.Globalization;

namespace ReleaseGate.Policies;

/// <summary>Checks an input document against the <see cref="PolicyLimits"/> size caps, naming the first field over one.</summary>
internal static class PolicyInputLimits
{
    /// <summary>Null when <paramref name="input"/> is within the caps; otherwise why not, naming the field.</summary>
    public static string? Check(IReadOnlyDictionary<string, object?> input, PolicyLimits limits)
    {
        var values = 0;
        string? Walk(object? node, string path, int depth)
        {
            if (++values > limits.MaxDocumentValues)
            {
                return $"the input holds more than {Count(limits.MaxDocumentValues)} values (the limit); it passed that at '{path}'";
            }

            if (depth > limits.MaxDepth)
            {
                return $"the input nests deeper than {limits.MaxDepth} levels at '{path}'";
            }

            switch (node)
            {
                case string s when s.Length > limits.MaxStringLength:
                    return $"'{path}' is a string of {Count(s.Length)} characters, more than the limit of {Count(limits.MaxStringLength)}";
                case IReadOnlyDictionary<string, object?> map:
                    if (map.Count > limits.MaxCollectionLength)
                    {
                        return $"'{path}' has {Count(map.Count)} entries, more than the limit of {Count(limits.MaxCollectionLength)}";
                    }

                    foreach (var (key, value) in map)
                    {
                        if (key.Length > limits.MaxStringLength)
                        {
                            return $"a key of '{path}' has {Count(key.Length)} characters, more than the limit of {Count(limits.MaxStringLength)}";
                        }

                        if (Walk(value, path.Length == 0 ? key : $"{path}.{key}", depth + 1) is { } error)
                        {
                            return error;
                        }
                    }

                    return null;
                case IReadOnlyList<object?> list:
                    if (list.Count > limits.MaxCollectionLength)
                    {
                        return $"'{path}' has {Count(list.Count)} items, more than the limit of {Count(limits.MaxCollectionLength)}";
                    }

                    for (var i = 0; i < list.Count; i++)
                    {
                        if (Walk(list[i], $"{path}[{i}]", depth + 1) is { } error)
                        {
                            return error;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        return Walk(input, "", 0);
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
