namespace PgSnap.Archive.Writing;

/// <summary>
/// What one append put in the file, for progress and the dump's totals: a whole block, or one piece of a block
/// written in pieces (<see cref="EndsBlock"/> false; the block's rows come with its end, which adds no bytes).
/// </summary>
internal readonly record struct WrittenBytes(long RawLength, long Length, long Rows, bool EndsBlock);
