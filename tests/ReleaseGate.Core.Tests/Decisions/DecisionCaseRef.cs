using Xunit.Abstractions;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>
/// Names one case of a <c>tests/cases/*.yaml</c> file. It is serializable, so xunit lists every case as a test of
/// its own, with the case's name as the display name and its <c>skip</c> reason, if any.
/// </summary>
public sealed class DecisionCaseRef : IXunitSerializable
{
    /// <summary>For the xunit deserializer only.</summary>
    public DecisionCaseRef()
    {
    }

    public DecisionCaseRef(string file, int index, string name, string? skip)
    {
        File = file;
        Index = index;
        Name = name;
        Skip = skip ?? "";
    }

    /// <summary>The case file's name, such as <c>no-regression.yaml</c>.</summary>
    public string File { get; private set; } = "";

    /// <summary>The position of the case in the file's <c>cases</c> list.</summary>
    public int Index { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Why the case is skipped (a known engine bug), or empty.</summary>
    public string Skip { get; private set; } = "";

    public string DisplayName => $"{File}: {Name}";

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue("file", File);
        info.AddValue("index", Index);
        info.AddValue("name", Name);
        info.AddValue("skip", Skip);
    }

    public void Deserialize(IXunitSerializationInfo info)
    {
        File = info.GetValue<string>("file");
        Index = info.GetValue<int>("index");
        Name = info.GetValue<string>("name");
        Skip = info.GetValue<string>("skip");
    }

    public override string ToString() => DisplayName;
}
