using PgSnap.Dump.Preflight;


namespace PgSnap.Tests.Guards;

/// <summary>A free-space figure the test chooses, for when it cannot make a real small filesystem.</summary>
internal sealed class FixedFreeSpace(long bytes) : IFreeSpaceProbe
{
    public long? AvailableBytes(string directory) => bytes;
}
