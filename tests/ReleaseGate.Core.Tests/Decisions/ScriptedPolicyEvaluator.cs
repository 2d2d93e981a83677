using ReleaseGate.Core.Decisions;
using YamlDotNet.RepresentationModel;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>
/// A stand-in policy engine for cases that set <c>policy_engine</c>: each expression maps to <c>true</c>,
/// <c>false</c>, or any other text, which becomes an evaluation error. An expression the case does not list throws,
/// so that a case cannot depend on an answer it did not write down.
/// </summary>
internal sealed class ScriptedPolicyEvaluator(YamlMappingNode answers) : IPolicyEvaluator
{
    public PolicyOutcome Evaluate(string expression, IReadOnlyDictionary<string, object?> input) =>
        CaseYaml.Text(answers, expression) switch
        {
            "true" => PolicyOutcome.Of(true),
            "false" => PolicyOutcome.Of(false),
            { } error => PolicyOutcome.Failed(error),
            null => throw new InvalidOperationException($"policy_engine has no answer for the expression: {expression}"),
        };
}
