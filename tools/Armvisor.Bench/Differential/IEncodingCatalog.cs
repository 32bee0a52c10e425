namespace Armvisor.Bench.Differential;

/// <summary>The encodings the generator draws from, and the decoder's view of a generated word.</summary>
public interface IEncodingCatalog
{
    /// <summary>Every encoding the generator may emit (the table's random-testable rows).</summary>
    IReadOnlyList<EncodingTemplate> Templates { get; }

    /// <summary>
    /// The encoding the engine's decoder picks for <paramref name="word"/> if it is random-testable, else null (the word
    /// decodes as another, non-testable instruction, e.g. a more specific pattern that is a branch).
    /// </summary>
    EncodingTemplate? Decode(uint word);
}
