namespace ReleaseGate.Runner.Targets;

/// <summary>How a target is called.</summary>
public enum TargetKind
{
    /// <summary>An OpenAI-compatible chat-completions endpoint, through the OpenAI .NET SDK and Microsoft.Extensions.AI.</summary>
    OpenAi,

    /// <summary>A POST of a templated JSON body to a URL; the output is picked with a JSON pointer.</summary>
    Http,

    /// <summary>A process per execution: JSON on stdin, JSON on stdout.</summary>
    Command,
}
