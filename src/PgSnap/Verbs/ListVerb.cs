using PgSnap.Verify;

namespace PgSnap.Verbs;

/// <summary>
/// <c>pgsnap list</c> as one call (docs/ARCHITECTURE.md, "list"): a complete, seekable PgSnap file from its manifest
/// (nothing else is read), anything else from one pass over the text; the drill's verdict from the sidecar.
/// </summary>
public static class ListVerb
{
    public static Task<TableOfContents> RunAsync(ListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TableOfContentsReader.ReadAsync(request.Input, request.Stdin, cancellationToken);
    }
}
