using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ReleaseGate.Storage.Sql;

/// <summary>
/// SHA-256 for the ledger walk, one short message at a time. Where OpenSSL's libcrypto is present (Linux), its plain
/// <c>SHA256_Init/Update/Final</c> functions are called directly; otherwise, or if they fail a known-answer test at start-up,
/// <see cref="IncrementalHash"/>.
/// </summary>
/// <remarks>
/// .NET hashes through OpenSSL's EVP layer, which clears the error queue and frees and resets a context on every call: for a
/// 350-byte ledger entry that overhead outweighs the hashing itself (docs/benchmarks.md, audit-verify), and the hash is most of
/// <c>audit verify</c>'s CPU. The low-level functions are deprecated in
/// OpenSSL 3 but exported; being looked up at run time, their absence only means the slower path. A wrong digest could never
/// make a tampered ledger verify — it would fail every entry — and the known-answer test rules even that out.
/// </remarks>
internal sealed unsafe class LedgerSha256 : IDisposable
{
    // SHA256_CTX is 112 bytes in OpenSSL 1.1 and 3; room to spare.
    private const int ContextSize = 256;

    // The direct calls skip the GC transition, which is only right for short calls: longer messages take the managed path.
    private const int DirectMax = 16 * 1024;

    private static readonly Native? Functions = Native.Load();

    private readonly bool _direct;
    private readonly byte[] _context = new byte[ContextSize];
    private IncrementalHash? _managed;

    public LedgerSha256()
        : this(managedOnly: false)
    {
    }

    /// <summary>A hasher that never calls libcrypto directly when <paramref name="managedOnly"/> (for tests of that path).</summary>
    internal LedgerSha256(bool managedOnly) => _direct = !managedOnly && Functions is not null;

    /// <summary>Writes the SHA-256 of <paramref name="data"/> into <paramref name="digest"/> (32 bytes).</summary>
    public void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digest.Length, 32, nameof(digest));
        if (_direct && data.Length <= DirectMax)
        {
            Functions!.Hash(_context, data, digest);
            return;
        }

        _managed ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _managed.AppendData(data);
        _managed.GetHashAndReset(digest);
    }

    public void Dispose() => _managed?.Dispose();

    private sealed class Native
    {
        private readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, int> _init;
        private readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, nuint, int> _update;
        private readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, int> _final;

        private Native(nint init, nint update, nint final)
        {
            _init = (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, int>)init;
            _update = (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, nuint, int>)update;
            _final = (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, int>)final;
        }

        public static Native? Load()
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            foreach (var name in (string[])["libcrypto.so.3", "libcrypto.so.1.1"])
            {
                if (NativeLibrary.TryLoad(name, out var library)
                    && NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
                    && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
                    && NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
                {
                    var native = new Native(init, update, final);
                    if (native.PassesKnownAnswer())
                    {
                        return native;
                    }
                }
            }

            return null;
        }

        public void Hash(byte[] context, ReadOnlySpan<byte> data, Span<byte> digest)
        {
            fixed (byte* c = context)
            fixed (byte* d = data)
            fixed (byte* md = digest)
            {
                if (_init(c) != 1 || _update(c, d, (nuint)data.Length) != 1 || _final(md, c) != 1)
                {
                    throw new CryptographicException("libcrypto's SHA-256 failed");
                }
            }
        }

        private bool PassesKnownAnswer()
        {
            // A message longer than one block, against .NET's own SHA-256.
            var message = new byte[200];
            for (var i = 0; i < message.Length; i++)
            {
                message[i] = unchecked((byte)(i * 7));
            }

            Span<byte> ours = stackalloc byte[32];
            try
            {
                Hash(new byte[ContextSize], message, ours);
            }
            catch (CryptographicException)
            {
                return false;
            }

            return ours.SequenceEqual(SHA256.HashData(message));
        }
    }
}
