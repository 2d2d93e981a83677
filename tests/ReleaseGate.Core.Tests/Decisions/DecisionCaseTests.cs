using Xunit;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>
/// The table-driven decision tests: every case of <c>tests/cases/*.yaml</c> is one test, run through the real
/// parsers and <see cref="Core.Decisions.GateEngine"/>. The format is described in <c>tests/cases/README.md</c>.
/// </summary>
public sealed class DecisionCaseTests
{
    public static TheoryData<DecisionCaseRef> Cases() => new(DecisionCaseFile.All());

    [DecisionCaseTheory]
    [MemberData(nameof(Cases))]
    public void Decides_as_the_case_expects(DecisionCaseRef decisionCase)
    {
        var spec = DecisionCaseFile.Load(decisionCase.File)[decisionCase.Index];
        var expect = CaseYaml.Mapping(spec, "expect") ?? throw CaseYaml.Bad(spec, "every case needs 'expect'");
        var (decision, errors) = DecisionCaseRunner.Run(spec);
        if (errors.Count > 0 && !CaseYaml.Has(expect, "parse_error"))
        {
            Assert.Fail($"the case's inputs do not parse:\n{DecisionExpectations.Describe(null, errors)}");
        }

        var problems = DecisionExpectations.Differences(expect, decision, errors);
        if (problems.Count > 0)
        {
            Assert.Fail($"{string.Join("\n", problems)}\n\nthe decision was:\n{DecisionExpectations.Describe(decision, errors)}");
        }
    }

    [Fact]
    public void The_case_files_hold_at_least_45_cases_in_several_files()
    {
        Assert.True(DecisionCaseFile.Names().Count >= 5, "expected the cases to be grouped by topic into several files under tests/cases");
        Assert.True(DecisionCaseFile.All().Count() >= 45, "expected at least 45 decision cases under tests/cases");
    }
}
