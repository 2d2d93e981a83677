using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ReleaseGate.Cli.Tests;

/// <summary>A real <c>releasegate serve</c> child process on a free loopback port; killed when disposed.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The server's process id (the process itself: <c>dotnet releasegate.dll</c> or the published executable).</summary>
    public int Pid => _process.Id;

    /// <summary>Whether the server process has ended.</summary>
    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <c>releasegate serve</c> on <paramref name="database"/> with <paramref name="options"/> added, and waits until it is ready.</summary>
    public static Task<ServerProcess> StartAsync(string database, string workingDirectory, params string[] options) =>
        StartAsync(database, workingDirectory, new Dictionary<string, string>(), options);

    /// <summary>As <see cref="StartAsync(string, string, string[])"/>, with <paramref name="environment"/> added to the process's (configuration such as <c>ReleaseGate__Webhooks__Timeout</c>).</summary>
    public static async Task<ServerProcess> StartAsync(string database, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] options)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = CliProcess.StartInfo(workingDirectory, ["serve", "--db", database, "--urls", url, .. options]);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var server = new ServerProcess(process, url);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"releasegate serve exited with {process.ExitCode}:\n{server.Log}");
            }

            try
            {
                if ((await http.GetAsync($"{url}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        server.Dispose();
        throw new TimeoutException($"releasegate serve did not become ready in 60 s:\n{server.Log}");
    }

    /// <summary>Starts a CLI process without waiting for it.</summary>
    public static Process Start(string workingDirectory, params string[] args) => Process.Start(CliProcess.StartInfo(workingDirectory, args))!;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
