using System.CommandLine;
using ReleaseGate.Cli.Input;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Gates;
using ReleaseGate.Policies;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate policy test FILE...</c>: runs policy test files (kind: PolicyTests) against the policies and approval
/// conditions of the gate each names; exits 0 when every expectation holds, 1 when one does not, 2 on bad input.
/// </summary>
public static class PolicyTestCommand
{
    /// <summary>Builds the <c>policy</c> command with its <c>test</c> verb.</summary>
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Policy test files (kind: PolicyTests).", Arity = ArgumentArity.OneOrMore };
        var coverage = new Option<bool>("--coverage") { Description = "Also list the policies and approval conditions that no test exercises." };
        var test = new Command("test", "Run policy tests: inputs and the outcome each policy must give on them.") { files, coverage };
        test.SetAction(parse => Run(parse.GetRequiredValue(files), parse.GetValue(coverage), Console.Out, Console.Error));
        return new Command("policy", "Work with a gate's CEL policies.") { test };
    }

    internal static int Run(string[] files, bool coverage, TextWriter stdout, TextWriter stderr)
    {
        var errors = new List<GateError>();
        var reports = new List<(string File, PolicyTestReport Report)>();
        foreach (var path in files)
        {
            var tests = InputFiles.Parse(path, PolicyTestParser.Parse, errors);
            var gatePath = tests is null ? null : InputFiles.Relative(path, tests.Gate);
            var loaded = gatePath is null ? null : GateBundleLoader.LoadFile(gatePath);
            errors.AddRange(loaded?.Errors ?? []);
            var gate = loaded?.Gate?.Gate;
            if (tests is null || gate is null)
            {
                continue;
            }

            var evaluator = new CelPolicyEvaluator(TimeProvider.System);
            var guard = PolicyGuard.Check(gate, evaluator);
            errors.AddRange(guard);
            if (guard.Count == 0)
            {
                var report = PolicyTestRunner.Run(gate, tests, evaluator);
                errors.AddRange(report.Errors);
                reports.Add((path, report));
            }
        }

        if (errors.Count > 0)
        {
            CheckCommand.WriteErrors(errors, stderr);
            return ExitCodes.BadInput;
        }

        foreach (var (file, report) in reports)
        {
            foreach (var f in report.Failures)
            {
                stdout.WriteLine($"FAIL {f.Location}: test '{f.Test}': {f.Target}: expected {PolicyTestRunner.Word(f.Expected)}, got {f.Actual}");
            }

            stdout.WriteLine($"{file}: {report.Passed + report.Failures.Count} expectations, {report.Passed} passed, {report.Failures.Count} failed");
            if (coverage)
            {
                stdout.WriteLine(report.Uncovered.Count == 0
                    ? $"{file}: coverage: every policy and approval condition is tested"
                    : $"{file}: coverage: no test exercises {string.Join(", ", report.Uncovered)}");
            }
        }

        return reports.Any(r => r.Report.Failures.Count > 0) ? ExitCodes.Blocked : ExitCodes.Pass;
    }
}
