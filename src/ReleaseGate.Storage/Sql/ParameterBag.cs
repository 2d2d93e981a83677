using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// Binds the public properties of a parameter bag (usually an anonymous object) to a command, as Dapper did: property
/// <c>Id</c> becomes parameter <c>Id</c>, which the SQL names <c>@Id</c>; null becomes <see cref="DBNull"/>; an enum becomes its
/// underlying integer; every other value goes as it is, with the <see cref="DbType"/> of the property's declared type (of the
/// value's type for a property declared <see cref="object"/>), so Npgsql sends the same types as before (timestamptz for
/// <see cref="DateTimeOffset"/>, text for strings, a typed null for a null string). A property the SQL does not name is a
/// programmer error and is rejected on both databases alike, before the driver sees the command. No code is generated at run
/// time: the properties are read by reflection over <typeparamref name="T"/>, whose properties the trimmer keeps.
/// </summary>
/// <typeparam name="T">The bag's type; its property list is read once.</typeparam>
/// <threadsafety>Thread-safe: the property list is immutable after the type initializer.</threadsafety>
internal static class ParameterBag<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>
    where T : notnull
{
    private static readonly Binding[] Bindings = [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(Binding.Of)];

    /// <summary>Adds one parameter per property of <paramref name="bag"/> to <paramref name="command"/>.</summary>
    /// <exception cref="InvalidOperationException">The command's SQL does not name a property as <c>@Name</c>.</exception>
    /// <exception cref="NotSupportedException">A property's type is not one a column holds (a list, say: there is no list expansion).</exception>
    public static void Bind(DbCommand command, T bag)
    {
        object boxed = bag;
        foreach (var binding in Bindings)
        {
            if (!SqlCommands.NamesParameter(command.CommandText, binding.Name))
            {
                throw new InvalidOperationException(StorageMessages.ParameterNotInSql(typeof(T), binding.Name, command.CommandText));
            }

            var parameter = command.CreateParameter();
            parameter.ParameterName = binding.Name;
            var value = binding.Property.GetValue(boxed);
            var dbType = binding.DbType ?? (value is null ? null : DbValues.TypeOf(value.GetType(), binding.Name));
            if (dbType is { } known)
            {
                parameter.DbType = known;
            }

            parameter.Value = DbValues.Of(value);
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>One property: its name, accessor and the <see cref="DbType"/> of its declared type (null when declared <see cref="object"/>).</summary>
    private sealed record Binding(string Name, PropertyInfo Property, DbType? DbType)
    {
        public static Binding Of(PropertyInfo property) =>
            property.GetIndexParameters().Length > 0 || property.GetMethod is null
                ? throw new NotSupportedException(StorageMessages.ParameterNotReadable(typeof(T), property.Name))
                : new(property.Name, property, property.PropertyType == typeof(object) ? null : DbValues.TypeOf(property.PropertyType, property.Name));
    }
}

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

    /// <summary>The <see cref="DbType"/> Dapper gave a value of <paramref name="type"/> (nullable and enum types by their underlying type).</summary>
    /// <exception cref="NotSupportedException"><paramref name="type"/> is not one a column holds.</exception>
    public static DbType TypeOf(Type type, string name)
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
            _ => throw new NotSupportedException(StorageMessages.ParameterTypeNotSupported(type, name)),
        };
    }
}
