using Cel;

namespace ReleaseGate.Policies.Tests;

/// <summary>
/// The <c>Cel</c> 0.3.3 package, which ReleaseGate used before its own engine: kept as the reference our engine is
/// compared with, and run on the conformance cases to know the day it changes. Returns the raw value, or the
/// exception's message prefixed with "error:".
/// </summary>
internal static class CelPackageReference
{
    private static readonly CelEnvironment s_environment = CreateEnvironment();

    private static CelEnvironment CreateEnvironment()
    {
        var environment = new CelEnvironment(null, null);
        environment.RegisterFunction("lowerAscii", [typeof(string)], args => ((string)args[0]!).ToLowerInvariant());
        environment.RegisterFunction("trim", [typeof(string)], args => ((string)args[0]!).Trim());
        environment.RegisterFunction("split", [typeof(string), typeof(string)], args => ((string)args[0]!).Split((string)args[1]!).Cast<object?>().ToList());
        environment.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)], args => ((string)args[0]!).Replace((string)args[1]!, (string)args[2]!, StringComparison.Ordinal));
        return environment;
    }

    /// <summary>Evaluates; an exception or a no-such-field marker is an error.</summary>
    public static (bool IsError, object? Value) Evaluate(string expression, IReadOnlyDictionary<string, object?> input)
    {
        try
        {
            var program = s_environment.Compile(expression);
            var value = program(input.ToDictionary(p => p.Key, p => p.Value));
            return value is not null && value.GetType().Name.Contains("NoSuchField", StringComparison.Ordinal)
                ? (true, value.ToString())
                : (false, value);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (true, ex.Message);
        }
    }
}
