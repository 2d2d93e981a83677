using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Runner.Suites;

/// <summary>
/// The case ids of a suite seen so far, each with where it was first written, held in arrays without references (the ids'
/// characters in one array, their entries in another).
/// </summary>
/// <remarks>
/// The check before a run reads every case once, and the set of a large suite ends up in arrays large enough for the large
/// object heap, which only a full collection frees. Arrays of strings there would keep every id alive through each
/// collection of the run until then; arrays of characters and numbers keep nothing alive.
/// </remarks>
internal sealed class CaseIdSet
{
    private readonly List<string> _files = [];
    private char[] _chars = new char[1024];
    private int _charCount;
    private Entry[] _entries = new Entry[64];
    private int _count;

    // Open addressing, linear probing: an entry's index + 1, or 0 for a free slot. Never more than half full.
    private int[] _slots = new int[128];

    /// <summary>Adds <paramref name="id"/> written at <paramref name="location"/>, or returns false and where it was first written.</summary>
    public bool TryAdd(ReadOnlySpan<char> id, SourceLocation location, out SourceLocation first)
    {
        var hash = string.GetHashCode(id);
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (_slots[slot] != 0)
        {
            ref var entry = ref _entries[_slots[slot] - 1];
            if (entry.Hash == hash && _chars.AsSpan(entry.Start, entry.Length).SequenceEqual(id))
            {
                first = new SourceLocation(_files[entry.File], entry.Line, entry.Column);
                return false;
            }

            slot = (slot + 1) & mask;
        }

        if (_charCount + id.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + id.Length));
        }

        id.CopyTo(_chars.AsSpan(_charCount));
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        _entries[_count] = new Entry(hash, _charCount, id.Length, File(location.File), location.Line, location.Column);
        _charCount += id.Length;
        _slots[slot] = ++_count;
        if (_count * 2 > _slots.Length)
        {
            Grow();
        }

        first = default;
        return true;
    }

    private int File(string file)
    {
        // Cases come a file at a time: the last file is nearly always the one.
        if (_files.Count > 0 && ReferenceEquals(_files[^1], file))
        {
            return _files.Count - 1;
        }

        var index = _files.IndexOf(file);
        if (index < 0)
        {
            _files.Add(file);
            index = _files.Count - 1;
        }

        return index;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = _entries[i].Hash & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = i + 1;
        }
    }

    private readonly record struct Entry(int Hash, int Start, int Length, int File, int Line, int Column);
}
