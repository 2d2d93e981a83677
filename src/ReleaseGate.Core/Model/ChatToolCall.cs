namespace ReleaseGate.Core.Model;

/// <summary>A tool call made in an assistant turn of a case's conversation.</summary>
/// <param name="Id">The call's id, which the answering tool turn names.</param>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">The arguments, as the JSON text the model wrote.</param>
public sealed record ChatToolCall(string Id, string Name, string Arguments);
