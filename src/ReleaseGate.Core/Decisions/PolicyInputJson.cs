using System.Text.Json.Serialization;

namespace ReleaseGate.Core.Decisions;

/// <summary>Source-generated serialization of the policy input, used to compare components.</summary>
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(List<object?>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(bool))]
internal sealed partial class PolicyInputJson : JsonSerializerContext;
