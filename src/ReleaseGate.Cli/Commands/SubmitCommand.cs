using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ReleaseGate.Cli.Client;
using ReleaseGate.Cli.Output;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate submit --release M [--results R…] [--baseline-results B…]</c>: submits a release with its prompts and
/// attachments, uploads its results, and prints the decision and a link. Exits 0 when approved or pending, 1 when blocked
/// or rejected, 2 on bad input or when the server refuses.
/// </summary>
public static class SubmitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var release = new Option<string>("--release", "-r") { Description = "The release manifest (kind: Release); the prompts and attachments it names are sent with it.", Required = true };
        var results = new Option<string[]>("--results") { Description = "Results JSONL to upload; lines with \"target\":\"baseline\" count for the baseline.", AllowMultipleArgumentsPerToken = true };
        var baseline = new Option<string[]>("--baseline-results", "-b") { Description = "Results JSONL whose every line is the baseline's.", AllowMultipleArgumentsPerToken = true };
        var callback = new Option<string?>("--callback")
        {
            Description = $"A URL to POST commit statuses to (signed) whenever this release's decision changes and when it ships, so CI need not poll. The secret comes from ${CallbackSecretVariable} when set; otherwise the server generates one and it is printed once.",
        };
        var command = new Command("submit", "Submit a release and its evidence to the server; prints the decision and a link.") { release, results, baseline, callback };
        Remote.SetAction(command, async (parse, client) =>
        {
            var (content, errors) = Client.Uploads.Release(parse.GetRequiredValue(release));
            if (content is null)
            {
                CheckCommand.WriteErrors(errors, Console.Error);
                return ExitCodes.BadInput;
            }

            // The file was read and checked above; read it again through the same bounded, strict reader for its workflow.
            var errorsAgain = new List<Core.Diagnostics.GateError>();
            if (Input.InputFiles.Parse(parse.GetRequiredValue(release), Core.Formats.ReleaseParser.Parse, errorsAgain) is not { } manifest)
            {
                CheckCommand.WriteErrors(errorsAgain, Console.Error);
                return ExitCodes.BadInput;
            }

            var callbackUrl = parse.GetValue(callback);
            if (callbackUrl is not null && Server.Notifications.WebhookUrls.Problem(callbackUrl) is { } problem)
            {
                // Checked before anything is sent: a release whose callback would be refused is not submitted either.
                Console.Error.WriteLine($"releasegate: RG1310: --callback {Terminal.Safe(problem)}");
                return ExitCodes.BadInput;
            }

            JsonNode? answer;
            using (content)
            {
                answer = await client.SendAsync(HttpMethod.Post, $"api/v1/workflows/{Uri.EscapeDataString(manifest.Workflow)}/releases", content);
            }

            if (answer is null)
            {
                return ExitCodes.BadInput;
            }

            var id = answer["id"]!.GetValue<long>();
            if (callbackUrl is not null && !await AddCallbackAsync(client, id, callbackUrl))
            {
                Console.Error.WriteLine($"releasegate: RG1311: release {id} was submitted, but its callback was refused (above); add it with POST /api/v1/releases/{id}/callbacks, then upload the results.");
                return ExitCodes.BadInput;
            }

            var uploads = (parse.GetValue(results) ?? []).Select(f => (File: f, Target: "candidate"))
                .Concat((parse.GetValue(baseline) ?? []).Select(f => (File: f, Target: "baseline")));
            foreach (var (file, target) in uploads)
            {
                var stored = await UploadAsync(client, id, file, target);
                if (stored is null)
                {
                    return ExitCodes.BadInput;
                }

                answer = stored["release"]!;
            }

            Remote.Print(answer, Console.Out);
            return Remote.ExitOf(Remote.Verdict(answer)) == ExitCodes.Blocked ? ExitCodes.Blocked : ExitCodes.Pass;
        });
        return command;
    }

    /// <summary>The environment variable <c>--callback</c> takes its signing secret from.</summary>
    public const string CallbackSecretVariable = "RELEASEGATE_CALLBACK_SECRET";

    private static async Task<bool> AddCallbackAsync(ServerClient client, long id, string url)
    {
        var secret = Environment.GetEnvironmentVariable(CallbackSecretVariable) is { Length: > 0 } s ? s : null;
        var answer = await client.PostJsonAsync($"api/v1/releases/{id}/callbacks", new Server.Api.CallbackRequestV1(url, secret), Server.Api.ApiJsonContext.Default.CallbackRequestV1);
        if (answer is null)
        {
            return false;
        }

        Console.Error.WriteLine(secret is null
            ? $"callback webhook {answer["webhook"]!["id"]} to {Terminal.Safe(url)}; its signing secret (shown this once): {answer["secret"]}"
            : $"callback webhook {answer["webhook"]!["id"]} to {Terminal.Safe(url)}, signed with ${CallbackSecretVariable}");
        return true;
    }

    private static async Task<JsonNode?> UploadAsync(ServerClient client, long id, string file, string target)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(Input.InputFiles.Unreadable(file, ex));
            return null;
        }

        // Streamed: the file is never read into memory whole.
        using var content = new StreamContent(stream, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return await client.SendAsync(HttpMethod.Post, $"api/v1/releases/{id}/evidence?target={target}&name={Uri.EscapeDataString(Path.GetFileName(file))}", content);
    }
}
