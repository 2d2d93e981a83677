using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Cel;
using ReleaseGate.Core.Decisions;

namespace ReleaseGate.Policies;

/// <summary>
/// Evaluates policy rules and approval conditions written in CEL (DESIGN §2), with the string functions users
/// reach for (<c>lowerAscii</c>, <c>split</c>, <c>replace</c>, <c>trim</c>) and <c>now()</c> from the injected clock.
/// Every failure — a syntax error, an unknown field, a non-boolean result, an exception, a timeout — is returned as
/// an error, never thrown, so a rule that cannot be evaluated fails closed.
/// </summary>
/// <threadsafety>Safe to share: compiled programs are cached and were found safe to run concurrently.</threadsafety>
public sealed partial class CelPolicyEvaluator : IPolicyEvaluator
{
    /// <summary>The longest one evaluation may run.</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(1);

    private readonly CelEnvironment _environment = new(null, null);
    private readonly ConcurrentDictionary<string, CelProgramDelegate> _programs = new(StringComparer.Ordinal);
    private readonly TimeSpan _timeLimit;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="time">The clock behind <c>now()</c>; a decision passes its own time, so results are reproducible.</param>
    /// <param name="timeLimit">The longest one evaluation may run; <see cref="DefaultTimeLimit"/> when null.</param>
    public CelPolicyEvaluator(TimeProvider time, TimeSpan? timeLimit = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _timeLimit = timeLimit ?? DefaultTimeLimit;
        _environment.RegisterFunction("lowerAscii", [typeof(string)], args => ((string)args[0]!).ToLowerInvariant());
        _environment.RegisterFunction("trim", [typeof(string)], args => ((string)args[0]!).Trim());
        _environment.RegisterFunction("split", [typeof(string), typeof(string)], args => ((string)args[0]!).Split((string)args[1]!).Cast<object?>().ToList());
        _environment.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)], args => ((string)args[0]!).Replace((string)args[1]!, (string)args[2]!, StringComparison.Ordinal));
        _environment.RegisterFunction("now", [], _ => time.GetUtcNow());
    }

    /// <inheritdoc />
    public PolicyOutcome Evaluate(string expression, IReadOnlyDictionary<string, object?> input)
    {
        var (value, failure, detail) = Run(expression, input);
        return failure == PolicyFailure.None ? PolicyOutcome.Of(value) : PolicyOutcome.Failed(detail!);
    }

    /// <summary>Evaluates and classifies the outcome, for load-time guards.</summary>
    internal (bool Value, PolicyFailure Failure, string? Detail) Run(string expression, IReadOnlyDictionary<string, object?> input)
    {
        CelProgramDelegate program;
        try
        {
            program = _programs.GetOrAdd(expression, _environment.Compile);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (false, PolicyFailure.Syntax, FirstSentence(ex.Message));
        }

        // The library has no cost limit: run on the pool and stop waiting at the time limit (DEPENDENCIES.md).
        var variables = input as IDictionary<string, object?> ?? input.ToDictionary(p => p.Key, p => p.Value);
        var run = Task.Run(() => program(variables!));
        try
        {
            if (!run.Wait(_timeLimit))
            {
                return (false, PolicyFailure.Timeout, $"it ran longer than {_timeLimit.TotalMilliseconds:0} ms");
            }
        }
        catch (AggregateException ex) when (ex.InnerException is { } inner)
        {
            return inner switch
            {
                // A missing field also surfaces as "no overload for <marker>" once it flows into a function or macro.
                _ when inner.GetType().Name.Contains("NoSuchField", StringComparison.Ordinal) || inner.Message.Contains("CelNoSuchField", StringComparison.Ordinal)
                    => (false, PolicyFailure.UnknownField, FirstSentence(inner.Message)),
                RegexMatchTimeoutException => (false, PolicyFailure.Runtime, "a regular expression took too long to match"),
                _ => (false, PolicyFailure.Runtime, FirstSentence(inner.Message)),
            };
        }

        return run.Result switch
        {
            bool b => (b, PolicyFailure.None, null),

            // A missing field as the whole expression comes back as a marker object, not an exception.
            { } marker when marker.GetType().Name.Contains("NoSuchField", StringComparison.Ordinal) => (false, PolicyFailure.UnknownField, marker.ToString()),
            null => (false, PolicyFailure.NotBoolean, "it returned null"),
            var other => (false, PolicyFailure.NotBoolean, $"it returned {other} ({other.GetType().Name})"),
        };
    }

    /// <summary>The field name in the library's "select field 'x'" messages, for did-you-mean hints.</summary>
    internal static string? UnknownFieldName(string? detail) =>
        detail is not null && FieldInMessage().Match(detail) is { Success: true } match ? match.Groups[1].Value : null;

    private static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0].Trim();
        return line.TrimEnd('.');
    }

    [GeneratedRegex("field '([^']+)'")]
    private static partial Regex FieldInMessage();
}
