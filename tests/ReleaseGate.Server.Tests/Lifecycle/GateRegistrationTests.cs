using System.Text;
using ReleaseGate.Server.Lifecycle;

namespace ReleaseGate.Server.Tests.Lifecycle;

public class GateRegistrationTests
{
    [Fact]
    public void A_bundle_file_that_is_not_utf8_is_an_error_at_its_line_and_column_not_a_replaced_character()
    {
        var folder = Directory.CreateTempSubdirectory("releasegate-bundle-").FullName;
        try
        {
            var gate = Path.Combine(folder, "gate.yaml");
            var policies = Path.Combine(folder, "policies.yaml");
            File.WriteAllText(gate, Samples.Gate() + "\npolicies:\n  - include: policies.yaml\n");
            File.WriteAllBytes(policies, [.. Encoding.UTF8.GetBytes("apiVersion: releasegate/v1\nkind: Policies\n# caf"), 0xE9, .. "\n"u8]);

            var (bundle, errors) = GateRegistration.ReadBundle(gate);

            Assert.Null(bundle);
            var error = Assert.Single(errors);
            Assert.Equal(("RG1026", policies, 3, 6), (error.Code, error.Location.File, error.Location.Line, error.Location.Column));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
