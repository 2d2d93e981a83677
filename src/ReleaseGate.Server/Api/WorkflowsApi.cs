using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Gates;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>Workflows: register or update a gate (with the files it names), read workflows and their releases.</summary>
public static class WorkflowsApi
{
    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/workflows", ListAsync).Requires(Scope.None).WithSummary("List workflows.");
        api.MapGet("/workflows/{workflow}", GetAsync).Requires(Scope.None).WithSummary("Read a workflow.");
        api.MapGet("/workflows/{workflow}/gate", GateAsync).Requires(Scope.None).WithSummary("Read the workflow's current gate YAML.");
        api.MapPut("/workflows/{workflow}", RegisterAsync).Requires(Scope.Admin).DisableAntiforgery()
            .WithSummary("Register or update the workflow's gate: application/yaml with the gate alone, or multipart/form-data with a part 'gate' and one part for each file it names (policy includes, suites, case files), named by its path relative to the gate.");
    }

    private static async Task<Ok<List<WorkflowV1>>> ListAsync(IGateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListWorkflowsAsync(cancellationToken)).Select(Views.Workflow).ToList());

    private static async Task<Results<Ok<WorkflowV1>, ProblemHttpResult>> GetAsync(string workflow, IGateStore store, CancellationToken cancellationToken) =>
        await store.GetWorkflowAsync(workflow, cancellationToken) is { } w ? TypedResults.Ok(Views.Workflow(w)) : Problems.UnknownWorkflow(workflow);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GateAsync(string workflow, IGateStore store, CancellationToken cancellationToken)
    {
        if (await store.GetWorkflowAsync(workflow, cancellationToken) is not { CurrentGateDigest: { } digest })
        {
            return Problems.UnknownWorkflow(workflow);
        }

        var version = await store.GetGateVersionAsync(workflow, digest, cancellationToken);
        return TypedResults.Text(version!.Yaml, "application/yaml");
    }

    private static async Task<Results<Ok<GateRegisteredV1>, ProblemHttpResult>> RegisterAsync(
        string workflow, HttpContext context, IGateStore store, ReleaseLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var (raw, gateFile, problem) = await Uploads.ReadAsync(context.Request, "gate", "gate.yaml", normalize: true, ProblemCodes.InvalidGate, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<GateError>();
        foreach (var (name, bytes) in raw!)
        {
            // Decoded as the CLI decodes it: strict UTF-8, so a bad byte is an error at its line and column (RG1026).
            if (InputText.Decode(bytes, name, errors) is { } text)
            {
                texts[name] = text;
            }
        }

        var (loaded, used, loadErrors) = errors.Count == 0 ? GateRegistration.Load(new GateBundle(gateFile, texts)) : (null, null, errors);
        if (loaded is not null && loaded.Gate.Workflow != workflow)
        {
            loadErrors = [new GateError(ErrorCodes.WorkflowMismatch,
                $"the gate is for workflow '{loaded.Gate.Workflow}' but was sent to /workflows/{workflow}; send it to /workflows/{loaded.Gate.Workflow}.", SourceLocation.OfFile(gateFile))];
            loaded = null;
        }

        if (loaded is null || used is null)
        {
            return Problems.Invalid(ProblemCodes.InvalidGate, "gate", loadErrors.ToList());
        }

        return TypedResults.Ok(Views.Registered(await GateRegistration.SaveAsync(store, lifecycle, used, loaded, caller.User, cancellationToken)));
    }
}
