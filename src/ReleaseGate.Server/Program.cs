using ReleaseGate.Server;

// CEL's matches() runs .NET regular expressions: bound every match (DEPENDENCIES.md).
AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromMilliseconds(200));
await using var app = ServerApp.Build(args);
await app.RunAsync();

/// <summary>The server's entry point; public so that tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
