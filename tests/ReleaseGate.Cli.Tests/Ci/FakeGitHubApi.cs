using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ReleaseGate.Cli.Tests.Ci;

/// <summary>
/// A fake of the part of the GitHub REST API the action's sticky comment uses, as a real HTTP server on a loopback port:
/// list an issue's comments, create one, edit one. It keeps the comments, records every request, and refuses requests
/// without the expected bearer token as GitHub does (401).
/// </summary>
internal sealed partial class FakeGitHubApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<JsonObject> _comments = [];
    private readonly List<(string Method, string Path)> _requests = [];
    private readonly Task _loop;
    private long _nextId = 1000;

    public FakeGitHubApi(string repository, string token)
    {
        Repository = repository;
        Token = token;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public string Repository { get; }

    public string Token { get; }

    public IReadOnlyList<(string Method, string Path)> Requests
    {
        get
        {
            lock (_comments)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The comments of every issue, in the order they were created.</summary>
    public IReadOnlyList<JsonObject> Comments
    {
        get
        {
            lock (_comments)
            {
                return [.. _comments.Select(c => c.DeepClone().AsObject())];
            }
        }
    }

    /// <summary>Adds a comment by someone else, as a pull request already has.</summary>
    public void Seed(int issue, string login, string body)
    {
        lock (_comments)
        {
            _comments.Add(new JsonObject { ["id"] = _nextId++, ["issue"] = issue, ["user"] = new JsonObject { ["login"] = login }, ["body"] = body });
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContextAsync: that ends the loop.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (context.Response)
            {
                var (status, body) = Answer(context.Request);
                var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
            }
        }
    }

    private (int Status, JsonNode Body) Answer(HttpListenerRequest request)
    {
        var path = request.Url!.AbsolutePath;
        lock (_comments)
        {
            _requests.Add((request.HttpMethod, path));
        }

        if (request.Headers["Authorization"] != "Bearer " + Token)
        {
            return (401, new JsonObject { ["message"] = "Bad credentials" });
        }

        string text;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        var prefix = $"/repos/{Repository}/issues/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return (404, new JsonObject { ["message"] = "Not Found" });
        }

        lock (_comments)
        {
            if (IssueComments().Match(path[prefix.Length..]) is { Success: true } list)
            {
                var issue = int.Parse(list.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                switch (request.HttpMethod)
                {
                    case "GET":
                        var page = int.Parse(request.QueryString["page"] ?? "1", System.Globalization.CultureInfo.InvariantCulture);
                        var perPage = int.Parse(request.QueryString["per_page"] ?? "30", System.Globalization.CultureInfo.InvariantCulture);
                        return (200, new JsonArray([.. _comments.Where(c => (int)c["issue"]! == issue).Skip((page - 1) * perPage).Take(perPage).Select(c => c.DeepClone())]));
                    case "POST":
                        var created = new JsonObject
                        {
                            ["id"] = _nextId++,
                            ["issue"] = issue,
                            ["user"] = new JsonObject { ["login"] = "github-actions[bot]" },
                            ["body"] = JsonNode.Parse(text)!["body"]!.GetValue<string>(),
                        };
                        _comments.Add(created);
                        return (201, created.DeepClone());
                }
            }
            else if (OneComment().Match(path[prefix.Length..]) is { Success: true } one && request.HttpMethod == "PATCH")
            {
                var id = long.Parse(one.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (_comments.FirstOrDefault(c => (long)c["id"]! == id) is not { } comment)
                {
                    return (404, new JsonObject { ["message"] = "Not Found" });
                }

                comment["body"] = JsonNode.Parse(text)!["body"]!.GetValue<string>();
                return (200, comment.DeepClone());
            }
        }

        return (404, new JsonObject { ["message"] = "Not Found" });
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^([0-9]+)/comments$")]
    private static partial Regex IssueComments();

    [GeneratedRegex(@"^comments/([0-9]+)$")]
    private static partial Regex OneComment();
}
