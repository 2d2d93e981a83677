using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReleaseGate.Runner.Targets;

/// <summary>
/// Runs a program per execution. It gets <c>{"suite","case","repeat","system","prompt","vars","messages"}</c> as JSON on
/// standard input (<c>messages</c>: the messages sent, in OpenAI's shape; for a case with its own conversation, that
/// conversation, with <c>prompt</c> its last user turn) and must print <c>{"output": "...", "tool_calls": [{"name","arguments"}]}</c> on standard output and exit 0.
/// When the call is cancelled (the timeout), the process tree is killed.
/// </summary>
internal sealed class CommandTarget(TargetDefinition definition) : ITarget
{
    public TargetDefinition Definition { get; } = definition;

    public async Task<TargetAnswer> CallAsync(TargetRequest request, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Definition.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Definition.Command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new TargetException($"cannot start '{Definition.Command[0]}': {ex.Message}", ex);
        }

        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var input = new JsonObject
            {
                ["suite"] = request.Suite, ["case"] = request.Case, ["repeat"] = request.Repeat,
                ["system"] = request.System, ["prompt"] = request.User, ["vars"] = request.Vars.DeepClone(),
                ["messages"] = request.MessagesJson(),
            };
            try
            {
                await process.StandardInput.WriteAsync(input.ToJsonString().AsMemory(), cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading its input; its exit code and output tell what happened.
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var (output, errors) = (await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
            if (process.ExitCode != 0)
            {
                throw new TargetException($"'{Definition.Command[0]}' exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {Excerpt(errors)}");
            }

            return Parse(output);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private TargetAnswer Parse(string stdout)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(stdout);
        }
        catch (JsonException ex)
        {
            throw new TargetException($"'{Definition.Command[0]}' did not print one JSON object on standard output ({ex.Message}); print {{\"output\": \"...\"}}.", ex);
        }

        if (root is not JsonObject obj || obj["output"] is not JsonValue output || output.GetValueKind() != JsonValueKind.String)
        {
            throw new TargetException($"'{Definition.Command[0]}' printed JSON without a string 'output'; print {{\"output\": \"...\"}}.");
        }

        return new TargetAnswer(output.GetValue<string>(), HttpTarget.ToolCalls(obj["tool_calls"]));
    }

    private static string Excerpt(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? "(nothing on standard error)" : trimmed.Length > 300 ? trimmed[..300] + "…" : trimmed;
    }
}
