using System.Diagnostics;
using System.Globalization;
using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests.Targets;

/// <summary>
/// The command target with programs that leave children behind (bash scripts; these tests need Linux's /proc): the answer
/// is read when the program exits, and nothing it started in its process group outlives the call.
/// </summary>
public sealed class CommandTargetTests : IDisposable
{
    private readonly TargetHarness _harness = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("rg-command-").FullName;

    public void Dispose()
    {
        _harness.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private TargetDefinition Script(string body)
    {
        var path = Path.Combine(_folder, "agent.sh");
        File.WriteAllText(path, "#!/bin/bash\ncat > /dev/null\n" + body.Replace("$DIR", _folder, StringComparison.Ordinal) + "\n");
        return new TargetDefinition { Id = "agent", Kind = TargetKind.Command, Command = ["/bin/bash", path] };
    }

    // Whether the process whose id the script wrote to NAME.pid is still running (a zombie waiting for init counts as gone).
    private bool Running(string name)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(_folder, name + ".pid")).Trim(), CultureInfo.InvariantCulture);
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<bool> GoneWithin(string name, TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        while (Running(name))
        {
            if (clock.Elapsed > wait)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    [Fact]
    public async Task A_program_that_exits_leaving_a_child_holding_its_output_answers_at_once_and_the_child_is_killed()
    {
        var target = Script("""
            sleep 30 &
            echo $! > "$DIR/child.pid"
            echo '{"output": "done"}'
            exit 0
            """);
        var clock = Stopwatch.StartNew();

        var outcome = await _harness.CallAsync(target, TargetHarness.Options(TimeSpan.FromSeconds(10)));

        Assert.Null(outcome.Error);
        Assert.Equal("done", outcome.Response!.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the call took {clock.Elapsed}");
        Assert.True(await GoneWithin("child", TimeSpan.FromSeconds(5)), "the background child outlived the call");
    }

    [Fact]
    public async Task At_the_timeout_the_program_and_its_children_are_killed_and_the_error_names_the_timeout()
    {
        var target = Script("""
            sleep 30 &
            echo $! > "$DIR/child.pid"
            echo $$ > "$DIR/main.pid"
            echo '{"output": "never"'
            sleep 30
            """) with { Timeout = TimeSpan.FromMilliseconds(700) };

        var outcome = await _harness.CallAsync(target, TargetHarness.Options(TimeSpan.FromSeconds(10)));

        Assert.Equal("timed out after 0.7 s", outcome.Error);
        Assert.True(await GoneWithin("main", TimeSpan.FromSeconds(5)), "the program outlived its timeout");
        Assert.True(await GoneWithin("child", TimeSpan.FromSeconds(5)), "the background child outlived the timeout");
    }

    [Fact]
    public async Task A_child_that_left_the_process_group_still_does_not_hold_up_the_answer()
    {
        var target = Script("""
            setsid sleep 30 &
            echo $! > "$DIR/escaped.pid"
            echo '{"output": "done anyway"}'
            """);
        try
        {
            var outcome = await _harness.CallAsync(target, TargetHarness.Options(TimeSpan.FromSeconds(10)));

            Assert.Null(outcome.Error);
            Assert.Equal("done anyway", outcome.Response!.Output);
        }
        finally
        {
            // It left the program's group, so nothing of the runner's reaches it; the test cleans up after itself.
            var pid = int.Parse(File.ReadAllText(Path.Combine(_folder, "escaped.pid")).Trim(), CultureInfo.InvariantCulture);
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }
}
