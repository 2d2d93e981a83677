using CsCheck;
using ReleaseGate.Core.Compliance;
using Xunit;

namespace ReleaseGate.Core.Tests.Compliance;

public class CronScheduleTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Next_is_strictly_after_the_given_time()
    {
        var daily = CronSchedule.Parse("0 6 * * *", null);

        Assert.Equal(Utc(2026, 12, 7, 6), daily.Next(Utc(2026, 12, 6, 6)));
        Assert.Equal(Utc(2026, 12, 6, 6), daily.Next(Utc(2026, 12, 6, 5, 59, 59)));
        Assert.Same(TimeZoneInfo.Utc, daily.Zone);
    }

    [Fact]
    public void Six_fields_read_seconds_first()
    {
        var schedule = CronSchedule.Parse("30 */15 * * * *", "UTC");

        Assert.Equal(Utc(2026, 12, 6, 10, 0, 30), schedule.Next(Utc(2026, 12, 6, 10, 0, 0)));
        Assert.Equal(Utc(2026, 12, 6, 10, 15, 30), schedule.Next(Utc(2026, 12, 6, 10, 0, 30)));
    }

    [Fact]
    public void The_schedule_is_read_in_its_time_zone_across_daylight_saving()
    {
        var berlin = CronSchedule.Parse("0 6 * * *", "Europe/Berlin");

        // 06:00 in Berlin is 05:00Z in winter (UTC+1) and 04:00Z in summer (UTC+2); 2026 changes on 29 March and 25 October.
        Assert.Equal(Utc(2026, 3, 28, 5), berlin.Next(Utc(2026, 3, 28, 0)));
        Assert.Equal(Utc(2026, 3, 29, 4), berlin.Next(Utc(2026, 3, 28, 5)));
        Assert.Equal(Utc(2026, 10, 25, 5), berlin.Next(Utc(2026, 10, 24, 4)));
        Assert.Equal(TimeSpan.FromHours(2), berlin.Next(Utc(2026, 7, 1, 0))!.Value.Offset);
    }

    [Fact]
    public void A_time_the_clock_skips_runs_once_and_a_time_it_repeats_runs_once()
    {
        var berlin = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");

        // 02:30 does not exist on 29 March 2026 (02:00 -> 03:00): the run moves to the change, 01:00Z.
        Assert.Equal(Utc(2026, 3, 29, 1), berlin.Next(Utc(2026, 3, 28, 12)));
        Assert.Equal(Utc(2026, 3, 30, 0, 30), berlin.Next(Utc(2026, 3, 29, 1)));
        // 02:30 happens twice on 25 October 2026 (03:00 -> 02:00): one run, at the first (00:30Z), then the next day's.
        Assert.Equal(Utc(2026, 10, 25, 0, 30), berlin.Next(Utc(2026, 10, 24, 12)));
        Assert.Equal(Utc(2026, 10, 26, 1, 30), berlin.Next(Utc(2026, 10, 25, 0, 30)));
        Assert.Equal(Utc(2026, 10, 25, 0, 30), berlin.LatestDue(Utc(2026, 10, 24, 12), Utc(2026, 10, 25, 3)));
    }

    [Fact]
    public void LatestDue_catches_up_missed_runs_once_with_the_latest()
    {
        var daily = CronSchedule.Parse("0 6 * * *", "UTC");

        // Down from 1 December 07:00 to 6 December 12:00: five runs were missed; the latest is due, once.
        Assert.Equal(Utc(2026, 12, 6, 6), daily.LatestDue(Utc(2026, 12, 1, 7), Utc(2026, 12, 6, 12)));
        Assert.Null(daily.LatestDue(Utc(2026, 12, 6, 6), Utc(2026, 12, 6, 12)));
        Assert.Equal(Utc(2026, 12, 6, 6), daily.LatestDue(Utc(2026, 12, 6, 5), Utc(2026, 12, 6, 6)));
        Assert.Null(daily.LatestDue(Utc(2026, 12, 6, 12), Utc(2026, 12, 6, 12)));
        Assert.Null(daily.LatestDue(Utc(2026, 12, 6, 12), Utc(2026, 12, 1, 12)));
    }

    [Fact]
    public void LatestDue_over_years_of_every_second_stays_quick_and_exact()
    {
        var everySecond = CronSchedule.Parse("* * * * * *", null);
        var now = Utc(2026, 12, 6, 12).AddTicks(1234);

        Assert.Equal(Utc(2026, 12, 6, 12), everySecond.LatestDue(Utc(2000, 1, 1, 0), now));
    }

    [Theory]
    [InlineData("0 6 * *", "a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, but this one has 4")]
    [InlineData("0 6 * * * * *", "a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, but this one has 7")]
    [InlineData("", "a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, but this one has 0")]
    public void A_wrong_field_count_is_a_format_error_that_says_so(string expression, string message)
    {
        var error = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression, null));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_invalid_field_or_zone_is_a_format_error_with_the_reason()
    {
        Assert.StartsWith("it is not a valid cron expression: ", Assert.Throws<FormatException>(() => CronSchedule.Parse("0 25 * * *", null)).Message, StringComparison.Ordinal);
        Assert.Equal("it never runs: no date matches its day-of-month and month", Assert.Throws<FormatException>(() => CronSchedule.Parse("0 6 31 4 *", null)).Message);
        Assert.StartsWith("'Europe/Nowhere' is not a time zone known here", Assert.Throws<FormatException>(() => CronSchedule.Parse("0 6 * * *", "Europe/Nowhere")).Message, StringComparison.Ordinal);
        Assert.StartsWith("'../zoneinfo/UTC' is not a time zone known here", Assert.Throws<FormatException>(() => CronSchedule.Parse("0 6 * * *", "../zoneinfo/UTC")).Message, StringComparison.Ordinal);
    }

    private static readonly string[] s_expressions =
    [
        "0 6 * * *", "*/7 * * * *", "30 2 * * *", "0 0 1 * *", "15 9 * * MON-FRI", "0 0 29 2 *", "*/20 * * * * *", "0 30 1-3 * * *", "0 0 * * SUN",
    ];

    private static readonly string[] s_zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];

    private static readonly Gen<(CronSchedule Schedule, DateTimeOffset After, DateTimeOffset Now)> s_windows = Windows(60L * 86400);

    private static readonly Gen<(CronSchedule Schedule, DateTimeOffset After, DateTimeOffset Now)> s_shortWindows = Windows(3L * 86400);

    /// <summary>A schedule and a window of up to <paramref name="longestSeconds"/> within three years that cross daylight-saving changes.</summary>
    private static Gen<(CronSchedule Schedule, DateTimeOffset After, DateTimeOffset Now)> Windows(long longestSeconds) =>
        Gen.Select(Gen.Int[0, s_expressions.Length - 1], Gen.Int[0, s_zones.Length - 1], Gen.Long[0, 3L * 365 * 86400], Gen.Long[0, longestSeconds], Gen.Int[0, 999])
            .Select((e, z, start, length, millis) =>
            {
                var after = Utc(2025, 1, 1, 0).AddSeconds(start).AddMilliseconds(millis);
                return (CronSchedule.Parse(s_expressions[e], s_zones[z]), after, after.AddSeconds(length));
            });

    [Fact]
    public void LatestDue_is_an_occurrence_in_the_window_and_no_later_one_is_due()
    {
        s_windows.Sample(w =>
        {
            var latest = w.Schedule.LatestDue(w.After, w.Now);
            if (latest is not { } due)
            {
                return w.Schedule.Next(w.After) is not { } first || first > w.Now;
            }

            return due > w.After && due <= w.Now
                && w.Schedule.Next(due.AddTicks(-1)) == due
                && (w.Schedule.Next(due) is not { } next || next > w.Now);
        }, iter: 300);
    }

    [Fact]
    public void LatestDue_is_the_last_occurrence_found_by_walking_the_window()
    {
        s_shortWindows.Sample(w =>
        {
            DateTimeOffset? walked = null;
            var at = w.After;
            while (w.Schedule.Next(at) is { } next && next <= w.Now)
            {
                walked = at = next;
            }

            return walked == w.Schedule.LatestDue(w.After, w.Now);
        }, iter: 200);
    }
}
