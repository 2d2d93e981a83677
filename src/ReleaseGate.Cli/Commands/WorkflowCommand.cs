using System.CommandLine;
using ReleaseGate.Cli.Client;
using ReleaseGate.Cli.Output;

namespace ReleaseGate.Cli.Commands;

/// <summary><c>releasegate workflow register --gate G</c>: registers or updates a workflow's gate on the server (admin).</summary>
public static class WorkflowCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var gate = new Option<string>("--gate", "-g") { Description = "The gate file; the policy files and suites it names are sent with it.", Required = true };
        var register = new Command("register", "Register a workflow's gate, or update it; open releases are decided again under the new gate.") { gate };
        Remote.SetAction(register, async (parse, client) =>
        {
            var path = parse.GetRequiredValue(gate);
            var (content, workflow, errors) = Client.Uploads.Gate(path);
            if (content is null)
            {
                CheckCommand.WriteErrors(errors, Console.Error);
                return ExitCodes.BadInput;
            }

            using (content)
            {
                var answer = await client.SendAsync(HttpMethod.Put, $"api/v1/workflows/{Uri.EscapeDataString(workflow ?? Path.GetFileNameWithoutExtension(path))}", content);
                if (answer is null)
                {
                    return ExitCodes.BadInput;
                }

                Console.Out.WriteLine($"workflow {Terminal.Safe(answer["workflow"]?["name"])}: gate {Terminal.Safe(answer["workflow"]?["gate_digest"])} ({((bool?)answer["changed"] == true ? "changed" : "unchanged")}; {answer["redecided"]} open releases decided again)");
                return ExitCodes.Pass;
            }
        });
        return new Command("workflow", "Workflows on the server.") { register };
    }
}
