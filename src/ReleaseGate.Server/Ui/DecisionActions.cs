using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The actions on a release's decision page, shown only to those who may take them: approve or reject a stage, grant or
/// revoke a waiver, ship. Each form posts to a Control Center route that runs the API's own code.
/// </summary>
internal static class DecisionActions
{
    /// <summary>Writes the actions the signed-in person may take on <paramref name="release"/>.</summary>
    public static Task WriteAsync(Html html, UiRequest ui, IGateStore store, ReleaseRecord release, DecisionView decision) => Task.CompletedTask;
}
