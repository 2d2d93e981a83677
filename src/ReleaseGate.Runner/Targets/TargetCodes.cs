namespace ReleaseGate.Runner.Targets;

/// <summary>The error codes of targets files beyond <see cref="Core.Diagnostics.ErrorCodes.TargetInvalid"/>, in the runner's range. Each has a page under docs/errors/.</summary>
public static class TargetCodes
{
    /// <summary>An openai target's parameter cannot be sent as written: a field the runner sets itself, or a name that is no request field's.</summary>
    public const string Parameter = "RG1436";
}
