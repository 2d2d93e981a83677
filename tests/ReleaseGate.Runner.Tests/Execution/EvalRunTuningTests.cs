using ReleaseGate.Runner.Execution;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

/// <summary>eval run's runtime settings apply to that verb only; a long run starts with a full collection.</summary>
public class EvalRunTuningTests
{
    [Theory]
    [InlineData(new[] { "eval", "run", "--suite", "s.yaml" }, true)]
    [InlineData(new[] { "eval", "run" }, true)]
    [InlineData(new[] { "serve", "--db", "x.db" }, false)]
    [InlineData(new[] { "check", "--gate", "eval" }, false)]
    [InlineData(new[] { "eval" }, false)]
    [InlineData(new[] { "run", "eval" }, false)]
    [InlineData(new[] { "eval", "--help" }, false)]
    [InlineData(new[] { "mock-model", "eval", "run" }, false)]
    [InlineData(new string[0], false)]
    public void Only_the_eval_run_verb_gets_the_settings(string[] args, bool applies) =>
        Assert.Equal(applies, EvalRunTuning.Applies(args));

    [Fact]
    public void A_long_run_starts_with_a_full_collection()
    {
        var before = GC.CollectionCount(2);

        EvalRunTuning.BeforeRun(EvalRunTuning.CollectBeforeRunFrom);

        Assert.True(GC.CollectionCount(2) > before);
    }
}
