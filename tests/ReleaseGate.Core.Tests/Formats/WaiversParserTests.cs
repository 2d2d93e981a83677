using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Formats;

public class WaiversParserTests
{
    [Fact]
    public void Waivers_parse_with_timestamps()
    {
        var list = WaiversParser.Parse("""
            apiVersion: releasegate/v1
            kind: Waivers
            waivers:
              - check: "evals/support-core/slice/billing/*"
                release: "2026.11.3"
                reason: billing copy changes reviewed by legal
                granted_by: alice
                expires: 2026-12-01T00:00:00Z
            """, "w.yaml").GetValueOrThrow();

        var waiver = Assert.Single(list.Waivers);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), waiver.Expires);
    }

    [Theory]
    [InlineData("expires: 2026-12-01", "RG1014", 9, 14)]
    [InlineData("expires: 2026-12-01T00:00:00", "RG1014", 9, 14)]
    [InlineData("expires: tomorrow", "RG1014", 9, 14)]
    [InlineData("expirse: 2026-12-01T00:00:00Z", "RG1004", 9, 5)]
    public void Bad_expiry_is_reported_where_it_is_written(string expiresLine, string code, int line, int column)
    {
        var text = "apiVersion: releasegate/v1\nkind: Waivers\nwaivers:\n  - check: a/b\n    release: \"1\"\n    reason: r\n    granted_by: alice\n    granted_at: 2026-11-01T00:00:00Z\n    " + expiresLine + "\n";

        var result = WaiversParser.Parse(text, "w.yaml");

        Assert.Contains(result.Errors, e => e.Code == code && e.Location.Line == line && e.Location.Column == column);
    }

    [Theory]
    [InlineData("evals/core/slice/billing/*", "evals/core/slice/billing/pass-rate", true)]
    [InlineData("evals/core/slice/billing/*", "evals/core/slice/billing/no-regression", true)]
    [InlineData("evals/*/pass-rate", "evals/core/pass-rate", true)]
    [InlineData("evals/*/pass-rate", "evals/core/slice/x/pass-rate", false)]
    [InlineData("evals/**/pass-rate", "evals/core/slice/x/pass-rate", true)]
    [InlineData("severity/critical", "severity/critical", true)]
    [InlineData("severity/critical", "severity/high", false)]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("evals/core/*", "evals/core/slice/x/pass-rate", false)]
    public void Check_patterns_match_within_and_across_segments(string pattern, string id, bool matches)
    {
        Assert.Equal(matches, CheckPattern.Matches(pattern, id));
    }
}
