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
/// The answer is read when the program exits; then whatever it left running in its process group is killed (the program
/// runs as a group leader through <c>setsid</c> where the system has it). At the timeout, the program's group and process
/// tree are killed.
/// </summary>
internal sealed class CommandTarget(TargetDefinition definition) : ITarget
{
    // How long output may still arrive after the program exited, from a child that left its group and holds it open.
    private static readonly TimeSpan OutputGrace = TimeSpan.FromMilliseconds(500);

    public TargetDefinition Definition { get; } = definition;

    public async Task<TargetAnswer> CallAsync(TargetRequest request, CancellationToken cancellationToken)
    {
        var start = ProcessGroup.StartInfo(Definition.Command, out var grouped);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new TargetException($"cannot start '{Definition.Command[0]}': {ex.Message}", ex);
        }

        var stdout = new OutputBuffer(process.StandardOutput.BaseStream);
        var stderr = new OutputBuffer(process.StandardError.BaseStream);
        try
        {
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

            // The answer is complete when the program exits, not when its output ends: a child it left running may hold
            // the output open for as long as it lives. Those left in its group are killed now, which closes their copies.
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            ProcessGroup.Kill(process, grouped);
            var (reading, readingErrors) = (stdout.CompleteAsync(OutputGrace, cancellationToken), stderr.CompleteAsync(OutputGrace, cancellationToken));
            var (output, errors) = (await reading.ConfigureAwait(false), await readingErrors.ConfigureAwait(false));
            if (process.ExitCode != 0)
            {
                throw new TargetException($"'{Definition.Command[0]}' exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {Excerpt(errors)}");
            }

            return Parse(output);
        }
        finally
        {
            // At the timeout (or a stop) the program, its tree and its group go; after an exit, whatever is left of them.
            ProcessGroup.Kill(process, grouped);
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
