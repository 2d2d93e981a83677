using System.Text;
using ReleaseGate.Core.Gates;
using Xunit;

namespace ReleaseGate.Core.Tests.Gates;

public sealed class GateBundleLoaderTests : IDisposable
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: demo
        evals:
          - suite: core
            file: suites/core.yaml
            min_pass_rate: 0.9
        policies:
          - include: policies/org.yaml
        """;

    private const string Policies = "apiVersion: releasegate/v1\nkind: Policies\npolicies:\n  - { id: model-named, rule: \"release.model != ''\" }\n";
    private const string Suite = "apiVersion: releasegate/v1\nkind: Suite\nname: core\ncase_files: [cases/core.jsonl]\n";
    private const string Cases = "{\"id\":\"c1\"}\n{\"id\":\"c2\"}\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("releasegate-gate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_gate_on_disk_and_the_same_files_as_a_bundle_load_alike_with_one_digest_over_every_file()
    {
        var gate = WriteAll();

        var disk = GateBundleLoader.LoadFile(gate, keepFiles: true);
        var stored = GateBundleLoader.Load(disk.Bundle!);

        Assert.Empty(disk.Errors);
        Assert.Empty(stored.Errors);
        Assert.Equal(["gate.yaml", "policies/org.yaml", "suites/cases/core.jsonl", "suites/core.yaml"], disk.Gate!.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(disk.Gate.Digest, stored.Gate!.Digest);
        Assert.Equal(disk.Gate.Digest, disk.Gate.Gate.Digest);
        Assert.Equal(disk.Bundle!.Digest, disk.Gate.Digest);
        Assert.Equal(GateDigest.Of("gate.yaml", disk.Gate.Files), disk.Gate.Digest);
        Assert.Equal(["c1", "c2"], stored.Gate.Suites["core"].Cases.Select(c => c.Id));
        Assert.Equal(["model-named"], stored.Gate.Gate.Policies.Select(p => p.Id));
        Assert.Equal(GateBundleLoader.LoadFile(gate).Gate!.Digest, disk.Gate.Digest);
    }

    [Theory]
    [InlineData("policies/org.yaml", Policies + "# reviewed\n")]
    [InlineData("suites/core.yaml", Suite + "description: core cases\n")]
    [InlineData("suites/cases/core.jsonl", Cases + "{\"id\":\"c3\"}\n")]
    public void Changing_any_file_the_gate_names_changes_its_digest(string file, string text)
    {
        var gate = WriteAll();
        var before = GateBundleLoader.LoadFile(gate).Gate!.Digest;

        Write(file, text);
        var after = GateBundleLoader.LoadFile(gate, keepFiles: true);

        Assert.NotEqual(before, after.Gate!.Digest);
        Assert.Equal(after.Gate.Digest, GateBundleLoader.Load(after.Bundle!).Gate!.Digest);
    }

    [Fact]
    public void A_case_file_with_a_byte_order_mark_digests_as_the_text_the_server_stores()
    {
        var gate = WriteAll();
        File.WriteAllBytes(Path.Combine(_folder, "suites/cases/core.jsonl"), [.. "\uFEFF"u8, .. Encoding.UTF8.GetBytes(Cases)]);

        var disk = GateBundleLoader.LoadFile(gate, keepFiles: true);

        Assert.Equal(GateDigest.OfText(Cases), disk.Gate!.Files["suites/cases/core.jsonl"]);
        Assert.Equal(disk.Gate.Digest, GateBundleLoader.Load(disk.Bundle!).Gate!.Digest);
    }

    [Fact]
    public void A_bundle_file_the_gate_does_not_name_is_neither_kept_nor_digested()
    {
        var loaded = GateBundleLoader.LoadFile(WriteAll(), keepFiles: true);
        var extra = new Dictionary<string, string>(loaded.Bundle!.Files, StringComparer.Ordinal) { ["notes.txt"] = "hello" };

        var stored = GateBundleLoader.Load(loaded.Bundle with { Files = extra });

        Assert.Equal(loaded.Gate!.Digest, stored.Gate!.Digest);
        Assert.DoesNotContain("notes.txt", stored.Bundle!.Files.Keys);
    }

    [Fact]
    public void A_file_missing_from_a_bundle_is_RG1201_at_the_place_that_names_it()
    {
        var loaded = GateBundleLoader.LoadFile(WriteAll(), keepFiles: true);
        var files = loaded.Bundle!.Files.Where(f => f.Key != "policies/org.yaml").ToDictionary(StringComparer.Ordinal);

        var stored = GateBundleLoader.Load(loaded.Bundle with { Files = files });

        Assert.Null(stored.Gate);
        var error = Assert.Single(stored.Errors);
        Assert.Equal(("RG1201", "gate.yaml", 9), (error.Code, error.Location.File, error.Location.Line));
        Assert.Contains("not uploaded with the gate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_missing_on_disk_is_RG1201_at_the_place_that_names_it_and_nothing_is_kept()
    {
        var gate = WriteAll();
        File.Delete(Path.Combine(_folder, "suites/cases/core.jsonl"));

        var loaded = GateBundleLoader.LoadFile(gate, keepFiles: true);

        Assert.Null(loaded.Gate);
        Assert.Null(loaded.Bundle);
        var error = Assert.Single(loaded.Errors);
        Assert.Equal(("RG1201", Path.Combine(_folder, "suites/core.yaml")), (error.Code, error.Location.File));

        // The gate and its includes are valid: callers still get them, to check the rest against and report every error at once.
        Assert.Equal(["model-named"], loaded.Parsed!.Policies.Select(p => p.Id));
    }

    [Fact]
    public void A_bundle_file_that_is_not_utf8_is_an_error_at_its_line_and_column_not_a_replaced_character()
    {
        var gate = WriteAll();
        var policies = Path.Combine(_folder, "policies/org.yaml");
        File.WriteAllBytes(policies, [.. Encoding.UTF8.GetBytes("apiVersion: releasegate/v1\nkind: Policies\n# caf"), 0xE9, .. "\n"u8]);

        var loaded = GateBundleLoader.LoadFile(gate, keepFiles: true);

        Assert.Null(loaded.Bundle);
        var error = Assert.Single(loaded.Errors);
        Assert.Equal(("RG1026", policies, 3, 6), (error.Code, error.Location.File, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_gate_that_names_no_file_keeps_the_digest_of_its_text()
    {
        var text = "apiVersion: releasegate/v1\nkind: Gate\nworkflow: demo\nevals:\n  - { suite: core, min_pass_rate: 0.9 }\n";
        var gate = Write("gate.yaml", text);

        Assert.Equal(GateDigest.OfText(text), GateBundleLoader.LoadFile(gate).Gate!.Digest);
    }

    private string WriteAll()
    {
        Write("policies/org.yaml", Policies);
        Write("suites/core.yaml", Suite);
        Write("suites/cases/core.jsonl", Cases);
        return Write("gate.yaml", Gate + "\n");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
