using PgSnap.Emit;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>REPLICA IDENTITY statements, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ReplicaIdentityEmitterTests
{
    [Theory]
    [InlineData('f', "ALTER TABLE ONLY s.mv REPLICA IDENTITY FULL;\n")]
    [InlineData('n', "ALTER TABLE ONLY s.mv REPLICA IDENTITY NOTHING;\n")]
    [InlineData('d', "")]
    [InlineData('i', "")]
    public void Only_full_and_nothing_need_a_statement(char relReplIdent, string expected) =>
        Assert.Equal(expected, ReplicaIdentityEmitter.Statement("s.mv", relReplIdent));
}
