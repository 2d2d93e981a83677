namespace ReleaseGate.Server.Identity;

/// <summary>What an API token allows. A token carries one or more scopes.</summary>
[Flags]
public enum Scope
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Submit releases and evidence, ship approved releases (machines: CI, deploy pipelines).</summary>
    Submit = 1,

    /// <summary>Read releases, decisions and the ledger.</summary>
    Review = 2,

    /// <summary>Approve or reject approval stages and grant waivers, within the caller's groups.</summary>
    Approve = 4,

    /// <summary>Register workflows and manage users, groups and tokens.</summary>
    Admin = 8,
}
