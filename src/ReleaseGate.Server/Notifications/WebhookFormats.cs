using System.Text;
using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Notifications;

/// <summary>
/// The body formats a subscription can ask for, each rendered from the stored CloudEvent: <see cref="CloudEvents"/> sends the
/// event itself; <see cref="Slack"/> a one-line <c>{"text": …}</c> summary for an incoming webhook; <see cref="CommitStatus"/> a
/// GitHub-commit-status-like object a CI job can read without knowing CloudEvents.
/// </summary>
public static class WebhookFormats
{
    /// <summary>The CloudEvents 1.0 structured JSON event (the default).</summary>
    public const string CloudEvents = "cloudevents";

    /// <summary>A Slack-compatible message.</summary>
    public const string Slack = "slack";

    /// <summary>A commit-status-like object (<c>state</c>, <c>description</c>, <c>context</c>, <c>target_url</c>).</summary>
    public const string CommitStatus = "commit-status";

    /// <summary>The longest <c>description</c> of a commit status, as GitHub allows.</summary>
    public const int MaxDescription = 140;

    /// <summary>Every format, the default first.</summary>
    public static IReadOnlyList<string> All { get; } = [CloudEvents, Slack, CommitStatus];

    /// <summary>
    /// The body and media type to send for the CloudEvent <paramref name="eventJson"/> in <paramref name="format"/>.
    /// <paramref name="publicUrl"/>, when set, makes the event's relative link absolute.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="format"/> is not one of <see cref="All"/>.</exception>
    public static (byte[] Body, string ContentType) Render(string format, string eventJson, string? publicUrl)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        if (format == CloudEvents)
        {
            return (Encoding.UTF8.GetBytes(eventJson), "application/cloudevents+json; charset=utf-8");
        }

        var e = JsonNode.Parse(eventJson)!.AsObject();
        var data = e["data"] as JsonObject ?? [];
        var link = Text(data, "link") is { } relative && publicUrl is not null ? publicUrl.TrimEnd('/') + relative : null;
        var body = format switch
        {
            Slack => new JsonObject { ["text"] = SlackText(e, data, link) },
            CommitStatus => StatusOf(e, data, link),
            _ => throw new ArgumentException($"'{format}' is not a webhook format.", nameof(format)),
        };
        return (Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json; charset=utf-8");
    }

    /// <summary>
    /// Escapes text for a Slack message: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> become entities, so that event data cannot
    /// form links, mentions or markup; line breaks become spaces, keeping the message one line.
    /// </summary>
    public static string EscapeSlack(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            b.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\r' or '\n' or '\t' => " ",
                _ when char.IsControl(c) => "",
                _ => c.ToString(),
            });
        }

        return b.ToString();
    }

    /// <summary>The commit-status <c>state</c> for a verdict word: pending, success, failure, or error when there is none.</summary>
    public static string StateOf(string? verdict) => verdict switch
    {
        "pending" => "pending",
        "approved" or "shipped" or "pass" => "success",
        "blocked" or "rejected" => "failure",
        _ => "error",
    };

    private static string SlackText(JsonObject e, JsonObject data, string? link)
    {
        var type = Text(e, "type") is { } t && t.StartsWith(WebhookEvents.TypePrefix, StringComparison.Ordinal) ? t[WebhookEvents.TypePrefix.Length..] : Text(e, "type") ?? "event";
        var text = new StringBuilder("ReleaseGate ").Append(EscapeSlack(type)).Append(": ").Append(EscapeSlack(Summary(e, data)));
        if (link is not null)
        {
            // The link is the server's own address and a release id; its text is escaped like the rest.
            text.Append(" <").Append(EscapeSlack(link)).Append("|details>");
        }

        return text.ToString();
    }

    private static JsonObject StatusOf(JsonObject e, JsonObject data, string? link)
    {
        var description = "ReleaseGate: " + Summary(e, data);
        if (description.Length > MaxDescription)
        {
            description = description[..(MaxDescription - 1)] + "…";
        }

        return new JsonObject
        {
            ["state"] = StateOf(Text(data, "verdict")),
            ["description"] = description,
            ["context"] = "releasegate/" + (Text(data, "workflow") ?? Text(e, "subject") ?? "releasegate"),
            ["target_url"] = link,
            ["release"] = data["release_id"]?.DeepClone(),
            ["version"] = Text(data, "version"),
            ["event_id"] = Text(e, "id"),
        };
    }

    /// <summary>One line about the event: what it concerns, the verdict and why.</summary>
    private static string Summary(JsonObject e, JsonObject data)
    {
        var what = string.Join(' ', new[] { Text(data, "workflow"), Text(data, "version") }.Where(s => !string.IsNullOrEmpty(s)));
        var b = new StringBuilder(what.Length == 0 ? Text(e, "subject") ?? "" : what);
        if (Text(data, "verdict") is { } verdict)
        {
            b.Append(" is ").Append(verdict);
            if (Text(data, "previous") is { } previous && previous != verdict)
            {
                b.Append(" (was ").Append(previous).Append(')');
            }
        }

        if ((Text(data, "reason") ?? Text(data, "summary")) is { } reason)
        {
            b.Append(": ").Append(reason);
        }

        if (data["failing"] is JsonArray { Count: > 0 } failing)
        {
            b.Append("; failing: ").Append(string.Join(", ", failing.Select(f => f?.ToString())));
        }

        if (data["stages"] is JsonArray { Count: > 0 } stages)
        {
            b.Append("; waiting on: ").Append(string.Join(", ", stages.Select(s => s is JsonObject o ? $"{Text(o, "stage")} ({Text(o, "group")})" : s?.ToString())));
        }

        return b.ToString();
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
