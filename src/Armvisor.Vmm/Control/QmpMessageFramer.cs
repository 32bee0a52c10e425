namespace Armvisor.Vmm.Control;

/// <summary>
/// Splits the QMP input stream into messages. QMP is a stream of JSON values with no delimiter (QMP specification
/// §2.1): a message ends where its outermost object or array closes, whatever whitespace or line breaks surround it.
/// A stray scalar at top level ends at the next line break (and is then answered with a parse error).
/// </summary>
internal sealed class QmpMessageFramer
{
    private readonly List<byte> _current = [];
    private int _depth;
    private bool _inString;
    private bool _escape;
    private bool _scalar;

    /// <summary>Feeds bytes; returns the messages they complete.</summary>
    public List<byte[]> Feed(ReadOnlySpan<byte> bytes)
    {
        var messages = new List<byte[]>();
        foreach (byte b in bytes)
        {
            if (_depth == 0 && !_scalar)
            {
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    continue;
                }

                _scalar = b is not ((byte)'{' or (byte)'[');
            }

            if (_scalar)
            {
                if (b == (byte)'\n')
                {
                    messages.Add([.. _current]);
                    _current.Clear();
                    _scalar = false;
                }
                else
                {
                    _current.Add(b);
                }

                continue;
            }

            _current.Add(b);
            if (_inString)
            {
                if (_escape)
                {
                    _escape = false;
                }
                else if (b == (byte)'\\')
                {
                    _escape = true;
                }
                else if (b == (byte)'"')
                {
                    _inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    _depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (--_depth == 0)
                    {
                        messages.Add([.. _current]);
                        _current.Clear();
                    }

                    break;
            }
        }

        return messages;
    }
}
