namespace ReleaseGate.Storage.Sql;

/// <summary>The bag of a statement without parameters: it has no properties, so it binds none.</summary>
internal readonly record struct NoParameters;
