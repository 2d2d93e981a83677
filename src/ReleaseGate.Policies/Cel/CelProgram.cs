using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// A CEL expression parsed and compiled once; evaluations share it (it holds no evaluation state). It starts as
/// closures, which cost nothing to build; a program evaluated more than <see cref="TreeAfter"/> times is compiled
/// again, to IL through an expression tree, where the runtime can compile code (not under native AOT).
/// </summary>
internal sealed class CelProgram
{
    /// <summary>How many evaluations run on closures before the tree is built: a gate's dry run and one decision do not pay for it.</summary>
    public const int TreeAfter = 2;

    private static readonly CelError s_timeout = new("the evaluation ran past its time limit", CelErrorKind.Timeout);
    private readonly Node _node;
    private Compiled _compiled;
    private int _evaluations;

    private CelProgram(Node node, Compiled compiled)
    {
        _node = node;
        _compiled = compiled;
    }

    /// <summary>Whether the program runs as compiled IL (after <see cref="TreeAfter"/> evaluations).</summary>
    public bool IsTree => _compiled.Tree;

    /// <summary>Parses and compiles <paramref name="text"/>; to IL at once when <paramref name="treeNow"/> (tests).</summary>
    /// <exception cref="CelSyntaxException">The text is not valid CEL, or calls a function that does not exist.</exception>
    public static CelProgram Compile(string text, bool treeNow = false)
    {
        var node = Parser.Parse(text);
        var (eval, slots, memos) = Compiler.Compile(node);
        var program = new CelProgram(node, new Compiled(eval, slots, memos, Tree: false));
        if (treeNow)
        {
            program.BuildTree(strict: true);
        }

        return program;
    }

    /// <summary>Evaluates over <paramref name="input"/>; the result is a value or a <see cref="CelError"/>.</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> input, DateTimeOffset now, TimeSpan timeLimit, RegexCache regexes)
    {
        if (!_compiled.Tree && Interlocked.Increment(ref _evaluations) == TreeAfter + 1)
        {
            BuildTree();
        }

        var compiled = Volatile.Read(ref _compiled);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
        var activation = new Activation(input, compiled.Slots, compiled.Memos, now, deadline, regexes);
        object? result;
        try
        {
            result = compiled.Eval(activation);
        }
        catch (Exception ex) when (ex is InvalidCastException or ArgumentException or OverflowException or FormatException or InvalidOperationException)
        {
            // Not expected: every function returns errors as values. Fail closed with what happened.
            result = new CelError($"evaluation failed: {ex.Message}");
        }

        return activation.TimedOut ? s_timeout : result;
    }

    /// <summary>Compiles the tree; when <paramref name="strict"/>, a failure to build it is thrown (for tests).</summary>
    private void BuildTree(bool strict = false)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            return; // expression trees would be interpreted: the closures are faster
        }

        try
        {
            var (eval, slots, memos) = Compiler.CompileTree(_node);
            Volatile.Write(ref _compiled, new Compiled(eval, slots, memos, Tree: true));
        }
        catch (Exception ex) when (!strict && ex is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // A shape the tree compiler mishandles must not fail the rule: the closures give the same answers.
        }
    }

    private sealed record Compiled(Eval Eval, int Slots, int Memos, bool Tree);
}
