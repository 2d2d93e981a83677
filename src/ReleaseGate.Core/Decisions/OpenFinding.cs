using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Decisions;

/// <summary>An unresolved compliance finding of the workflow, as known at decision time.</summary>
/// <param name="Id">The finding's id in the store.</param>
/// <param name="Policy">The id of the compliance policy that found it.</param>
/// <param name="Severity">The policy's severity.</param>
/// <param name="ReleaseVersion">The version of the shipped release it concerns.</param>
/// <param name="OpenedAt">When it was first found.</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record OpenFinding(long Id, string Policy, Severity Severity, string ReleaseVersion, DateTimeOffset OpenedAt, string Message);
