namespace ReleaseGate.Core.Diagnostics;

/// <summary>Thrown when user input is invalid; carries every error found.</summary>
public sealed class GateInputException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    public GateInputException(IReadOnlyList<GateError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception for a single error.</summary>
    public GateInputException(GateError error)
        : this([error])
    {
    }

    /// <summary>The errors, sorted by location.</summary>
    public IReadOnlyList<GateError> Errors { get; }
}
