using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Policies.Cel;

namespace ReleaseGate.Policies;

/// <summary>
/// Evaluates policy rules and approval conditions written in CEL (DESIGN §2) with ReleaseGate's own CEL engine
/// (<see cref="Cel"/> namespace): each expression is parsed and compiled once into closures over the input document,
/// then evaluated in microseconds. It has the string functions users reach for (<c>lowerAscii</c>, <c>split</c>,
/// <c>replace</c>, <c>trim</c>) and <c>now()</c> from the injected clock. Every failure — a syntax error, an unknown
/// field, a non-boolean result, an error value, an input over the <see cref="PolicyLimits"/>, a timeout — is returned
/// as an error, never thrown, so a rule that cannot be evaluated fails closed.
/// </summary>
/// <remarks>
/// The <c>Cel</c> package interprets its parse tree on every call, far over the policy budget on large inputs
/// (docs/benchmarks.md, "policies"); it stays in the tests as the reference this engine is compared with.
/// </remarks>
/// <threadsafety>Safe to share: compiled programs hold no evaluation state; each evaluation has its own.</threadsafety>
public sealed class CelPolicyEvaluator : IPolicyEvaluator
{
    /// <summary>The longest one evaluation may run by default.</summary>
    public static readonly TimeSpan DefaultTimeLimit = PolicyLimits.Default.TimeLimit;

    private readonly ConcurrentDictionary<string, object> _programs = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<IReadOnlyDictionary<string, object?>, StrongBox<string?>> _checkedInputs = [];
    private readonly ConditionalWeakTable<IReadOnlyDictionary<string, object?>, StrongBox<string?>>.CreateValueCallback _checkInput;
    private readonly TimeProvider _time;
    private readonly RegexCache _regexes;

    /// <summary>Creates an evaluator with the default limits, or the given time limit.</summary>
    /// <param name="time">The clock behind <c>now()</c>; a decision passes its own time, so results are reproducible.</param>
    /// <param name="timeLimit">The longest one evaluation may run; <see cref="DefaultTimeLimit"/> when null.</param>
    public CelPolicyEvaluator(TimeProvider time, TimeSpan? timeLimit = null)
        : this(time, PolicyLimits.Default with { TimeLimit = timeLimit ?? DefaultTimeLimit })
    {
    }

    /// <summary>Creates an evaluator with the given limits.</summary>
    /// <param name="time">The clock behind <c>now()</c>.</param>
    /// <param name="limits">Input size caps, the time limit and the regular-expression match timeout.</param>
    public CelPolicyEvaluator(TimeProvider time, PolicyLimits limits)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(limits);
        _time = time;
        Limits = limits;
        _checkInput = doc => new StrongBox<string?>(PolicyInputLimits.Check(doc, limits));
        // A match may not outlast the rule's own time limit either.
        _regexes = new RegexCache(limits.RegexMatchTimeout < limits.TimeLimit ? limits.RegexMatchTimeout : limits.TimeLimit);
    }

    /// <summary>The limits every evaluation runs under.</summary>
    public PolicyLimits Limits { get; }

    /// <inheritdoc />
    public PolicyOutcome Evaluate(string expression, IReadOnlyDictionary<string, object?> input)
    {
        var run = Run(expression, input);
        return run.Failure == PolicyFailure.None ? PolicyOutcome.Of(run.Value) : PolicyOutcome.Failed(run.Detail!);
    }

    /// <summary>Evaluates and classifies the outcome, for load-time guards.</summary>
    internal PolicyRun Run(string expression, IReadOnlyDictionary<string, object?> input)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(input);
        var compiled = _programs.GetOrAdd(expression, text =>
        {
            try
            {
                return CelProgram.Compile(text);
            }
            catch (CelSyntaxException ex)
            {
                return ex;
            }
        });
        if (compiled is CelSyntaxException syntax)
        {
            return new PolicyRun(false, PolicyFailure.Syntax, syntax.Message, null);
        }

        // The input is checked against the size caps once per document, however many rules read it.
        // (A document is not to change once evaluated: decisions and policy tests build one per decision or test.)
        var tooLarge = _checkedInputs.GetValue(input, _checkInput).Value;
        if (tooLarge is not null)
        {
            return new PolicyRun(false, PolicyFailure.Limit, tooLarge, null);
        }

        var result = ((CelProgram)compiled).Evaluate(input, _time.GetUtcNow(), Limits.TimeLimit, _regexes);
        return result switch
        {
            bool b => new PolicyRun(b, PolicyFailure.None, null, null),
            CelError { Kind: CelErrorKind.UnknownField } e => new PolicyRun(false, PolicyFailure.UnknownField, e.Message, e.Field),
            CelError { Kind: CelErrorKind.Timeout } => new PolicyRun(false, PolicyFailure.Timeout, $"it ran longer than {Limits.TimeLimit.TotalMilliseconds:0} ms", null),
            CelError e => new PolicyRun(false, PolicyFailure.Runtime, e.Message, null),
            var other => new PolicyRun(false, PolicyFailure.NotBoolean, $"it returned {CelValues.Format(other)} ({CelValues.TypeName(other)})", null),
        };
    }
}

/// <summary>One evaluation's outcome, classified.</summary>
/// <param name="Value">The boolean result, when <paramref name="Failure"/> is <see cref="PolicyFailure.None"/>.</param>
/// <param name="Failure">Why there is no boolean, if there is none.</param>
/// <param name="Detail">The error, in words.</param>
/// <param name="Field">For an unknown field: its name.</param>
internal readonly record struct PolicyRun(bool Value, PolicyFailure Failure, string? Detail, string? Field);
