using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Cli.Client;
using ReleaseGate.Cli.Output;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate webhook add|list|disable|test|deliveries|replay</c>: webhook subscriptions (admin). <c>add</c> prints the
/// signing secret once, alone on standard output; <c>deliveries --state dead</c> lists the dead letters and <c>replay ID</c> sends one again.
/// </summary>
public static class WebhookCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>How a listing is printed.</summary>
    public enum OutputFormat
    {
        /// <summary>Tab-separated columns with a header line.</summary>
        Text,

        /// <summary>The API's JSON, indented.</summary>
        Json,
    }

    /// <summary>Builds the command.</summary>
    public static Command Create() => new("webhook", "Webhook subscriptions: signed CloudEvents (or Slack, or commit statuses) POSTed when decisions change.")
    {
        Add(), List(), Disable(), Test(), Deliveries(), Replay(),
    };

    private static Option<OutputFormat?> FormatOption() => WordOption.Create("--format", "-f", "Output format.", OutputFormat.Text);

    private static Argument<long> IdArgument(string what) => new("id") { Description = what };

    private static Command Add()
    {
        var url = new Option<string>("--url") { Description = "The absolute http or https URL events are POSTed to.", Required = true };
        var events = new Option<string[]>("--events", "-e")
        {
            Description = "Event types: decision.changed, approval.needed, escalated, finding.opened, release.shipped, or * for all; separated by commas or repeated.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var workflow = new Option<string?>("--workflow", "-w") { Description = "Only this workflow's events (default: every workflow)." };
        var bodyFormat = new Option<string?>("--body") { Description = "The body sent: cloudevents (default), slack or commit-status." };
        var secretEnv = new Option<string?>("--secret-env") { Description = "Take the signing secret from this environment variable (default: the server generates one and it is printed once)." };
        var format = FormatOption();
        var command = new Command("add", "Add a subscription; its signing secret is printed once, alone on standard output.") { url, events, workflow, bodyFormat, secretEnv, format };
        Remote.SetAction(command, async (parse, client) =>
        {
            string? secret = null;
            if (parse.GetValue(secretEnv) is { } variable && (secret = Environment.GetEnvironmentVariable(variable)) is not { Length: > 0 })
            {
                Console.Error.WriteLine($"releasegate: RG1312: --secret-env names '{Terminal.Safe(variable)}', which is not set or empty; set it to the secret, or leave the option out and the server generates one.");
                return ExitCodes.BadInput;
            }

            var words = parse.GetRequiredValue(events).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var answer = await client.PostJsonAsync("api/v1/webhooks",
                new WebhookRequestV1(parse.GetValue(workflow), parse.GetRequiredValue(url), words, parse.GetValue(bodyFormat), secret), ApiJsonContext.Default.WebhookRequestV1);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Console.Out.WriteLine(answer.ToJsonString(Indented));
                return ExitCodes.Pass;
            }

            var hook = answer["webhook"]!;
            Console.Error.WriteLine($"webhook {Terminal.Safe(hook["id"])} to {Terminal.Safe(hook["url"])} ({Terminal.Safe(hook["format"])}: {Events(hook)}); its signing secret is shown this once, store it now:");
            Console.Out.WriteLine(answer["secret"]);
            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command List()
    {
        var workflow = new Option<string?>("--workflow", "-w") { Description = "Only subscriptions of this workflow." };
        var all = new Option<bool>("--all") { Description = "Include disabled subscriptions." };
        var format = FormatOption();
        var command = new Command("list", "List subscriptions: id, workflow, release, format, events, URL; never secrets.") { workflow, all, format };
        Remote.SetAction(command, async (parse, client) =>
        {
            var query = new List<string>();
            if (parse.GetValue(workflow) is { } w)
            {
                query.Add("workflow=" + Uri.EscapeDataString(w));
            }

            if (parse.GetValue(all))
            {
                query.Add("all=true");
            }

            if (await client.GetAsync("api/v1/webhooks" + (query.Count > 0 ? "?" + string.Join('&', query) : "")) is not JsonArray hooks)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Console.Out.WriteLine(hooks.ToJsonString(Indented));
                return ExitCodes.Pass;
            }

            Console.Out.WriteLine("ID\tWORKFLOW\tRELEASE\tFORMAT\tEVENTS\tURL\tDISABLED");
            foreach (var h in hooks)
            {
                Console.Out.WriteLine(string.Join('\t', Terminal.Safe(h!["id"]), Terminal.Safe(h["workflow"] ?? "*"), Terminal.Safe(h["release_id"] ?? "-"),
                    Terminal.Safe(h["format"]), Events(h), Terminal.Safe(h["url"]), Time(h["disabled_at"])));
            }

            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command Disable()
    {
        var id = IdArgument("The subscription's id, as 'webhook list' shows it.");
        var command = new Command("disable", "Disable a subscription: it takes no more events, and its pending deliveries are not sent.") { id };
        Remote.SetAction(command, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync($"api/v1/webhooks/{Id(parse, id)}/disable", new Dictionary<string, string?>(), ApiJsonContext.Default.DictionaryStringString);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"webhook {Terminal.Safe(answer["id"])} to {Terminal.Safe(answer["url"])} disabled at {Time(answer["disabled_at"])}");
            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command Test()
    {
        var id = IdArgument("The subscription's id.");
        var command = new Command("test", "Queue a 'ping' event for this subscription only; see it arrive with 'webhook deliveries ID'.") { id };
        Remote.SetAction(command, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync($"api/v1/webhooks/{Id(parse, id)}/test", new Dictionary<string, string?>(), ApiJsonContext.Default.DictionaryStringString);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"ping {Terminal.Safe(answer["event_id"])} queued as delivery {Terminal.Safe(answer["delivery_id"])}");
            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command Deliveries()
    {
        var id = new Argument<long?>("id") { Description = "The subscription's id; without it, every subscription's deliveries.", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string?>("--state") { Description = "Only deliveries in this state: pending, delivered or dead (the dead letters)." };
        var limit = new Option<int>("--limit") { Description = "The most deliveries to list, newest first.", DefaultValueFactory = _ => 100 };
        var format = FormatOption();
        var command = new Command("deliveries", "List deliveries, newest first: id, event, state, attempts, last status or error.") { id, state, limit, format };
        Remote.SetAction(command, async (parse, client) =>
        {
            var path = parse.GetValue(id) is { } hook ? $"api/v1/webhooks/{hook.ToString(CultureInfo.InvariantCulture)}/deliveries" : "api/v1/webhook-deliveries";
            path += $"?limit={parse.GetValue(limit).ToString(CultureInfo.InvariantCulture)}";
            if (parse.GetValue(state) is { } s)
            {
                path += "&state=" + Uri.EscapeDataString(s);
            }

            if (await client.GetAsync(path) is not JsonArray rows)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Console.Out.WriteLine(rows.ToJsonString(Indented));
                return ExitCodes.Pass;
            }

            Console.Out.WriteLine("ID\tWEBHOOK\tTYPE\tSTATE\tATTEMPTS\tNEXT\tLAST\tEVENT");
            foreach (var d in rows)
            {
                var last = d!["last_status"] is { } status ? $"HTTP {status}" : d["last_error"]?.GetValue<string>() ?? "-";
                Console.Out.WriteLine(string.Join('\t', Terminal.Safe(d["id"]), Terminal.Safe(d["webhook_id"]), Terminal.Safe(d["type"]), Terminal.Safe(d["state"]),
                    Terminal.Safe(d["attempts"]), d["state"]?.GetValue<string>() == "pending" ? Time(d["next_attempt_at"]) : "-", Terminal.Safe(last), Terminal.Safe(d["event_id"])));
            }

            return ExitCodes.Pass;
        });
        return command;
    }

    private static Command Replay()
    {
        var id = IdArgument("The delivery's id, as 'webhook deliveries --state dead' shows it.");
        var command = new Command("replay", "Send a dead (or delivered) delivery again, with its attempts reset.") { id };
        Remote.SetAction(command, async (parse, client) =>
        {
            var answer = await client.PostJsonAsync($"api/v1/webhook-deliveries/{Id(parse, id)}/replay", new Dictionary<string, string?>(), ApiJsonContext.Default.DictionaryStringString);
            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"delivery {Terminal.Safe(answer["id"])} ({Terminal.Safe(answer["type"])} to webhook {Terminal.Safe(answer["webhook_id"])}) is {Terminal.Safe(answer["state"])} again");
            return ExitCodes.Pass;
        });
        return command;
    }

    private static string Id(ParseResult parse, Argument<long> id) => parse.GetRequiredValue(id).ToString(CultureInfo.InvariantCulture);

    private static string Events(JsonNode hook) => string.Join(',', hook["events"]!.AsArray().Select(Terminal.Safe));

    private static string Time(JsonNode? value) =>
        value is null ? "-" : value.GetValue<DateTimeOffset>().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
