using System.Text.RegularExpressions;
using Cronos;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Compliance;

/// <summary>
/// A compliance schedule: a cron expression (5 fields, or 6 with seconds first) read in an IANA time zone. Occurrences
/// follow the zone's clock across daylight-saving changes, as Cronos computes them.
/// </summary>
/// <threadsafety>Immutable: safe to share.</threadsafety>
public sealed partial class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string expression, CronExpression cron, TimeZoneInfo zone)
    {
        Expression = expression;
        _expression = cron;
        Zone = zone;
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>The time zone the expression is read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Reads a schedule.</summary>
    /// <param name="expression">The cron expression: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first.</param>
    /// <param name="timeZone">An IANA time zone id such as <c>Europe/Berlin</c>; null or empty for UTC.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="FormatException">The expression or the time zone is not valid; the message says why.</exception>
    public static CronSchedule Parse(string expression, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var cron = ParseExpression(expression, out var reason) ?? throw new FormatException(reason);
        var zone = FindZone(timeZone) ?? throw new FormatException(Messages.CronZone(timeZone!));
        return new CronSchedule(expression, cron, zone);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none (Cronos looks up to the year 2499).</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone, inclusive: false);

    /// <summary>
    /// The latest occurrence in (<paramref name="after"/>, <paramref name="now"/>], or null when none falls in it. A scheduler
    /// that was down for several ticks runs once for the latest of them, not once per tick it missed.
    /// </summary>
    public DateTimeOffset? LatestDue(DateTimeOffset after, DateTimeOffset now)
    {
        if (now <= after || Next(after) is not { } first || first > now)
        {
            return null;
        }

        // Bisect for the last instant from which an occurrence still falls before or at now: occurrences are whole
        // seconds, so once the bounds are a second apart the next occurrence after the lower one is the latest due.
        var low = after;
        var high = now;
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + ((high - low) / 2);
            if (Next(middle) is { } next && next <= now)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        var latest = Next(low)!.Value;
        while (Next(latest) is { } later && later <= now)
        {
            latest = later;
        }

        return latest;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Expression} ({Zone.Id})";

    /// <summary>Reads the cron expression alone; null with the reason when it is not valid.</summary>
    internal static CronExpression? ParseExpression(string expression, out string reason)
    {
        var fields = expression.Split(' ', '\t').Count(f => f.Length > 0);
        var macro = expression.TrimStart().StartsWith('@');
        if (!macro && fields is not (5 or 6))
        {
            reason = Messages.CronFieldCount(fields);
            return null;
        }

        CronExpression cron;
        try
        {
            cron = CronExpression.Parse(expression.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            reason = Messages.CronInvalid(ex.Message);
            return null;
        }

        // A day that no month has (30 February) parses, but the schedule would never run.
        if (cron.GetNextOccurrence(DateTime.UnixEpoch) is null)
        {
            reason = Messages.CronNever;
            return null;
        }

        reason = "";
        return cron;
    }

    /// <summary>The time zone of an IANA id; UTC for null or empty; null when the id names no zone known here.</summary>
    internal static TimeZoneInfo? FindZone(string? timeZone)
    {
        if (string.IsNullOrEmpty(timeZone) || timeZone == "UTC")
        {
            return TimeZoneInfo.Utc;
        }

        // Only the shape of an IANA id reaches the zone database: never a path.
        if (timeZone.Length > 64 || !ZoneId().IsMatch(timeZone))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$")]
    private static partial Regex ZoneId();
}
