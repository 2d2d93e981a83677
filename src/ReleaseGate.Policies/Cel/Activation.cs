using System.Diagnostics;

namespace ReleaseGate.Policies.Cel;

/// <summary>
/// The state of one evaluation: the input, the macros' iteration variables, the clock behind <c>now()</c>, and the
/// deadline that loops check, so a rule that runs too long really stops rather than running on unobserved.
/// </summary>
internal sealed class Activation(IReadOnlyDictionary<string, object?> input, int locals, DateTimeOffset now, long deadline, RegexCache regexes)
{
    private const int TicksBetweenClockReads = 64;
    private int _ticks;

    public IReadOnlyDictionary<string, object?> Input { get; } = input;

    public object?[] Locals { get; } = new object?[locals];

    public DateTimeOffset Now { get; } = now;

    public RegexCache Regexes { get; } = regexes;

    /// <summary>Set once the deadline has passed; every loop then stops and the result is a timeout.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>Counts one unit of work (a loop iteration) and reads the clock every so often; true once past the deadline.</summary>
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
