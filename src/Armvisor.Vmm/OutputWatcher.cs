using System.Text;
using Armvisor.Devices.Serial;

namespace Armvisor.Vmm;

/// <summary>
/// A serial back end decorator for <c>--exit-on TEXT</c>: passes every byte through and calls the matched callback
/// once, at the end of the first console line that contains <c>TEXT</c> (like an expect script: a guest that cannot power the
/// machine off, such as Linux on the ACPI parking-protocol path without PSCI, still ends the run).
/// </summary>
internal sealed class OutputWatcher : ISerialBackend
{
    private readonly ISerialBackend _inner;
    private readonly byte[] _pattern;
    private readonly int[] _fallback;
    private readonly Action _matched;
    private int _matchedLength;
    private bool _found;
    private bool _done;

    public OutputWatcher(ISerialBackend inner, string pattern, Action matched)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        _inner = inner;
        _pattern = Encoding.UTF8.GetBytes(pattern);
        _matched = matched;

        // Knuth-Morris-Pratt failure function, so a match is found however the bytes arrive.
        _fallback = new int[_pattern.Length];
        for (int i = 1, k = 0; i < _pattern.Length; i++)
        {
            while (k > 0 && _pattern[i] != _pattern[k])
            {
                k = _fallback[k - 1];
            }

            if (_pattern[i] == _pattern[k])
            {
                k++;
            }

            _fallback[i] = k;
        }
    }

    public void Write(byte value)
    {
        _inner.Write(value);
        if (_done)
        {
            return;
        }

        if (_found)
        {
            if (value == (byte)'\n')
            {
                _done = true;
                _matched();
            }

            return;
        }

        while (_matchedLength > 0 && value != _pattern[_matchedLength])
        {
            _matchedLength = _fallback[_matchedLength - 1];
        }

        if (value == _pattern[_matchedLength] && ++_matchedLength == _pattern.Length)
        {
            _found = true;
        }
    }

    public void Start(Action<byte> receive) => _inner.Start(receive);

    public void Dispose() => _inner.Dispose();
}
