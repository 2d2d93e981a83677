using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
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
    /// <exception cref="NotSupportedException">A property cannot be read, or its type is not one a column holds (a list, say: there is no list expansion).</exception>
    public static void Bind(DbCommand command, T bag)
    {
        object boxed = bag;
        foreach (var binding in Bindings)
        {
            if (binding.Problem is { } problem)
            {
                throw new NotSupportedException(problem);
            }

            if (!SqlCommands.NamesParameter(command.CommandText, binding.Name))
            {
                throw new InvalidOperationException(StorageMessages.ParameterNotInSql(binding.Name, command.CommandText));
            }

            var parameter = command.CreateParameter();
            parameter.ParameterName = binding.Name;
            var value = binding.Property.GetValue(boxed);
            if (binding.DbType is { } declared)
            {
                parameter.DbType = declared;
            }
            else if (value is not null)
            {
                // Declared object: the value's own type decides, as Dapper's GetDbType did.
                parameter.DbType = DbValues.TypeOf(value.GetType()) ?? throw new NotSupportedException(StorageMessages.ParameterTypeNotSupported(value.GetType(), binding.Name));
            }

            parameter.Value = DbValues.Of(value);
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>
    /// One property: its name, accessor, the <see cref="DbType"/> of its declared type (null when declared <see cref="object"/>),
    /// and why it cannot be bound, if it cannot (reported by <see cref="Bind"/>, not by the type initializer).
    /// </summary>
    private sealed record Binding(string Name, PropertyInfo Property, DbType? DbType, string? Problem)
    {
        public static Binding Of(PropertyInfo property)
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
            {
                return new(property.Name, property, null, StorageMessages.ParameterNotReadable(typeof(T), property.Name));
            }

            if (property.PropertyType == typeof(object))
            {
                return new(property.Name, property, null, null);
            }

            return DbValues.TypeOf(property.PropertyType) is { } dbType
                ? new(property.Name, property, dbType, null)
                : new(property.Name, property, null, StorageMessages.ParameterTypeNotSupported(property.PropertyType, property.Name));
        }
    }
}
