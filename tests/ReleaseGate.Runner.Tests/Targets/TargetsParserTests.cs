using ReleaseGate.Runner.Targets;
using Xunit;

namespace ReleaseGate.Runner.Tests.Targets;

public class TargetsParserTests
{
    [Fact]
    public void Reads_every_kind_of_target()
    {
        var parsed = TargetsParser.Parse("""
            apiVersion: releasegate/v1
            kind: Targets
            targets:
              - id: candidate
                type: openai
                base_url: http://127.0.0.1:8787/v1
                model: gpt-4.1
                api_key_env: OPENAI_API_KEY
                system_prompt: You are terse.
                parameters: { temperature: 0.2, max_tokens: 100 }
                tools:
                  - { name: issue_refund, description: Refunds, parameters: { type: object } }
              - id: service
                type: http
                url: http://127.0.0.1:9000/answer
                headers: { X-Case: "{{case}}" }
                body: { q: "{{prompt}}" }
                output: /answer
                tool_calls: /tools
                timeout: 30s
              - id: agent
                type: command
                command: [python3, agent.py]
            """, "targets.yaml");

        Assert.True(parsed.Success, string.Join("\n", parsed.Errors));
        var (openai, http, command) = (parsed.Value.Targets[0], parsed.Value.Targets[1], parsed.Value.Targets[2]);
        Assert.Equal(TargetKind.OpenAi, openai.Kind);
        Assert.Equal("gpt-4.1", openai.Model);
        Assert.Equal("You are terse.", openai.SystemPrompt);
        Assert.Equal("issue_refund", Assert.Single(openai.Tools).Name);
        Assert.Equal(0.2, (double)openai.Parameters["temperature"]!);
        Assert.Equal("/answer", http.OutputPointer);
        Assert.Equal("/tools", http.ToolCallsPointer);
        Assert.Equal(TimeSpan.FromSeconds(30), http.Timeout);
        Assert.Equal("{{case}}", http.Headers["X-Case"]);
        Assert.Equal(["python3", "agent.py"], command.Command);
    }

    [Fact]
    public void Every_error_is_reported_with_its_line_and_column()
    {
        var parsed = TargetsParser.Parse("""
            apiVersion: releasegate/v1
            kind: Targets
            targets:
              - id: a
                type: openai
                base_url: api.openai.com/v1
                model: m
              - id: b
                type: http
                url: http://x/
                output: choices/0
                outptu: /x
              - id: a
                type: command
                command: []
              - id: c
                type: grpc
            """, "targets.yaml");

        Assert.False(parsed.Success);
        Assert.Equal(
            [
                "targets.yaml:6:15: RG1402",
                "targets.yaml:11:13: RG1402",
                "targets.yaml:12:5: RG1004",
                "targets.yaml:13:5: RG1012",
                "targets.yaml:13:5: RG1402",
                "targets.yaml:17:11: RG1008",
            ],
            parsed.Errors.Select(e => $"{e.Location}: {e.Code}"));
    }

    [Fact]
    public void Base_urls_expand_environment_variables_with_defaults()
    {
        Environment.SetEnvironmentVariable("RG_TEST_MODEL_URL", "http://127.0.0.1:1234/v1");
        Assert.Equal("http://127.0.0.1:1234/v1/x", TargetsParser.Expand("${RG_TEST_MODEL_URL}/x"));
        Assert.Equal("http://fallback/v1", TargetsParser.Expand("${RG_TEST_UNSET_VARIABLE:-http://fallback/v1}"));
    }

    [Theory]
    [InlineData("openai:gpt-4.1@https://api.openai.com/v1", TargetKind.OpenAi)]
    [InlineData("http:http://127.0.0.1:9000/answer", TargetKind.Http)]
    [InlineData("command:python3 agent.py", TargetKind.Command)]
    public void Inline_specs_name_a_target_on_the_command_line(string spec, TargetKind kind)
    {
        Assert.Equal(kind, TargetsParser.Inline(spec)!.Kind);
    }

    [Theory]
    [InlineData("gpt-4")]
    [InlineData("openai:gpt-4")]
    [InlineData("openai:gpt-4@ftp://x")]
    [InlineData("http:not a url")]
    [InlineData("command:")]
    public void Anything_else_is_not_an_inline_target(string spec)
    {
        Assert.Null(TargetsParser.Inline(spec));
    }

    [Fact]
    public void A_system_prompt_file_that_is_not_utf8_is_an_error_at_its_line_and_column()
    {
        var folder = Directory.CreateTempSubdirectory("releasegate-targets-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "system.txt"), [.. "You are terse.\nNever "u8, 0xC3, 0x28, .. " lie.\n"u8]);
            var parsed = TargetsParser.Parse("""
                apiVersion: releasegate/v1
                kind: Targets
                targets:
                  - { id: candidate, type: openai, base_url: "http://127.0.0.1:1/v1", model: m, system_prompt_file: system.txt }
                """, Path.Combine(folder, "targets.yaml"));

            var error = Assert.Single(parsed.Errors);
            Assert.Equal(("RG1026", Path.Combine(folder, "system.txt"), 2, 7), (error.Code, error.Location.File, error.Location.Line, error.Location.Column));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_openai_parameter_the_runner_sets_itself_or_that_no_request_field_is_named_is_an_error_at_its_key()
    {
        var parsed = TargetsParser.Parse("""
            apiVersion: releasegate/v1
            kind: Targets
            targets:
              - id: a
                type: openai
                base_url: http://127.0.0.1:1/v1
                model: m
                parameters:
                  max_tokens: 600
                  model: other
                  stream: true
                  n: 3
                  "top.p": 0.5
                  response_format: { type: json_object }
            """, "targets.yaml");

        Assert.Equal(
            [
                "targets.yaml:10:7: RG1436: target 'a' sets 'model' in its parameters, which the runner sends itself; give the model as the target's 'model'.",
                "targets.yaml:11:7: RG1436: target 'a' sets 'stream' in its parameters, but the runner reads one whole answer, not a stream; remove it.",
                "targets.yaml:12:7: RG1436: target 'a' sets 'n' in its parameters, but each execution reads one answer; remove it, and pass --repeat N to run each case N times.",
                "targets.yaml:13:7: RG1436: parameter 'top.p' is not a request field's name; parameters are sent as written under their own names, such as max_tokens or top_p (letters, digits and '_').",
            ],
            parsed.Errors.Select(e => $"{e.Location}: {e.Code}: {e.Message}"));
    }
}
