using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Formats;

/// <summary>Parses <c>kind: Policies</c> files: shared policies that gates include with <c>policies: [{ include: file }]</c>.</summary>
public static class PolicyFileParser
{
    /// <summary>Parses a policy file from its text; its items have the keys of a gate's policies (no nested includes).</summary>
    public static ParseResult<PolicyFile> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new YamlReadContext(file);
        var root = DocumentHeader.Open(text, context, "Policies");
        if (root is null)
        {
            return ParseResult<PolicyFile>.Failed(context.Errors);
        }

        var policies = GateParser.ReadPolicies(root);
        root.Finish();
        return context.Errors.Count == 0
            ? ParseResult<PolicyFile>.Ok(new PolicyFile(file, GateParser.DigestOf(text), policies))
            : ParseResult<PolicyFile>.Failed(context.Errors);
    }

    /// <summary>
    /// Adds the rules of the included files to a gate. A policy id may be used once across the gate and all its
    /// includes: a repeated id is an error at the later place.
    /// </summary>
    public static ParseResult<Gate> Include(Gate gate, IReadOnlyList<PolicyFile> files)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<GateError>();
        var seen = gate.Policies.ToDictionary(p => p.Id, p => p.Location, StringComparer.Ordinal);
        var policies = gate.Policies.ToList();
        foreach (var policy in files.SelectMany(f => f.Policies))
        {
            if (seen.TryGetValue(policy.Id, out var first))
            {
                errors.Add(new GateError(ErrorCodes.DuplicateId, Messages.DuplicateId("policy id", policy.Id, first.Line) + $" It is first defined in {first.File}.", policy.Location));
                continue;
            }

            seen[policy.Id] = policy.Location;
            policies.Add(policy);
        }

        return errors.Count == 0 ? ParseResult<Gate>.Ok(gate with { Policies = policies }) : ParseResult<Gate>.Failed(errors);
    }
}
