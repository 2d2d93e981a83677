using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace ReleaseGate.Runner.Targets;

/// <summary>
/// Starts a command target's program as the leader of a process group of its own (through <c>setsid</c>, where the system
/// has it), so that whatever the program starts and leaves behind can be killed with it: when it exits, and at the timeout.
/// Where there is no <c>setsid</c>, only the program's process tree can be killed, while the program runs.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SigKill = 9;

    // util-linux's setsid runs the program in a new session, so as the leader of a new process group whose id is its
    // process id. Started by this process, it is no group leader, so it makes the session itself and execs the program in
    // place: the process started is the program.
    private static readonly string? Setsid = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
        : null;

    /// <summary>The start info for <paramref name="command"/>, in a group of its own where the system allows.</summary>
    /// <param name="command">The program and its arguments.</param>
    /// <param name="grouped">Whether the program leads a process group of its own, whose id is its process id.</param>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> command, out bool grouped)
    {
        // A program that cannot be found is started as it is, so that the failure to start it says why as before.
        var program = Setsid is not null && OperatingSystem.IsLinux() ? Resolve(command[0]) : null;
        grouped = program is not null;
        var start = new ProcessStartInfo(grouped ? Setsid! : command[0]);
        if (grouped)
        {
            start.ArgumentList.Add(program!);
        }

        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    // The program's full path, found as Process.Start finds it (a path as it is; a bare name in the current folder, then
    // on PATH), so that setsid runs what would have run without it; null when there is no such executable file.
    [SupportedOSPlatform("linux")]
    private static string? Resolve(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return Executable(Path.GetFullPath(name));
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return folders.Prepend(Environment.CurrentDirectory).Select(folder => Executable(Path.Combine(folder, name))).FirstOrDefault(path => path is not null);
    }

    [SupportedOSPlatform("linux")]
    private static string? Executable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0
            ? Path.GetFullPath(path)
            : null;

    /// <summary>
    /// Kills every process left in the group that <paramref name="process"/> leads, and the process's tree while it runs.
    /// Failures are ignored: the group may be gone already, which is the point.
    /// </summary>
    public static void Kill(Process process, bool grouped)
    {
        if (grouped && process.Id > 1)
        {
            try
            {
                // A negative id names the process group. The group's id cannot be reused while a process of the group lives.
                _ = KillGroup(-process.Id, SigKill);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // No C library to call: the process tree is all that can be killed.
            }
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It exited meanwhile.
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillGroup(int pid, int signal);
}
