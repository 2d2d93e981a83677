namespace ReleaseGate.Core.Model;

/// <summary>Which slices a <c>no_regression</c> rule compares.</summary>
public enum SliceSelection
{
    /// <summary>The slices marked <c>protected: true</c> (the default).</summary>
    Protected,

    /// <summary>Every slice seen in the candidate or baseline results.</summary>
    All,

    /// <summary>The slices listed by name.</summary>
    Listed,
}
