namespace ReleaseGate.Core.Tests.Limits;

/// <summary>Inputs the parser fuzz tests (<see cref="ParserFuzzTests"/>) found, each kept as a named test.</summary>
public class ParserRegressionTests
{
}
