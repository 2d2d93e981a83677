using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Server.Notifications;
using Outbox = ReleaseGate.Server.Notifications.Notifications;

namespace ReleaseGate.Server.Tests.Notifications;

public sealed class WebhookFormatsTests
{
    private static string Event(string verdict, string reason, string workflow = "support-bot") => Outbox.CloudEvent(
        "0193a0a0-0000-7000-8000-000000000000", WebhookEvents.DecisionChanged, workflow, "releases/7", new JsonObject
        {
            ["workflow"] = workflow,
            ["release_id"] = 7,
            ["version"] = "1.4.0",
            ["verdict"] = verdict,
            ["previous"] = "pending",
            ["reason"] = reason,
            ["link"] = "/releases/7",
            ["failing"] = new JsonArray("evals/core/pass-rate"),
        }, new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero)).ToJsonString();

    [Fact]
    public void The_cloudevents_format_sends_the_event_as_it_is()
    {
        var e = Event("blocked", "new evidence");
        var (body, type) = WebhookFormats.Render(WebhookFormats.CloudEvents, e, null);
        Assert.Equal(e, Encoding.UTF8.GetString(body));
        Assert.StartsWith("application/cloudevents+json", type, StringComparison.Ordinal);
        var json = JsonNode.Parse(body)!;
        Assert.Equal("1.0", (string?)json["specversion"]);
        Assert.Equal("dev.releasegate.decision.changed", (string?)json["type"]);
        Assert.Equal("/releasegate/workflows/support-bot", (string?)json["source"]);
        Assert.Equal("2026-12-06T12:00:00.0000000Z", (string?)json["time"]);
    }

    [Fact]
    public void Slack_text_escapes_ampersands_and_angle_brackets_from_event_data_and_stays_one_line()
    {
        var (body, _) = WebhookFormats.Render(WebhookFormats.Slack, Event("blocked", "<!channel> pay & <http://evil.example|click>\nsecond line"), "https://gate.example.com/");
        var text = (string)JsonNode.Parse(body)!["text"]!;
        Assert.Contains("&lt;!channel&gt; pay &amp; &lt;http://evil.example|click&gt; second line", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
        Assert.EndsWith("<https://gate.example.com/releases/7|details>", text, StringComparison.Ordinal);
        Assert.Contains("support-bot 1.4.0 is blocked (was pending)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pending", "pending")]
    [InlineData("approved", "success")]
    [InlineData("shipped", "success")]
    [InlineData("blocked", "failure")]
    [InlineData("rejected", "failure")]
    public void A_commit_status_state_follows_the_verdict(string verdict, string state)
    {
        var (body, type) = WebhookFormats.Render(WebhookFormats.CommitStatus, Event(verdict, "new evidence"), "https://gate.example.com");
        var json = JsonNode.Parse(body)!;
        Assert.StartsWith("application/json", type, StringComparison.Ordinal);
        Assert.Equal(state, (string?)json["state"]);
        Assert.Equal("releasegate/support-bot", (string?)json["context"]);
        Assert.Equal("https://gate.example.com/releases/7", (string?)json["target_url"]);
        Assert.Equal(7, (long)json["release"]!);
        Assert.Equal("1.4.0", (string?)json["version"]);
        Assert.Equal("0193a0a0-0000-7000-8000-000000000000", (string?)json["event_id"]);
    }

    [Fact]
    public void A_commit_status_description_is_at_most_140_characters()
    {
        var (body, _) = WebhookFormats.Render(WebhookFormats.CommitStatus, Event("blocked", new string('r', 500)), null);
        var json = JsonNode.Parse(body)!;
        Assert.Equal(WebhookFormats.MaxDescription, ((string)json["description"]!).Length);
        Assert.Null(json["target_url"]);
    }

    [Fact]
    public void Backoff_is_drawn_between_half_a_cap_and_the_cap_which_doubles_up_to_the_maximum()
    {
        var random = new Random(7);
        var baseDelay = TimeSpan.FromSeconds(2);
        var max = TimeSpan.FromHours(1);
        for (var failures = 1; failures <= 20; failures++)
        {
            var cap = TimeSpan.FromTicks(Math.Min(max.Ticks, baseDelay.Ticks << Math.Min(failures - 1, 20)));
            var draws = Enumerable.Range(0, 200).Select(_ => WebhookDelivery.Backoff(failures, baseDelay, max, random)).ToList();
            Assert.All(draws, d => Assert.InRange(d, cap / 2, cap));
            Assert.True(draws.Max() > cap * 0.9 && draws.Min() < cap * 0.6, $"after {failures} failures the draws should spread over half the cap to the cap {cap}");
        }
    }

    [Fact]
    public void With_the_default_settings_a_delivery_outlives_an_hour_long_outage_before_it_is_dead()
    {
        // The least time the default retries span: every delay at its lower bound.
        var options = new WebhookOptions();
        var least = Enumerable.Range(1, options.MaxAttempts - 1)
            .Select(f => TimeSpan.FromTicks(Math.Min(options.MaxDelay.Ticks, options.BaseDelay.Ticks << (f - 1)) / 2))
            .Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.True(least > TimeSpan.FromMinutes(60), $"the retries span at least {least}");
    }
}
