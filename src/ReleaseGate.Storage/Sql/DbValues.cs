using System.Data;
using System.Globalization;

namespace ReleaseGate.Storage.Sql;

/// <summary>The value and <see cref="DbType"/> a parameter gets, the way Dapper chose them.</summary>
internal static class DbValues
{
    /// <summary>What the driver is given for <paramref name="value"/>: <see cref="DBNull.Value"/> for null, an enum's underlying integer, else the value.</summary>
    public static object Of(object? value) => value switch
    {
        null => DBNull.Value,
        Enum e => Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>
    /// The <see cref="DbType"/> Dapper gave a value of <paramref name="type"/> (nullable and enum types by their underlying type),
    /// or null when no column holds such a value (a list, say: there is no list expansion).
    /// </summary>
    public static DbType? TypeOf(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain.IsEnum)
        {
            plain = Enum.GetUnderlyingType(plain);
        }

        return Type.GetTypeCode(plain) switch
        {
            TypeCode.Boolean => DbType.Boolean,
            TypeCode.Byte => DbType.Byte,
            TypeCode.Int16 => DbType.Int16,
            TypeCode.Int32 => DbType.Int32,
            TypeCode.Int64 => DbType.Int64,
            TypeCode.Single => DbType.Single,
            TypeCode.Double => DbType.Double,
            TypeCode.Decimal => DbType.Decimal,
            TypeCode.String => DbType.String,
            TypeCode.DateTime => DbType.DateTime,
            _ when plain == typeof(DateTimeOffset) => DbType.DateTimeOffset,
            _ when plain == typeof(Guid) => DbType.Guid,
            _ when plain == typeof(byte[]) => DbType.Binary,
            _ => null,
        };
    }
}
