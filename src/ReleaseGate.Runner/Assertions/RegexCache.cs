using System.Text.RegularExpressions;

namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// The patterns of <c>regex</c> assertions, shared by every case that uses the same one and bounded in size: a pattern is
/// checked when the suite loads (that it parses) without keeping what the check built, its matcher is built at its
/// first match, and the least recently used patterns are forgotten when the cache is full.
/// </summary>
/// <remarks>
/// <para>
/// A suite may write a pattern per case; keeping every matcher alive would make memory grow with the suite. The cache
/// keeps the patterns used last, so that the few a suite shares among many cases stay built while each case's own pattern
/// is built once, used, and released. A forgotten pattern is checked or built again when it is next needed.
/// </para>
/// <para>
/// The key is the pattern's text alone: the options (<see cref="RegexOptions.CultureInvariant"/>, the engine) and the
/// match timeout all follow from it, so the same text is always the same matcher. A matcher built on the non-backtracking
/// engine counts for more than one built on the backtracking engine, since it keeps more state as it matches.
/// </para>
/// <para>Instances are safe to use from many threads at once; a <see cref="Regex"/> is too.</para>
/// </remarks>
internal sealed class RegexCache
{
    /// <summary>The room of <see cref="Shared"/>, in the units of <see cref="Weight"/>.</summary>
    public const int SharedCapacity = 1024;

    // What a non-backtracking matcher counts for: it keeps a cache of automaton states that grows as it matches.
    private const int NonBacktrackingWeight = 32;

    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedListNode<Entry>>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    // Most recently used first.
    private readonly LinkedList<Entry> _order = new();
    private int _weight;
    private long _builds;

    /// <summary>A cache with room for <paramref name="capacity"/> units of <see cref="Weight"/>.</summary>
    public RegexCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, NonBacktrackingWeight);
        _capacity = capacity;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The cache every <c>regex</c> assertion uses.</summary>
    public static RegexCache Shared { get; } = new(SharedCapacity);

    /// <summary>How long one match may run, on either engine, before the assertion fails.</summary>
    public static TimeSpan MatchTimeout { get; } = TimeSpan.FromSeconds(1);

    /// <summary>How many matchers this cache has built since it was created (for tests and benchmarks).</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>How many patterns the cache holds now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The room the cache's patterns take now, at most its capacity.</summary>
    public int Weight
    {
        get
        {
            lock (_lock)
            {
                return _weight;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="pattern"/> parses as a .NET regular expression; when it does not, <paramref name="problem"/>
    /// says why. Nothing is built for matching.
    /// </summary>
    public bool TryValidate(ReadOnlySpan<char> pattern, out string? problem)
    {
        problem = null;
        lock (_lock)
        {
            if (_bySpan.TryGetValue(pattern, out var node))
            {
                Touch(node);
                return true;
            }
        }

        var text = pattern.ToString();
        try
        {
            // Parsed for the backtracking interpreter, the cheapest build there is, then dropped: the matcher is built
            // when it is first needed, on the engine the pattern calls for.
            _ = new Regex(text, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return false;
        }

        Add(new Entry(text, PatternRisk.IsRisky(text)));
        return true;
    }

    /// <summary>
    /// The matcher for <paramref name="pattern"/>, built now if it is not held. A risky pattern (<see cref="PatternRisk"/>)
    /// gets the non-backtracking engine, whose time is linear in the output, unless that engine cannot take one of its
    /// constructs; every other pattern gets the backtracking engine. Both carry <see cref="MatchTimeout"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern does not parse.</exception>
    public Regex Get(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        bool risky;
        lock (_lock)
        {
            if (_entries.TryGetValue(pattern, out var node))
            {
                Touch(node);
                if (node.Value.Matcher is { } held)
                {
                    return held;
                }

                risky = node.Value.Risky;
            }
            else
            {
                risky = PatternRisk.IsRisky(pattern);
            }
        }

        var matcher = Build(pattern, risky);
        Interlocked.Increment(ref _builds);
        Add(new Entry(pattern, risky) { Matcher = matcher });
        return matcher;
    }

    /// <summary>Whether the cache holds a built matcher for <paramref name="pattern"/> now (for tests).</summary>
    public bool HoldsMatcher(string pattern)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(pattern, out var node) && node.Value.Matcher is not null;
        }
    }

    private static Regex Build(string pattern, bool risky)
    {
        if (risky)
        {
            try
            {
                return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (NotSupportedException)
            {
                // Backreferences, lookarounds, atomic and balancing groups, conditionals: the timeout is the bound.
            }
        }

        return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
    }

    // Adds or replaces the entry for its pattern, as the most recently used, then forgets the least recently used ones
    // until the cache is within its capacity.
    private void Add(Entry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(entry.Pattern, out var existing))
            {
                if (existing.Value.Matcher is not null && entry.Matcher is null)
                {
                    Touch(existing);
                    return;
                }

                Remove(existing);
            }

            var node = _order.AddFirst(entry);
            _entries.Add(entry.Pattern, node);
            _weight += entry.Weight;
            while (_weight > _capacity && _order.Last is { } oldest && oldest != node)
            {
                Remove(oldest);
            }
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.Pattern);
        _weight -= node.Value.Weight;
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        if (node != _order.First)
        {
            _order.Remove(node);
            _order.AddFirst(node);
        }
    }

    // A pattern known to parse, whether it is risky, and its matcher once built.
    private sealed record Entry(string Pattern, bool Risky)
    {
        public Regex? Matcher { get; init; }

        public int Weight => Matcher is { Options: var o } && o.HasFlag(RegexOptions.NonBacktracking) ? NonBacktrackingWeight : 1;
    }
}
