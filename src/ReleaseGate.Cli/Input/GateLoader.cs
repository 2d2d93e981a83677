using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Cli.Input;

/// <summary>Reads a gate and the policy files it includes, relative to the gate.</summary>
internal static class GateLoader
{
    public static Gate? Load(string path, List<GateError> errors)
    {
        var gate = InputFiles.Parse(path, GateParser.Parse, errors);
        if (gate is null || gate.PolicyIncludes.Count == 0)
        {
            return gate;
        }

        var files = new List<PolicyFile>();
        foreach (var include in gate.PolicyIncludes)
        {
            var file = InputFiles.Relative(path, include.File);
            var policyText = InputFiles.ReadText(file, errors, include.Location);
            if (policyText is null)
            {
                continue;
            }

            var policies = PolicyFileParser.Parse(policyText, file);
            errors.AddRange(policies.Errors);
            if (policies.Value is { } value)
            {
                files.Add(value);
            }
        }

        var merged = PolicyFileParser.Include(gate, files);
        errors.AddRange(merged.Errors);
        return files.Count == gate.PolicyIncludes.Count ? merged.Value : null;
    }
}
