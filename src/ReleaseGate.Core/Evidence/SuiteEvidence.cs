using System.Text;

namespace ReleaseGate.Core.Evidence;

/// <summary>The cases of one suite on one target.</summary>
public sealed class SuiteEvidence
{
    private readonly Dictionary<string, CaseEvidence>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    // An index of the cases by the raw UTF-8 bytes of their ids as read, beside Cases: a known case is found without
    // decoding its id. Entries and their id bytes are kept in the order added, and the case after the last one found
    // is tried first: results are usually written case by case or repeat by repeat, so most lines touch memory in
    // order. A miss falls back to Cases, so ids that reached Cases another way (escaped, merged) are still found,
    // and two byte spellings of one id share one CaseEvidence.
    private int[] _buckets = new int[16]; // 1 + the index of the first entry of the chain; 0 when empty
    private ByteEntry[] _entries = new ByteEntry[16];
    private byte[] _keyBytes = new byte[256];
    private int _keyBytesUsed;
    private int _entryCount;
    private int _lastEntry = -1;

    private struct ByteEntry
    {
        public int Hash;
        public int Next; // 1 + the index of the next entry of the chain; 0 at its end
        public int KeyStart;
        public int KeyLength;
        public CaseEvidence Value;
    }

    /// <summary>Creates the evidence of one suite.</summary>
    public SuiteEvidence(string name)
    {
        Name = name;
        _bySpan = Cases.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The suite name.</summary>
    public string Name { get; }

    /// <summary>Cases by id.</summary>
    public Dictionary<string, CaseEvidence> Cases { get; } = new(StringComparer.Ordinal);

    /// <summary>The number of result lines read for this suite.</summary>
    public long Lines { get; internal set; }

    /// <summary>Returns the case, adding it if it is new; looks it up without allocating a string.</summary>
    internal CaseEvidence GetOrAdd(ReadOnlySpan<char> id)
    {
        if (!_bySpan.TryGetValue(id, out var evidence))
        {
            var text = new string(id);
            evidence = new CaseEvidence(text);
            Cases.Add(text, evidence);
        }

        return evidence;
    }

    /// <summary>Returns the case whose id has these UTF-8 bytes (unescaped JSON text), adding it if it is new.</summary>
    internal CaseEvidence GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        var entries = _entries;
        var next = _lastEntry + 1;
        if (next < _entryCount && KeyIs(in entries[next], utf8))
        {
            _lastEntry = next;
            return entries[next].Value;
        }

        if (_lastEntry >= 0 && KeyIs(in entries[_lastEntry], utf8))
        {
            return entries[_lastEntry].Value;
        }

        var hash = HashBytes(utf8);
        for (var i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0; i = entries[i].Next - 1)
        {
            if (entries[i].Hash == hash && KeyIs(in entries[i], utf8))
            {
                _lastEntry = i;
                return entries[i].Value;
            }
        }

        return AddByBytes(utf8, hash);
    }

    private bool KeyIs(in ByteEntry entry, ReadOnlySpan<byte> utf8) =>
        entry.KeyLength == utf8.Length && utf8.SequenceEqual(_keyBytes.AsSpan(entry.KeyStart, entry.KeyLength));

    private CaseEvidence AddByBytes(ReadOnlySpan<byte> utf8, int hash)
    {
        CaseEvidence evidence;
        if (utf8.Length <= 512)
        {
            Span<char> chars = stackalloc char[512];
            evidence = GetOrAdd(chars[..Encoding.UTF8.GetChars(utf8, chars)]);
        }
        else
        {
            evidence = GetOrAdd(Encoding.UTF8.GetString(utf8));
        }

        if (_entryCount == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
            _buckets = new int[_entries.Length];
            for (var j = 0; j < _entryCount; j++)
            {
                ref var bucket = ref _buckets[_entries[j].Hash & (_buckets.Length - 1)];
                _entries[j].Next = bucket;
                bucket = j + 1;
            }
        }

        if (_keyBytesUsed + utf8.Length > _keyBytes.Length)
        {
            Array.Resize(ref _keyBytes, Math.Max(_keyBytes.Length * 2, _keyBytesUsed + utf8.Length));
        }

        utf8.CopyTo(_keyBytes.AsSpan(_keyBytesUsed));
        ref var head = ref _buckets[hash & (_buckets.Length - 1)];
        _entries[_entryCount] = new ByteEntry { Hash = hash, Next = head, KeyStart = _keyBytesUsed, KeyLength = utf8.Length, Value = evidence };
        head = _entryCount + 1;
        _lastEntry = _entryCount++;
        _keyBytesUsed += utf8.Length;
        return evidence;
    }

    private static int HashBytes(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    /// <summary>Returns the case, adding it if it is new.</summary>
    public CaseEvidence GetOrAdd(string id)
    {
        if (!Cases.TryGetValue(id, out var evidence))
        {
            evidence = new CaseEvidence(id);
            Cases.Add(id, evidence);
        }

        return evidence;
    }
}
