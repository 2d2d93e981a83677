using System.Globalization;
using System.Reflection;

namespace ReleaseGate.Storage.Migrations;

/// <summary>One embedded migration script: <c>Migrations/{Dialect}/NNNN_name.sql</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "ReleaseGate.Storage.Migrations.";

    /// <summary>The migrations of a dialect (<c>Sqlite</c> or <c>Postgres</c>), in version order.</summary>
    public static IReadOnlyList<Migration> For(string dialect)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = ResourcePrefix + dialect + ".";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..^".sql".Length];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore].TrimStart('_'), NumberStyles.None, CultureInfo.InvariantCulture);
            list.Add(new Migration(version, file[(underscore + 1)..], Read(assembly, resource)));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
            {
                throw new InvalidOperationException($"migration versions of {dialect} must run 1, 2, 3… without gaps; found {list[i].Version} at position {i + 1}");
            }
        }

        return list;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
