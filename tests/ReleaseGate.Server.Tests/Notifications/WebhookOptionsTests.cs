using Microsoft.Extensions.Options;
using ReleaseGate.Server.Notifications;

namespace ReleaseGate.Server.Tests.Notifications;

public sealed class WebhookOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_documented()
    {
        var defaults = new WebhookOptions();
        Assert.Equal(TimeSpan.FromSeconds(1), defaults.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.Timeout);
        Assert.Equal(13, defaults.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), defaults.BaseDelay);
        Assert.Equal(TimeSpan.FromHours(1), defaults.MaxDelay);
        Assert.False(new Options.ServerOptionsValidator().Validate(null, new Options.ServerOptions()).Failed);
    }

    [Theory]
    [InlineData("PollInterval")]
    [InlineData("Timeout")]
    [InlineData("MaxAttempts")]
    [InlineData("BaseDelay")]
    [InlineData("LeaseDuration")]
    [InlineData("BatchSize")]
    public void A_setting_out_of_range_stops_the_start_naming_it(string setting)
    {
        var breaks = new Dictionary<string, Action<WebhookOptions>>
        {
            ["PollInterval"] = w => w.PollInterval = TimeSpan.Zero,
            ["Timeout"] = w => w.Timeout = TimeSpan.FromMilliseconds(10),
            ["MaxAttempts"] = w => w.MaxAttempts = 0,
            ["BaseDelay"] = w => w.BaseDelay = TimeSpan.FromHours(2),
            ["LeaseDuration"] = w => w.LeaseDuration = TimeSpan.FromSeconds(5),
            ["BatchSize"] = w => w.BatchSize = 0,
        };
        var refused = Assert.Throws<OptionsValidationException>(() => ServerApp.Build([], o => breaks[setting](o.Webhooks)));
        Assert.Contains($"ReleaseGate:Webhooks:{setting}", Assert.Single(refused.Failures), StringComparison.Ordinal);
    }
}
