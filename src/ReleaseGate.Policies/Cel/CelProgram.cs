using System.Diagnostics;

namespace ReleaseGate.Policies.Cel;

/// <summary>A CEL expression parsed and compiled once; evaluations share it (it holds no evaluation state).</summary>
internal sealed class CelProgram
{
    private static readonly CelError s_timeout = new("the evaluation ran past its time limit", CelErrorKind.Timeout);
    private readonly Eval _eval;
    private readonly int _slots;

    private CelProgram(Eval eval, int slots)
    {
        _eval = eval;
        _slots = slots;
    }

    /// <summary>Parses and compiles <paramref name="text"/>.</summary>
    /// <exception cref="CelSyntaxException">The text is not valid CEL, or calls a function that does not exist.</exception>
    public static CelProgram Compile(string text)
    {
        var (eval, slots) = Compiler.Compile(Parser.Parse(text));
        return new CelProgram(eval, slots);
    }

    /// <summary>Evaluates over <paramref name="input"/>; the result is a value or a <see cref="CelError"/>.</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> input, DateTimeOffset now, TimeSpan timeLimit, RegexCache regexes)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
        var activation = new Activation(input, _slots, now, deadline, regexes);
        object? result;
        try
        {
            result = _eval(activation);
        }
        catch (Exception ex) when (ex is InvalidCastException or ArgumentException or OverflowException or FormatException or InvalidOperationException)
        {
            // Not expected: every function returns errors as values. Fail closed with what happened.
            result = new CelError($"evaluation failed: {ex.Message}");
        }

        return activation.TimedOut ? s_timeout : result;
    }
}
