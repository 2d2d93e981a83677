using System.Diagnostics.CodeAnalysis;

namespace ReleaseGate.Core.Diagnostics;

/// <summary>The outcome of parsing user input: a value, or every error found, sorted by location.</summary>
/// <typeparam name="T">The parsed model type.</typeparam>
public sealed class ParseResult<T>
    where T : class
{
    // Invariant: Value is null exactly when Errors is not empty.
    private ParseResult(T? value, IReadOnlyList<GateError> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The parsed value, or <see langword="null"/> when parsing failed.</summary>
    public T? Value { get; }

    /// <summary>All errors, sorted by location; empty on success.</summary>
    public IReadOnlyList<GateError> Errors { get; }

    /// <summary>Whether parsing succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool Success => Value is not null;

    /// <summary>A successful result.</summary>
    public static ParseResult<T> Ok(T value) => new(value, []);

    /// <summary>A failed result; <paramref name="errors"/> must not be empty.</summary>
    /// <exception cref="ArgumentException">No errors were given.</exception>
    public static ParseResult<T> Failed(IEnumerable<GateError> errors)
    {
        var sorted = errors.Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("A failed parse result needs at least one error.", nameof(errors));
        }

        return new ParseResult<T>(null, sorted);
    }

    /// <summary>Returns the value, or throws <see cref="GateInputException"/> carrying the errors.</summary>
    /// <exception cref="GateInputException">Parsing failed.</exception>
    public T GetValueOrThrow() => Value ?? throw new GateInputException(Errors);
}
