using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// The state of one evaluation: the input, the macros' iteration variables, the clock behind <c>now()</c>, and the
/// deadline that loops check, so a rule that runs too long really stops rather than running on unobserved.
/// </summary>
internal sealed class Activation(IReadOnlyDictionary<string, object?> input, int locals, int memos, DateTimeOffset now, long deadline, RegexCache regexes)
{
    private const int TicksBetweenClockReads = 64;
    private int _ticks;

    public IReadOnlyDictionary<string, object?> Input { get; } = input;

    /// <summary>Marks a memo not yet computed.</summary>
    public static readonly object Unset = new();

    public object?[] Locals { get; } = new object?[locals];

    /// <summary>Values of input paths read inside macros, computed once per evaluation (<see cref="Unset"/> until then).</summary>
    public object?[] Memos { get; } = NewMemos(memos);

    public DateTimeOffset Now { get; } = now;

    public RegexCache Regexes { get; } = regexes;

    /// <summary>Set once the deadline has passed; every loop then stops and the result is a timeout.</summary>
    public bool TimedOut { get; private set; }

    private static object?[] NewMemos(int count)
    {
        var memos = new object?[count];
        Array.Fill(memos, Unset);
        return memos;
    }

    /// <summary>Counts one unit of work (a loop iteration) and reads the clock every so often; true once past the deadline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Tick()
    {
        if (++_ticks < TicksBetweenClockReads)
        {
            return TimedOut;
        }

        _ticks = 0;
        if (Stopwatch.GetTimestamp() > deadline)
        {
            TimedOut = true;
        }

        return TimedOut;
    }
}
