using System.Text.Json.Serialization;

namespace ReleaseGate.Storage.Sql;

/// <summary>Source-generated JSON for the few JSON columns (token scopes).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
