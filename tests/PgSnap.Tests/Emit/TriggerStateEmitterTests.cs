using PgSnap.Emit;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>ALTER … TRIGGER state statements, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class TriggerStateEmitterTests
{
    [Theory]
    [InlineData('D', "ALTER TABLE s.t DISABLE TRIGGER tr;\n")]
    [InlineData('R', "ALTER TABLE s.t ENABLE REPLICA TRIGGER tr;\n")]
    [InlineData('A', "ALTER TABLE s.t ENABLE ALWAYS TRIGGER tr;\n")]
    [InlineData('O', "")]
    public void A_trigger_gets_the_statement_of_its_state(char enabled, string expected) =>
        Assert.Equal(expected, TriggerStateEmitter.Statement("TABLE", "s.t", "tr", enabled));

    [Fact]
    public void A_plain_enabled_partition_clone_under_a_parent_in_another_state_says_ENABLE() =>
        Assert.Equal("ALTER FOREIGN TABLE s.p ENABLE TRIGGER tr;\n", TriggerStateEmitter.Statement("FOREIGN TABLE", "s.p", "tr", 'O', evenWhenEnabled: true));
}
