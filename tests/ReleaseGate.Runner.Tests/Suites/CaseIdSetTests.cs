using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Runner.Suites;
using Xunit;

namespace ReleaseGate.Runner.Tests.Suites;

public sealed class CaseIdSetTests
{
    [Fact]
    public void It_finds_the_duplicates_a_dictionary_finds_with_where_each_id_was_first_written()
    {
        var random = new Random(27);
        string[] files = ["suite.yaml", "a.jsonl", "b.jsonl"];
        var set = new CaseIdSet();
        var expected = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        for (var i = 0; i < 50_000; i++)
        {
            // Ids of many lengths, some repeated, some differing only in case or by a character outside ASCII.
            var id = random.Next(4) switch
            {
                0 => $"c{random.Next(20_000)}",
                1 => $"C{random.Next(20_000)}",
                2 => $"c{random.Next(20_000)}\u00e9",
                _ => new string('x', random.Next(1, 300)),
            };
            var location = new SourceLocation(new string(files[random.Next(files.Length)].AsSpan()), i + 1, random.Next(1, 9));

            var added = set.TryAdd(id, location, out var first);

            Assert.Equal(expected.TryAdd(id, location), added);
            Assert.Equal(added ? default : expected[id], first);
        }
    }
}
