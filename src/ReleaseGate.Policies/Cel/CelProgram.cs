using System.Diagnostics;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// A CEL expression parsed and compiled once into closures; evaluations share it (it holds no evaluation state).
/// Closures are the only form: the shipped command is compiled ahead of time (Native AOT), where code cannot be
/// generated at run time, so a tier that compiles rules to IL would never run there (docs/benchmarks.md, "policies").
/// </summary>
internal sealed class CelProgram
{
    private static readonly CelError s_timeout = new("the evaluation ran past its time limit", CelErrorKind.Timeout);
    private readonly Eval _eval;
    private readonly int _slots;
    private readonly int _memos;

    private CelProgram(Eval eval, int slots, int memos)
    {
        _eval = eval;
        _slots = slots;
        _memos = memos;
    }

    /// <summary>Parses and compiles <paramref name="text"/>.</summary>
    /// <exception cref="CelSyntaxException">The text is not valid CEL, or calls a function that does not exist.</exception>
    public static CelProgram Compile(string text)
    {
        var (eval, slots, memos) = Compiler.Compile(Parser.Parse(text));
        return new CelProgram(eval, slots, memos);
    }

    /// <summary>Evaluates over <paramref name="input"/>; the result is a value or a <see cref="CelError"/>.</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> input, DateTimeOffset now, TimeSpan timeLimit, RegexCache regexes)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
        var activation = new Activation(input, _slots, _memos, now, deadline, regexes);
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
