using ReleaseGate.Storage.Sql;
using Xunit;

namespace ReleaseGate.Storage.Tests.Sql;

/// <summary>How the binder finds a property's name in the SQL: as <c>@Name</c>, with case, as a whole name.</summary>
public sealed class SqlCommandsTests
{
    [Theory]
    [InlineData("SELECT 1 WHERE id = @id", "id", true)]
    [InlineData("SELECT 1 WHERE id = @id AND x = 1", "id", true)]
    [InlineData("UPDATE t SET a = COALESCE(@id, a)", "id", true)]
    [InlineData("SELECT 1 WHERE idx = @idx", "id", false)]
    [InlineData("SELECT 1 WHERE id_2 = @id_2", "id", false)]
    [InlineData("SELECT 1 WHERE id = @Id", "id", false)]
    [InlineData("SELECT 1 WHERE id = :id", "id", false)]
    [InlineData("SELECT 1 WHERE id = id", "id", false)]
    [InlineData("SELECT 1 WHERE x = @idx OR id = @id", "id", true)]
    public void A_parameter_is_named_by_at_and_its_whole_name_with_case(string sql, string name, bool named) =>
        Assert.Equal(named, SqlCommands.NamesParameter(sql, name));
}
